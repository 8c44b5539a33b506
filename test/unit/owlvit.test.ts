import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allLogits, CaptionTokenizer, loadBundle, preprocess, type CharSpan, type Model } from '../../src/core/index.ts';
import { decodeImageFile } from '../../src/runtime/node/decode-image.ts';
import { folderSource } from '../../src/runtime/node/folder-source.ts';
import { loadModelFromFolder } from '../../src/runtime/node/load-folder.ts';
import { ortWebBackend } from '../../src/runtime/web/ort-web.ts';
import { fixture, maxAbsDiff, readF32, repoRoot, tempDir } from './helpers/fixtures.ts';

/**
 * OWL-ViT / OWLv2 bundles (query granularity, CLIP byte-level BPE) through the same core path as the
 * app and the CLI: ids, spans, logits and best boxes against the Python references written by
 * `python -m phraseground_models.query_fixtures` (test/fixtures/query-parity/<bundle>/).
 */
interface QueryCase {
  id: string;
  image: string;
  caption: string;
  caption_ids: number[];
  phrases: { text: string; span: [number, number]; tokens: number[]; input_ids: number[] }[];
  pixels?: string;
  logits: string;
  logits_shape: [number, number];
  best: { phrase: number; region: number; score: number; bbox: [number, number, number, number]; margin: number }[];
}
interface QueryCases {
  bundle: string;
  granularity: 'query';
  tolerance: { logits: number; pixels: number };
  cases: QueryCase[];
}

for (const name of ['owlvit-tiny', 'owlv2-tiny']) {
  const dir = fixture('query-parity', name);
  const spec = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as QueryCases;

  describe(`query parity: ${name}`, () => {
    let model: Model;
    let worstLogit = 0;
    beforeAll(async () => {
      model = await loadModelFromFolder(join(repoRoot, spec.bundle));
    });
    afterAll(async () => {
      console.log(`${name}: max |logit diff| Node vs Python over ${spec.cases.length} cases = ${worstLogit.toExponential(2)}`);
      await model?.dispose();
    });

    it('is a query-granularity bundle with the per-region OWL-ViT terms', () => {
      expect(model.manifest.text_encoder.granularity).toBe('query');
      expect(Object.keys(model.manifest.image_encoder.outputs)).toEqual(expect.arrayContaining(['logit_shift', 'logit_scale']));
      expect(spec.cases.length).toBeGreaterThanOrEqual(7);
    });

    for (const c of spec.cases) {
      it(`${c.id}: pixels, ids, spans, logits and best boxes match Python`, async () => {
        const rgb = await decodeImageFile(join(dir, c.image));
        if (c.pixels) {
          const ours = preprocess(rgb, model.manifest.image_encoder).pixels;
          expect(maxAbsDiff(ours, readF32(join(dir, c.pixels)))).toBeLessThanOrEqual(spec.tolerance.pixels);
        }
        const image = await model.encodeImage(rgb);
        const spans = c.phrases.map((p) => p.span as CharSpan);
        const text = await model.encodeText(c.caption, { mode: 'spans', spans });
        // The caption is tokenized whole (no truncation) for spans; each phrase is its own templated query.
        expect(text.tokenized.ids).toEqual(c.caption_ids);
        expect(text.phrases.map((p) => [p.text, p.tokens])).toEqual(c.phrases.map((p) => [p.text, p.tokens]));
        const te = model.manifest.text_encoder;
        for (const p of c.phrases) {
          expect(model.tokenizer.tokenize(te.query_template!.replace('{}', p.text), te.max_tokens).ids).toEqual(p.input_ids);
        }
        const truncated = text.phrases.map((p) => p.truncated);
        expect(truncated).toEqual(c.phrases.map((p) => (p.input_ids.length === te.max_tokens && c.id === 'long' ? 'partly' : 'none')));

        const [R, P] = c.logits_shape;
        expect([image.regions, text.phrases.length]).toEqual([R, P]);
        const ref = readF32(join(dir, c.logits));
        const ours = allLogits(image, text, model.scoring);
        expect(ours.length).toBe(ref.length);
        let worst = 0;
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i] - ref[i]));
        worstLogit = Math.max(worstLogit, worst);
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

describe('CLIP byte-level BPE: ids and character spans match Python tokenizers', () => {
  const reference = JSON.parse(readFileSync(fixture('tokenizer', 'clip-offsets.json'), 'utf8')) as {
    cases: { caption: string; ids: number[]; tokens: string[]; special: number[]; spans: [number, number][] }[];
  };
  const tok = CaptionTokenizer.fromJson(readFileSync(fixture('owlvit-tiny', 'tokenizer.json'), 'utf8'));

  it('covers about 40 tricky captions', () => expect(reference.cases.length).toBeGreaterThanOrEqual(40));

  for (const c of reference.cases) {
    it(JSON.stringify(c.caption.length > 60 ? `${c.caption.slice(0, 57)}...` : c.caption), () => {
      const t = tok.tokenize(c.caption, 10_000);
      expect(t.ids).toEqual(c.ids);
      expect(t.tokens).toEqual(c.tokens);
      expect(t.spans).toEqual(c.spans.map((s, k) => (c.special[k] ? null : s)));
    });
  }
});

describe('tokenizers the core cannot give spans for fail at load with one line naming the type', () => {
  const tmp = tempDir('pg-owl-');
  afterAll(() => tmp.cleanup());

  const withTokenizer = (label: string, tokenizer: Record<string, unknown>) => {
    const out = join(tmp.dir, label);
    cpSync(fixture('owlvit-tiny'), out, { recursive: true });
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    delete m.files;
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(m));
    writeFileSync(join(out, 'tokenizer.json'), JSON.stringify(tokenizer));
    return out;
  };
  const clip = JSON.parse(readFileSync(fixture('owlvit-tiny', 'tokenizer.json'), 'utf8'));

  it('GPT-2 style BPE (no </w>) and Unigram are refused', async () => {
    const gpt2 = { ...clip, model: { ...clip.model, end_of_word_suffix: null } };
    await expect(loadModelFromFolder(withTokenizer('gpt2', gpt2))).rejects.toThrow(
      /^tokenizer\.json: only BERT WordPiece tokenizers are supported, or CLIP's byte-level BPE .*; this one is BPE \(normalizer Sequence, pre-tokenizer Sequence\)$/,
    );
    const unigram = { ...clip, model: { type: 'Unigram', vocab: [['a', 0]] }, pre_tokenizer: { type: 'Metaspace' } };
    const err = await loadModelFromFolder(withTokenizer('unigram', unigram)).catch((e: Error) => e);
    expect(String((err as Error).message).split('\n')).toHaveLength(1);
    expect((err as Error).message).toContain('this one is Unigram (normalizer Sequence, pre-tokenizer Metaspace)');
  });
});

describe('phraseground ground on an OWL-ViT bundle (CLI process)', () => {
  const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
  const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(repoRoot, 'src/core/schemas/result.schema.json'), 'utf8')));
  const ref = (JSON.parse(readFileSync(fixture('query-parity', 'owlvit-tiny', 'cases.json'), 'utf8')) as QueryCases).cases.find((c) => c.id === 'dots')!;

  it('prints a valid result whose best boxes are the Python ones', async () => {
    const image = fixture('query-parity', 'owlvit-tiny', 'wide.png');
    const args = ['ground', '--model', fixture('owlvit-tiny'), '--image', image, '--caption', 'a red circle. a blue star', '--phrases', 'dots'];
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(process.execPath, [bin, ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.phrases.map((p: { text: string }) => p.text)).toEqual(['a red circle', 'a blue star']);
    // Scores are far above the bundle's threshold, so each phrase's first box is its best region.
    json.phrases.forEach((p: { boxes: { bbox: number[]; score: number; region: number }[] }, k: number) => {
      expect(p.boxes[0].region).toBe(ref.best[k].region);
      p.boxes[0].bbox.forEach((v, i) => expect(v).toBeCloseTo(ref.best[k].bbox[i], 2));
      expect(p.boxes[0].score).toBeCloseTo(ref.best[k].score, 4);
    });
  });
});

describe('onnxruntime-web (wasm, as in the browser) runs both OWL bundles', () => {
  for (const name of ['owlvit-tiny', 'owlv2-tiny']) {
    it(`${name}: the 'dots' case reproduces the Python logits and best regions`, async () => {
      const dir = fixture('query-parity', name);
      const spec = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as QueryCases;
      const c = spec.cases.find((k) => k.id === 'dots')!;
      const wasmPaths = pathToFileURL(join(repoRoot, 'node_modules/onnxruntime-web/dist/')).href;
      const model = await loadBundle(folderSource(join(repoRoot, spec.bundle)), await ortWebBackend({ wasmPaths, webgpu: false, numThreads: 1 }));
      try {
        const image = await model.encodeImage(await decodeImageFile(join(dir, c.image)));
        const text = await model.encodeText(c.caption, { mode: 'spans', spans: c.phrases.map((p) => p.span as CharSpan) });
        const ref = readF32(join(dir, c.logits));
        const ours = allLogits(image, text, model.scoring);
        expect(ours.length).toBe(ref.length);
        expect(ours.reduce((m, v, i) => Math.max(m, Math.abs(v - ref[i])), 0)).toBeLessThanOrEqual(spec.tolerance.logits);
        expect(model.ground(image, text).phrases.map((p) => p.best!.region)).toEqual(c.best.map((b) => b.region));
      } finally {
        await model.dispose();
      }
    }, 120_000);
  }
});
