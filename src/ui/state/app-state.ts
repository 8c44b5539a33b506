import type {
  Counters,
  GroundOut,
  ModelInfo,
  PhraseMode,
  SearchOut,
  Span,
  Thresholds,
  Timings,
} from '../../worker/protocol.ts';
import type { ResultJson } from '../../core/result.ts';

/** The app's state: small, and everything on screen derives from it. */
export interface AppState {
  model: ModelState;
  image: ShownImage | null;
  /** The last image that encoded fine: shown again if the new one fails in the worker. */
  previousImage: ShownImage | null;
  /** The image the worker has encoded (its name); grounding waits until it matches `image`. */
  encodedImage: string | null;
  caption: string;
  phraseMode: PhraseMode;
  spans: Span[] | undefined; // explicit phrases chosen by the user
  thresholds: Thresholds;
  grounding: GroundOut | null; // the last good result: kept when a later step fails
  /** A result JSON the user imported: shown instead of `grounding` until the next edit. */
  imported: { result: ResultJson; fileName: string } | null;
  search: SearchOut | null;
  timings: Timings;
  counters: Counters;
  error: AppError | null;
}

export type ModelState =
  | { status: 'loading'; source: string; file?: string; loaded: number; total: number; previous?: ModelInfo }
  | { status: 'ready'; info: ModelInfo }
  | { status: 'failed'; source: string; info?: ModelInfo }; // info: the previous model, still in use

export interface ShownImage {
  key: string; // unique per chosen image, so the same file chosen twice re-encodes
  name: string;
  width: number; // original pixels, after EXIF orientation
  height: number;
  bitmap: ImageBitmap; // for display, possibly downscaled
  blob: Blob;
}

export type ErrorSource = 'model' | 'image' | 'caption' | 'search' | 'import';
export interface AppError {
  source: ErrorSource;
  message: string; // one line
}

export const initialState = (caption: string): AppState => ({
  model: { status: 'loading', source: 'bundled model', loaded: 0, total: 0 },
  image: null,
  previousImage: null,
  encodedImage: null,
  caption,
  phraseMode: 'auto',
  spans: undefined,
  thresholds: { threshold: 0.3, topK: 3, nmsIou: 0.5 },
  grounding: null,
  imported: null,
  search: null,
  timings: {},
  counters: { imageEncodes: 0, textEncodes: 0, grounds: 0 },
  error: null,
});

export type Action =
  | { type: 'model-loading'; source: string }
  | { type: 'model-progress'; file?: string; loaded: number; total: number }
  | { type: 'model-ready'; info: ModelInfo }
  | { type: 'model-failed'; message: string }
  | { type: 'image-chosen'; image: ShownImage }
  | { type: 'image-encoded'; key: string; timings: Timings; counters: Counters }
  | { type: 'image-failed'; key: string; message: string }
  | { type: 'caption'; caption: string }
  | { type: 'phrase-mode'; mode: PhraseMode }
  | { type: 'spans'; spans: Span[] | undefined }
  | { type: 'thresholds'; thresholds: Partial<Thresholds> }
  | { type: 'grounded'; out: GroundOut }
  | { type: 'searched'; out: SearchOut | null }
  | { type: 'imported'; result: ResultJson; fileName: string }
  | { type: 'error'; source: ErrorSource; message: string }
  | { type: 'clear-error'; source?: ErrorSource };

export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'model-loading':
      return { ...state, model: { status: 'loading', source: action.source, loaded: 0, total: 0, previous: lastInfo(state) } };
    case 'model-progress':
      if (state.model.status !== 'loading') return state;
      return { ...state, model: { ...state.model, file: action.file, loaded: action.loaded, total: action.total } };
    case 'model-ready':
      // A new model invalidates the image features: the worker dropped them.
      return {
        ...clearError(state, 'model'),
        model: { status: 'ready', info: action.info },
        thresholds: action.info.defaults,
        encodedImage: null,
      };
    case 'model-failed': {
      const previous = lastInfo(state);
      const source = state.model.status === 'loading' ? state.model.source : 'model';
      const model: ModelState = previous ? { status: 'ready', info: previous } : { status: 'failed', source };
      return { ...state, model, error: { source: 'model', message: action.message } };
    }
    case 'image-chosen':
      return {
        ...clearError(state, 'image'),
        image: action.image,
        imported: null,
        previousImage: state.image && state.encodedImage === state.image.key ? state.image : state.previousImage,
        search: null,
      };
    case 'image-failed':
      if (state.image?.key !== action.key) return state;
      return { ...state, image: state.previousImage, error: { source: 'image', message: action.message } };
    case 'image-encoded':
      return { ...state, encodedImage: action.key, timings: { ...state.timings, ...action.timings }, counters: action.counters };
    case 'caption':
      return { ...state, caption: action.caption, spans: undefined, imported: null };
    case 'imported':
      return { ...clearError(state, 'import'), imported: { result: action.result, fileName: action.fileName } };
    case 'phrase-mode':
      return { ...state, phraseMode: action.mode, spans: undefined };
    case 'spans':
      return { ...state, spans: action.spans };
    case 'thresholds':
      return { ...state, thresholds: { ...state.thresholds, ...action.thresholds } };
    case 'grounded':
      return {
        ...clearError(state, 'caption'),
        grounding: action.out,
        timings: { ...state.timings, ...definedOnly(action.out.timings) },
        counters: action.out.counters,
      };
    case 'searched':
      return { ...clearError(state, 'search'), search: action.out };
    case 'error':
      return { ...state, error: { source: action.source, message: action.message } };
    case 'clear-error':
      return clearError(state, action.source);
  }
}

function clearError(state: AppState, source?: ErrorSource): AppState {
  if (!state.error || (source && state.error.source !== source)) return state;
  return { ...state, error: null };
}

function lastInfo(state: AppState): ModelInfo | undefined {
  const m = state.model;
  return m.status === 'ready' ? m.info : m.status === 'failed' ? m.info : m.previous;
}

function definedOnly(t: Timings): Timings {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Timings;
}

/** Is the model usable right now (possibly the previous one after a failed load)? */
export const modelInfo = (s: AppState): ModelInfo | undefined => lastInfo(s);
