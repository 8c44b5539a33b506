import { iouPacked, iou, pixelBox, type PixelBox } from './boxes.ts';
import type { ImageFeatures } from './features.ts';

/** One kept box of a phrase: xyxy in original pixels, its phrase score, and the region it came from. */
export interface Detection {
  readonly bbox: PixelBox;
  readonly score: number;
  readonly region: number;
}

export interface SelectOptions {
  /** Keep regions whose score is at least this. */
  readonly threshold: number;
  /** Greedy NMS drops a box whose IoU with a kept box exceeds this. */
  readonly nmsIou: number;
  /** At most this many boxes per phrase. */
  readonly topK: number;
}

/**
 * Threshold, then greedy NMS (score-descending, ties by lower region index) on the original
 * pixel boxes, then top-k. `scores` is one phrase's [R]. A box with no area once clipped to the
 * image (it lay in the padding, or off the edge) is skipped: it would draw nothing, and NMS
 * (IoU 0 between empty boxes) could never remove its duplicates.
 */
export function selectBoxes(scores: Float32Array, pixelBoxes: Float32Array, o: SelectOptions): Detection[] {
  const heap = new CandidateHeap(scores, o.threshold);
  const kept: number[] = [];
  // Pop candidates best-first (a heap: only as many as NMS needs, not a full sort).
  while (kept.length < o.topK && heap.size > 0) {
    const r = heap.pop();
    if (isEmpty(pixelBoxes, r)) continue;
    if (kept.every((k) => iouPacked(pixelBoxes, k, r) <= o.nmsIou)) kept.push(r);
  }
  return kept.map((r) => detectionAt(scores, pixelBoxes, r));
}

/** Region r as a detection: its packed pixel box and its score. */
export function detectionAt(scores: Float32Array, pixelBoxes: Float32Array, r: number): Detection {
  const b = r * 4;
  return { bbox: pixelBox(pixelBoxes[b], pixelBoxes[b + 1], pixelBoxes[b + 2], pixelBoxes[b + 3]), score: scores[r], region: r };
}

function isEmpty(boxes: Float32Array, r: number): boolean {
  return !(boxes[r * 4 + 2] > boxes[r * 4] && boxes[r * 4 + 3] > boxes[r * 4 + 1]);
}

/** A binary max-heap of region indices with score >= threshold; ties: lower index first. */
class CandidateHeap {
  private readonly items: Int32Array;
  size = 0;

  constructor(
    private readonly scores: Float32Array,
    threshold: number,
  ) {
    this.items = new Int32Array(scores.length);
    for (let r = 0; r < scores.length; r++) if (scores[r] >= threshold) this.items[this.size++] = r;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  pop(): number {
    const top = this.items[0];
    this.items[0] = this.items[--this.size];
    this.down(0);
    return top;
  }

  /** Whether region a comes before region b. */
  private before(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    return sa > sb || (sa === sb && a < b);
  }

  private down(i: number): void {
    const { items, size } = this;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < size && this.before(items[l], items[best])) best = l;
      if (r < size && this.before(items[r], items[best])) best = r;
      if (best === i) return;
      [items[i], items[best]] = [items[best], items[i]];
      i = best;
    }
  }
}

/** The region with the highest score (ties: lower index); -1 when there are none. */
export function argmax(scores: Float32Array): number {
  let best = -1;
  for (let r = 0; r < scores.length; r++) if (best < 0 || scores[r] > scores[best]) best = r;
  return best;
}

/**
 * The region whose box best overlaps a user-drawn box (original pixels): the start of
 * image-guided search. With no overlap at all, the region whose centre is nearest.
 */
export function regionForBox(image: ImageFeatures, drawn: PixelBox): number {
  const px = image.pixelBoxes;
  let best = -1;
  let bestIou = 0;
  for (let r = 0; r < image.regions; r++) {
    const v = iou([px[r * 4], px[r * 4 + 1], px[r * 4 + 2], px[r * 4 + 3]], drawn);
    if (v > bestIou) {
      bestIou = v;
      best = r;
    }
  }
  if (best >= 0) return best;
  const cx = (drawn[0] + drawn[2]) / 2;
  const cy = (drawn[1] + drawn[3]) / 2;
  let bestD = Infinity;
  for (let r = 0; r < image.regions; r++) {
    const d = ((px[r * 4] + px[r * 4 + 2]) / 2 - cx) ** 2 + ((px[r * 4 + 1] + px[r * 4 + 3]) / 2 - cy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = r;
    }
  }
  return best;
}
