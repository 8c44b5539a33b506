/**
 * Where each box's "phrase 0.93" label goes: above the box, else inside its top, else below
 * it, taking the first spot that stays on the stage and does not cover a label placed before
 * it. Labels are placed in priority order, so the important ones get the best spots.
 */
import type { Size, StageRect } from '../view-model.ts';

export interface LabelRequest {
  readonly box: StageRect;
  readonly width: number;
  readonly height: number;
}

export interface LabelSpot {
  readonly x: number;
  readonly y: number;
}

type Rect = { x: number; y: number; w: number; h: number };
const intersects = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Spots for `requests`, given in priority order (most important first); same order out. */
export function placeLabels(requests: readonly LabelRequest[], stage: Size): LabelSpot[] {
  const placed: Rect[] = [];
  return requests.map(({ box, width: w, height: h }) => {
    const x = Math.max(0, Math.min(stage.width - w, box.x));
    const clampY = (y: number) => Math.max(0, Math.min(stage.height - h, y));
    const candidates = [box.y - h, box.y, box.y + box.height]
      .filter((y, i) => i !== 0 || y >= 0) // "above" only when it fits above
      .map((y) => ({ x, y: clampY(y), w, h }));
    const free = candidates.find((c) => !placed.some((p) => intersects(c, p))) ?? candidates[0];
    placed.push(free);
    return { x: free.x, y: free.y };
  });
}

/** A label's width without a canvas: an average glyph is about 0.58 em in system sans-serif. */
export function estimateTextWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * fontSize * 0.58);
}
