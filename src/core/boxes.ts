/**
 * Pure box maths. Branded types keep coordinate spaces apart at compile time:
 * a `ModelBox` is what the image encoder emits (normalised 0..1 of the model input, padding
 * included, cxcywh); a `PixelBox` is xyxy in the ORIGINAL image's pixels.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };
type Quad = readonly [number, number, number, number];

export type ModelBox = Brand<Quad, 'ModelBox(cxcywh, 0..1 of model input)'>;
export type PixelBox = Brand<Quad, 'PixelBox(xyxy, original pixels)'>;

export const modelBox = (cx: number, cy: number, w: number, h: number) => [cx, cy, w, h] as unknown as ModelBox;
export const pixelBox = (x1: number, y1: number, x2: number, y2: number) => [x1, y1, x2, y2] as unknown as PixelBox;

/**
 * Where the original image sits inside the model input, from preprocessing: the resized image
 * (nw x nh) is placed at (left, top) of a W x H canvas. `sourceWidth/Height` are the original
 * image's size (it can exceed the decoded width/height when a huge image was downscaled first).
 */
export interface FitTransform {
  readonly modelWidth: number;
  readonly modelHeight: number;
  readonly left: number;
  readonly top: number;
  readonly nw: number;
  readonly nh: number;
  readonly sourceWidth: number;
  readonly sourceHeight: number;
}

export const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** Model output (cxcywh or xyxy, normalised) -> original pixel xyxy, clipped to the image. */
export function toPixelBox(b: Quad, format: 'cxcywh' | 'xyxy', fit: FitTransform): PixelBox {
  const [x1n, y1n, x2n, y2n] = format === 'cxcywh' ? [b[0] - b[2] / 2, b[1] - b[3] / 2, b[0] + b[2] / 2, b[1] + b[3] / 2] : b;
  const sx = fit.sourceWidth / fit.nw;
  const sy = fit.sourceHeight / fit.nh;
  const x = (v: number) => clamp((v * fit.modelWidth - fit.left) * sx, 0, fit.sourceWidth);
  const y = (v: number) => clamp((v * fit.modelHeight - fit.top) * sy, 0, fit.sourceHeight);
  return pixelBox(x(x1n), y(y1n), x(x2n), y(y2n));
}

/** Original pixel xyxy -> normalised model-input xyxy (used to match a user-drawn box to regions). */
export function toModelXyxy(b: PixelBox, fit: FitTransform): Quad {
  const sx = fit.nw / fit.sourceWidth;
  const sy = fit.nh / fit.sourceHeight;
  return [
    (b[0] * sx + fit.left) / fit.modelWidth,
    (b[1] * sy + fit.top) / fit.modelHeight,
    (b[2] * sx + fit.left) / fit.modelWidth,
    (b[3] * sy + fit.top) / fit.modelHeight,
  ];
}

export const area = (b: Quad) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/** Intersection over union of two xyxy boxes (0 when both are empty). */
export function iou(a: Quad, b: Quad): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

export function clipBox(b: PixelBox, width: number, height: number): PixelBox {
  return pixelBox(clamp(b[0], 0, width), clamp(b[1], 0, height), clamp(b[2], 0, width), clamp(b[3], 0, height));
}

/** IoU between box i and box j of a packed xyxy Float32Array (the hot path of NMS). */
export function iouPacked(boxes: Float32Array, i: number, j: number): number {
  const a = i * 4;
  const b = j * 4;
  const iw = Math.min(boxes[a + 2], boxes[b + 2]) - Math.max(boxes[a], boxes[b]);
  const ih = Math.min(boxes[a + 3], boxes[b + 3]) - Math.max(boxes[a + 1], boxes[b + 1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const areaA = (boxes[a + 2] - boxes[a]) * (boxes[a + 3] - boxes[a + 1]);
  const areaB = (boxes[b + 2] - boxes[b]) * (boxes[b + 3] - boxes[b + 1]);
  const union = areaA + areaB - inter;
  return union > 0 ? inter / union : 0;
}
