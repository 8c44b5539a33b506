import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, type OpenedPage } from './harness/browser.ts';
import { repoRoot } from './harness/build.ts';
import { captionBox, setThresholds, dismissError, errorText, readBoxes, setCaption, waitForModel, waitForResult, type ShownBox } from './harness/app.ts';
import { bundleFilesWithout, bundleWithVersion, corruptPng, hugePng, scratch, textFile } from './harness/bad-files.ts';
import { RANDOM_BUNDLE, startE2e, type E2eEnv } from './harness/setup.ts';

/**
 * Bad inputs, end to end: each gives one clear line in the page, no stack trace, no blank page,
 * and the previous result stays on screen. Runs on the fast random bundle.
 */
let env: E2eEnv;
let opened: OpenedPage;
let page: Page;
let dir: string;
let caption: string;
let before: ShownBox[];

/** A port nobody listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** The error line, then: same boxes, same caption result, model still ready, no page crash. */
async function expectErrorAndResultKept(pattern: RegExp, screenshot?: string) {
  const text = await errorText(page);
  if (screenshot) await page.screenshot({ path: join(repoRoot, 'test-results', screenshot) });
  expect(text).toMatch(pattern);
  expect(text).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/); // one line, no stack trace
  expect(await page.getByTestId('model-panel').getAttribute('data-status')).toBe('ready');
  expect(await page.getByTestId('result-state').getAttribute('data-caption')).toBe(caption);
  expect(await readBoxes(page)).toEqual(before);
  await dismissError(page);
}

async function loadBundleUrl(url: string) {
  const details = page.locator('details.load-bundle');
  if ((await details.getAttribute('open')) === null) await page.getByText('Load another model').click();
  await page.getByTestId('bundle-url').fill(url);
  await page.getByRole('button', { name: 'Load URL' }).click();
}

beforeAll(async () => {
  env = await startE2e();
  dir = scratch();
  env.server.mount('/scratch/', dir);
  opened = await openPage(env.browser, env.appUrl({ backend: 'wasm', model: RANDOM_BUNDLE }));
  page = opened.page;
  await waitForModel(page, 120_000);
  caption = await captionBox(page).inputValue();
  await waitForResult(page, caption);
  await setThresholds(page, 0.05, 3);
  before = await readBoxes(page);
});

afterAll(async () => {
  await env?.close();
});

describe('bad inputs give one line and keep the previous result', () => {
  it('a file that is not an image', async () => {
    await page.getByTestId('image-file').setInputFiles(textFile(dir));
    await expectErrorAndResultKept(/^notes\.txt is not an image: choose a PNG, JPEG, WebP, GIF or BMP file$/);
  });

  it('a corrupt image', async () => {
    await page.getByTestId('image-file').setInputFiles(corruptPng(dir, join(repoRoot, 'public/samples/000002.png')));
    await expectErrorAndResultKept(/^corrupt\.png .*(corrupt|truncated)/);
  });

  it('a 20000x20000 image', async () => {
    await page.getByTestId('image-file').setInputFiles(hugePng(dir));
    await expectErrorAndResultKept(/^huge-20000x20000\.png is 20000x20000 .*downscale it first/, 'e2e-error.png');
  });

  it('an empty caption', async () => {
    await setCaption(page, '   ');
    await expectErrorAndResultKept(/caption/i);
    await setCaption(page, caption); // back to the previous caption: same result again
    await waitForResult(page, caption);
  });

  it('a 500-word caption is cut at the token limit, and the page says so', async () => {
    const long = Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? 'a red circle' : 'and')).join(' ');
    await setCaption(page, long);
    await waitForResult(page, long);
    await expect(page.getByRole('status').filter({ hasText: 'longer than the model' }).count()).resolves.toBe(1);
    expect((await readBoxes(page)).length).toBeGreaterThan(0);
    await setCaption(page, caption);
    await waitForResult(page, caption);
    expect(await readBoxes(page)).toEqual(before);
  });

  it('a bundle with a missing file', async () => {
    await page.getByTestId('bundle-files').setInputFiles(bundleFilesWithout('text_encoder.onnx'));
    await expectErrorAndResultKept(/^bundle is missing text_encoder\.onnx/);
  });

  it('a bundle with an unknown manifest version', async () => {
    bundleWithVersion(dir, 7);
    await loadBundleUrl(`${env.server.url}scratch/bundle-v7/`);
    await expectErrorAndResultKept(/format_version 7.*version 1/);
  });

  it('a bundle URL that does not answer', async () => {
    await loadBundleUrl(`http://127.0.0.1:${await closedPort()}/bundle/`);
    await expectErrorAndResultKept(/^could not download manifest\.json from http:\/\/127\.0\.0\.1:\d+\/bundle\//);
  });

  it('never leaves an uncaught error in the page', () => {
    expect(opened.errors.filter((e) => !e.includes('[W:onnxruntime') && !e.includes('Failed to load resource'))).toEqual([]);
  });
});
