import sharp from 'sharp';
import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import { inputError } from '../../core/errors.ts';
import { checkImageSize, decodeSize, type RgbImage } from '../../core/image.ts';

/**
 * Decodes an image file with sharp: EXIF orientation applied, alpha dropped, RGB uint8.
 * Images over MAX_IMAGE_PIXELS are refused from the header alone (nothing is decoded); images
 * over DOWNSCALE_ABOVE_PIXELS are downscaled by sharp first (boxes still come back in the
 * file's pixels via sourceWidth/sourceHeight). Corrupt or non-image files -> one-line input error.
 */
export async function decodeImageFile(path: string): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? `image ${path} does not exist` : `cannot read image ${path} (${code})`);
  }
  return decodeImageBytes(bytes, basename(path));
}

export async function decodeImageBytes(bytes: Uint8Array, name: string): Promise<RgbImage> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw inputError(`${name} is not an image this app can read (PNG, JPEG, WebP, GIF, TIFF, AVIF)`);
  }
  // EXIF orientations 5..8 swap width and height.
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? meta.height : meta.width;
  const height = swap ? meta.width : meta.height;
  if (!width || !height) throw inputError(`${name} has no readable image size`);
  checkImageSize(name, width, height);
  const target = decodeSize(width, height);
  try {
    let pipeline = sharp(bytes, { limitInputPixels: false, failOn: 'error' }).rotate();
    if (target.width !== width) pipeline = pipeline.resize(target.width, target.height, { fit: 'fill' });
    const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded ${info.channels} channels`);
    return {
      width: info.width,
      height: info.height,
      channels: 3,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      sourceWidth: width,
      sourceHeight: height,
    };
  } catch (e) {
    throw inputError(`${name} is corrupt or truncated (${(e as Error).message.split('\n')[0]}): re-save or re-download it`);
  }
}
