import { describe, expect, it } from 'vitest';
import { clipBox, iou, iouPacked, pixelBox, toModelXyxy, toPixelBox, type FitTransform } from '../../src/core/boxes.ts';

// A 320x240 image letterboxed into 256x256: resized to 256x192, placed 32 px from the top.
const fit: FitTransform = { modelWidth: 256, modelHeight: 256, left: 0, top: 32, nw: 256, nh: 192, sourceWidth: 320, sourceHeight: 240 };

describe('box maths', () => {
  it('maps a model cxcywh box to original pixels, undoing the letterbox', () => {
    // centre (0.5, 0.5) of the model input = centre of the image; 0.25 x 0.25 of 256 = 64 model px.
    const b = toPixelBox([0.5, 0.5, 0.25, 0.25], 'cxcywh', fit);
    expect([...b]).toEqual([120, 80, 200, 160]); // 64 model px = 80 image px
  });

  it('maps xyxy the same way and clips to the image', () => {
    const b = toPixelBox([0, 0, 1, 1], 'xyxy', fit);
    expect([...b]).toEqual([0, 0, 320, 240]); // the padding band is clipped away
  });

  it('round-trips pixels -> model xyxy -> pixels', () => {
    const p = pixelBox(10, 20, 110, 220);
    const m = toModelXyxy(p, fit);
    const back = toPixelBox(m, 'xyxy', fit);
    back.forEach((v, k) => expect(v).toBeCloseTo(p[k], 9));
  });

  it('respects downscaled decodes: boxes come back in the file pixels', () => {
    const big: FitTransform = { ...fit, sourceWidth: 3200, sourceHeight: 2400 };
    expect([...toPixelBox([0.5, 0.5, 0.25, 0.25], 'cxcywh', big)]).toEqual([1200, 800, 2000, 1600]);
  });

  it('computes IoU, including disjoint, touching and empty boxes', () => {
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 12);
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(iou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    const packed = Float32Array.from([0, 0, 10, 10, 5, 0, 15, 10]);
    expect(iouPacked(packed, 0, 1)).toBeCloseTo(1 / 3, 6);
  });

  it('clips', () => {
    expect([...clipBox(pixelBox(-5, 3, 400, 300), 320, 240)]).toEqual([0, 3, 320, 240]);
  });
});
