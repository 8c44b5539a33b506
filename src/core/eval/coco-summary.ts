/**
 * COCOeval.summarize() for bbox: the 12 standard numbers, the same printed lines, plus a
 * per-category AP table and precision-recall curve data read from the accumulated arrays.
 */
import type { CocoAccumulated } from './coco.ts';
import { formatFixed, numpyMean } from './numeric.ts';

export const COCO_STAT_NAMES = [
  'AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl',
] as const;

interface StatSpec {
  ap: boolean;
  iouThr?: number;
  areaRng: string;
  maxDets: number;
}

function statSpecs(maxDets: readonly number[]): StatSpec[] {
  const [m0, m1, m2] = maxDets;
  return [
    { ap: true, areaRng: 'all', maxDets: 100 },
    { ap: true, iouThr: 0.5, areaRng: 'all', maxDets: m2 },
    { ap: true, iouThr: 0.75, areaRng: 'all', maxDets: m2 },
    { ap: true, areaRng: 'small', maxDets: m2 },
    { ap: true, areaRng: 'medium', maxDets: m2 },
    { ap: true, areaRng: 'large', maxDets: m2 },
    { ap: false, areaRng: 'all', maxDets: m0 },
    { ap: false, areaRng: 'all', maxDets: m1 },
    { ap: false, areaRng: 'all', maxDets: m2 },
    { ap: false, areaRng: 'small', maxDets: m2 },
    { ap: false, areaRng: 'medium', maxDets: m2 },
    { ap: false, areaRng: 'large', maxDets: m2 },
  ];
}

/** _summarize(): mean of the selected entries that are > -1, or -1 when there are none. */
function summarizeOne(acc: CocoAccumulated, s: StatSpec, k?: number): number {
  const [T, R, K, A, M] = acc.counts;
  const p = acc.params;
  const a = p.areaRngLbl.indexOf(s.areaRng);
  const m = p.maxDets.indexOf(s.maxDets);
  if (a < 0 || m < 0) return -1;
  const ts = s.iouThr === undefined ? [...Array(T).keys()] : [...Array(T).keys()].filter((t) => p.iouThrs[t] === s.iouThr);
  const ks = k === undefined ? [...Array(K).keys()] : [k];
  const picked: number[] = [];
  // C order of s[t, (r,) k] as NumPy flattens s[s > -1].
  for (const t of ts) {
    if (s.ap) {
      for (let r = 0; r < R; r++) {
        for (const kk of ks) {
          const v = acc.precision[(((t * R + r) * K + kk) * A + a) * M + m];
          if (v > -1) picked.push(v);
        }
      }
    } else {
      for (const kk of ks) {
        const v = acc.recall[((t * K + kk) * A + a) * M + m];
        if (v > -1) picked.push(v);
      }
    }
  }
  return picked.length === 0 ? -1 : numpyMean(picked);
}

/** The 12 numbers of COCOeval.stats, in order (see COCO_STAT_NAMES). */
export function cocoStats(acc: CocoAccumulated): number[] {
  return statSpecs(acc.params.maxDets).map((s) => summarizeOne(acc, s));
}

/** The 12 lines COCOeval.summarize() prints, character for character. */
export function cocoSummaryLines(acc: CocoAccumulated, stats = cocoStats(acc)): string[] {
  const p = acc.params;
  return statSpecs(p.maxDets).map((s, i) => {
    const title = s.ap ? 'Average Precision' : 'Average Recall';
    const type = s.ap ? '(AP)' : '(AR)';
    const iou = s.iouThr === undefined
      ? `${formatFixed(p.iouThrs[0], 2)}:${formatFixed(p.iouThrs[p.iouThrs.length - 1], 2)}`
      : formatFixed(s.iouThr, 2);
    return ` ${title.padEnd(18)} ${type} @[ IoU=${iou.padEnd(9)} | area=${s.areaRng.padStart(6)} | maxDets=${String(s.maxDets).padStart(3)} ] = ${formatFixed(stats[i], 3)}`;
  });
}

export interface CocoClassRow {
  catId: number;
  name: string;
  /** AP@[.5:.95], AP50, AP75 (area all, maxDets 100); -1 where the category has no GT. */
  ap: number;
  ap50: number;
  ap75: number;
}

/** Per-category AP, as people compute it from COCOeval.eval['precision'][:, :, k, 0, -1]. */
export function cocoPerClass(acc: CocoAccumulated): CocoClassRow[] {
  const mLast = acc.params.maxDets[acc.params.maxDets.length - 1];
  return acc.catIds.map((catId, k) => ({
    catId,
    name: acc.catNames[k],
    ap: summarizeOne(acc, { ap: true, areaRng: 'all', maxDets: mLast }, k),
    ap50: summarizeOne(acc, { ap: true, iouThr: 0.5, areaRng: 'all', maxDets: mLast }, k),
    ap75: summarizeOne(acc, { ap: true, iouThr: 0.75, areaRng: 'all', maxDets: mLast }, k),
  }));
}

export interface CocoPrCurve {
  catId: number;
  name: string;
  iouThr: number;
  recall: number[]; // the 101 recall thresholds
  precision: number[]; // interpolated precision at each; -1 where the category has no GT
}

/** Precision at the 101 recall thresholds per category, at IoU .5 and .75 (area all, maxDets 100). */
export function cocoPrCurves(acc: CocoAccumulated, iouThrs: readonly number[] = [0.5, 0.75]): CocoPrCurve[] {
  const [, R, K, A, M] = acc.counts;
  const p = acc.params;
  const out: CocoPrCurve[] = [];
  for (const thr of iouThrs) {
    const t = Array.from(p.iouThrs).indexOf(thr);
    if (t < 0) continue;
    for (let k = 0; k < K; k++) {
      const precision: number[] = [];
      for (let r = 0; r < R; r++) precision.push(acc.precision[(((t * R + r) * K + k) * A + 0) * M + (M - 1)]);
      out.push({ catId: acc.catIds[k], name: acc.catNames[k], iouThr: thr, recall: Array.from(p.recThrs), precision });
    }
  }
  return out;
}
