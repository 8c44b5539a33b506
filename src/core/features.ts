import type { FitTransform } from './boxes.ts';
import type { Phrase, PhraseMode } from './phrases.ts';
import type { TokenizedCaption } from './tokenize.ts';

/**
 * What the encoders produce, decoded once and kept by the caller: an image is encoded once,
 * each caption edit re-runs only the text encoder and the (cheap) alignment.
 */
export interface ImageFeatures {
  /** Source image size (boxes come back in these pixels). */
  readonly width: number;
  readonly height: number;
  readonly regions: number; // R
  readonly dim: number; // D
  /** [R*D] region embeddings, L2-normalised when the bundle's scoring says so. */
  readonly embeds: Float32Array;
  /** [R*4] boxes as the model emits them (normalised to the model input, box_format). */
  readonly modelBoxes: Float32Array;
  /** [R*4] the same boxes as xyxy in original image pixels, clipped. */
  readonly pixelBoxes: Float32Array;
  /** Optional per-region terms ([R]); objectness is already passed through a sigmoid. */
  readonly shift?: Float32Array;
  readonly scale?: Float32Array;
  readonly objectness?: Float32Array;
  readonly fit: FitTransform;
  readonly timings: { readonly preprocessMs: number; readonly encodeMs: number };
}

export interface TextFeatures {
  readonly caption: string;
  readonly mode: PhraseMode;
  readonly tokenized: TokenizedCaption;
  readonly phrases: readonly Phrase[];
  readonly granularity: 'token' | 'query';
  readonly dim: number;
  /**
   * token granularity: [L*D], one row per token of `tokenized`;
   * query granularity: [P*D], one row per phrase. L2-normalised when scoring says so.
   */
  readonly embeds: Float32Array;
  /** [L] (token) or [P] (query) per-row logit bias, when the encoder has one. */
  readonly bias?: Float32Array;
  readonly timings: { readonly tokenizeMs: number; readonly encodeMs: number };
}
