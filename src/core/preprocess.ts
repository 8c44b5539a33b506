import type { FitTransform } from './boxes.ts';
import type { RgbImage } from './image.ts';
import { padCornerOf, padValueOf, type ImageEncoderSpec } from './manifest.ts';
import { resizeBilinear } from './resize.ts';

/**
 * Image -> model input, exactly as docs/model-bundle.md "Preprocessing" says:
 * 1) fit (stretch | letterbox | pad_square), 2) PIL-compatible bilinear resize,
 * 3) v = (pixel * rescale - mean[c]) / std[c], float32 [1,3,H,W].
 */
export interface Preprocessed {
  readonly pixels: Float32Array; // [1,3,H,W]
  readonly dims: readonly [1, 3, number, number];
  readonly fit: FitTransform;
}

/** round(x) = floor(x + 0.5): the contract forbids banker's rounding. */
const round = (x: number) => Math.floor(x + 0.5);

/** Where the resized image goes inside the W x H input (step 1 of the contract). */
export function computeFit(spec: ImageEncoderSpec, w: number, h: number): Omit<FitTransform, 'sourceWidth' | 'sourceHeight'> {
  const W = spec.width;
  const H = spec.height;
  if (spec.fit === 'stretch') return { modelWidth: W, modelHeight: H, left: 0, top: 0, nw: W, nh: H };
  let nw: number;
  let nh: number;
  if (spec.fit === 'letterbox') {
    const s = Math.min(W / w, H / h);
    nw = Math.max(1, round(w * s));
    nh = Math.max(1, round(h * s));
  } else {
    const m = Math.max(w, h);
    nw = Math.max(1, round((w * W) / m));
    nh = Math.max(1, round((h * H) / m));
  }
  const center = padCornerOf(spec) === 'center';
  return {
    modelWidth: W,
    modelHeight: H,
    left: center ? Math.floor((W - nw) / 2) : 0,
    top: center ? Math.floor((H - nh) / 2) : 0,
    nw,
    nh,
  };
}

/** Drops alpha (no compositing, like PIL's convert('RGB')). */
export function toRgb(img: RgbImage): Uint8Array | Uint8ClampedArray {
  if (img.channels === 3) return img.data;
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = img.data[i * 4];
    out[i * 3 + 1] = img.data[i * 4 + 1];
    out[i * 3 + 2] = img.data[i * 4 + 2];
  }
  return out;
}

export function preprocess(img: RgbImage, spec: ImageEncoderSpec): Preprocessed {
  const W = spec.width;
  const H = spec.height;
  const geom = computeFit(spec, img.width, img.height);
  const fit: FitTransform = {
    ...geom,
    sourceWidth: img.sourceWidth ?? img.width,
    sourceHeight: img.sourceHeight ?? img.height,
  };
  const resized = resizeBilinear(toRgb(img), img.width, img.height, 3, geom.nw, geom.nh);
  const pad = padValueOf(spec);
  const pixels = new Float32Array(3 * H * W);
  const plane = H * W;
  for (let c = 0; c < 3; c++) {
    const padded = (pad[c] * spec.rescale - spec.mean[c]) / spec.std[c];
    const base = c * plane;
    pixels.fill(padded, base, base + plane);
    for (let y = 0; y < geom.nh; y++) {
      const row = base + (y + geom.top) * W + geom.left;
      const srcRow = y * geom.nw * 3 + c;
      for (let x = 0; x < geom.nw; x++) {
        pixels[row + x] = (resized[srcRow + x * 3] * spec.rescale - spec.mean[c]) / spec.std[c];
      }
    }
  }
  return { pixels, dims: [1, 3, H, W], fit };
}
