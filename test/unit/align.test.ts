import { describe, expect, it } from 'vitest';
import { allLogits, normalizeRows, regionQueryScores, rowScores } from '../../src/core/align.ts';
import { ground, phraseScoreRows } from '../../src/core/grounder.ts';
import type { ImageFeatures, TextFeatures } from '../../src/core/features.ts';

const phraseScores = (image: ImageFeatures, text: TextFeatures, p: number, s: ScoringSpec) => phraseScoreRows(image, text, s)[p]!;
import type { ScoringSpec } from '../../src/core/manifest.ts';
import { imageFeatures, textFeatures } from './helpers/features.ts';

const scoring: ScoringSpec = { normalize: false, scale: 2, bias: -1, activation: 'sigmoid', reduce: 'mean', threshold: 0.5, nms_iou: 0.5, top_k: 3 };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const box = [0, 0, 10, 10];

describe('the score formula of docs/model-bundle.md', () => {
  const image = imageFeatures([[1, 0], [0, 1], [1, 1]], [box, box, box], {
    shift: Float32Array.from([0.5, 0, -0.5]),
    scale: Float32Array.from([2, 1, 1]),
    objectness: Float32Array.from([0.5, 1, 0.25]), // already sigmoid-ed
  });
  const text = textFeatures([[1, 0], [0.5, 0.5]], [{ tokens: [0, 1] }], { bias: Float32Array.from([0.25, -0.25]) });

  it('logit = ((e . q) * scale + shift_r) * scale_r + bias_t + bias', () => {
    const L = allLogits(image, text, scoring);
    // region 0, token 0: ((1) * 2 + 0.5) * 2 + 0.25 - 1 = 4.25
    expect(L[0]).toBeCloseTo(4.25, 6);
    // region 2, token 1: ((0.5 + 0.5) * 2 - 0.5) * 1 - 0.25 - 1 = 0.25
    expect(L[2 * 2 + 1]).toBeCloseTo(0.25, 6);
  });

  it('logits of a 5-dim embedding (unroll remainder) match a plain dot product', () => {
    const e = [[1, 2, 3, 4, 5]];
    const q = [[0.5, -1, 2, 0.25, -0.5]];
    const L = allLogits(imageFeatures(e, [box]), textFeatures(q, []), { ...scoring, scale: 1, bias: 0 });
    expect(L[0]).toBeCloseTo(0.5 - 2 + 6 + 1 - 2.5, 6);
  });

  it('score = sigmoid(logit), times objectness only when use_objectness', () => {
    expect(rowScores(image, text, 0, scoring)[0]).toBeCloseTo(sigmoid(4.25), 6);
    expect(rowScores(image, text, 0, { ...scoring, use_objectness: true })[0]).toBeCloseTo(sigmoid(4.25) * 0.5, 6);
  });

  it('phrase score reduces over its tokens by mean or max', () => {
    const t0 = rowScores(image, text, 0, scoring);
    const t1 = rowScores(image, text, 1, scoring);
    expect(phraseScores(image, text, 0, scoring)[1]).toBeCloseTo((t0[1] + t1[1]) / 2, 6);
    expect(phraseScores(image, text, 0, { ...scoring, reduce: 'max' })[1]).toBeCloseTo(Math.max(t0[1], t1[1]), 6);
  });

  it('query granularity scores one pooled row per phrase', () => {
    const q = textFeatures([[0, 1]], [{ tokens: [] }], { granularity: 'query' });
    const plain = imageFeatures([[1, 0], [0, 1]], [box, box]);
    expect([...phraseScores(plain, q, 0, scoring)].map((v) => +v.toFixed(6))).toEqual([sigmoid(-1), sigmoid(1)].map((v) => +v.toFixed(6)));
  });

  it('normalizeRows makes unit rows and leaves zero rows alone', () => {
    expect([...normalizeRows(Float32Array.from([3, 4, 0, 0]), 2)]).toEqual([...Float32Array.from([0.6, 0.8, 0, 0])]);
  });

  it('image-guided search uses a region embedding as the query', () => {
    const plain = imageFeatures([[1, 0], [0, 1], [1, 0]], [box, box, box]);
    const s = regionQueryScores(plain, 0, scoring);
    expect(s[2]).toBeCloseTo(sigmoid(1), 6); // same direction: 1 * 2 - 1
    expect(s[1]).toBeCloseTo(sigmoid(-1), 6);
  });
});

describe('alignment speed', () => {
  it('grounds R=1024, D=64, 20 phrase tokens fast (target 2 ms; asserted loosely on a shared CPU)', () => {
    const R = 1024;
    const D = 64;
    const rnd = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);
    const image = imageFeatures(
      Array.from({ length: R }, (_, r) => rnd(D).map((v, k) => v + ((r * 7 + k) % 13) / 13)),
      Array.from({ length: R }, (_, r) => [(r % 32) * 3, Math.floor(r / 32) * 3, (r % 32) * 3 + 8, Math.floor(r / 32) * 3 + 8]),
    );
    const text = textFeatures(
      Array.from({ length: 22 }, (_, t) => rnd(D).map((v, k) => v * ((t + k) % 5))),
      [{ tokens: [1, 2, 3, 4, 5] }, { tokens: [6, 7, 8, 9, 10] }, { tokens: [11, 12, 13, 14, 15] }, { tokens: [16, 17, 18, 19, 20] }],
    );
    const s = { ...scoring, threshold: 0.3, top_k: 10 };
    for (let k = 0; k < 20; k++) ground(image, text, s);
    const times: number[] = [];
    for (let k = 0; k < 50; k++) times.push(ground(image, text, s).timings.alignMs);
    times.sort((a, b) => a - b);
    expect(times[25]).toBeLessThan(8); // bench/core.bench.ts reports the real p50/p95
  });
});
