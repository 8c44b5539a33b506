/** Which drawn box a click or hover lands on: the smallest box containing the point wins. */
import type { BoxRef, ImagePoint, ViewPhrase } from '../view-model.ts';

/**
 * `slop` (image pixels) widens every box a little so a thin box's edge can be hit.
 * Ties in area go to the higher score, then the earlier phrase.
 */
export function hitTest(phrases: readonly ViewPhrase[], p: ImagePoint, slop = 0): BoxRef | null {
  let best: BoxRef | null = null;
  let bestArea = Infinity;
  let bestScore = -Infinity;
  for (const phrase of phrases) {
    phrase.boxes.forEach((box, boxIndex) => {
      const [x1, y1, x2, y2] = box.bbox;
      if (p.x < x1 - slop || p.x > x2 + slop || p.y < y1 - slop || p.y > y2 + slop) return;
      const area = (x2 - x1) * (y2 - y1);
      if (area < bestArea || (area === bestArea && box.score > bestScore)) {
        best = { phraseId: phrase.id, boxIndex };
        bestArea = area;
        bestScore = box.score;
      }
    });
  }
  return best;
}
