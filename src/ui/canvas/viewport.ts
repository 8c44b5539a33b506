/**
 * The one mapping between original image pixels and stage pixels: stage = image * scale + offset.
 * Fitting, zooming about a point and panning are pure functions of a `Viewport`.
 */
import {
  imageBox,
  imagePoint,
  stagePoint,
  stageRect,
  type ImageBox,
  type ImagePoint,
  type Size,
  type StagePoint,
  type StageRect,
} from '../view-model.ts';

export interface Viewport {
  /** Stage pixels per image pixel. */
  readonly scale: number;
  /** Stage position of the image's top-left corner. */
  readonly x: number;
  readonly y: number;
}

/** Zoom limits, relative to the fitted scale. */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 20;

/** Scales the image to fit inside the stage (less `padding` on each side) and centres it. */
export function fitViewport(image: Size, stage: Size, padding = 8): Viewport {
  const w = Math.max(1, stage.width - 2 * padding);
  const h = Math.max(1, stage.height - 2 * padding);
  const scale = Math.min(w / image.width, h / image.height);
  return {
    scale,
    x: (stage.width - image.width * scale) / 2,
    y: (stage.height - image.height * scale) / 2,
  };
}

export function imageToStage(vp: Viewport, p: ImagePoint): StagePoint {
  return stagePoint(p.x * vp.scale + vp.x, p.y * vp.scale + vp.y);
}

export function stageToImage(vp: Viewport, p: StagePoint): ImagePoint {
  return imagePoint((p.x - vp.x) / vp.scale, (p.y - vp.y) / vp.scale);
}

export function boxToStage(vp: Viewport, b: ImageBox): StageRect {
  return stageRect(b[0] * vp.scale + vp.x, b[1] * vp.scale + vp.y, (b[2] - b[0]) * vp.scale, (b[3] - b[1]) * vp.scale);
}

/** The box spanned by two image points (any drag direction), clipped to the image. */
export function boxFromCorners(a: ImagePoint, b: ImagePoint, image: Size): ImageBox {
  const cx = (v: number) => Math.min(image.width, Math.max(0, v));
  const cy = (v: number) => Math.min(image.height, Math.max(0, v));
  return imageBox(cx(Math.min(a.x, b.x)), cy(Math.min(a.y, b.y)), cx(Math.max(a.x, b.x)), cy(Math.max(a.y, b.y)));
}

/**
 * Zooms by `factor` keeping the image point under `anchor` where it is, with the scale kept
 * within [MIN_ZOOM, MAX_ZOOM] times `fitScale`.
 */
export function zoomAt(vp: Viewport, anchor: StagePoint, factor: number, fitScale: number): Viewport {
  const scale = Math.min(fitScale * MAX_ZOOM, Math.max(fitScale * MIN_ZOOM, vp.scale * factor));
  const under = stageToImage(vp, anchor);
  return { scale, x: anchor.x - under.x * scale, y: anchor.y - under.y * scale };
}

export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { scale: vp.scale, x: vp.x + dx, y: vp.y + dy };
}

/** The zoom factor for one wheel event: a notch (deltaY 100) is 1.2x, trackpads scroll finer. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(1.2, -Math.max(-5, Math.min(5, deltaY / 100)));
}

/** Konva `toDataURL` options that render the image area at its original resolution. */
export function exportRegion(vp: Viewport, image: Size, maxSide = 16384) {
  const pixelRatio = Math.min(1 / vp.scale, maxSide / Math.max(image.width * vp.scale, image.height * vp.scale));
  return { x: vp.x, y: vp.y, width: image.width * vp.scale, height: image.height * vp.scale, pixelRatio };
}

/** Moves the viewport just enough that at least `margin` stage pixels of the image stay on the stage. */
export function keepInView(vp: Viewport, image: Size, stage: Size, margin = 48): Viewport {
  const w = image.width * vp.scale;
  const h = image.height * vp.scale;
  const mx = Math.min(margin, w);
  const my = Math.min(margin, h);
  const x = Math.min(stage.width - mx, Math.max(mx - w, vp.x));
  const y = Math.min(stage.height - my, Math.max(my - h, vp.y));
  return x === vp.x && y === vp.y ? vp : { scale: vp.scale, x, y };
}
