import { describe, expect, it } from 'vitest';
import { pixelBox } from '../../src/core/boxes.ts';
import { argmax, regionForBox, selectBoxes } from '../../src/core/postprocess.ts';
import { imageFeatures } from './helpers/features.ts';

const boxes = Float32Array.from([
  [0, 0, 10, 10], // 0
  [1, 0, 11, 10], // 1: IoU with 0 = 90/110 = 0.82
  [50, 50, 60, 60], // 2
  [0, 0, 10, 10], // 3: same as 0
  [80, 80, 90, 90], // 4
].flat());

describe('threshold, greedy NMS and top-k', () => {
  it('keeps score-descending boxes above the threshold, suppressing overlaps', () => {
    const scores = Float32Array.from([0.9, 0.8, 0.7, 0.1, 0.6]);
    const kept = selectBoxes(scores, boxes, { threshold: 0.5, nmsIou: 0.5, topK: 10 });
    expect(kept.map((d) => d.region)).toEqual([0, 2, 4]);
    expect([...kept[1].bbox]).toEqual([50, 50, 60, 60]);
    expect(kept[0].score).toBeCloseTo(0.9, 6);
  });

  it('breaks score ties by the lower region index', () => {
    const scores = Float32Array.from([0.5, 0.1, 0.1, 0.5, 0.1]);
    expect(selectBoxes(scores, boxes, { threshold: 0.5, nmsIou: 0.5, topK: 10 }).map((d) => d.region)).toEqual([0]);
    expect(argmax(Float32Array.from([0.2, 0.7, 0.7]))).toBe(1);
  });

  it('stops at top_k and keeps boxes at exactly the threshold; IoU equal to nms_iou is kept', () => {
    const scores = Float32Array.from([0.9, 0.8, 0.7, 0.1, 0.5]);
    expect(selectBoxes(scores, boxes, { threshold: 0.5, nmsIou: 1, topK: 2 }).map((d) => d.region)).toEqual([0, 1]);
    expect(selectBoxes(scores, boxes, { threshold: 0.5, nmsIou: 0.5, topK: 9 }).map((d) => d.region)).toEqual([0, 2, 4]);
    const same = Float32Array.from([0, 0, 10, 10, 0, 0, 10, 10]);
    expect(selectBoxes(Float32Array.from([0.9, 0.8]), same, { threshold: 0, nmsIou: 1, topK: 9 })).toHaveLength(2);
  });

  it('skips boxes with no area once clipped (padding, off the edge), however many duplicates', () => {
    const edge = Float32Array.from([
      [100, 0, 100, 10], // 0: zero width at the image's right edge
      [100, 0, 100, 10], // 1: its duplicate
      [5, 5, 5, 5], // 2: a point
      [0, 0, 10, 10], // 3
      [20, 20, 30, 20], // 4: zero height
    ].flat());
    const kept = selectBoxes(Float32Array.from([0.9, 0.9, 0.8, 0.5, 0.95]), edge, { threshold: 0.1, nmsIou: 0.5, topK: 10 });
    expect(kept.map((d) => d.region)).toEqual([3]);
  });

  it('returns nothing when no region reaches the threshold', () => {
    expect(selectBoxes(Float32Array.from([0.1, 0.2, 0.3, 0.1, 0.2]), boxes, { threshold: 0.5, nmsIou: 0.5, topK: 9 })).toEqual([]);
  });
});

describe('user-drawn box -> region', () => {
  const image = imageFeatures([[1], [1], [1]], [[0, 0, 10, 10], [40, 40, 60, 60], [80, 80, 100, 100]]);
  it('picks the best-overlapping region', () => {
    expect(regionForBox(image, pixelBox(42, 38, 58, 61))).toBe(1);
  });
  it('falls back to the nearest centre when nothing overlaps', () => {
    expect(regionForBox(image, pixelBox(70, 70, 75, 75))).toBe(2);
  });
});
