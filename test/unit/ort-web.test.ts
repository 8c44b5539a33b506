import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, type Model } from '../../src/core/index.ts';
import { decodeImageFile } from '../../src/runtime/node/decode-image.ts';
import { folderSource } from '../../src/runtime/node/folder-source.ts';
import { ortNodeBackend } from '../../src/runtime/node/ort-node.ts';
import { ortWebBackend } from '../../src/runtime/web/ort-web.ts';
import { fixture, randomBundleDir, repoRoot } from './helpers/fixtures.ts';

/**
 * The onnxruntime-web adapter on its WASM provider, run in Node against onnxruntime-node: same
 * features within 1e-4. (WebGPU and the browser build are exercised in Chromium by test/e2e.)
 */
describe('ortWebBackend (wasm) agrees with ortNodeBackend', () => {
  let web: Model;
  let node: Model;
  beforeAll(async () => {
    const wasmPaths = pathToFileURL(join(repoRoot, 'node_modules/onnxruntime-web/dist/')).href;
    const backend = await ortWebBackend({ wasmPaths, webgpu: false, numThreads: 1 });
    expect(backend.provider).toBe('wasm');
    expect(backend.fallbackReason).toBe('WASM was requested');
    web = await loadBundle(folderSource(randomBundleDir), backend);
    node = await loadBundle(folderSource(randomBundleDir), ortNodeBackend({ threads: 1 }));
  }, 120_000);
  afterAll(async () => {
    await web?.dispose();
    await node?.dispose();
  });

  it('reports what runs', () => {
    expect(web.backend).toBe('onnxruntime-web (wasm, 1 thread)');
  });

  it('image and text features match', async () => {
    const rgb = await decodeImageFile(fixture('parity', 'random-bundle', 'tall.png'));
    const [a, b] = [await web.encodeImage(rgb), await node.encodeImage(rgb)];
    const worst = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
    expect(worst(a.embeds, b.embeds)).toBeLessThan(1e-4);
    expect(worst(a.pixelBoxes, b.pixelBoxes)).toBeLessThan(1e-2);
    // Concurrent calls are serialised by the adapter rather than failing.
    const [t1, t2] = await Promise.all([web.encodeText('a red circle'), web.encodeText('two blue stars')]);
    const [n1, n2] = [await node.encodeText('a red circle'), await node.encodeText('two blue stars')];
    expect(worst(t1.embeds, n1.embeds)).toBeLessThan(1e-4);
    expect(worst(t2.embeds, n2.embeds)).toBeLessThan(1e-4);
  });
});
