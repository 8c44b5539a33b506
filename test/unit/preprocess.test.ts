import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageEncoderSpec } from '../../src/core/manifest.ts';
import { computeFit, preprocess } from '../../src/core/preprocess.ts';
import { randomBundleDir } from './helpers/fixtures.ts';

const base: ImageEncoderSpec = JSON.parse(readFileSync(join(randomBundleDir, 'manifest.json'), 'utf8')).image_encoder;
const spec = (o: Partial<ImageEncoderSpec>): ImageEncoderSpec => ({ ...base, ...o });

describe('fit geometry (docs/model-bundle.md step 1)', () => {
  it('letterbox centres the resized image', () => {
    expect(computeFit(spec({ fit: 'letterbox' }), 320, 240)).toEqual({ modelWidth: 256, modelHeight: 256, left: 0, top: 32, nw: 256, nh: 192 });
    expect(computeFit(spec({ fit: 'letterbox' }), 97, 61)).toEqual({ modelWidth: 256, modelHeight: 256, left: 0, top: 47, nw: 256, nh: 161 });
  });

  it('rounds half up, never to even', () => {
    // 32x5 into 16x16: s = 0.5, nh = round(2.5) = 3 (banker's rounding would give 2)
    expect(computeFit(spec({ width: 16, height: 16 }), 32, 5).nh).toBe(3);
    expect(computeFit(spec({ width: 16, height: 16 }), 32, 5).top).toBe(6); // floor((16 - 3) / 2)
  });

  it('letterbox keeps at least one pixel, and top_left pads at the end', () => {
    expect(computeFit(spec({ pad_corner: 'top_left' }), 5000, 1)).toMatchObject({ nw: 256, nh: 1, left: 0, top: 0 });
  });

  it('stretch fills the input; pad_square uses the square arithmetic', () => {
    expect(computeFit(spec({ fit: 'stretch' }), 320, 240)).toMatchObject({ left: 0, top: 0, nw: 256, nh: 256 });
    expect(computeFit(spec({ fit: 'pad_square', width: 256, height: 128 }), 300, 200)).toMatchObject({ nw: 256, nh: 85, left: 0, top: 21 });
  });
});

describe('normalisation and layout (steps 2-3)', () => {
  it('writes (pixel * rescale - mean) / std in CHW order and pads with pad_value', () => {
    // A 2x1 image into a 4x4 letterbox: resized to 4x2 at top 1; pad 128 -> (128/255 - 0.5) / 0.25.
    const s = spec({ width: 16, height: 16 });
    const img = { width: 2, height: 1, channels: 3 as const, data: Uint8Array.from([255, 0, 0, 255, 0, 0]) };
    const { pixels, dims, fit } = preprocess(img, s);
    expect(dims).toEqual([1, 3, 16, 16]);
    expect(fit).toMatchObject({ nw: 16, nh: 8, top: 4, left: 0, sourceWidth: 2, sourceHeight: 1 });
    const at = (c: number, y: number, x: number) => pixels[c * 256 + y * 16 + x];
    expect(at(0, 0, 0)).toBeCloseTo((128 / 255 - 0.5) / 0.25, 6); // padding
    expect(at(0, 4, 0)).toBeCloseTo((1 - 0.5) / 0.25, 6); // red channel of a red pixel
    expect(at(1, 4, 0)).toBeCloseTo((0 - 0.5) / 0.25, 6);
    expect(at(2, 11, 15)).toBeCloseTo(-2, 6);
    expect(at(2, 12, 15)).toBeCloseTo((128 / 255 - 0.5) / 0.25, 6); // below the image: padding again
  });

  it('drops alpha without compositing and handles a 1x1 image', () => {
    const img = { width: 1, height: 1, channels: 4 as const, data: Uint8Array.from([10, 20, 30, 0]) };
    const { pixels, fit } = preprocess(img, spec({ fit: 'stretch', width: 16, height: 16, mean: [0, 0, 0], std: [1, 1, 1], rescale: 1 }));
    expect(fit).toMatchObject({ nw: 16, nh: 16 });
    expect([pixels[0], pixels[256], pixels[512 + 255]]).toEqual([10, 20, 30]);
  });
});
