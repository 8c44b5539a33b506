/**
 * Pascal VOC AP against an independent NumPy port of the devkit (test/fixtures/eval/voc_ref.py),
 * one Python process for 200 seeded random cases covering difficult boxes, score ties, duplicate
 * detections, both metrics, the +1 convention on and off, and >= vs > at the threshold.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateVoc, vocAp07, vocAp10, type VocOptions } from '../../src/core/eval/voc.ts';
import { parseVocInput } from '../../src/core/eval/voc-data.ts';
import { mulberry32, type Rng } from '../fixtures/eval/coco-cases.ts';

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const LABELS = ['bird', 'cat', 'dog', 'person'];

function makeVocCase(seed: number) {
  const rng = mulberry32(seed);
  const options: Pick<VocOptions, 'metric' | 'plusOne' | 'strictIou'> = {
    metric: rng() < 0.5 ? '07' : '10', plusOne: rng() < 0.7, strictIou: rng() < 0.3,
  };
  const images = Array.from({ length: int(rng, 1, 6) }, (_, i) => {
    const boxes = Array.from({ length: int(rng, 0, 5) }, () => {
      const [x, y] = [int(rng, 0, 200), int(rng, 0, 200)];
      return { bbox: [x, y, x + int(rng, 0, 80), y + int(rng, 0, 80)], label: pick(rng, LABELS.slice(0, 3)), difficult: rng() < 0.15 };
    });
    return { id: `img${i}`, boxes };
  });
  const dt: { image_id: string; label: string; score: number; bbox: number[] }[] = [];
  const nDt = int(rng, 0, 25);
  for (let d = 0; d < nDt; d++) {
    const im = pick(rng, images);
    const score = rng() < 0.5 ? pick(rng, [0.2, 0.5, 0.5, 0.9]) : Math.round(rng() * 100) / 100;
    const g = im.boxes.length && rng() < 0.75 ? pick(rng, im.boxes) : undefined;
    let bbox: number[];
    if (g && rng() < 0.3) bbox = [...g.bbox]; // an exact copy: duplicates become false positives
    else if (g) bbox = g.bbox.map((v, k) => v + (k < 2 ? int(rng, -6, 6) : int(rng, -6, 6)));
    else bbox = [int(rng, 0, 200), int(rng, 0, 200), 0, 0].map((v, k, b) => (k >= 2 ? b[k - 2] + int(rng, 0, 60) : v));
    if (bbox[2] < bbox[0]) bbox[2] = bbox[0];
    if (bbox[3] < bbox[1]) bbox[3] = bbox[1];
    dt.push({ image_id: im.id, label: g && rng() < 0.85 ? g.label : pick(rng, LABELS), score, bbox });
  }
  return { gt: { images }, dt, options };
}

describe('VOC AP vs an independent devkit port', () => {
  const cases = Array.from({ length: 200 }, (_, i) => makeVocCase(500 + i));
  let refs: { aps: Record<string, number | null>; mAP: number | null }[] = [];

  beforeAll(() => {
    const file = join(mkdtempSync(join(tmpdir(), 'pg-voc-')), 'cases.json');
    writeFileSync(file, JSON.stringify({ cases }));
    refs = JSON.parse(execFileSync('.venv/bin/python', ['test/fixtures/eval/voc_ref.py', file], { maxBuffer: 1 << 26 }).toString());
  });

  it('per-class AP and mAP agree within 1e-9 on 200 random cases', () => {
    let numbers = 0;
    cases.forEach((c, i) => {
      const ours = evaluateVoc(parseVocInput(c.gt, c.dt, c.options.plusOne), c.options);
      expect(ours.classes.map((k) => k.label)).toEqual(Object.keys(refs[i].aps).sort());
      for (const k of ours.classes) {
        const ref = refs[i].aps[k.label];
        if (ref === null) expect(k.ap, `case ${i} ${k.label}`).toBeNull();
        else {
          expect(Math.abs(k.ap! - ref), `case ${i} ${k.label}`).toBeLessThanOrEqual(1e-9);
          numbers++;
        }
      }
      if (refs[i].mAP === null) expect(ours.mAP).toBeNull();
      else expect(Math.abs(ours.mAP! - refs[i].mAP!)).toBeLessThanOrEqual(1e-9);
    });
    expect(numbers).toBeGreaterThan(300);
    const maps = refs.map((r) => r.mAP).filter((m): m is number => m !== null);
    expect(maps.some((m) => m > 0.3 && m < 0.99)).toBe(true);
  });
});

describe('VOC details', () => {
  it('11-point and envelope AP on a hand-computed curve', () => {
    // Detections: TP, FP, TP with 2 positives -> rec .5,.5,1; prec 1,.5,.667.
    const rec = [0.5, 0.5, 1];
    const prec = [1, 0.5, 2 / 3];
    expect(vocAp10(rec, prec)).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
    expect(vocAp07(rec, prec)).toBeCloseTo((6 * 1 + 5 * (2 / 3)) / 11, 12);
  });

  it('difficult boxes are neither TP nor FP, and the +1 convention decides a borderline IoU', () => {
    const gt = { images: [{ id: 1, boxes: [{ bbox: [0, 0, 9, 9], label: 'a' }, { bbox: [50, 50, 59, 59], label: 'a', difficult: true }] }] };
    const dets = [
      { image_id: 1, label: 'a', score: 0.9, bbox: [50, 50, 59, 59] }, // on the difficult box: ignored
      { image_id: 1, label: 'a', score: 0.8, bbox: [0, 0, 9, 4] }, // IoU 50/100 with +1, 36/81 without
    ];
    const withPlusOne = evaluateVoc(parseVocInput(gt, dets, true), { plusOne: true });
    expect(withPlusOne.classes[0]).toMatchObject({ tp: 1, fp: 0, npos: 1, ap: 1 });
    const strict = evaluateVoc(parseVocInput(gt, dets, true), { plusOne: true, strictIou: true });
    expect(strict.classes[0]).toMatchObject({ tp: 0, fp: 1, ap: 0 });
    const noPlusOne = evaluateVoc(parseVocInput(gt, dets, false), { plusOne: false });
    expect(noPlusOne.classes[0]).toMatchObject({ tp: 0, fp: 1 });
  });

  it('accepts COCO ground truth and results (iscrowd = difficult, xywh -> inclusive xyxy)', () => {
    const gt = {
      images: [{ id: 3 }],
      categories: [{ id: 7, name: 'star' }],
      annotations: [{ id: 1, image_id: 3, category_id: 7, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 }],
    };
    const r = evaluateVoc(parseVocInput(gt, [{ image_id: 3, category_id: 7, bbox: [0, 0, 10, 10], score: 1 }], true));
    expect(r.classes).toHaveLength(1);
    expect(r.classes[0]).toMatchObject({ label: '7', name: 'star', ap: 1 });
    expect(r.mAP).toBe(1);
  });

  it('rejects detections on unknown images and inverted boxes with one clear line', () => {
    const gt = { images: [{ id: 'a', boxes: [] }] };
    expect(() => parseVocInput(gt, [{ image_id: 'b', label: 'x', score: 1, bbox: [0, 0, 1, 1] }], true)).toThrow(/image_id "b" is not in the ground truth/);
    expect(() => parseVocInput(gt, [{ image_id: 'a', label: 'x', score: 1, bbox: [5, 0, 1, 1] }], true)).toThrow(/x2 < x1/);
  });
});
