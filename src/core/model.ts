import { normalizeRows } from './align.ts';
import { toPixelBox } from './boxes.ts';
import { runSession, runTextEncoder } from './encoder-run.ts';
import { bundleError } from './errors.ts';
import type { ImageFeatures, TextFeatures } from './features.ts';
import { ground, similarRegions, tokenHeatmap, type GroundingResult } from './grounder.ts';
import type { RgbImage } from './image.ts';
import type { Manifest } from './manifest.ts';
import { attachTokens, phraseSpans, type PhraseMode } from './phrases.ts';
import type { Detection, SelectOptions } from './postprocess.ts';
import { preprocess } from './preprocess.ts';
import { expectFloat, floatTensor, type EncoderSession } from './tensor.ts';
import type { CaptionTokenizer, CharSpan } from './tokenize.ts';

/** Which phrases to ground: automatic noun phrases, '.'-separated prompts, or explicit spans. */
export type PhraseRequest = { mode: 'auto' } | { mode: 'dots' } | { mode: 'spans'; spans: readonly CharSpan[] };

const now = () => performance.now();

/**
 * A loaded bundle: two encoder sessions, the tokenizer and the manifest. Created by
 * `loadBundle`; shared by the worker, the CLI and tests.
 */
export class Model {
  constructor(
    readonly manifest: Manifest,
    /** What runs the graphs, e.g. "onnxruntime-node (cpu)". */
    readonly backend: string,
    private readonly imageSession: EncoderSession,
    private readonly textSession: EncoderSession,
    readonly tokenizer: CaptionTokenizer,
    /** The joint embedding size D (both encoders agree; checked on load). */
    readonly dim: number,
  ) {}

  get scoring() {
    return this.manifest.scoring;
  }

  /** Preprocess + run the image encoder once; keep the result and reuse it for every caption. */
  async encodeImage(img: RgbImage): Promise<ImageFeatures> {
    const spec = this.manifest.image_encoder;
    const t0 = now();
    const pre = preprocess(img, spec);
    const t1 = now();
    const out = await runSession(this.imageSession, { [spec.input]: floatTensor(pre.pixels, pre.dims) });
    const t2 = now();
    const label = spec.file;
    const embeds = expectFloat(out, spec.outputs.region_embeds, label);
    const boxes = expectFloat(out, spec.outputs.boxes, label);
    const [R, D] = embeds.dims.slice(-2);
    if (embeds.dims.length !== 3 || D !== this.dim) {
      throw bundleError(`${label}: '${spec.outputs.region_embeds}' has shape [${embeds.dims}], expected [1,R,${this.dim}] (D must match the text encoder)`);
    }
    if (boxes.data.length !== R * 4) throw bundleError(`${label}: '${spec.outputs.boxes}' has shape [${boxes.dims}], expected [1,${R},4]`);
    const perRegion = (name?: string) => {
      if (!name) return undefined;
      const t = expectFloat(out, name, label);
      if (t.data.length !== R) throw bundleError(`${label}: '${name}' has shape [${t.dims}], expected [1,${R}]`);
      return t.data;
    };
    const objectness = perRegion(spec.outputs.objectness)?.map((v) => 1 / (1 + Math.exp(-v)));
    const e = embeds.data.slice();
    if (this.scoring.normalize) normalizeRows(e, D);
    const pixelBoxes = new Float32Array(R * 4);
    for (let r = 0; r < R; r++) {
      const b = boxes.data;
      pixelBoxes.set(toPixelBox([b[r * 4], b[r * 4 + 1], b[r * 4 + 2], b[r * 4 + 3]], spec.box_format, pre.fit), r * 4);
    }
    return {
      width: pre.fit.sourceWidth,
      height: pre.fit.sourceHeight,
      regions: R,
      dim: D,
      embeds: e,
      modelBoxes: boxes.data,
      pixelBoxes,
      shift: perRegion(spec.outputs.logit_shift),
      scale: perRegion(spec.outputs.logit_scale),
      objectness,
      fit: pre.fit,
      timings: { preprocessMs: t1 - t0, encodeMs: t2 - t1 },
    };
  }

  /** Tokenize (with character spans), find the phrases, run the text encoder. */
  async encodeText(caption: string, request: PhraseRequest = { mode: 'auto' }): Promise<TextFeatures> {
    const spec = this.manifest.text_encoder;
    const t0 = now();
    const query = spec.granularity === 'query';
    // Query bundles encode each phrase on its own: the caption is tokenized whole, for spans only, and a
    // phrase counts as truncated when its own query exceeds max_tokens.
    const tokenized = this.tokenizer.tokenize(caption, query ? Number.MAX_SAFE_INTEGER : spec.max_tokens);
    const spans = phraseSpans(caption, request.mode, request.mode === 'spans' ? request.spans : undefined);
    let phrases = attachTokens(tokenized, spans);
    const queries = query ? phrases.map((p) => this.queryTokens(p.text)) : [];
    if (query) phrases = phrases.map((p, k) => (queries[k].cutSpans.length ? { ...p, truncated: 'partly' } : p));
    const t1 = now();
    const rows = query ? queries.map((q) => q.ids) : [tokenized.ids];
    const { embeds, bias } = rows.length ? await this.runText(rows) : { embeds: new Float32Array(0), bias: undefined };
    return {
      caption,
      mode: request.mode,
      tokenized,
      phrases,
      granularity: spec.granularity,
      dim: this.dim,
      embeds,
      bias,
      timings: { tokenizeMs: t1 - t0, encodeMs: now() - t1 },
    };
  }

  ground(image: ImageFeatures, text: TextFeatures, options?: Partial<SelectOptions>): GroundingResult {
    return ground(image, text, this.scoring, options);
  }

  /** Scores [R] of one token (index into text.tokenized.ids) or, for query bundles, one phrase. */
  heatmap(image: ImageFeatures, text: TextFeatures, row: number): Float32Array {
    return tokenHeatmap(image, text, row, this.scoring);
  }

  /** Image-guided search from region r (see postprocess.regionForBox for a user-drawn box). */
  similar(image: ImageFeatures, region: number, options?: Partial<SelectOptions>): Detection[] {
    return similarRegions(image, region, this.scoring, options);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.imageSession.release(), this.textSession.release()]);
  }

  private queryTokens(phrase: string) {
    const spec = this.manifest.text_encoder;
    const text = spec.query_template ? spec.query_template.replace('{}', phrase) : phrase;
    return this.tokenizer.tokenize(text, spec.max_tokens);
  }

  private async runText(rows: readonly (readonly number[])[]) {
    const spec = this.manifest.text_encoder;
    const out = await runTextEncoder(this.textSession, spec, rows, this.scoring.normalize);
    if (out.dim !== this.dim) throw bundleError(`${spec.file}: '${spec.outputs.embeds}' has shape [${out.dims}], expected last dim ${this.dim}`);
    return out;
  }
}
