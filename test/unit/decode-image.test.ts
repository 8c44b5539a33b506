import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DOWNSCALE_ABOVE_PIXELS } from '../../src/core/image.ts';
import { decodeImageBytes, decodeImageFile } from '../../src/runtime/node/decode-image.ts';
import { tempDir } from './helpers/fixtures.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('decoding images in Node (sharp)', () => {
  it('applies EXIF orientation', async () => {
    // 4x2 image stored landscape, EXIF 6 = rotate 90° clockwise on display -> 2x4, left column red.
    const raw = Buffer.alloc(4 * 2 * 3);
    for (let x = 0; x < 4; x++) for (let y = 0; y < 2; y++) if (y === 1) raw.set([255, 0, 0], (y * 4 + x) * 3);
    const jpeg = await sharp(raw, { raw: { width: 4, height: 2, channels: 3 } }).withMetadata({ orientation: 6 }).png().toBuffer();
    const img = await decodeImageBytes(jpeg, 'rot.png');
    expect([img.width, img.height]).toEqual([2, 4]);
    expect(img.data[0]).toBe(255); // bottom row moved to the left column
    expect(img.data[3]).toBe(0);
  });

  it('drops alpha and expands greyscale to RGB', async () => {
    const rgba = await sharp({ create: { width: 3, height: 3, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const a = await decodeImageBytes(rgba, 'a.png');
    expect([a.channels, a.data.length, a.data[0], a.data[1], a.data[2]]).toEqual([3, 27, 10, 20, 30]);
    const grey = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#404040' } }).greyscale().png().toBuffer();
    const g = await decodeImageBytes(grey, 'g.png');
    expect([...g.data.subarray(0, 3)]).toEqual([64, 64, 64]);
  });

  it('decodes a 1x1 image', async () => {
    const one = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ff0000' } }).png().toBuffer();
    expect(await decodeImageBytes(one, 'one.png')).toMatchObject({ width: 1, height: 1 });
  });

  it('refuses corrupt, truncated and non-image files naming the file', async () => {
    const noise = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 2654435761) >>> 24));
    const png = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
    await expect(decodeImageBytes(new TextEncoder().encode('just text'), 'notes.png')).rejects.toThrow(
      'notes.png is not an image this app can read (PNG, JPEG, WebP, GIF, TIFF, AVIF)',
    );
    await expect(decodeImageBytes(png.subarray(0, png.length >> 1), 'cut.png')).rejects.toThrow(/^cut\.png is corrupt or truncated \(.+\): re-save or re-download it$/);
    const missing = join(tmp.dir, 'none.png');
    await expect(decodeImageFile(missing)).rejects.toThrow(`image ${missing} does not exist`);
  });

  it('refuses a 20000x20000 image from its header, without decoding it', async () => {
    const path = join(tmp.dir, 'huge.png');
    // A valid PNG header with a 20000x20000 IHDR is all the check reads; writing a real one costs minutes.
    writeFileSync(path, await hugePngHeader(20000, 20000));
    await expect(decodeImageFile(path)).rejects.toThrow(
      'huge.png is 20000x20000 (400 MP); images over 100 MP are refused — downscale it first',
    );
  });

  it('downscales images above the decode limit, keeping the file size for boxes', async () => {
    const w = 6000;
    const h = 4500; // 27 MP > 24 MP
    expect(w * h).toBeGreaterThan(DOWNSCALE_ABOVE_PIXELS);
    const big = await sharp({ create: { width: w, height: h, channels: 3, background: '#00ff00' } }).png({ compressionLevel: 1 }).toBuffer();
    const img = await decodeImageBytes(big, 'big.png');
    expect(img.width * img.height).toBeLessThanOrEqual(DOWNSCALE_ABOVE_PIXELS);
    expect(img.width / img.height).toBeCloseTo(w / h, 2);
    expect([img.sourceWidth, img.sourceHeight]).toEqual([w, h]);
  }, 60_000);
});

/** The first bytes of a PNG (signature + IHDR with a correct CRC) for a width x height RGB image. */
async function hugePngHeader(width: number, height: number): Promise<Buffer> {
  const small = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
  const out = Buffer.from(small);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
