/**
 * COCO bbox evaluation, a faithful port of pycocotools' COCOeval.evaluate() + accumulate()
 * (cocoeval.py, pycocotools 2.0.x) for iouType 'bbox' and useCats=1. Same matching loop, same
 * stable (mergesort) score ordering, same 101-point interpolation, same quirks:
 *   - IoU threshold t is applied as min(t, 1 - 1e-10), and a later GT with an equal IoU wins;
 *   - crowd GT: IoU divides by the detection's area, a crowd GT can take several detections,
 *     and detections on crowd (ignored) GT are neither TP nor FP;
 *   - the GT `ignore` field is overwritten by `iscrowd` (as _prepare does);
 *   - a GT annotation id of 0 counts as "unmatched" (pycocotools stores ids in the match array).
 * Stats and tables live in coco-summary.ts. Data layout is typed arrays, no per-pair objects.
 */
import type { CocoDetections, CocoGroundTruth } from './coco-data.ts';
import { linspace } from './numeric.ts';

export interface CocoParams {
  readonly iouThrs: Float64Array;
  readonly recThrs: Float64Array;
  readonly maxDets: readonly number[]; // ascending
  readonly areaRng: readonly (readonly [number, number])[];
  readonly areaRngLbl: readonly string[];
}

/** COCOeval's Params.setDetParams(). */
export function defaultCocoParams(): CocoParams {
  return {
    iouThrs: linspace(0.5, 0.95, 10),
    recThrs: linspace(0, 1, 101),
    maxDets: [1, 10, 100],
    areaRng: [[0, 1e10], [0, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e10]],
    areaRngLbl: ['all', 'small', 'medium', 'large'],
  };
}

/** COCOeval.eval: precision [T,R,K,A,M] and recall [T,K,A,M], -1 where a setting has no GT. */
export interface CocoAccumulated {
  readonly params: CocoParams;
  readonly catIds: readonly number[];
  readonly catNames: readonly string[];
  readonly counts: readonly [T: number, R: number, K: number, A: number, M: number];
  readonly precision: Float64Array;
  readonly recall: Float64Array;
}

/** Per-category detections of all images, as evaluateImg leaves them (one area range each). */
interface CategoryEval {
  /** Kept detections (top maxDet per image, score-sorted), concatenated in image order. */
  scores: number[];
  rank: number[]; // rank of the detection within its image
  /** outcome[a][t*D + d]: 0 false positive, 1 true positive, 2 ignored. */
  outcome: Uint8Array[];
  /** Non-ignored GT count per area range. */
  npig: Int32Array;
}

const OUTCOME_FP = 0;
const OUTCOME_TP = 1;
const OUTCOME_IGNORED = 2;

/** evaluate() + accumulate(): the full COCOeval pipeline minus printing. */
export function evaluateCoco(gt: CocoGroundTruth, dt: CocoDetections, params = defaultCocoParams()): CocoAccumulated {
  const K = gt.catIds.length;
  const I = gt.imgIds.length;
  const gtBuckets = bucket(gt.count, gt.catIndex, gt.imgIndex, K, I);
  const dtBuckets = bucket(dt.count, dt.catIndex, dt.imgIndex, K, I);
  const T = params.iouThrs.length;
  const R = params.recThrs.length;
  const A = params.areaRng.length;
  const M = params.maxDets.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  for (let k = 0; k < K; k++) {
    const ce = evaluateCategory(k, I, gt, dt, gtBuckets, dtBuckets, params);
    accumulateCategory(ce, k, K, params, precision, recall);
  }
  return { params, catIds: gt.catIds, catNames: gt.catNames, counts: [T, R, K, A, M], precision, recall };
}

/** Groups item indices by (category, image), keeping file order inside a group (counting sort). */
function bucket(n: number, cat: Int32Array, img: Int32Array, K: number, I: number) {
  const start = new Int32Array(K * I + 1);
  for (let j = 0; j < n; j++) start[cat[j] * I + img[j] + 1]++;
  for (let b = 0; b < K * I; b++) start[b + 1] += start[b];
  const fill = start.slice(0, K * I);
  const items = new Int32Array(n);
  for (let j = 0; j < n; j++) items[fill[cat[j] * I + img[j]]++] = j;
  return { start, items };
}

/** evaluateImg for every image and area range of one category. */
function evaluateCategory(
  k: number, I: number, gt: CocoGroundTruth, dt: CocoDetections,
  gtB: ReturnType<typeof bucket>, dtB: ReturnType<typeof bucket>, p: CocoParams,
): CategoryEval {
  const A = p.areaRng.length;
  const T = p.iouThrs.length;
  const maxDet = p.maxDets[p.maxDets.length - 1];
  const scores: number[] = [];
  const rank: number[] = [];
  const outcomeParts: Uint8Array[][] = Array.from({ length: A }, () => []);
  const npig = new Int32Array(A);
  const thr = Array.from(p.iouThrs, (t) => Math.min(t, 1 - 1e-10));

  for (let i = 0; i < I; i++) {
    const b = k * I + i;
    const g0 = gtB.start[b];
    const G = gtB.start[b + 1] - g0;
    const d0 = dtB.start[b];
    const nd = dtB.start[b + 1] - d0;
    if (G === 0 && nd === 0) continue;
    const dets = sortByScoreStable(dtB.items.subarray(d0, d0 + nd), dt.scores).subarray(0, maxDet);
    const D = dets.length;
    const gts = gtB.items.subarray(g0, g0 + G);
    const ious = bboxIou(dets, dt.boxes, gts, gt.boxes, gt.crowd); // [D*G], GT in file order
    for (let d = 0; d < D; d++) {
      scores.push(dt.scores[dets[d]]);
      rank.push(d);
    }
    for (let a = 0; a < A; a++) {
      const [lo, hi] = p.areaRng[a];
      const out = new Uint8Array(T * D);
      // Sort GT: not ignored first, ignored last, stable (np.argsort mergesort on _ignore).
      const order = new Int32Array(G);
      const ign = new Uint8Array(G);
      let pos = 0;
      for (let pass = 0; pass < 2; pass++) {
        for (let g = 0; g < G; g++) {
          const j = gts[g];
          const ig = gt.crowd[j] || gt.areas[j] < lo || gt.areas[j] > hi ? 1 : 0;
          if (ig === pass) order[pos++] = g;
        }
      }
      for (let s = 0; s < G; s++) {
        const j = gts[order[s]];
        ign[s] = gt.crowd[j] || gt.areas[j] < lo || gt.areas[j] > hi ? 1 : 0;
        if (ign[s] === 0) npig[a]++;
      }
      if (D > 0 && G > 0) matchAll(out, D, G, T, thr, ious, order, ign, gts, gt);
      // Unmatched detections outside the area range are ignored.
      for (let d = 0; d < D; d++) {
        const ar = dt.areas[dets[d]];
        if (!(ar < lo || ar > hi)) continue;
        for (let t = 0; t < T; t++) if (out[t * D + d] === OUTCOME_FP) out[t * D + d] = OUTCOME_IGNORED;
      }
      outcomeParts[a].push(out);
    }
  }
  // Re-lay outcomes so each area range has one [T, totalD] array over all images, image order.
  const total = scores.length;
  const T_ = T;
  const outcome = outcomeParts.map((parts) => {
    const all = new Uint8Array(T_ * total);
    let offset = 0;
    for (const part of parts) {
      const D = part.length / T_;
      for (let t = 0; t < T_; t++) all.set(part.subarray(t * D, (t + 1) * D), t * total + offset);
      offset += D;
    }
    return all;
  });
  return { scores, rank, outcome, npig };
}

/** The greedy matching loop of evaluateImg, for all IoU thresholds. */
function matchAll(
  out: Uint8Array, D: number, G: number, T: number, thr: number[], ious: Float64Array,
  order: Int32Array, ign: Uint8Array, gts: Int32Array, gt: CocoGroundTruth,
) {
  const matched = new Uint8Array(G);
  for (let t = 0; t < T; t++) {
    matched.fill(0);
    for (let d = 0; d < D; d++) {
      let iou = thr[t];
      let m = -1;
      for (let s = 0; s < G; s++) {
        const j = gts[order[s]];
        if (matched[s] && !gt.crowd[j]) continue;
        if (m > -1 && ign[m] === 0 && ign[s] === 1) break;
        const v = ious[d * G + order[s]];
        if (v < iou) continue;
        iou = v;
        m = s;
      }
      if (m === -1) continue; // stays a false positive (or ignored later by area)
      matched[m] = 1;
      const gtId = gt.ids[gts[order[m]]];
      out[t * D + d] = ign[m] ? OUTCOME_IGNORED : gtId !== 0 ? OUTCOME_TP : OUTCOME_FP;
    }
  }
}

/** Indices sorted by descending score, ties in input order (np.argsort(-s, kind='mergesort')). */
function sortByScoreStable(idx: Int32Array, scores: Float64Array): Int32Array {
  const arr = Array.from(idx);
  arr.sort((x, y) => scores[y] - scores[x] || x - y);
  return Int32Array.from(arr);
}

/** maskApi.c bbIou: plain w*h areas (no +1); for crowd GT the union is the detection's area. */
function bboxIou(dets: Int32Array, db: Float64Array, gts: Int32Array, gb: Float64Array, crowd: Uint8Array): Float64Array {
  const D = dets.length;
  const G = gts.length;
  const o = new Float64Array(D * G);
  for (let g = 0; g < G; g++) {
    const gj = gts[g] * 4;
    const gx = gb[gj], gy = gb[gj + 1], gw = gb[gj + 2], gh = gb[gj + 3];
    const ga = gw * gh;
    const isCrowd = crowd[gts[g]] === 1;
    for (let d = 0; d < D; d++) {
      const dj = dets[d] * 4;
      const dx = db[dj], dy = db[dj + 1], dw = db[dj + 2], dh = db[dj + 3];
      const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
      if (w <= 0) continue;
      const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
      if (h <= 0) continue;
      const inter = w * h;
      const da = dw * dh;
      o[d * G + g] = inter / (isCrowd ? da : da + ga - inter);
    }
  }
  return o;
}

/** accumulate() for one category: precision at the recall thresholds and final recall. */
function accumulateCategory(ce: CategoryEval, k: number, K: number, p: CocoParams, precision: Float64Array, recall: Float64Array) {
  const T = p.iouThrs.length;
  const R = p.recThrs.length;
  const A = p.areaRng.length;
  const M = p.maxDets.length;
  const total = ce.scores.length;
  // One stable sort by score serves every maxDet: a subset of a stably sorted list stays sorted.
  const sorted = Int32Array.from({ length: total }, (_, j) => j).sort((x, y) => ce.scores[y] - ce.scores[x] || x - y);
  const pr = new Float64Array(total);
  const rc = new Float64Array(total);
  for (let m = 0; m < M; m++) {
    const maxDet = p.maxDets[m];
    const kept = sorted.filter((j) => ce.rank[j] < maxDet);
    for (let a = 0; a < A; a++) {
      const npig = ce.npig[a];
      if (npig === 0) continue;
      const outcome = ce.outcome[a];
      for (let t = 0; t < T; t++) {
        let tp = 0;
        let fp = 0;
        const row = t * total;
        for (let n = 0; n < kept.length; n++) {
          const o = outcome[row + kept[n]];
          if (o === OUTCOME_TP) tp++;
          else if (o === OUTCOME_FP) fp++;
          rc[n] = tp / npig;
          pr[n] = tp / (fp + tp + Number.EPSILON);
        }
        const nd = kept.length;
        recall[((t * K + k) * A + a) * M + m] = nd ? rc[nd - 1] : 0;
        for (let n = nd - 1; n > 0; n--) if (pr[n] > pr[n - 1]) pr[n - 1] = pr[n];
        // np.searchsorted(rc, recThrs, side='left'); thresholds past the last recall stay 0.
        let n = 0;
        for (let r = 0; r < R; r++) {
          const thrR = p.recThrs[r];
          while (n < nd && rc[n] < thrR) n++;
          precision[(((t * R + r) * K + k) * A + a) * M + m] = n < nd ? pr[n] : 0;
        }
      }
    }
  }
}
