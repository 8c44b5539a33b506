/**
 * The props-level data the UI components render. The app shell builds it from the core's
 * grounding result; the components never see tensors, tokenizers or the worker.
 *
 * Coordinate spaces are branded so they cannot be mixed up at compile time (see excalidraw's
 * GlobalPoint/LocalPoint): `ImagePoint` / `ImageBox` are in ORIGINAL image pixels, always;
 * `StagePoint` / `StageRect` are Konva stage pixels (the image scaled to fit, zoomed, panned).
 * The only bridge between them is `src/ui/canvas/viewport.ts`.
 */

declare const space: unique symbol;
type In<S extends string> = { readonly [space]: S };

/** A point in original image pixels. */
export type ImagePoint = { readonly x: number; readonly y: number } & In<'image'>;
/** A point in Konva stage pixels (CSS pixels of the canvas element). */
export type StagePoint = { readonly x: number; readonly y: number } & In<'stage'>;
/** A box in original image pixels, xyxy: [x1, y1, x2, y2] with x1 <= x2, y1 <= y2. */
export type ImageBox = readonly [x1: number, y1: number, x2: number, y2: number] & In<'image'>;
/** An axis-aligned rectangle on the stage, as Konva wants it. */
export type StageRect = { readonly x: number; readonly y: number; readonly width: number; readonly height: number } & In<'stage'>;

export const imagePoint = (x: number, y: number) => ({ x, y }) as ImagePoint;
export const stagePoint = (x: number, y: number) => ({ x, y }) as StagePoint;
export const imageBox = (x1: number, y1: number, x2: number, y2: number) => [x1, y1, x2, y2] as unknown as ImageBox;
export const stageRect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height }) as StageRect;

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A character span [start, end) of the caption, in UTF-16 code units (JavaScript string indices). */
export type Span = readonly [start: number, end: number];

/** The decoded image. `source` is what Konva draws; its natural size is `width x height`. */
export interface ViewImage extends Size {
  readonly source: CanvasImageSource | null;
  /** File name, used for export file names and the COCO `file_name`. */
  readonly name: string;
}

/** One box of a phrase: where, how sure, and which model region produced it. */
export interface ViewBox {
  readonly bbox: ImageBox;
  /** Phrase score in 0..1 (sigmoid of the alignment logit, reduced over the phrase's tokens). */
  readonly score: number;
  /** Index of the model region; -1 when unknown (e.g. an imported result without regions). */
  readonly region: number;
}

/** Where a phrase came from: noun-phrase extraction / "." split, the user's selection, or a drawn example. */
export type PhraseSource = 'auto' | 'manual' | 'example';

export interface ViewPhrase {
  /** Stable while the caption is edited (the shell's or core's phrase id). */
  readonly id: string;
  readonly text: string;
  /** Span in the caption; null for image-guided ("example #1") phrases, which have no text span. */
  readonly span: Span | null;
  /** CSS colour, from `src/ui/colors.ts`. */
  readonly colour: string;
  readonly source: PhraseSource;
  /** Already thresholded, NMS'd and capped at top-k, best first. */
  readonly boxes: readonly ViewBox[];
}

/** How phrases are found in the caption. */
export type PhraseMode = 'auto' | 'dots';

/** A (non-special) token of the caption, for "select a word to see its alignment". */
export interface ViewToken {
  /** Position in the model's input ids (so the shell can look up its scores). */
  readonly index: number;
  readonly text: string;
  readonly span: Span;
}

/** The caption as the editor shows it. */
export interface CaptionView {
  readonly text: string;
  readonly mode: PhraseMode;
  readonly phrases: readonly ViewPhrase[];
  readonly tokens: readonly ViewToken[];
  /** Character index where the tokenizer's length limit cuts the caption; null when it all fits. */
  readonly cutAt: number | null;
  /** The model's token limit, for the "cut" message. */
  readonly maxTokens: number;
}

/**
 * Word–region scores of one token, as the shell gets them from the alignment:
 * either per region with the region's box, or a regular grid over an area of the image
 * (for models whose regions are patches, e.g. OWL-ViT's grid).
 */
export type HeatmapSource =
  | { readonly kind: 'regions'; readonly boxes: readonly ImageBox[]; readonly scores: ArrayLike<number> }
  | {
      readonly kind: 'grid';
      readonly rows: number;
      readonly cols: number;
      /** Row-major, rows x cols scores in 0..1. */
      readonly scores: ArrayLike<number>;
      /** The image area the grid covers (the model input mapped back to original pixels; may exceed the image). */
      readonly area: ImageBox;
    };

/** One translucent cell of a heatmap, ready to draw. */
export interface HeatCell {
  readonly bbox: ImageBox;
  readonly score: number;
  readonly colour: string;
  readonly opacity: number;
}

/** A reference to one drawn box. */
export interface BoxRef {
  readonly phraseId: string;
  readonly boxIndex: number;
}

/** What the person has selected or points at. Owned by the shell, changed through callbacks. */
export interface SelectionState {
  /** The highlighted phrase (others dimmed); null when none. */
  readonly phraseId: string | null;
  /** The caption token whose heatmap is shown; null when none. */
  readonly tokenIndex: number | null;
}

export const emptySelection: SelectionState = { phraseId: null, tokenIndex: null };

/** Score threshold and per-phrase box cap, as the controls edit them. */
export interface DisplaySettings {
  readonly threshold: number;
  readonly topK: number;
}
