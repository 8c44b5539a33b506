import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './harness/browser.ts';
import { waitForModel, waitForResult } from './harness/app.ts';
import { repoRoot } from './harness/build.ts';
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

  it('a new bundled model replaces the cached one on the next visit', async () => {
    // Two releases of "the bundled model" at /models/default/: the same weights, but another id and
    // a re-serialised tokenizer.json (other bytes and sha256), as a retrained model would be.
    const releases = mkdtempSync(join(tmpdir(), 'pg-release-'));
    const v1 = join(releases, 'v1');
    const v2 = join(releases, 'v2');
    cpSync(join(repoRoot, 'test/fixtures/random-bundle'), v1, { recursive: true });
    cpSync(v1, v2, { recursive: true });
    const tokenizer = JSON.stringify(JSON.parse(readFileSync(join(v2, 'tokenizer.json'), 'utf8')));
    writeFileSync(join(v2, 'tokenizer.json'), tokenizer);
    const manifest = JSON.parse(readFileSync(join(v2, 'manifest.json'), 'utf8'));
    manifest.id = 'random-tiny-v2';
    manifest.files['tokenizer.json'] = { bytes: Buffer.byteLength(tokenizer), sha256: createHash('sha256').update(tokenizer).digest('hex') };
    writeFileSync(join(v2, 'manifest.json'), JSON.stringify(manifest, null, 2));

    env.server.mount('/models/default/', v1);
    const { page, context, errors } = await openPage(env.browser, env.appUrl({ backend: 'wasm' }));
    await waitForModel(page, 120_000);
    expect(await page.getByTestId('model-card').getAttribute('data-model-id')).toBe('random-tiny');
    const cachedTokenizer = () =>
      page.evaluate(async () => (await (await caches.open('phraseground-v1')).keys()).some((r) => r.url.endsWith('/models/default/tokenizer.json')));
    for (let t = 0; t < 120 && !(await cachedTokenizer()); t++) await page.waitForTimeout(500);
    expect(await cachedTokenizer()).toBe(true);

    env.server.mount('/models/default/', v2);
    await page.reload();
    await waitForModel(page, 120_000);
    expect(await page.getByTestId('model-card').getAttribute('data-model-id')).toBe('random-tiny-v2');
    expect(await page.getByTestId('error').count()).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });
});
