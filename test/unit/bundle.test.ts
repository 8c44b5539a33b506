import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesSource, loadBundle, urlSource, type LoadProgress } from '../../src/core/index.ts';
import { folderSource } from '../../src/runtime/node/folder-source.ts';
import { ortNodeBackend } from '../../src/runtime/node/ort-node.ts';
import { copyBundle, fixture, randomBundleDir, tempDir } from './helpers/fixtures.ts';

const backend = ortNodeBackend({ threads: 1 });
/** The file's real size: progress must end at the bytes actually sent. */
const textEncoderBytes = statSync(join(randomBundleDir, 'text_encoder.onnx')).size;
const tmp = tempDir();
afterAll(() => tmp.cleanup());

let n = 0;
/** Loads an edited copy of the random bundle and returns the error message it fails with. */
async function failureOf(edit: Parameters<typeof copyBundle>[1]): Promise<{ kind: string; message: string }> {
  const dir = copyBundle(join(tmp.dir, String(n++)), edit);
  try {
    await loadBundle(folderSource(dir), backend);
  } catch (e) {
    return { kind: (e as { kind: string }).kind, message: (e as Error).message };
  }
  throw new Error('expected the bundle to fail');
}

describe('loadBundle on the random-weight bundle', () => {
  it('loads, reports progress, and agrees on D between the encoders', async () => {
    const events: LoadProgress[] = [];
    const model = await loadBundle(folderSource(randomBundleDir), backend, (p) => events.push(p));
    expect(model.dim).toBe(32);
    expect(model.manifest.id).toBe('random-tiny');
    expect(events.filter((e) => e.stage === 'session').map((e) => (e as { file: string }).file)).toEqual([
      'image_encoder.onnx',
      'text_encoder.onnx',
    ]);
    expect(events.at(-1)).toEqual({ stage: 'ready', backend: 'onnxruntime-node (cpu)' });
    const download = events.find((e) => e.stage === 'download' && e.file === 'text_encoder.onnx');
    expect(download).toMatchObject({ loaded: textEncoderBytes, total: textEncoderBytes });
    await model.dispose();
  });
});

describe('broken bundles give one clear line each', () => {
  it('missing tokenizer.json', async () => {
    expect(await failureOf({ files: { 'tokenizer.json': null } })).toEqual({ kind: 'bundle', message: 'bundle is missing tokenizer.json' });
  });

  it('missing manifest.json', async () => {
    expect((await failureOf({ files: { 'manifest.json': null } })).message).toBe('bundle is missing manifest.json');
  });

  it('a manifest with a missing field', async () => {
    const f = await failureOf({ manifest: (m) => void delete m.image_encoder.std });
    expect(f).toEqual({ kind: 'bundle', message: "manifest.json: image_encoder is missing 'std'" });
  });

  it('a manifest of an unknown format version', async () => {
    const f = await failureOf({ manifest: (m) => void (m.format_version = 7) });
    expect(f.message).toBe('manifest.json has format_version 7; this app reads version 1 — update PhraseGround or re-export the bundle');
  });

  it('a truncated ONNX file', async () => {
    const bytes = readFileSync(join(randomBundleDir, 'text_encoder.onnx')).subarray(0, 5000);
    const f = await failureOf({ manifest: () => undefined, files: { 'text_encoder.onnx': bytes } });
    expect(f.kind).toBe('bundle');
    expect(f.message).toMatch(/^text_encoder\.onnx is not a valid ONNX model \(.+\): re-download or re-export the bundle$/);
    expect(f.message).not.toContain('\n');
  });

  it('a truncated ONNX file caught by the manifest size table', async () => {
    const bytes = readFileSync(join(randomBundleDir, 'image_encoder.onnx')).subarray(0, 1000);
    const f = await failureOf({ files: { 'image_encoder.onnx': bytes } });
    expect(f.message).toBe(
      'image_encoder.onnx is not a valid ONNX model (1000 bytes, manifest.json says 181256): re-download or re-export the bundle',
    );
  });

  it('a corrupted ONNX file of the right size, caught by the manifest sha256', async () => {
    const bytes = Buffer.from(readFileSync(join(randomBundleDir, 'image_encoder.onnx')));
    bytes[bytes.length - 10] ^= 0xff;
    const f = await failureOf({ files: { 'image_encoder.onnx': bytes } });
    expect(f.message).toBe('image_encoder.onnx is not a valid ONNX model (its sha256 differs from manifest.json): re-download or re-export the bundle');
  });

  it('an output name the graph does not have', async () => {
    const f = await failureOf({ manifest: (m) => void (m.image_encoder.outputs.region_embeds = 'embeds') });
    expect(f.message).toBe("image_encoder.onnx has no output 'embeds' (it has: region_embeds, boxes, objectness)");
  });

  it('an input name the graph does not have', async () => {
    const f = await failureOf({ manifest: (m) => void (m.text_encoder.inputs.token_type_ids = 'token_type_ids') });
    expect(f.message).toBe("text_encoder.onnx has no input 'token_type_ids' (it has: input_ids, attention_mask)");
  });

  it('an image encoder whose declared D differs from the text encoder', async () => {
    const f = await failureOf({
      manifest: (m) => void (m.image_encoder.outputs = { region_embeds: 'region_embeds', boxes: 'boxes' }),
      files: { 'image_encoder.onnx': readFileSync(fixture('mismatch', 'image_encoder_d16.onnx')) },
    });
    expect(f).toEqual({
      kind: 'bundle',
      message: 'embedding sizes differ: image_encoder.onnx gives D=16, text_encoder.onnx gives D=32; the encoders must come from the same bundle',
    });
  });

  it('an image encoder with a symbolic D fails clearly at the first encode', async () => {
    const dir = copyBundle(join(tmp.dir, 'symbolic'), {
      manifest: (m) => void (m.image_encoder.outputs = { region_embeds: 'region_embeds', boxes: 'boxes' }),
      files: { 'image_encoder.onnx': readFileSync(fixture('mismatch', 'image_encoder_d16_symbolic.onnx')) },
    });
    const model = await loadBundle(folderSource(dir), backend);
    const rgb = { width: 8, height: 8, channels: 3 as const, data: new Uint8Array(8 * 8 * 3) };
    await expect(model.encodeImage(rgb)).rejects.toThrow(
      "image_encoder.onnx: 'region_embeds' has shape [1,768,16], expected [1,R,32] (D must match the text encoder)",
    );
    await model.dispose();
  });

  it('a runtime that cannot start is a runtime error, not a broken model', async () => {
    const broken = { name: 'test-backend', createSession: async () => Promise.reject(new Error('no available backend found. ERR: [wasm] TypeError: Failed to fetch')) };
    const e = await loadBundle(folderSource(randomBundleDir), broken).catch((x) => x);
    expect([e.kind, e.message]).toEqual([
      'runtime',
      'test-backend could not start (no available backend found. ERR: [wasm] TypeError: Failed to fetch): check that its .wasm/.mjs files are served',
    ]);
  });

  it('a tokenizer.json that is not JSON', async () => {
    const f = await failureOf({ manifest: () => undefined, files: { 'tokenizer.json': '{"model": ' } });
    expect(f.message).toMatch(/^tokenizer\.json is not valid JSON \(.+\): re-export the bundle$/);
  });
});

describe('bundle sources', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '/').split('/').pop() ?? '');
      if (req.url?.startsWith('/broken/')) return void res.writeHead(500).end();
      try {
        const body = readFileSync(join(randomBundleDir, name));
        res.writeHead(200, { 'content-length': body.byteLength }).end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('urlSource loads a bundle over loopback HTTP with byte progress', async () => {
    const seen: number[] = [];
    const model = await loadBundle(urlSource(`${base}/bundle`), backend, (p) => {
      if (p.stage === 'download' && p.file === 'text_encoder.onnx') seen.push(p.loaded);
    });
    expect(model.dim).toBe(32);
    expect(seen.at(-1)).toBe(textEncoderBytes);
    expect(seen.length).toBeGreaterThan(1); // streamed in chunks
    await model.dispose();
  });

  it('urlSource: missing file and server errors', async () => {
    await expect(urlSource(`${base}/bundle/`).readText('nope.json')).rejects.toThrow('bundle is missing nope.json');
    await expect(urlSource(`${base}/broken/`).readText('manifest.json')).rejects.toThrow(
      `could not download manifest.json from ${base}/broken/ (HTTP 500)`,
    );
  });

  it('filesSource loads dropped files', async () => {
    const names = ['manifest.json', 'image_encoder.onnx', 'text_encoder.onnx', 'tokenizer.json', 'tokenizer_config.json'];
    const files = names.map((f) => new File([readFileSync(join(randomBundleDir, f))], f));
    const model = await loadBundle(filesSource(files), backend);
    expect(model.dim).toBe(32);
    await model.dispose();
    await expect(filesSource(files.slice(0, 1)).readBytes('image_encoder.onnx')).rejects.toThrow('bundle is missing image_encoder.onnx');
  });
});
