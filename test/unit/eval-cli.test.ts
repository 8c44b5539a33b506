/**
 * `phraseground eval` as a real process on real files: COCO, VOC and grounding reports, a model
 * run with the random fixture bundle, and every bad input with its exit code and one-line message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCocoDetections, parseCocoGroundTruth } from '../../src/core/eval/coco-data.ts';
import { evaluateCoco } from '../../src/core/eval/coco.ts';
import { cocoStats } from '../../src/core/eval/coco-summary.ts';
import { makeCocoCase } from '../fixtures/eval/coco-cases.ts';
import { GT, PREDICTIONS } from '../fixtures/eval/grounding-case.ts';

const BIN = resolve('src/cli/bin.mjs');
const dir = mkdtempSync(join(tmpdir(), 'pg-evalcli-'));
const file = (name: string, body: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'eval', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A user error: the exit code, and exactly one line on stderr without a stack trace. */
function expectOneLineError(r: ReturnType<typeof cli>, code: number, pattern: RegExp) {
  expect(r.code, r.err).toBe(code);
  const lines = r.err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at /);
}

const c = makeCocoCase(1003);
let gtPath = '';
let dtPath = '';

beforeAll(() => {
  gtPath = file('gt.json', c.gt);
  dtPath = file('dt.json', c.dt);
});

describe('eval coco / voc', () => {
  it('prints the 12 pycocotools summary lines, or --json stats equal to the library', () => {
    const text = cli('coco', '--gt', gtPath, '--dt', dtPath);
    expect(text.code).toBe(0);
    const lines = text.out.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^ Average Precision {2}\(AP\) @\[ IoU=0\.50:0\.95 \| area= {3}all \| maxDets=100 \] = \d\.\d{3}$/);
    const json = cli('coco', '--gt', gtPath, '--dt', dtPath, '--json', '--per-class', '--pr-curves', join(dir, 'pr.json'));
    expect(json.code).toBe(0);
    const gt = parseCocoGroundTruth(c.gt);
    const expected = cocoStats(evaluateCoco(gt, parseCocoDetections(c.dt, gt)));
    const out = JSON.parse(json.out);
    expect(out.stats).toEqual(expected);
    expect(out.perClass).toHaveLength(gt.catIds.length);
    const pr = JSON.parse(readFileSync(join(dir, 'pr.json'), 'utf8'));
    expect(pr.recallThresholds).toHaveLength(101);
    expect(pr.curves).toHaveLength(2 * gt.catIds.length);
    expect(pr.curves[0].precision).toHaveLength(101);
  });

  it('voc: a table with mAP, --metric 07 --json, COCO input accepted', () => {
    const r = cli('voc', '--gt', gtPath, '--dt', dtPath, '--metric', '07', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.options.metric).toBe('07');
    expect(out.mAP).toBeGreaterThan(0);
    // Classes are the GT's categories (annotations of unknown categories are skipped, as COCOeval).
    const known = new Set(c.gt.categories.map((k) => String(k.id)));
    expect(out.classes.length).toBeGreaterThan(0);
    expect(out.classes.every((k: { label: string }) => known.has(k.label))).toBe(true);
    const table = cli('voc', '--gt', gtPath, '--dt', dtPath);
    expect(table.out).toMatch(/mAP = \d\.\d{4}/);
  });
});

describe('eval grounding', () => {
  it('scores a JSONL results file and writes JSON, Markdown and SVG', () => {
    const out = join(dir, 'report');
    const r = cli('grounding', '--gt', file('mgt.json', GT), '--results', file('preds.jsonl', PREDICTIONS.map((p) => JSON.stringify(p)).join('\n')), '--out-dir', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/recall, any-box protocol \| 50\.0% \| 75\.0% \| 75\.0% \|/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.recallMerged['1']).toBe(0.25);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('![Recall@1 vs IoU threshold](recall-vs-iou.svg)');
    const svg = readFileSync(join(out, 'recall-vs-iou.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
  });

  it('runs a bundle over a set, and its predictions.jsonl rescored gives the same report', () => {
    const cap = 'a small red circle next to two blue stars';
    const mgt = {
      images: [
        { id: 1, file_name: 'images/wide.png', caption: cap, negative_spans: [[27, 41]] },
        { id: 2, file_name: 'square.png', caption: 'crimson box above a black triangle!', negative_spans: [] },
      ],
      annotations: [
        { id: 1, image_id: 1, bbox: [10, 10, 40, 30], area: 1200, iscrowd: 0, category_id: 1, tokens_positive: [[0, 18]], phrase_ids: 0 },
        { id: 2, image_id: 2, bbox: [0, 0, 50, 50], area: 2500, iscrowd: 0, category_id: 1, tokens_positive: [[0, 11]], phrase_ids: 0 },
        { id: 3, image_id: 2, bbox: [60, 60, 20, 20], area: 400, iscrowd: 0, category_id: 1, tokens_positive: [[18, 34]], phrase_ids: 1 },
      ],
      categories: [{ id: 1, name: 'shape' }],
    };
    const gtFile = file('model-gt.json', mgt);
    const out = join(dir, 'model-run');
    const r = cli('grounding', '--gt', gtFile, '--images', 'test/fixtures/parity/random-bundle', '--model', 'test/fixtures/random-bundle', '--out-dir', out, '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.counts).toEqual({ images: 2, phrases: 3, singleReferent: 3, negatives: 1 });
    expect(report.missing).toEqual({ images: 0, phrases: 0, negatives: 0 });
    const lines = readFileSync(join(out, 'predictions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].phrases.map((p: { span: number[] }) => p.span)).toEqual([[0, 18], [27, 41]]);
    for (const l of lines) for (const p of l.phrases) expect(p.boxes.length).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync('test/fixtures/random-bundle/manifest.json', 'utf8'));
    const again = cli('grounding', '--gt', gtFile, '--results', join(out, 'predictions.jsonl'), '--neg-threshold', String(manifest.scoring.threshold), '--json');
    expect(again.code, again.err).toBe(0);
    const rescored = JSON.parse(again.out);
    expect(rescored.recallAnyBox).toEqual(report.recallAnyBox);
    expect(rescored.recallMerged).toEqual(report.recallMerged);
    expect(rescored.negativeNoBox).toEqual(report.negativeNoBox);
  });
});

describe('eval bad inputs', () => {
  it('malformed JSON, NaN, negative sizes, unknown images, empty results: exit 3, one line', () => {
    expectOneLineError(cli('coco', '--gt', gtPath, '--dt', file('bad.json', '[{"image_id": 1,')), 3, /bad\.json is not valid JSON/);
    expectOneLineError(cli('coco', '--gt', gtPath, '--dt', file('nan.json', '[{"image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "score": NaN}]')), 3, /contains NaN or Infinity/);
    const img = c.gt.images[0].id;
    const cat = c.gt.categories[0].id;
    expectOneLineError(cli('coco', '--gt', gtPath, '--dt', file('neg.json', [{ image_id: img, category_id: cat, bbox: [0, 0, -5, 3], score: 0.5 }])), 3, /negative width or height/);
    expectOneLineError(cli('coco', '--gt', gtPath, '--dt', file('unk.json', [{ image_id: 123456, category_id: cat, bbox: [0, 0, 5, 3], score: 0.5 }])), 3, /image_id 123456 is not in the ground truth/);
    expectOneLineError(cli('coco', '--gt', gtPath, '--dt', file('empty.json', [])), 3, /results list is empty/);
    expectOneLineError(cli('coco', '--gt', join(dir, 'nope.json'), '--dt', dtPath), 3, /nope\.json does not exist/);
    expectOneLineError(cli('voc', '--gt', gtPath, '--dt', file('null.json', [{ image_id: img, category_id: cat, bbox: [0, 0, 1, 1], score: null }])), 3, /score must be a finite number/);
    expectOneLineError(cli('grounding', '--gt', file('mgt2.json', GT), '--results', file('empty.jsonl', '\n')), 3, /is empty/);
  });

  it('unknown category ids are not an error: ignored with a note, as pycocotools', () => {
    const r = cli('coco', '--gt', gtPath, '--dt', file('unkcat.json', [...c.dt, { image_id: c.gt.images[0].id, category_id: 4242, bbox: [0, 0, 5, 5], score: 1 }]), '--json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/category_id that is not in the ground truth; they are ignored/);
  });

  it('usage mistakes: exit 2, one line', () => {
    expectOneLineError(cli('coco', '--gt', gtPath), 2, /needs --dt FILE/);
    expectOneLineError(cli('coco', '--gt', gtPath, '--dt', dtPath, '--bogus'), 2, /Unknown option '--bogus'/);
    expectOneLineError(cli('voc', '--gt', gtPath, '--dt', dtPath, '--metric', '09'), 2, /--metric must be 07 or 10/);
    expectOneLineError(cli('grounding', '--gt', gtPath, '--results', dtPath, '--images', dir), 2, /exactly one of --results FILE or --images DIR/);
    expectOneLineError(cli('frobnicate'), 2, /unknown eval command 'frobnicate'/);
    expect(existsSync(BIN)).toBe(true);
  });
});
