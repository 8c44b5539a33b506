import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixelBox, regionForBox, type Model } from '../../src/core/index.ts';
import { decodeImageFile } from '../../src/runtime/node/decode-image.ts';
import { loadModelFromFolder } from '../../src/runtime/node/load-folder.ts';
import { copyBundle, fixture, randomBundleDir, tempDir } from './helpers/fixtures.ts';

/** The high-level Model API on real onnxruntime-node sessions. */
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const image = () => decodeImageFile(fixture('parity', 'random-bundle', 'wide.png'));

describe('Model (token granularity, random bundle)', () => {
  let model: Model;
  beforeAll(async () => {
    model = await loadModelFromFolder(randomBundleDir);
  });
  afterAll(() => model.dispose());

  it('encodes an image once and grounds several captions on the same features', async () => {
    const img = await model.encodeImage(await image());
    expect([img.regions, img.dim, img.width, img.height]).toEqual([1024, 32, 320, 240]);
    const a = model.ground(img, await model.encodeText('a red circle'), { threshold: 0 });
    const b = model.ground(img, await model.encodeText('red circle . blue star', { mode: 'dots' }), { threshold: 0, topK: 1 });
    expect(a.phrases).toHaveLength(1);
    expect(b.phrases.map((p) => p.text)).toEqual(['red circle', 'blue star']);
    expect(b.phrases.every((p) => p.boxes.length === 1)).toBe(true);
    for (const p of [...a.phrases, ...b.phrases]) {
      for (const d of p.boxes) {
        expect(d.bbox[0]).toBeGreaterThanOrEqual(0);
        expect(d.bbox[2]).toBeLessThanOrEqual(320);
        expect(d.bbox[3]).toBeLessThanOrEqual(240);
      }
    }
  });

  it('gives a heatmap per token and image-guided boxes from a drawn box', async () => {
    const img = await model.encodeImage(await image());
    const text = await model.encodeText('a red circle');
    const heat = model.heatmap(img, text, 2);
    expect(heat).toHaveLength(1024);
    expect(Math.min(...heat)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...heat)).toBeLessThanOrEqual(1);
    const region = regionForBox(img, pixelBox(100, 80, 180, 160));
    const similar = model.similar(img, region, { threshold: 0, topK: 3 });
    expect(similar).toHaveLength(3);
    expect(similar[0].score).toBeGreaterThanOrEqual(similar[2].score);
  });

  it('a phrase that maps to no token is reported with no boxes, not crashed on', async () => {
    const img = await model.encodeImage(await image());
    const text = await model.encodeText('red   circle', { mode: 'spans', spans: [[3, 6]] });
    const r = model.ground(img, text, { threshold: 0 });
    expect(r.phrases[0]).toMatchObject({ tokens: [], boxes: [], best: null });
  });
});

describe('Model (query granularity: one pooled embedding per phrase)', () => {
  let model: Model;
  beforeAll(async () => {
    const dir = copyBundle(tmp.dir, {
      manifest: (m) => {
        m.text_encoder.granularity = 'query';
        m.text_encoder.query_template = 'a photo of a {}';
        m.text_encoder.outputs = { embeds: 'embeds' };
      },
      files: { 'text_encoder.onnx': readFileSync(fixture('query-encoder', 'text_encoder_query.onnx')) },
    });
    model = await loadModelFromFolder(dir);
  });
  afterAll(() => model?.dispose());

  it('runs one padded batch of templated phrases; padding does not change a phrase row', async () => {
    const both = await model.encodeText('red circle . a very large and bright blue star', { mode: 'dots' });
    expect(both.granularity).toBe('query');
    expect(both.embeds).toHaveLength(2 * 32);
    const alone = await model.encodeText('red circle', { mode: 'dots' });
    [...alone.embeds].forEach((v, k) => expect(both.embeds[k]).toBeCloseTo(v, 5));
    const img = await model.encodeImage(await image());
    const r = model.ground(img, both, { threshold: 0, topK: 2 });
    expect(r.phrases.map((p) => p.boxes.length)).toEqual([2, 2]);
    expect(r.phrases[0].boxes[0].score).not.toBeCloseTo(r.phrases[1].boxes[0].score, 6);
  });
});
