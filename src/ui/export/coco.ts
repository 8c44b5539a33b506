/**
 * COCO results JSON (the list pycocotools' `loadRes` reads): one detection per box, bbox as
 * [x, y, width, height] in original pixels. category_id is the phrase's 1-based position in
 * the list; `phrase` and `tokens_positive` (MDETR's character spans) say which phrase it is.
 */
import type { ViewPhrase } from '../view-model.ts';

export interface CocoDetection {
  readonly image_id: number;
  readonly category_id: number;
  readonly bbox: readonly [x: number, y: number, width: number, height: number];
  readonly score: number;
  readonly phrase: string;
  readonly tokens_positive: readonly (readonly [number, number])[];
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function buildCocoResults(phrases: readonly ViewPhrase[], imageId = 1): CocoDetection[] {
  return phrases.flatMap((p, i) =>
    p.boxes.map((b) => {
      const [x1, y1, x2, y2] = b.bbox;
      return {
        image_id: imageId,
        category_id: i + 1,
        bbox: [round(x1, 2), round(y1, 2), round(x2 - x1, 2), round(y2 - y1, 2)] as const,
        score: round(b.score, 5),
        phrase: p.text,
        tokens_positive: p.span ? [[p.span[0], p.span[1]] as const] : [],
      };
    }),
  );
}
