/**
 * The model pipeline's evaluation (Python, onnxruntime) and ours (`phraseground eval grounding`,
 * Node) must give the same numbers on the same split and bundle: here the first images of the
 * committed test split, run through the shipped default bundle by both, as real processes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const N_IMAGES = 40;
const SPLIT = resolve('models/data/test');
const BUNDLE = resolve('models/default');

interface Coco {
  images: { id: number; file_name: string }[];
  annotations: { image_id: number }[];
  [k: string]: unknown;
}

/** A split folder `<root>/sub` holding the first N images of the test split. */
function sliceOfTestSplit(root: string): string {
  const coco = JSON.parse(readFileSync(join(SPLIT, 'annotations.json'), 'utf8')) as Coco;
  const images = coco.images.slice(0, N_IMAGES);
  const ids = new Set(images.map((i) => i.id));
  const sub = join(root, 'sub');
  mkdirSync(join(sub, 'images'), { recursive: true });
  for (const im of images) copyFileSync(join(SPLIT, im.file_name), join(sub, im.file_name));
  writeFileSync(join(sub, 'annotations.json'), JSON.stringify({ ...coco, images, annotations: coco.annotations.filter((a) => ids.has(a.image_id)) }));
  return sub;
}

describe('pipeline evaluation vs phraseground eval grounding', () => {
  it('same Recall@1 and negatives-with-no-box on the same images and bundle', () => {
    const root = mkdtempSync(join(tmpdir(), 'pg-agree-'));
    const sub = sliceOfTestSplit(root);
    const py = spawnSync(resolve('.venv/bin/python'), ['-m', 'phraseground_models.evaluate', '--bundle', BUNDLE, '--data', root, '--splits', 'sub'], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: resolve('models/pipeline') },
      timeout: 300_000,
    });
    expect(py.status, py.stderr).toBe(0);
    const pyReport = JSON.parse(py.stdout) as { threshold: number; results: { shipped: { sub: Record<string, number> } } };
    const ours = spawnSync(process.execPath, [resolve('src/cli/bin.mjs'), 'eval', 'grounding', '--gt', join(sub, 'annotations.json'), '--images', sub, '--model', BUNDLE, '--json'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(ours.status, ours.stderr).toBe(0);
    const report = JSON.parse(ours.stdout) as { counts: Record<string, number>; recallAnyBox: Record<string, number>; negativeNoBox: number; options: { negThreshold: number } };
    const p = pyReport.results.shipped.sub;
    expect(report.options.negThreshold).toBe(pyReport.threshold); // both at the manifest's threshold
    expect(report.counts.phrases).toBe(p.n_pos);
    expect(report.counts.negatives).toBe(p.n_neg);
    expect(p.n_pos).toBeGreaterThan(50);
    // Python rounds percentages to 2 decimals; a single phrase moves R@1 by over 1 point here.
    expect(report.recallAnyBox['1'] * 100).toBeCloseTo(p['recall@1'], 1);
    expect(report.negativeNoBox * 100).toBeCloseTo(p.neg_ok, 1);
  }, 600_000);
});
