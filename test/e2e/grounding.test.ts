import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, type OpenedPage } from './harness/browser.ts';
import { repoRoot } from './harness/build.ts';
import { captionBox, counters, readBoxes, setCaption, setThresholds, waitForModel, waitForResult } from './harness/app.ts';
import { cliGround, hasDefaultModel, iou, testScenes } from './harness/data.ts';
import { RANDOM_BUNDLE, startE2e, type E2eEnv } from './harness/setup.ts';

/**
 * The app in headless Chromium on WASM: first screen, image encoded once, accuracy against the
 * ground truth (needs models/default), highlight, export validated and compared with the CLI.
 * Without the trained bundle it runs on the random fixture bundle at a low threshold.
 */
const model = hasDefaultModel ? undefined : RANDOM_BUNDLE;
const cliModel = hasDefaultModel ? undefined : 'test/fixtures/random-bundle';
const samples = JSON.parse(readFileSync(join(repoRoot, 'public/samples/samples.json'), 'utf8')) as Array<{ file: string; caption: string }>;

let env: E2eEnv;
let opened: OpenedPage;
let page: Page;

beforeAll(async () => {
  env = await startE2e();
  opened = await openPage(env.browser, env.appUrl({ backend: 'wasm', ...(model ? { model } : {}) }));
  page = opened.page;
  await waitForModel(page, 120_000);
});

afterAll(async () => {
  await env?.close();
});

describe('the app on WASM', () => {
  it('first screen: a sample image and its caption are prefilled, and grounded without a click', async () => {
    await waitForResult(page, samples[0].caption, samples[0].file);
    expect(await captionBox(page).inputValue()).toBe(samples[0].caption);
    const backend = page.getByTestId('backend');
    expect(await backend.getAttribute('data-backend')).toBe('wasm');
    expect(Number(await backend.getAttribute('data-threads'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.pg-chips li').count()).toBeGreaterThanOrEqual(2);
    if (hasDefaultModel) expect((await readBoxes(page)).length).toBeGreaterThan(0);
  });

  it('encodes the image once, however many caption edits', async () => {
    const before = await counters(page);
    for (const c of ['a green square', 'a white diamond', 'a green square above a white diamond', 'a red star', 'the diamond']) {
      await setCaption(page, c);
      await waitForResult(page, c);
    }
    const after = await counters(page);
    expect(after.imageEncodes).toBe(before.imageEncodes);
    expect(after.textEncodes).toBeGreaterThan(before.textEncodes);
  });

  it.runIf(hasDefaultModel)('finds each phrase of an uploaded test image where its ground truth is (IoU >= 0.5)', async () => {
    const scenes = testScenes().filter((s) => s.phrases.length >= 2 && s.phrases.every((p) => p.boxes.length === 1)).slice(0, 3);
    // Where the app puts each phrase's best box, whatever its score: the model's calibration (which
    // phrases clear the default threshold) is measured by the pipeline's evaluation, not here.
    await setThresholds(page, 0.05, 1);
    for (const scene of scenes) {
      await page.getByTestId('image-file').setInputFiles(scene.file);
      await setCaption(page, scene.caption);
      await waitForResult(page, scene.caption, scene.name);
      const boxes = await readBoxes(page);
      for (const gt of scene.phrases) {
        const mine = boxes.filter((b) => {
          const [s, e] = b.phraseId.slice(1).split('-').map(Number);
          return s < gt.span[1] && gt.span[0] < e;
        });
        const best = Math.max(0, ...mine.map((b) => iou(b.bbox, gt.boxes[0])));
        expect(best, `${scene.name} "${scene.caption.slice(...gt.span)}"`).toBeGreaterThanOrEqual(0.5);
      }
    }
  });

  it('clicking a phrase highlights its boxes and dims the rest', async () => {
    const scene = testScenes().find((s) => s.name === samples[0].file) ?? testScenes()[0];
    await page.getByTestId('image-file').setInputFiles(scene.file);
    await setThresholds(page, 0.05, 3);
    await setCaption(page, scene.caption);
    await waitForResult(page, scene.caption, scene.name);
    const chip = page.locator('.pg-chips li').first();
    const id = await chip.getAttribute('data-phrase-id');
    await chip.locator('button').first().click();
    await page.waitForFunction((pid) => {
      const items = [...document.querySelectorAll<HTMLElement>('[data-testid="box-list"] li')];
      return items.length > 0 && items.every((li) => (li.dataset.highlighted === 'true') === (li.dataset.phraseId === pid));
    }, id);
    const boxes = await readBoxes(page);
    expect(boxes.some((b) => b.phraseId === id && b.highlighted)).toBe(true);
    expect(boxes.filter((b) => b.phraseId !== id).every((b) => !b.highlighted)).toBe(true);
  });

  it('hovering a phrase chip previews its boxes; leaving it restores the selection', async () => {
    const chips = page.locator('.pg-chips li');
    expect(await chips.count()).toBeGreaterThan(1);
    const selected = await chips.first().getAttribute('data-phrase-id'); // clicked in the test above
    const other = chips.last();
    const otherId = await other.getAttribute('data-phrase-id');
    const highlightedIs = (pid: string | null) =>
      page.waitForFunction((p) => {
        const items = [...document.querySelectorAll<HTMLElement>('[data-testid="box-list"] li')];
        return items.length > 0 && items.every((li) => (li.dataset.highlighted === 'true') === (li.dataset.phraseId === p));
      }, pid);
    await other.locator('button').first().hover();
    await highlightedIs(otherId);
    await page.mouse.move(0, 0);
    await highlightedIs(selected);
  });

  it('exports a result JSON that the schema accepts and that matches the CLI within 1 px', async () => {
    const scene = testScenes().find((s) => s.name === samples[0].file) ?? testScenes()[0];
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download result JSON' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    const schema = JSON.parse(readFileSync(join(repoRoot, 'src/core/schemas/result.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(exported), JSON.stringify(validate.errors?.[0])).toBe(true);
    expect(exported.caption).toBe(scene.caption);
    expect(exported.image.name).toBe(scene.name);

    const cli = await cliGround({ image: scene.file, caption: scene.caption, model: cliModel, threshold: 0.05, topK: 3 });
    expect(exported.phrases.map((p: { span: number[] }) => p.span)).toEqual(cli.phrases.map((p) => p.span));
    let compared = 0;
    exported.phrases.forEach((p: { boxes: Array<{ bbox: number[]; score: number }> }, i: number) => {
      expect(p.boxes.length).toBe(cli.phrases[i].boxes.length);
      p.boxes.forEach((b, k) => {
        const c = cli.phrases[i].boxes[k];
        for (let j = 0; j < 4; j++) expect(Math.abs(b.bbox[j] - c.bbox[j])).toBeLessThanOrEqual(1);
        expect(Math.abs(b.score - c.score)).toBeLessThan(1e-3);
        compared++;
      });
    });
    expect(compared).toBeGreaterThan(0);

    // Round trip: importing the exported file shows the same boxes again.
    const shown = await readBoxes(page);
    await setCaption(page, 'something else entirely');
    await waitForResult(page, 'something else entirely');
    await page.getByTestId('import-result-input').setInputFiles(await download.path());
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="box-list"] li').length === n, shown.length);
    const again = await readBoxes(page);
    expect(again.map((b) => b.phraseId)).toEqual(shown.map((b) => b.phraseId));
    again.forEach((b, i) => b.bbox.forEach((v, j) => expect(Math.abs(v - shown[i].bbox[j])).toBeLessThan(0.02))); // JSON keeps 3 decimals
    expect(await page.getByTestId('error').count()).toBe(0);
  });

  it('leaves no uncaught error in the page, and saves a screenshot', async () => {
    await page.screenshot({ path: join(repoRoot, 'test-results/e2e-app.png') });
    expect(opened.errors.filter((e) => !e.includes('[W:onnxruntime'))).toEqual([]);
  });
});
