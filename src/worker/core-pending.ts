// TEMPORARY stand-ins until src/runtime/web/decode-image.ts and src/core/result.ts land.
import { checkImageSize, decodeSize, type RgbImage } from '../core/index.ts';
import { inputError } from '../core/errors.ts';

export async function decodeImageBlob(blob: Blob, name: string): Promise<RgbImage> {
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw inputError(`${name} could not be decoded: the file is corrupt or truncated`);
  }
  checkImageSize(name, bmp.width, bmp.height);
  const { width, height } = decodeSize(bmp.width, bmp.height);
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d')!;
  g.drawImage(bmp, 0, 0, width, height);
  const data = g.getImageData(0, 0, width, height).data;
  return { width, height, channels: 4, data, sourceWidth: bmp.width, sourceHeight: bmp.height };
}

export function toResultJson(_: unknown): unknown {
  return null;
}
