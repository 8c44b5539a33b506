import Ajv2020 from 'ajv/dist/2020.js';
import schema from './schemas/result.schema.json';
import { inputError } from './errors.ts';
import type { ImageFeatures, TextFeatures } from './features.ts';
import type { GroundingResult } from './grounder.ts';
import type { PhraseMode, Truncation } from './phrases.ts';
import { describeSchemaError } from './schema-errors.ts';

/** The versioned result JSON (schemas/result.schema.json, docs/result-format.md). */
export const RESULT_FORMAT = 'phraseground-result';
export const RESULT_VERSION = 1;

export interface ResultBox {
  bbox: [number, number, number, number];
  score: number;
  region: number;
}

export interface ResultPhrase {
  text: string;
  span: [number, number];
  tokens: number[];
  truncated: Truncation;
  boxes: ResultBox[];
}

export interface ResultJson {
  format: typeof RESULT_FORMAT;
  version: typeof RESULT_VERSION;
  model: { id: string; name: string };
  image: { name: string; width: number; height: number };
  caption: string;
  phrase_mode: PhraseMode;
  tokens?: { token: string; span: [number, number] | null }[];
  phrases: ResultPhrase[];
  thresholds: { box_threshold: number; nms_iou: number; top_k: number };
  backend: string;
  timings_ms: Record<string, number>;
}

export interface ResultInput {
  readonly model: { readonly manifest: { readonly id: string; readonly name: string }; readonly backend: string };
  readonly imageName: string;
  readonly image: ImageFeatures;
  readonly text: TextFeatures;
  readonly result: GroundingResult;
  /** Set false when the image features came from a cache (its timings then read 0). */
  readonly imageEncodedNow?: boolean;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));
const ms = (v: number) => round(Math.max(0, v), 3);

/** Builds the result JSON from one grounding (boxes to 0.001 px, scores to 6 decimals). */
export function toResultJson(i: ResultInput): ResultJson {
  const fresh = i.imageEncodedNow ?? true;
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    model: { id: i.model.manifest.id, name: i.model.manifest.name },
    image: { name: i.imageName, width: i.image.width, height: i.image.height },
    caption: i.text.caption,
    phrase_mode: i.text.mode,
    tokens: i.text.tokenized.tokens.map((token, k) => {
      const s = i.text.tokenized.spans[k];
      return { token, span: s ? [s[0], s[1]] : null };
    }),
    phrases: i.result.phrases.map((p) => ({
      text: p.text,
      span: [p.span[0], p.span[1]],
      tokens: [...p.tokens],
      truncated: p.truncated,
      boxes: p.boxes.map((b) => ({
        bbox: [round(b.bbox[0], 3), round(b.bbox[1], 3), round(b.bbox[2], 3), round(b.bbox[3], 3)],
        score: round(b.score, 6),
        region: b.region,
      })),
    })),
    thresholds: { box_threshold: i.result.options.threshold, nms_iou: i.result.options.nmsIou, top_k: i.result.options.topK },
    backend: i.model.backend,
    timings_ms: {
      preprocess: fresh ? ms(i.image.timings.preprocessMs) : 0,
      image_encode: fresh ? ms(i.image.timings.encodeMs) : 0,
      tokenize: ms(i.text.timings.tokenizeMs),
      text_encode: ms(i.text.timings.encodeMs),
      align: ms(i.result.timings.alignMs),
    },
  };
}

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** The first schema violation as one line, or undefined when `value` is a valid result. */
export function resultSchemaError(value: unknown, file = 'result'): string | undefined {
  validator ??= new Ajv2020({ allErrors: false, verbose: true, strict: false }).compile(schema);
  return validator(value) ? undefined : describeSchemaError(file, validator.errors![0]);
}

/** Parses an exported result (import in the app, eval's input); malformed -> one-line input error. */
export function parseResult(text: string, file = 'result'): ResultJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw inputError(`${file} is not valid JSON (${(e as Error).message})`);
  }
  const v = value as Record<string, unknown> | null;
  if (v && typeof v === 'object' && v.format === RESULT_FORMAT && typeof v.version === 'number' && v.version !== RESULT_VERSION) {
    throw inputError(`${file} is result version ${v.version}; this app reads version ${RESULT_VERSION} — update PhraseGround`);
  }
  const error = resultSchemaError(value, file);
  if (error) throw inputError(error);
  return value as ResultJson;
}

/** One COCO results entry: bbox is [x, y, w, h] in pixels. */
export interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

/**
 * COCO results for one result: every box of every phrase whose category `categoryOf` names
 * (phrases it maps to undefined are skipped).
 */
export function toCocoResults(
  result: ResultJson,
  imageId: number,
  categoryOf: (phrase: ResultPhrase, index: number) => number | undefined,
): CocoResult[] {
  const out: CocoResult[] = [];
  result.phrases.forEach((p, k) => {
    const category = categoryOf(p, k);
    if (category === undefined) return;
    for (const b of p.boxes) {
      const [x1, y1, x2, y2] = b.bbox;
      out.push({ image_id: imageId, category_id: category, bbox: [x1, y1, round(x2 - x1, 3), round(y2 - y1, 3)], score: b.score });
    }
  });
  return out;
}
