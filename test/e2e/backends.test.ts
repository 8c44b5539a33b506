import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openPage } from './harness/browser.ts';
import { readBoxes, setThresholds, waitForModel, waitForResult, type ShownBox } from './harness/app.ts';
import { RANDOM_BUNDLE, startE2e, type E2eEnv } from './harness/setup.ts';

/**
 * WebGPU (Chromium's SwiftShader software adapter) and WASM give the same boxes, and asking for
 * WebGPU where there is none falls back to WASM and says so. Random bundle: fast, and the
 * comparison needs no trained weights. SwiftShader is slow (~20 s per image encode on 2 cores).
 */
let env: E2eEnv;
let gpuBrowser: Browser;

/** `model` undefined: the bundled default. */
async function groundOn(browser: Browser, backend: 'wasm' | 'webgpu', model?: string): Promise<{ boxes: ShownBox[]; shown: string | null; fallbacks: number }> {
  const { page, context } = await openPage(browser, env.appUrl({ backend, ...(model ? { model } : {}), 'no-sw': '1' }));
  await waitForModel(page, 150_000);
  const caption = await page.locator('textarea[aria-label="Caption"]').inputValue();
  await waitForResult(page, caption, undefined, 150_000);
  await setThresholds(page, 0.05, 3);
  const boxes = await readBoxes(page);
  const shown = await page.getByTestId('backend').getAttribute('data-backend');
  const fallbacks = await page.getByTestId('backend-fallback').count(); // an encoder that left WebGPU for WASM
  await context.close();
  return { boxes, shown, fallbacks };
}

beforeAll(async () => {
  env = await startE2e();
  gpuBrowser = await launch({ webgpu: true });
});

afterAll(async () => {
  await gpuBrowser?.close();
  await env?.close();
});

describe('backends', () => {
  // The random bundle is quick; the shipped default also proves its int8 text encoder and its
  // region attention run on the WebGPU path.
  it.each([
    ['the random bundle', RANDOM_BUNDLE],
    ['the shipped default bundle', undefined],
  ])('WebGPU and WASM find the same boxes on %s (1 px, 1e-3 score)', async (_name, model) => {
    const wasm = await groundOn(env.browser, 'wasm', model);
    const gpu = await groundOn(gpuBrowser, 'webgpu', model);
    expect(wasm.shown).toBe('wasm');
    expect(gpu.shown).toBe('webgpu');
    expect(gpu.fallbacks).toBe(0);
    expect(wasm.boxes.length).toBeGreaterThan(0);
    expect(gpu.boxes.map((b) => b.phraseId)).toEqual(wasm.boxes.map((b) => b.phraseId));
    gpu.boxes.forEach((b, i) => {
      const w = wasm.boxes[i];
      for (let j = 0; j < 4; j++) expect(Math.abs(b.bbox[j] - w.bbox[j])).toBeLessThanOrEqual(1);
      expect(Math.abs(b.score - w.score)).toBeLessThan(1e-3);
    });
  }, 300_000);

  it('?backend=webgpu without a WebGPU adapter runs on WASM and says why', async () => {
    const { page, context } = await openPage(env.browser, env.appUrl({ backend: 'webgpu', model: RANDOM_BUNDLE, 'no-sw': '1' }));
    await waitForModel(page, 120_000);
    expect(await page.getByTestId('backend').getAttribute('data-backend')).toBe('wasm');
    expect(await page.getByTestId('backend-fallback').textContent()).toMatch(/WebGPU not used: .*WebGPU/);
    await context.close();
  });
});
