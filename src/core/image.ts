import { inputError } from './errors.ts';

/**
 * A decoded image, interleaved uint8 (channels = 3: RGB; 4: RGBA, alpha ignored). EXIF
 * orientation is already applied. `sourceWidth/Height` is the file's own size; it differs from
 * width/height only when a very large image was downscaled on decode (boxes still come back in
 * the file's pixels).
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly sourceWidth?: number;
  readonly sourceHeight?: number;
}

/** Images above this many pixels are refused before decoding (they would exhaust memory). */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Images above this many pixels are downscaled on decode (aspect kept) before preprocessing. */
export const DOWNSCALE_ABOVE_PIXELS = 24_000_000;

/** Refuses images too large to decode safely; `name` is the file name shown to the user. */
export function checkImageSize(name: string, width: number, height: number): void {
  if (!(width >= 1 && height >= 1)) throw inputError(`${name} has no pixels (${width}x${height})`);
  if (width * height > MAX_IMAGE_PIXELS) {
    const mp = ((width * height) / 1e6).toFixed(0);
    throw inputError(
      `${name} is ${width}x${height} (${mp} MP); images over ${MAX_IMAGE_PIXELS / 1e6} MP are refused — downscale it first`,
    );
  }
}

/** The decode size for a width x height image: itself, or scaled down to DOWNSCALE_ABOVE_PIXELS. */
export function decodeSize(width: number, height: number): { width: number; height: number } {
  const pixels = width * height;
  if (pixels <= DOWNSCALE_ABOVE_PIXELS) return { width, height };
  const s = Math.sqrt(DOWNSCALE_ABOVE_PIXELS / pixels);
  return { width: Math.max(1, Math.floor(width * s)), height: Math.max(1, Math.floor(height * s)) };
}
