import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './harness/browser.ts';
import { waitForModel, waitForResult } from './harness/app.ts';
import { RANDOM_BUNDLE, startE2e, type E2eEnv } from './harness/setup.ts';

/** A second visit works offline: the service worker cached the app, onnxruntime's wasm and the model. */
let env: E2eEnv;

beforeAll(async () => {
  env = await startE2e();
});

afterAll(async () => {
  await env?.close();
});

describe('offline', () => {
  it('reloads and grounds with the network off', async () => {
    const { page, context, errors } = await openPage(env.browser, env.appUrl({ backend: 'wasm', model: RANDOM_BUNDLE }));
    await waitForModel(page, 120_000);
    const caption = await page.locator('textarea[aria-label="Caption"]').inputValue();
    await waitForResult(page, caption);
    let cachedNow: string[] = [];
    // The first visit's files are stored once the model is ready (see src/ui/state/offline.ts).
    const wanted = ['manifest.json', 'text_encoder.onnx', 'image_encoder.onnx', '.wasm', 'samples.json'];
    const cached = () => page.evaluate(async () => (await (await caches.open('phraseground-v1')).keys()).map((r) => r.url));
    for (let t = 0; t < 120 && !wanted.every((f) => cachedNow.some((k) => k.includes(f))); t++) {
      await page.waitForTimeout(500);
      cachedNow = await cached();
    }
    expect(wanted.filter((f) => !cachedNow.some((k) => k.includes(f)))).toEqual([]);
    await context.setOffline(true);
    await page.reload();
    await waitForModel(page, 120_000);
    await waitForResult(page, caption);
    expect(await page.getByTestId('error').count()).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });
});
