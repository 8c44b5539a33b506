import { describe, expect, it } from 'vitest';
import { resizeBilinear } from '../../src/core/resize.ts';

// Expected values computed by hand from Pillow's Resample.c (22-bit fixed point, +0.5 rounding).
describe('PIL-compatible bilinear resize', () => {
  it('downscales 2x1 -> 1x1 by averaging with round-half-up', () => {
    // weights 0.5/0.5 -> (0 + 255) / 2 = 127.5 -> 128
    expect([...resizeBilinear([0, 255], 2, 1, 1, 1, 1)]).toEqual([128]);
  });

  it('upscales 2x1 -> 4x1 with the triangle filter', () => {
    // centres 0.25, 0.75, 1.25, 1.75: edge pixels clamp, inner ones mix 3:1 -> 63.75 -> 64, 191.25 -> 191
    expect([...resizeBilinear([0, 255], 2, 1, 1, 4, 1)]).toEqual([0, 64, 191, 255]);
  });

  it('widens the filter when downscaling (antialiasing): 4x1 -> 2x1', () => {
    // out 0: centre 1, support 2 -> inputs 0..2, triangle((x - 1 + 0.5) / 2) = 0.75, 0.75, 0.25, normalised
    const out = resizeBilinear([0, 100, 200, 250], 4, 1, 1, 2, 1);
    expect(out[0]).toBe(Math.round((0 * 0.75 + 100 * 0.75 + 200 * 0.25) / 1.75)); // 71.43 -> 71
    // out 1: centre 3, inputs 1..3 with weights (0.25, 0.75, 0.75) / 1.75
    expect(out[1]).toBe(Math.round((100 * 0.25 + 200 * 0.75 + 250 * 0.75) / 1.75)); // 207.14 -> 207
  });

  it('runs the horizontal pass first, then the vertical, per channel', () => {
    // 2x2 RGB, each channel a different ramp; 1x1 output is the per-channel mean (rounded per pass).
    const img = [0, 10, 20, 255, 30, 40, 0, 50, 60, 255, 70, 80];
    const out = resizeBilinear(img, 2, 2, 3, 1, 1);
    // rows after the horizontal pass: ch0 [128, 128], ch1 [20, 60], ch2 [30, 70] -> columns: 128, 40, 50
    expect([...out]).toEqual([128, 40, 50]);
  });

  it('is the identity when the size does not change, and keeps constants constant', () => {
    const img = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    expect([...resizeBilinear(img, 5, 3, 3, 5, 3)]).toEqual([...img]);
    expect(new Set(resizeBilinear(new Uint8Array(7 * 5).fill(77), 7, 5, 1, 3, 11))).toEqual(new Set([77]));
  });
});
