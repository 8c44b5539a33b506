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
  scores: Float64Array;
  rank: Int32Array; // rank of the detection within its image
  /** outcome[a][t*total + j]: 0 false positive, 1 true positive, 2 ignored. */
  outcome: Uint8Array[];
  /** Non-ignored GT count per area range. */
  npig: Int32Array;
}

const OUTCOME_FP = 0;
const OUTCOME_TP = 1;
const OUTCOME_IGNORED = 2;

/** Reused buffers: evaluation touches ~10^5 (image, category) pairs, so no per-pair allocation. */
class Scratch {
  ious = new Float64Array(4096);
  dets = new Int32Array(256);
  order = new Int32Array(64);
  ign = new Uint8Array(64);
  matched = new Uint8Array(64);
  ensure(nd: number, G: number) {
    if (this.dets.length < nd) this.dets = new Int32Array(nd * 2);
    if (this.ious.length < nd * G) this.ious = new Float64Array(nd * G * 2);
    if (this.order.length < G) {
      this.order = new Int32Array(G * 2);
      this.ign = new Uint8Array(G * 2);
      this.matched = new Uint8Array(G * 2);
    }
  }
}

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
  const scratch = new Scratch();
  for (let k = 0; k < K; k++) {
    const ce = evaluateCategory(k, I, gt, dt, gtBuckets, dtBuckets, params, scratch);
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
  gtB: ReturnType<typeof bucket>, dtB: ReturnType<typeof bucket>, p: CocoParams, sc: Scratch,
): CategoryEval {
  const A = p.areaRng.length;
  const T = p.iouThrs.length;
  const maxDet = p.maxDets[p.maxDets.length - 1];
  const thr = Array.from(p.iouThrs, (t) => Math.min(t, 1 - 1e-10));
  let total = 0;
  for (let i = 0; i < I; i++) total += Math.min(dtB.start[k * I + i + 1] - dtB.start[k * I + i], maxDet);
  const scores = new Float64Array(total);
  const rank = new Int32Array(total);
  const outcome = Array.from({ length: A }, () => new Uint8Array(T * total)); // 0 = FP
  const npig = new Int32Array(A);

  let offset = 0;
  for (let i = 0; i < I; i++) {
    const b = k * I + i;
    const g0 = gtB.start[b];
    const G = gtB.start[b + 1] - g0;
    const d0 = dtB.start[b];
    const nd = dtB.start[b + 1] - d0;
    if (G === 0 && nd === 0) continue;
    sc.ensure(nd, G);
    const D = sortTopByScore(dtB.items, d0, nd, dt.scores, maxDet, sc.dets);
    const gts = gtB.items.subarray(g0, g0 + G);
    if (D > 0 && G > 0) bboxIou(sc.dets, D, dt.boxes, gts, gt.boxes, gt.crowd, sc.ious); // [D*G], GT in file order
    for (let d = 0; d < D; d++) {
      scores[offset + d] = dt.scores[sc.dets[d]];
      rank[offset + d] = d;
    }
    for (let a = 0; a < A; a++) {
      const [lo, hi] = p.areaRng[a];
      // Sort GT: not ignored first, ignored last, stable (np.argsort mergesort on _ignore).
      let pos = 0;
      for (let pass = 0; pass < 2; pass++) {
        for (let g = 0; g < G; g++) {
          const j = gts[g];
          const ig = gt.crowd[j] || gt.areas[j] < lo || gt.areas[j] > hi ? 1 : 0;
          if (ig !== pass) continue;
          sc.order[pos] = g;
          sc.ign[pos++] = ig;
          if (ig === 0) npig[a]++;
        }
      }
      const out = outcome[a];
      if (D > 0 && G > 0) matchAll(out, total, offset, D, G, thr, gts, gt, sc);
      // Unmatched detections outside the area range are ignored.
      for (let d = 0; d < D; d++) {
        const ar = dt.areas[sc.dets[d]];
        if (!(ar < lo || ar > hi)) continue;
        for (let t = 0; t < T; t++) if (out[t * total + offset + d] === OUTCOME_FP) out[t * total + offset + d] = OUTCOME_IGNORED;
      }
    }
    offset += D;
  }
  return { scores, rank, outcome, npig };
}

/** The greedy matching loop of evaluateImg, for all IoU thresholds; writes out[t*total + offset + d]. */
function matchAll(out: Uint8Array, total: number, offset: number, D: number, G: number, thr: number[], gts: Int32Array, gt: CocoGroundTruth, sc: Scratch) {
  const { order, ign, matched, ious } = sc;
  for (let t = 0; t < thr.length; t++) {
    matched.fill(0, 0, G);
    for (let d = 0; d < D; d++) {
      let iou = thr[t];
      let m = -1;
      for (let s = 0; s < G; s++) {
        if (matched[s] && !gt.crowd[gts[order[s]]]) continue;
        if (m > -1 && ign[m] === 0 && ign[s] === 1) break;
        const v = ious[d * G + order[s]];
        if (v < iou) continue;
        iou = v;
        m = s;
      }
      if (m === -1) continue; // stays a false positive (or ignored later by area)
      matched[m] = 1;
      const gtId = gt.ids[gts[order[m]]];
      out[t * total + offset + d] = ign[m] ? OUTCOME_IGNORED : gtId !== 0 ? OUTCOME_TP : OUTCOME_FP;
    }
  }
}

/**
 * Writes the top `maxDet` of items[from, from+n) by descending score into `into`, ties in input
 * order (np.argsort(-s, kind='mergesort')[:maxDet]); returns how many.
 */
function sortTopByScore(items: Int32Array, from: number, n: number, scores: Float64Array, maxDet: number, into: Int32Array): number {
  if (n > 64) {
    const arr = Array.from(items.subarray(from, from + n));
    arr.sort((x, y) => scores[y] - scores[x] || x - y);
    into.set(arr);
  } else {
    // Insertion sort: stable, and fastest for the handful of detections one image has per class.
    for (let i = 0; i < n; i++) {
      const v = items[from + i];
      let j = i - 1;
      while (j >= 0 && scores[into[j]] < scores[v]) {
        into[j + 1] = into[j];
        j--;
      }
      into[j + 1] = v;
    }
  }
  return Math.min(n, maxDet);
}

/** maskApi.c bbIou: plain w*h areas (no +1); for crowd GT the union is the detection's area. */
function bboxIou(dets: Int32Array, D: number, db: Float64Array, gts: Int32Array, gb: Float64Array, crowd: Uint8Array, o: Float64Array) {
  const G = gts.length;
  for (let g = 0; g < G; g++) {
    const gj = gts[g] * 4;
    const gx = gb[gj], gy = gb[gj + 1], gw = gb[gj + 2], gh = gb[gj + 3];
    const ga = gw * gh;
    const isCrowd = crowd[gts[g]] === 1;
    for (let d = 0; d < D; d++) {
      o[d * G + g] = 0;
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
}

/**
 * accumulate() for one category: precision at the recall thresholds and final recall.
 * Same values as pycocotools, computed without its per-detection arrays:
 *  - ignored detections only repeat the previous (tp, fp): they change nothing, so are skipped;
 *  - a false positive's precision never exceeds that of the true positive before it, so the
 *    monotone envelope is the suffix maximum over true positives alone;
 *  - rc = tp / npig only grows with tp, so searchsorted(rc, r) lands on the first detection whose
 *    tp reaches the smallest v with v / npig >= r, i.e. on the v-th true positive.
 */
function accumulateCategory(ce: CategoryEval, k: number, K: number, p: CocoParams, precision: Float64Array, recall: Float64Array) {
  const T = p.iouThrs.length;
  const R = p.recThrs.length;
  const A = p.areaRng.length;
  const M = p.maxDets.length;
  const total = ce.scores.length;
  // One stable sort by score serves every maxDet: a subset of a stably sorted list stays sorted.
  const { scores, rank } = ce;
  const sorted = new Int32Array(total);
  for (let j = 0; j < total; j++) sorted[j] = j;
  sorted.sort((x, y) => scores[y] - scores[x] || x - y);
  const kept = new Int32Array(total);
  const env = new Float64Array(total + 2); // env[v]: max precision over true positives v, v+1, ...
  const firstTpAt = new Int32Array(R); // per recall threshold: the v described above
  for (let a = 0; a < A; a++) {
    const npig = ce.npig[a];
    if (npig === 0) continue;
    for (let r = 0; r < R; r++) firstTpAt[r] = smallestCount(p.recThrs[r], npig);
    for (let m = 0; m < M; m++) {
      const maxDet = p.maxDets[m];
      let nKept = 0;
      for (let j = 0; j < total; j++) if (rank[sorted[j]] < maxDet) kept[nKept++] = sorted[j];
      const outcome = ce.outcome[a];
      for (let t = 0; t < T; t++) {
        let tp = 0;
        let fp = 0;
        const row = t * total;
        for (let n = 0; n < nKept; n++) {
          const o = outcome[row + kept[n]];
          if (o === OUTCOME_TP) {
            tp++;
            env[tp] = tp / (fp + tp + Number.EPSILON);
          } else if (o === OUTCOME_FP) fp++;
        }
        const nd = tp + fp;
        recall[((t * K + k) * A + a) * M + m] = nd ? tp / npig : 0;
        env[tp + 1] = 0;
        for (let v = tp; v >= 1; v--) if (env[v + 1] > env[v]) env[v] = env[v + 1];
        for (let r = 0; r < R; r++) {
          const v = firstTpAt[r];
          // v = 0 lands on the first detection: its envelope is the max over all true positives.
          const q = nd === 0 || v > tp ? 0 : v === 0 ? (tp > 0 ? env[1] : 0) : env[v];
          precision[(((t * R + r) * K + k) * A + a) * M + m] = q;
        }
      }
    }
  }
}

/** The smallest integer v in [0, npig + 1] with v / npig >= r (npig + 1: none). */
function smallestCount(r: number, npig: number): number {
  let v = Math.max(0, Math.ceil(r * npig));
  while (v > 0 && (v - 1) / npig >= r) v--;
  while (v <= npig && v / npig < r) v++;
  return v;
}
