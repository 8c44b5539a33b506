import { inputError } from '../../core/errors.ts';
import { checkImageSize, decodeSize, type RgbImage } from '../../core/image.ts';
import { readImageHeader } from '../../core/image-header.ts';

/**
 * Decodes an image in the browser (page or worker): createImageBitmap with the EXIF orientation
 * applied, drawn on an OffscreenCanvas, read back as RGBA (alpha is ignored downstream).
 * Same limits as Node: over MAX_IMAGE_PIXELS refused from the header, over
 * DOWNSCALE_ABOVE_PIXELS downscaled while decoding (boxes still map to the file's pixels).
 */
export async function decodeImageBlob(blob: Blob, name: string): Promise<RgbImage> {
  const head = new Uint8Array(await blob.slice(0, 256 * 1024).arrayBuffer());
  const header = readImageHeader(head);
  if (header) checkImageSize(name, header.width, header.height);
  const target = header ? decodeSize(header.width, header.height) : undefined;
  const downscale = header && target && target.width !== header.width;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, {
      imageOrientation: 'from-image',
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
      ...(downscale ? { resizeWidth: target.width, resizeQuality: 'high' as const } : {}),
    });
  } catch {
    throw inputError(`${name} is corrupt, truncated or not an image this browser can decode`);
  }
  try {
    const { width, height } = bitmap;
    checkImageSize(name, width, height);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw inputError('this browser has no 2D canvas to decode images with');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, width, height).data;
    // The file's own size after orientation: the header's, swapped when EXIF rotated it.
    const rotated = header && (width > height) !== (header.width > header.height) && width !== height;
    const sourceWidth = !header ? width : rotated ? header.height : header.width;
    const sourceHeight = !header ? height : rotated ? header.width : header.height;
    return { width, height, channels: 4, data, sourceWidth, sourceHeight };
  } finally {
    bitmap.close();
  }
}
