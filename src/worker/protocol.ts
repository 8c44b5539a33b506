/**
 * The typed message protocol between the UI (main thread) and the model host (Web Worker).
 *
 * Every request carries an `id`; the worker answers it with zero or more `progress` messages and
 * exactly one of `done`, `failed` or `cancelled`. Everything here survives `postMessage`
 * (structured clone): plain objects, typed arrays, Blobs/Files.
 */

export type BackendChoice = 'auto' | 'webgpu' | 'wasm';
export type PhraseMode = 'auto' | 'dots';

/** Where a model bundle comes from. */
export type BundleSpec =
  | { kind: 'bundled'; url: string } // served by our own origin
  | { kind: 'url'; url: string } // a URL the user typed
  | { kind: 'files'; files: File[] }; // a dropped folder or a multi-file input

/** A character span [start, end) of the caption (UTF-16 code units). */
export type Span = readonly [number, number];

export interface Thresholds {
  threshold: number; // minimum phrase score of a kept box
  topK: number; // maximum boxes per phrase
  nmsIou: number; // IoU above which a lower-scored box is dropped
}

/** Original-image pixels, xyxy. */
export type PixelBoxXyxy = [number, number, number, number];

export type Request =
  | { type: 'load-model'; id: number; bundle: BundleSpec; backend: BackendChoice }
  | { type: 'encode-image'; id: number; image: Blob; name: string }
  | {
      type: 'ground';
      id: number;
      caption: string;
      phraseMode: PhraseMode;
      spans?: Span[]; // explicit phrases chosen by the user; overrides phraseMode
      thresholds: Thresholds;
    }
  | { type: 'search'; id: number; box: PixelBoxXyxy; thresholds: Thresholds }
  | { type: 'cancel'; id: number };

export type RequestType = Request['type'];

/** Bundle download progress, GLIP/transformers.js style. */
export type Progress =
  | { status: 'initiate'; file: string }
  | { status: 'download'; file: string; loaded: number; total: number }
  | { status: 'ready' };

export interface BackendInfo {
  name: 'webgpu' | 'wasm';
  threads: number;
  /** Set when the preferred backend failed and we fell back: one line saying why. */
  fallbackReason?: string;
}

export interface ModelInfo {
  id: string;
  name: string;
  license: string;
  description: string;
  source: string; // where it was loaded from, for the panel
  /** URLs the worker fetched (bundle files, onnxruntime wasm): the offline cache stores them. */
  fetched: string[];
  backend: BackendInfo;
  defaults: Thresholds;
  maxTokens: number;
}

export interface ImageInfo {
  name: string;
  width: number; // original pixels, after EXIF orientation
  height: number;
}

export interface Timings {
  imageEncodeMs?: number;
  textEncodeMs?: number;
  alignMs?: number;
}

/** Observable counters: the image is encoded once per image, never per caption edit. */
export interface Counters {
  imageEncodes: number;
  textEncodes: number;
  grounds: number;
}

export interface BoxOut {
  bbox: PixelBoxXyxy;
  score: number;
  region: number;
}

export interface PhraseOut {
  text: string;
  span: Span;
  tokens: number[];
  truncated: 'none' | 'partly' | 'fully'; // cut by the model's token limit
  boxes: BoxOut[];
}

export interface TokenOut {
  index: number; // position in the model's input ids
  text: string;
  span: Span;
}

/** Per-token region scores for the heatmap, plus the regions' boxes (original pixels). */
export interface Heatmap {
  tokens: TokenOut[];
  regionBoxes: Float32Array; // [R*4] xyxy original pixels
  scores: Float32Array; // [T*R] token-major, sigmoid scores in 0..1
}

export interface GroundOut {
  caption: string;
  maxTokens: number;
  cutAt: number | null; // character index where the token limit cut the caption
  image: ImageInfo; // the image these boxes belong to
  phrases: PhraseOut[];
  heatmap?: Heatmap;
  /** The core's versioned result JSON (phraseground-result v1), for export. */
  result: unknown;
  timings: Timings;
  counters: Counters;
}

export interface SearchOut {
  box: PixelBoxXyxy;
  region: number;
  boxes: BoxOut[];
  timings: Timings;
}

/** What each request type answers with. */
export interface Answers {
  'load-model': ModelInfo;
  'encode-image': ImageInfo & { timings: Timings; counters: Counters };
  ground: GroundOut;
  search: SearchOut;
  cancel: null;
}

export type Reply =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'done'; id: number; value: Answers[RequestType] }
  | { type: 'failed'; id: number; message: string; kind: string }
  | { type: 'cancelled'; id: number };
