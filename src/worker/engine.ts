import type {
  BackendChoice,
  BoxOut,
  BundleSpec,
  GroundOut,
  ImageInfo,
  ModelInfo,
  PhraseMode,
  PixelBoxXyxy,
  Progress,
  Span,
  Thresholds,
} from './protocol.ts';

/**
 * What the model host needs from the grounding core, in the worker's own terms. One
 * implementation (`core-engine.ts`) adapts `src/core`; tests may substitute another.
 * Each method is one step, so the host can check for cancellation between steps.
 */
export interface Engine {
  load(bundle: BundleSpec, backend: BackendChoice, onProgress: (p: Progress) => void): Promise<LoadedModel>;
}

export interface LoadedModel {
  readonly info: ModelInfo;
  /** Decodes (EXIF-aware) and encodes the image: the expensive step, once per image. */
  encodeImage(image: Blob, name: string): Promise<EncodedImage>;
  /** Tokenizes, finds phrases and runs the text encoder: once per caption (or phrase set). */
  encodeText(caption: string, phraseMode: PhraseMode, spans: readonly Span[] | undefined): Promise<EncodedText>;
  /** Dot-product alignment + post-processing: cheap, re-run on threshold changes. */
  ground(image: EncodedImage, text: EncodedText, thresholds: Thresholds): GroundedOut;
  /** Image-guided search: the region best overlapping `box` used as the query. */
  search(image: EncodedImage, box: PixelBoxXyxy, thresholds: Thresholds): { region: number; boxes: BoxOut[] };
  release(): Promise<void>;
}

export interface EncodedImage {
  readonly info: ImageInfo;
}

export interface EncodedText {
  readonly caption: string;
}

/** What alignment produces; the host adds caption, image, timings and counters. */
export type GroundedOut = Omit<GroundOut, 'caption' | 'image' | 'timings' | 'counters'>;
