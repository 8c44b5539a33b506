/**
 * Pascal VOC detection AP, as the official devkit's VOCevaldet.m / VOCap.m compute it (and
 * py-faster-rcnn's voc_eval.py, which ports them):
 *   - detections of a class sorted by descending score, ties in input order (MATLAB's stable sort);
 *   - each is matched to the GT box of its image with the highest IoU (first one on ties); a match
 *     needs IoU >= 0.5 (devkit `ovmax>=minoverlap`; voc_eval.py uses `>`: option `strictIou`);
 *   - IoU uses the devkit's +1 pixel convention (iw = min(x2)-max(x1)+1 ...; option `plusOne`);
 *   - a match to a `difficult` box is neither TP nor FP; a second match to a box is an FP;
 *   - precision = tp / max(tp + fp, eps) (voc_eval.py; the devkit would give NaN at 0/0);
 *   - AP: '07' = 11-point (max precision at recall >= 0, .1, ..., 1), '10' = area under the
 *     monotone precision envelope (VOC2010+).
 * Classes with no non-difficult GT box have no AP (null) and are left out of the mAP.
 */
import { numpyMean, numpySum } from './numeric.ts';

export type BoxXyxy = readonly [number, number, number, number];

export interface VocGtBox {
  readonly bbox: BoxXyxy;
  readonly label: string;
  readonly difficult: boolean;
}

export interface VocDetection {
  readonly imageId: string;
  readonly label: string;
  readonly score: number;
  readonly bbox: BoxXyxy;
}

export interface VocDataset {
  /** GT boxes per image id (string keys; numeric ids are stringified). */
  readonly images: ReadonlyMap<string, readonly VocGtBox[]>;
  readonly detections: readonly VocDetection[];
  /** Display names of labels (e.g. COCO category names); label itself when absent. */
  readonly labelNames?: ReadonlyMap<string, string>;
}

export interface VocOptions {
  metric: '07' | '10';
  iouThreshold: number;
  plusOne: boolean;
  strictIou: boolean;
}

export const DEFAULT_VOC_OPTIONS: VocOptions = { metric: '10', iouThreshold: 0.5, plusOne: true, strictIou: false };

export interface VocClassResult {
  label: string;
  name: string;
  /** null when the class has no non-difficult GT box. */
  ap: number | null;
  npos: number;
  detections: number;
  tp: number;
  fp: number;
  /** Cumulative recall and precision after each detection, score order. */
  recall: number[];
  precision: number[];
}

export interface VocResult {
  options: VocOptions;
  classes: VocClassResult[];
  /** Mean AP over classes with an AP; null when none has one. */
  mAP: number | null;
  /** Detections whose label never occurs in the GT (no AP can be computed for them). */
  detectionsWithoutGtLabel: number;
}

/** 11-point AP (VOC2007): mean over t in {0, .1, ..., 1} of max precision at recall >= t. */
export function vocAp07(rec: ArrayLike<number>, prec: ArrayLike<number>): number {
  let ap = 0;
  for (let i = 0; i <= 10; i++) {
    const t = i * 0.1; // np.arange(0., 1.1, 0.1): 0.30000000000000004 etc., exactly as the reference
    let p = 0;
    let any = false;
    for (let j = 0; j < rec.length; j++) {
      if (rec[j] >= t) {
        p = any ? Math.max(p, prec[j]) : prec[j];
        any = true;
      }
    }
    ap = ap + p / 11;
  }
  return ap;
}

/** Area under the monotone precision envelope (VOC2010+ VOCap.m). */
export function vocAp10(rec: ArrayLike<number>, prec: ArrayLike<number>): number {
  const n = rec.length;
  const mrec = new Float64Array(n + 2);
  const mpre = new Float64Array(n + 2);
  for (let i = 0; i < n; i++) {
    mrec[i + 1] = rec[i];
    mpre[i + 1] = prec[i];
  }
  mrec[n + 1] = 1;
  for (let i = n + 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
  const terms: number[] = [];
  for (let i = 0; i < n + 1; i++) if (mrec[i + 1] !== mrec[i]) terms.push((mrec[i + 1] - mrec[i]) * mpre[i + 1]);
  return numpySum(terms);
}

function iouVoc(a: BoxXyxy, b: BoxXyxy, plusOne: boolean): number {
  const one = plusOne ? 1 : 0;
  const iw = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + one, 0);
  const ih = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + one, 0);
  const inter = iw * ih;
  const uni = (a[2] - a[0] + one) * (a[3] - a[1] + one) + (b[2] - b[0] + one) * (b[3] - b[1] + one) - inter;
  return uni > 0 ? inter / uni : 0; // two zero-area boxes without +1: no overlap
}

/** AP of one class. */
function evaluateClass(data: VocDataset, label: string, dets: VocDetection[], o: VocOptions): VocClassResult {
  const perImage = new Map<string, { boxes: VocGtBox[]; taken: Uint8Array }>();
  let npos = 0;
  for (const [imageId, boxes] of data.images) {
    const mine = boxes.filter((b) => b.label === label);
    npos += mine.filter((b) => !b.difficult).length;
    perImage.set(imageId, { boxes: mine, taken: new Uint8Array(mine.length) });
  }
  const order = dets.map((_, i) => i).sort((x, y) => dets[y].score - dets[x].score || x - y);
  const recall: number[] = [];
  const precision: number[] = [];
  let tp = 0;
  let fp = 0;
  for (const i of order) {
    const d = dets[i];
    const gt = perImage.get(d.imageId)!;
    let ovmax = -Infinity;
    let jmax = -1;
    gt.boxes.forEach((g, j) => {
      const ov = iouVoc(d.bbox, g.bbox, o.plusOne);
      if (ov > ovmax) {
        ovmax = ov;
        jmax = j;
      }
    });
    const hit = o.strictIou ? ovmax > o.iouThreshold : ovmax >= o.iouThreshold;
    if (!hit) fp++;
    else if (!gt.boxes[jmax].difficult) {
      if (gt.taken[jmax]) fp++;
      else {
        tp++;
        gt.taken[jmax] = 1;
      }
    }
    recall.push(tp / npos);
    precision.push(tp / Math.max(tp + fp, Number.EPSILON));
  }
  const ap = npos === 0 ? null : o.metric === '07' ? vocAp07(recall, precision) : vocAp10(recall, precision);
  const name = data.labelNames?.get(label) ?? label;
  return { label, name, ap, npos, detections: dets.length, tp, fp, recall: npos ? recall : [], precision };
}

/** Per-class AP and mAP over every label that occurs in the ground truth. */
export function evaluateVoc(data: VocDataset, options: Partial<VocOptions> = {}): VocResult {
  const o = { ...DEFAULT_VOC_OPTIONS, ...options };
  const labels = new Set<string>();
  for (const boxes of data.images.values()) for (const b of boxes) labels.add(b.label);
  const byLabel = new Map<string, VocDetection[]>([...labels].map((l) => [l, []]));
  let without = 0;
  for (const d of data.detections) {
    const list = byLabel.get(d.label);
    if (list) list.push(d);
    else without++;
  }
  const numeric = [...labels].every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  const sortedLabels = [...labels].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const classes = sortedLabels.map((l) => evaluateClass(data, l, byLabel.get(l)!, o));
  const aps = classes.map((c) => c.ap).filter((ap): ap is number => ap !== null);
  return { options: o, classes, mAP: aps.length ? numpyMean(aps) : null, detectionsWithoutGtLabel: without };
}
