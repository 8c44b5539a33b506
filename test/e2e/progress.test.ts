import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForModel, waitForResult } from './harness/app.ts';
import { RANDOM_BUNDLE, startE2e, type E2eEnv } from './harness/setup.ts';

/** On a slow connection the first screen shows a byte progress bar, then boxes without a click. */
let env: E2eEnv;

beforeAll(async () => {
  env = await startE2e();
});

afterAll(async () => {
  await env?.close();
});

describe('first screen on a slow connection', () => {
  it('shows download progress in bytes, then grounds the sample', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // ~4 MB/s: onnxruntime's 14 MB wasm takes a few seconds.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 5, downloadThroughput: 4e6, uploadThroughput: 4e6 });
    await page.goto(env.appUrl({ backend: 'wasm', model: RANDOM_BUNDLE, 'no-sw': '1' }));
    const bar = page.getByTestId('model-progress');
    await page.waitForFunction(
      () => /\d+\.\d \/ \d+\.\d MB/.test(document.querySelector('[data-testid="model-progress"]')?.textContent ?? ''),
      undefined,
      { timeout: 60_000, polling: 100 },
    );
    const value = Number(await bar.locator('progress').getAttribute('value'));
    const max = Number(await bar.locator('progress').getAttribute('max'));
    expect(value).toBeGreaterThan(0);
    expect(max).toBeGreaterThanOrEqual(value);
    await waitForModel(page, 120_000);
    await waitForResult(page, await page.locator('textarea[aria-label="Caption"]').inputValue(), undefined, 60_000);
    await context.close();
  });
});
