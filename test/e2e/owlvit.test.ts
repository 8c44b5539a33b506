import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './harness/browser.ts';
import { repoRoot } from './harness/build.ts';
import { readBoxes, setCaption, setThresholds, waitForModel, waitForResult } from './harness/app.ts';
import { startE2e, type E2eEnv } from './harness/setup.ts';

/**
 * OWL-ViT / OWLv2 bundles (query granularity, CLIP BPE tokenizer, per-region logit shift/scale)
 * load from a URL into the app and give the boxes the Python reference gives (tiny random-weight
 * exports from phraseground_models.owlvit_export; their boxes mean nothing, but they are exact).
 */
let env: E2eEnv;

beforeAll(async () => {
  env = await startE2e();
});

afterAll(async () => {
  await env?.close();
});

interface QueryCase {
  id: string;
  image: string;
  caption: string;
  phrases: { text: string }[];
  best: { phrase: number; score: number; bbox: number[]; margin: number }[];
}

describe.each(['owlvit-tiny', 'owlv2-tiny'])('%s in the app', (name) => {
  it('loads from a URL and shows the reference best box of every phrase (1 px, 1e-3)', async () => {
    const refDir = join(repoRoot, 'test/fixtures/query-parity', name);
    const cases = (JSON.parse(readFileSync(join(refDir, 'cases.json'), 'utf8')) as { cases: QueryCase[] }).cases;
    const c = cases.find((k) => k.id === 'wide') ?? cases[0];
    const { page, context, errors } = await openPage(env.browser, env.appUrl({ backend: 'wasm', model: `/fixtures/${name}/`, 'no-sw': '1' }));
    await waitForModel(page, 120_000);
    await page.getByTestId('image-file').setInputFiles(join(refDir, c.image));
    await setThresholds(page, 0, 1);
    await setCaption(page, c.caption);
    await waitForResult(page, c.caption, c.image);
    const shown = await readBoxes(page);
    for (const b of c.best) {
      const text = c.phrases[b.phrase].text;
      const box = shown.find((s) => s.phrase === text);
      expect(box, `no box shown for "${text}"`).toBeDefined();
      box!.bbox.forEach((v, k) => expect(Math.abs(v - b.bbox[k])).toBeLessThanOrEqual(1));
      expect(Math.abs(box!.score - b.score)).toBeLessThanOrEqual(1e-3);
    }
    expect(await page.getByTestId('error').count()).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });
});
