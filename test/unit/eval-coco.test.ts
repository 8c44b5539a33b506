/**
 * COCO bbox evaluation against the real pycocotools, run in one Python process over 240 seeded
 * random cases (crowd, ties, empty images, absent/unknown categories, exact IoU thresholds,
 * area borders, >100 detections per image), plus the input rules.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCocoDetections, parseCocoGroundTruth } from '../../src/core/eval/coco-data.ts';
import { defaultCocoParams, evaluateCoco } from '../../src/core/eval/coco.ts';
import { cocoPerClass, cocoStats, cocoSummaryLines } from '../../src/core/eval/coco-summary.ts';
import { isPhraseGroundError } from '../../src/core/errors.ts';
import { makeCocoCase, type CocoCase } from '../fixtures/eval/coco-cases.ts';

const N_CASES = 240;
const PYTHON = '.venv/bin/python';

interface RefResult {
  stats: number[];
  perClass: number[];
  recall: number[];
  lines: string[];
}

/** maskApi.c bbIou for one non-crowd pair, same operation order. */
function bbIou(d: number[], g: number[]): number {
  const w = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
  const h = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
  if (w <= 0 || h <= 0) return 0;
  const i = w * h;
  return i / (d[2] * d[3] + g[2] * g[3] - i);
}

function runOurs(c: CocoCase) {
  const gt = parseCocoGroundTruth(structuredClone(c.gt));
  const dt = parseCocoDetections(structuredClone(c.dt), gt);
  const acc = evaluateCoco(gt, dt);
  return { acc, stats: cocoStats(acc), perClass: cocoPerClass(acc).map((r) => r.ap) };
}

describe('COCO bbox evaluation vs pycocotools', () => {
  const cases = Array.from({ length: N_CASES }, (_, i) => makeCocoCase(1000 + i));
  let refs: RefResult[] = [];

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-coco-'));
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify({ cases }));
    const out = execFileSync(PYTHON, ['test/fixtures/eval/pycoco_ref.py', file], { maxBuffer: 1 << 28 });
    refs = JSON.parse(out.toString());
  });

  it('the generated cases cover the corners they are meant to', () => {
    const anns = cases.flatMap((c) => c.gt.annotations);
    expect(anns.some((a) => a.iscrowd === 1)).toBe(true);
    expect(anns.some((a) => a.area === 32 * 32)).toBe(true);
    expect(anns.some((a) => a.area === 96 * 96)).toBe(true);
    expect(cases.some((c) => c.dt.some((d) => d.category_id === 77))).toBe(true);
    const perImage = cases.map((c) => Math.max(...c.gt.images.map((im) => c.dt.filter((d) => d.image_id === im.id).length)));
    expect(perImage.some((n) => n > 100)).toBe(true);
    expect(cases.some((c) => c.gt.images.some((im) => !c.gt.annotations.some((a) => a.image_id === im.id)))).toBe(true);
    // Detections whose IoU with a same-image GT box is exactly one of the thresholds (.5, .55, ...).
    const thresholds = new Set(Array.from(defaultCocoParams().iouThrs));
    const onThreshold = cases.reduce((n, c) => n + c.dt.filter((d) => c.gt.annotations.some((a) => a.image_id === d.image_id && thresholds.has(bbIou(d.bbox, a.bbox as number[])))).length, 0);
    expect(onThreshold).toBeGreaterThan(50);
  });

  it(`all 12 stats equal pycocotools within 1e-9 on ${N_CASES} random cases`, () => {
    let exact = 0;
    let compared = 0;
    cases.forEach((c, i) => {
      const ours = runOurs(c);
      for (let s = 0; s < 12; s++) {
        expect(Math.abs(ours.stats[s] - refs[i].stats[s]), `case ${i} stat ${s}`).toBeLessThanOrEqual(1e-9);
        compared++;
        if (ours.stats[s] === refs[i].stats[s]) exact++;
      }
    });
    // Same arithmetic in the same order: the numbers should be bit-identical, not just close.
    expect(exact).toBe(compared);
    // Not a vacuous comparison: most stats are real numbers, and several are -1.
    const all = refs.flatMap((r) => r.stats);
    expect(all.filter((v) => v > 0).length).toBeGreaterThan(all.length / 3);
    expect(all.some((v) => v === -1)).toBe(true);
  });

  it('per-category AP and the recall array [T,K,A,M] match', () => {
    cases.forEach((c, i) => {
      const ours = runOurs(c);
      expect(ours.perClass.length).toBe(refs[i].perClass.length);
      ours.perClass.forEach((v, k) => expect(Math.abs(v - refs[i].perClass[k]), `case ${i} cat ${k}`).toBeLessThanOrEqual(1e-9));
      expect(Array.from(ours.acc.recall)).toEqual(refs[i].recall);
    });
  });

  it('prints the same summary lines as COCOeval.summarize()', () => {
    for (const i of [0, 1, 2, 3]) expect(cocoSummaryLines(runOurs(cases[i]).acc)).toEqual(refs[i].lines);
  });
});

describe('COCO input rules', () => {
  const gt = {
    images: [{ id: 1 }, { id: 2 }],
    categories: [{ id: 1, name: 'circle' }],
    annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 }],
  };
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(isPhraseGroundError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('rejects results on images absent from the GT, empty results, NaN scores and negative sizes', () => {
    const g = parseCocoGroundTruth(gt);
    expect(message(() => parseCocoDetections([{ image_id: 7, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }], g))).toMatch(/image_id 7 is not in the ground truth/);
    expect(message(() => parseCocoDetections([], g))).toMatch(/empty/);
    expect(message(() => parseCocoDetections([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: null }], g))).toMatch(/score must be a finite number/);
    expect(message(() => parseCocoDetections([{ image_id: 1, category_id: 1, bbox: [0, 0, -1, 1], score: 1 }], g))).toMatch(/negative width/);
  });

  it('drops results with unknown categories (never matched, never false positives)', () => {
    const g = parseCocoGroundTruth(gt);
    const hit = { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], score: 0.5 };
    const unknown = { image_id: 1, category_id: 42, bbox: [50, 50, 10, 10], score: 0.9 };
    const d = parseCocoDetections([hit, unknown], g);
    expect(d.count).toBe(1);
    expect(d.droppedUnknownCategory).toBe(1);
    // 1 - 2e-16, not 1: pycocotools divides by tp + fp + eps.
    expect(cocoStats(evaluateCoco(g, d))[0]).toBeCloseTo(1, 12);
  });

  it('rejects GT without area, without categories, or with duplicate annotation ids', () => {
    const noArea = { ...gt, annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }] };
    expect(message(() => parseCocoGroundTruth(noArea))).toMatch(/needs an "area"/);
    expect(message(() => parseCocoGroundTruth({ ...gt, categories: [] }))).toMatch(/categories/);
    const dup = { ...gt, annotations: [gt.annotations[0], gt.annotations[0]] };
    expect(message(() => parseCocoGroundTruth(dup))).toMatch(/duplicate annotation id 1/);
  });
});
