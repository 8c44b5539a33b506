/** Phrase-grounding metrics on small hand-made cases with known answers. */
import { describe, expect, it } from 'vitest';
import { evaluateGrounding, iouXyxy, unionBox } from '../../src/core/eval/grounding.ts';
import { matchPredictions, parseModulatedGroundTruth, parsePredictionsText } from '../../src/core/eval/grounding-data.ts';
import { GT, PREDICTIONS } from '../fixtures/eval/grounding-case.ts';


describe('grounding metrics', () => {
  const gt = parseModulatedGroundTruth(GT);

  it('groups annotations into phrases by phrase_ids, spans as the union of tokens_positive', () => {
    expect(gt[0].phrases.map((p) => p.text)).toEqual(['two blue stars', 'a red circle']);
    expect(gt[0].phrases[0].boxes).toEqual([[0, 0, 10, 10], [100, 0, 110, 10]]);
  });

  it('any-box and merged-box recall differ on the plural phrase', () => {
    const r = evaluateGrounding(gt, matchPredictions(gt, PREDICTIONS));
    expect(r.counts).toEqual({ images: 3, phrases: 4, singleReferent: 3, negatives: 2 });
    expect(r.missing).toEqual({ images: 1, phrases: 1, negatives: 0 });
    // stars, circle hit at 1 (any-box); square only at rank 2; the circle of image 3 has no prediction.
    expect(r.recallAnyBox).toEqual({ 1: 2 / 4, 5: 3 / 4, 10: 3 / 4 });
    expect(r.recallMerged).toEqual({ 1: 1 / 4, 5: 3 / 4, 10: 3 / 4 });
    expect(r.accSingleReferent).toBe(1 / 3); // circle yes, square no, missing circle no
    expect(r.pointingGame).toBe(2 / 4); // star centre (5,5) in a star; circle centre in the circle
    expect(r.negativeNoBox).toBe(1 / 2); // the hexagon has no box, the purple star has one
  });

  it('honours the negative threshold, k list and the recall-vs-IoU curve', () => {
    const r = evaluateGrounding(gt, matchPredictions(gt, PREDICTIONS), { negThreshold: 0.8, ks: [1, 2] });
    expect(r.negativeNoBox).toBe(1);
    expect(r.recallAnyBox).toEqual({ 1: 0.5, 2: 0.75 });
    const at = (t: number) => r.curve.iou.indexOf(t);
    expect(r.curve.anyBox[at(0.8)]).toBe(2 / 4); // star IoU 1, circle 0.818
    expect(r.curve.anyBox[at(0.85)]).toBe(1 / 4);
    expect(r.curve.merged[at(0.05)]).toBe(2 / 4); // merged star IoU 0.09 passes 0.05
  });

  it('uses the heatmap peak for the pointing game when a prediction gives one', () => {
    const withPoint = structuredClone(PREDICTIONS);
    (withPoint[1].phrases[0] as { point?: number[] }).point = [10, 10];
    expect(evaluateGrounding(gt, matchPredictions(gt, withPoint)).pointingGame).toBe(3 / 4);
  });

  it('box helpers', () => {
    expect(iouXyxy([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 12);
    expect(iouXyxy([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(unionBox([[0, 0, 10, 10], [100, 0, 110, 10]])).toEqual([0, 0, 110, 10]);
  });
});

describe('grounding inputs', () => {
  const gt = parseModulatedGroundTruth(GT);

  it('reads JSONL and JSON lists alike', () => {
    const jsonl = PREDICTIONS.map((p) => JSON.stringify(p)).join('\n');
    expect(parsePredictionsText(jsonl)).toEqual(PREDICTIONS);
    expect(parsePredictionsText(JSON.stringify(PREDICTIONS))).toEqual(PREDICTIONS);
    expect(() => parsePredictionsText('{"a": 1}\n{oops')).toThrow(/line 2 is not valid JSON/);
    expect(() => parsePredictionsText('  ')).toThrow(/empty/);
  });

  it('refuses predictions for unknown images, other captions, bad spans, NaN scores', () => {
    const p = PREDICTIONS[1];
    expect(() => matchPredictions(gt, [{ ...p, image: 'nine.png' }])).toThrow(/image "nine.png" is not in the ground truth/);
    expect(() => matchPredictions(gt, [{ ...p, caption: 'a square' }])).toThrow(/differs from the ground truth/);
    expect(() => matchPredictions(gt, [{ ...p, phrases: [{ span: [0, 99], boxes: [] }] }])).toThrow(/outside the caption/);
    expect(() => matchPredictions(gt, [{ ...p, phrases: [{ span: [0, 8], boxes: [{ bbox: [0, 0, 1, 1], score: null }] }] }])).toThrow(/finite number/);
  });

  it('refuses a file name that two GT images share, unless the prediction has an image_id', () => {
    const twins = structuredClone(GT);
    twins.images[2].file_name = 'other/two.png';
    const g = parseModulatedGroundTruth(twins);
    expect(() => matchPredictions(g, [PREDICTIONS[1]])).toThrow(/several ground-truth images are named two\.png/);
    expect(matchPredictions(g, [{ ...PREDICTIONS[1], image_id: 2 }]).has(2)).toBe(true);
  });

  it('refuses GT without captions or with spans outside the caption', () => {
    expect(() => parseModulatedGroundTruth({ images: [{ id: 1 }], annotations: [] })).toThrow(/no caption/);
    const bad = structuredClone(GT);
    bad.annotations[0].tokens_positive = [[0, 500]];
    expect(() => parseModulatedGroundTruth(bad)).toThrow(/outside the caption/);
  });
});
