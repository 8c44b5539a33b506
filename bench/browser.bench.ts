/**
 * Browser benchmark (npm run bench:browser): the built app in headless Chromium, on WASM.
 *   1. page load -> first result drawn, over fresh browser contexts (cold: no HTTP/SW cache);
 *   2. caption edit -> boxes redrawn, p50/p95 over >= 30 edits (one character typed per edit);
 *   3. gzip size of the JS we ship, and of onnxruntime's wasm (listed separately).
 * Runs on models/default, or on the random fixture bundle (named in the output) until it lands.
 * Prints a Markdown table; also writes test-results/bench-browser.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launch } from '../test/e2e/harness/browser.ts';
import { buildApp, repoRoot } from '../test/e2e/harness/build.ts';
import { hasDefaultModel } from '../test/e2e/harness/data.ts';
import { serveStatic } from '../test/e2e/harness/server.ts';

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const TYPED = 'a small red circle above two blue stars and a green hexagon';
const START = 24; // edits type the characters after this prefix: >= 30 edits

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;

/** Time from navigation start to the first grounding result in the DOM, measured in the page. */
async function pageLoadToFirstResult(page: Page, url: string): Promise<number> {
  await page.goto(url);
  return page.evaluate(
    () =>
      // (no named inner functions: tsx would wrap them in a helper the page does not have)
      new Promise<number>((resolve, reject) => {
        setTimeout(() => reject(new Error('no grounding result within 60 s of navigation')), 60_000);
        const obs = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="result-state"]')?.getAttribute('data-caption')) return;
          obs.disconnect();
          requestAnimationFrame(() => resolve(performance.now()));
        });
        obs.observe(document.body, { subtree: true, attributes: true, childList: true });
      }),
  );
}

/** One caption edit, from the input event to the next frame after its result is in the DOM. */
async function editToRedraw(page: Page, caption: string): Promise<number> {
  return page.evaluate(
    (c) =>
      new Promise<number>((resolve, reject) => {
        setTimeout(() => reject(new Error(`no result for "${c}" within 30 s (see the page's error line)`)), 30_000);
        const box = document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Caption"]')!;
        const state = document.querySelector('[data-testid="result-state"]')!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
        const obs = new MutationObserver(() => {
          if (state.getAttribute('data-caption') !== c) return;
          obs.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        obs.observe(state, { attributes: true });
        const t0 = performance.now();
        setValue.call(box, c);
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    caption,
  );
}

/** gzip sizes by what loads them: the page, the model worker, one of two onnxruntime-web builds. */
function shippedSizes(dist: string) {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets).map((f) => ({ f, bytes: readFileSync(join(assets, f)) }));
  const sum = (test: (f: string) => boolean) => {
    const xs = files.filter((x) => test(x.f));
    return {
      raw: xs.reduce((n, x) => n + x.bytes.length, 0),
      gzip: xs.reduce((n, x) => n + gzipSync(x.bytes, { level: 9 }).length, 0),
    };
  };
  return {
    allJs: sum((f) => f.endsWith('.js')),
    pageJs: sum((f) => f.startsWith('index-') && f.endsWith('.js')),
    workerJs: sum((f) => f.startsWith('model-host.worker') && f.endsWith('.js')),
    ortWasmJs: sum((f) => f.startsWith('ort.wasm.bundle') && f.endsWith('.js')),
    ortGpuJs: sum((f) => (f.startsWith('ort.webgpu.bundle') || f.startsWith('ort-web-')) && f.endsWith('.js')),
    css: sum((f) => f.endsWith('.css')),
    wasmPlain: sum((f) => f.endsWith('.wasm') && !f.includes('asyncify')),
    wasmGpu: sum((f) => f.endsWith('.wasm') && f.includes('asyncify')),
  };
}

async function main() {
  const dist = await buildApp();
  const server = await serveStatic(dist);
  server.mount('/fixtures/', join(repoRoot, 'test/fixtures'));
  const browser = await launch();
  const params = new URLSearchParams({ backend: 'wasm', 'no-sw': '1' });
  if (!hasDefaultModel) params.set('model', '/fixtures/random-bundle/');
  const url = `${server.url}?${params}`;
  const modelName = hasDefaultModel ? 'models/default' : 'test/fixtures/random-bundle (models/default absent)';

  const loads: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    loads.push(await pageLoadToFirstResult(await context.newPage(), url));
    await context.close();
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await pageLoadToFirstResult(page, url);
  await page.waitForSelector('[data-testid="timings"]');
  const imageEncodesBefore = await page.getByTestId('timings').getAttribute('data-image-encodes');
  await editToRedraw(page, TYPED.slice(0, START)); // warm-up: first text encode of the session
  const edits: number[] = [];
  const textEncodes: number[] = [];
  const timings = page.getByTestId('timings');
  for (let n = START + 1; n <= TYPED.length; n++) {
    edits.push(await editToRedraw(page, TYPED.slice(0, n)));
    textEncodes.push(Number(await timings.getAttribute('data-text-encode-ms')));
  }
  const imageEncodesAfter = await page.getByTestId('timings').getAttribute('data-image-encodes');
  await context.close();
  const version = browser.version();
  await browser.close();
  await server.close();

  const sizes = shippedSizes(dist);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, Chromium ${version} (headless), WASM`;
  const rows = [
    ['page load -> first result drawn (cold, p50 / max)', `${ms(quantile(loads, 0.5))} / ${ms(Math.max(...loads))}`, `${LOADS} loads`, '≤ 3000 ms'],
    ['caption edit -> boxes redrawn (p50)', ms(quantile(edits, 0.5)), `${edits.length} edits`, ''],
    ['caption edit -> boxes redrawn (p95)', ms(quantile(edits, 0.95)), `${edits.length} edits`, '≤ 50 ms'],
    ['  of which text encode in the worker (p50 / p95)', `${ms(quantile(textEncodes, 0.5))} / ${ms(quantile(textEncodes, 0.95))}`, `${edits.length} edits`, ''],
    ['all JS shipped, gzip', kb(sizes.allJs.gzip), `raw ${kb(sizes.allJs.raw)}`, ''],
    ['  page (React, Konva, UI), gzip', kb(sizes.pageJs.gzip), `raw ${kb(sizes.pageJs.raw)}`, ''],
    ['  model worker (core, tokenizer, phrases), gzip', kb(sizes.workerJs.gzip), `raw ${kb(sizes.workerJs.raw)}`, ''],
    ['  onnxruntime-web JS, WASM build (loaded on WASM), gzip', kb(sizes.ortWasmJs.gzip), `raw ${kb(sizes.ortWasmJs.raw)}`, ''],
    ['  onnxruntime-web JS, WebGPU build (loaded on WebGPU), gzip', kb(sizes.ortGpuJs.gzip), `raw ${kb(sizes.ortGpuJs.raw)}`, ''],
    ['CSS, gzip', kb(sizes.css.gzip), `raw ${kb(sizes.css.raw)}`, ''],
    ['onnxruntime wasm binary, WASM build (not counted above), gzip', kb(sizes.wasmPlain.gzip), `raw ${kb(sizes.wasmPlain.raw)}`, ''],
    ['onnxruntime wasm binary, WebGPU build (not counted above), gzip', kb(sizes.wasmGpu.gzip), `raw ${kb(sizes.wasmGpu.raw)}`, ''],
  ];
  const table = [
    `Model: ${modelName}. Machine: ${machine}.`,
    `Image encodes during the ${edits.length} edits: ${Number(imageEncodesAfter) - Number(imageEncodesBefore)} (the image is encoded once).`,
    '',
    '| measure | value | over | target |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  console.log(table);
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(
    join(repoRoot, 'test-results/bench-browser.json'),
    JSON.stringify({ machine, model: modelName, loadsMs: loads, editsMs: edits, textEncodeMs: textEncodes, sizes }, null, 2),
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
