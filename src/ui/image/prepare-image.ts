import { inputError } from '../../core/errors.ts';
import { MAX_PIXELS, sniffImage } from './sniff-image.ts';

/** Longest side of the bitmap we keep for display; boxes stay in original pixels regardless. */
const DISPLAY_MAX_SIDE = 2048;

export interface PreparedImage {
  name: string;
  width: number; // original pixels, after EXIF orientation
  height: number;
  bitmap: ImageBitmap; // for display, at most DISPLAY_MAX_SIDE a side
}

/**
 * Checks and decodes a chosen file for display. Refuses, with one line each: a file that is not
 * an image, an image over MAX_PIXELS, and one the browser cannot decode (corrupt or truncated).
 */
export async function prepareImage(blob: Blob, name: string): Promise<PreparedImage> {
  const head = new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
  const sniffed = sniffImage(head);
  if (!sniffed) throw inputError(`${name} is not an image: choose a PNG, JPEG, WebP, GIF or BMP file`);
  const { width, height } = sniffed;
  if (width !== undefined && height !== undefined && width * height > MAX_PIXELS) {
    throw inputError(
      `${name} is ${width}×${height} pixels, over the ${MAX_PIXELS / 1e6} megapixel limit: downscale it first`,
    );
  }
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw inputError(`${name} could not be decoded: the file is corrupt or truncated`);
  }
  const scale = Math.min(1, DISPLAY_MAX_SIDE / Math.max(full.width, full.height));
  if (scale === 1) return { name, width: full.width, height: full.height, bitmap: full };
  const bitmap = await createImageBitmap(full, {
    resizeWidth: Math.max(1, Math.round(full.width * scale)),
    resizeHeight: Math.max(1, Math.round(full.height * scale)),
    resizeQuality: 'high',
  });
  const out = { name, width: full.width, height: full.height, bitmap };
  full.close();
  return out;
}
