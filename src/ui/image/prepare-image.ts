import { inputError } from '../../core/errors.ts';
import { checkImageSize } from '../../core/image.ts';
import { readImageHeader } from '../../core/image-header.ts';

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
 * an image, an image over the core's pixel limit (read from the header, before decoding), and
 * one the browser cannot decode (corrupt or truncated).
 */
export async function prepareImage(blob: Blob, name: string): Promise<PreparedImage> {
  const header = readImageHeader(new Uint8Array(await blob.slice(0, 256 * 1024).arrayBuffer()));
  if (!header && !blob.type.startsWith('image/')) {
    throw inputError(`${name} is not an image: choose a PNG, JPEG, WebP, GIF or BMP file`);
  }
  if (header) checkImageSize(name, header.width, header.height);
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
