import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allLogits, preprocess, type CharSpan, type Model } from '../../src/core/index.ts';
import { decodeImageFile } from '../../src/runtime/node/decode-image.ts';
import { loadModelFromFolder } from '../../src/runtime/node/load-folder.ts';
import { fixture, maxAbsDiff, readF32, repoRoot } from './helpers/fixtures.ts';

/**
 * Parity with the Python pipeline, for every folder under test/fixtures/parity/ (the random
 * bundle now, the default bundle when it lands): preprocessed pixels, token ids, phrase tokens,
 * all logits via onnxruntime-node, and the best box per phrase.
 */
interface Case {
  id: string;
  image: string;
  caption: string;
  input_ids: number[];
  phrases: { text: string; span: [number, number]; tokens: number[] }[];
  pixels?: string;
  logits: string;
  best: { phrase: number; region: number; score: number; bbox: [number, number, number, number] }[];
}
interface Cases {
  bundle: string;
  tolerance: { logits: number; pixels: number };
  cases: Case[];
}

const parityRoot = fixture('parity');
const folders = readdirSync(parityRoot).filter((d) => existsSync(join(parityRoot, d, 'cases.json')));

it('has at least one parity fixture folder', () => {
  expect(folders).toContain('random-bundle');
});

for (const folder of folders) {
  const dir = join(parityRoot, folder);
  const spec = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Cases;

  describe(`parity: ${folder}`, () => {
    let model: Model;
    beforeAll(async () => {
      model = await loadModelFromFolder(join(repoRoot, spec.bundle));
    });
    afterAll(() => model?.dispose());

    for (const c of spec.cases) {
      it(`${c.id}: pixels, ids, logits and best boxes match Python`, async () => {
        const rgb = await decodeImageFile(join(dir, c.image));
        if (c.pixels) {
          const ours = preprocess(rgb, model.manifest.image_encoder).pixels;
          expect(maxAbsDiff(ours, readF32(join(dir, c.pixels)))).toBeLessThanOrEqual(spec.tolerance.pixels);
        }
        const image = await model.encodeImage(rgb);
        // Phrases come from the fixture (phrase extraction is ours to choose; spans are the contract).
        const spans = c.phrases.map((p) => p.span as CharSpan);
        const text = await model.encodeText(c.caption, { mode: 'spans', spans });
        const L = c.input_ids.length;
        expect(text.tokenized.ids).toEqual(c.input_ids.slice(0, text.tokenized.ids.length));
        expect(text.phrases.map((p) => [p.text, p.tokens])).toEqual(c.phrases.map((p) => [p.text, p.tokens]));

        // Logits of the fixture's own ids (it may pad), [R, L] region-major.
        const ref = readF32(join(dir, c.logits));
        const ours = allLogits(image, text, model.scoring);
        const Lours = text.tokenized.ids.length;
        expect(ref.length).toBe(image.regions * L);
        let worst = 0;
        for (let r = 0; r < image.regions; r++) {
          for (let t = 0; t < Lours; t++) worst = Math.max(worst, Math.abs(ours[r * Lours + t] - ref[r * L + t]));
        }
        expect(worst).toBeLessThanOrEqual(spec.tolerance.logits);

        const result = model.ground(image, text);
        for (const b of c.best) {
          const best = result.phrases[b.phrase].best!;
          expect(best.region).toBe(b.region);
          expect(best.score).toBeCloseTo(b.score, 4);
          best.bbox.forEach((v, k) => expect(v).toBeCloseTo(b.bbox[k], 2));
        }
      });
    }
  });
}
