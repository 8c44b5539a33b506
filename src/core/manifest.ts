import Ajv2020 from 'ajv/dist/2020.js';
import schema from './schemas/manifest.schema.json';
import { bundleError } from './errors.ts';
import { describeSchemaError } from './schema-errors.ts';

/** The bundle manifest, format version 1 (docs/model-bundle.md, schemas/manifest.schema.json). */
export const MANIFEST_FORMAT_VERSION = 1;

export type Fit = 'stretch' | 'letterbox' | 'pad_square';
export type Rgb = readonly [number, number, number];

export interface ImageEncoderSpec {
  file: string;
  input: string;
  height: number;
  width: number;
  fit: Fit;
  pad_value?: Rgb;
  pad_corner?: 'center' | 'top_left';
  resample: 'bilinear';
  rescale: number;
  mean: Rgb;
  std: Rgb;
  box_format: 'cxcywh' | 'xyxy';
  outputs: {
    region_embeds: string;
    boxes: string;
    objectness?: string;
    logit_shift?: string;
    logit_scale?: string;
  };
}

export interface TextEncoderSpec {
  file: string;
  tokenizer: string;
  tokenizer_config?: string;
  max_tokens: number;
  granularity: 'token' | 'query';
  query_template?: string;
  pad_token_id?: number;
  inputs: { input_ids: string; attention_mask: string; token_type_ids?: string };
  outputs: { embeds: string; bias?: string };
}

export interface ScoringSpec {
  normalize: boolean;
  scale: number;
  bias: number;
  activation: 'sigmoid';
  reduce: 'mean' | 'max';
  use_objectness?: boolean;
  threshold: number;
  nms_iou: number;
  top_k?: number;
}

export interface Manifest {
  format: 'phraseground-bundle';
  format_version: 1;
  id: string;
  name: string;
  license: string;
  description: string;
  model_card?: string;
  image_encoder: ImageEncoderSpec;
  text_encoder: TextEncoderSpec;
  scoring: ScoringSpec;
  files?: Record<string, { bytes: number; sha256?: string }>;
}

let validator: ReturnType<Ajv2020['compile']> | undefined;
function validate(value: unknown) {
  validator ??= new Ajv2020({ allErrors: false, verbose: true, strict: false }).compile(schema);
  return validator(value) ? undefined : validator.errors?.[0];
}

/** Parses and validates manifest.json text; every failure is one bundle-error line. */
export function parseManifest(text: string, file = 'manifest.json'): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw bundleError(`${file} is not valid JSON (${(e as Error).message}): re-export the bundle`);
  }
  return validateManifest(value, file);
}

export function validateManifest(value: unknown, file = 'manifest.json'): Manifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bundleError(`${file} must be a JSON object`);
  }
  const v = value as Record<string, unknown>;
  if (v.format !== undefined && v.format !== 'phraseground-bundle') {
    throw bundleError(`${file} is not a PhraseGround bundle manifest (format is ${JSON.stringify(v.format)})`);
  }
  // The version check comes before the schema so a newer bundle gets the helpful message.
  if (typeof v.format_version === 'number' && v.format_version !== MANIFEST_FORMAT_VERSION) {
    throw bundleError(
      `${file} has format_version ${v.format_version}; this app reads version ${MANIFEST_FORMAT_VERSION}` +
        ' — update PhraseGround or re-export the bundle',
    );
  }
  const error = validate(value);
  if (error) throw bundleError(describeSchemaError(file, error));
  return value as Manifest;
}

/** Manifest defaults the schema leaves optional, resolved in one place. */
export const padValueOf = (m: ImageEncoderSpec): Rgb => m.pad_value ?? [0, 0, 0];
export const padCornerOf = (m: ImageEncoderSpec) => m.pad_corner ?? 'center';
