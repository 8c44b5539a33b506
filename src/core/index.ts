/**
 * PhraseGround core: the public surface shared by the browser worker, the CLI and tests.
 * Framework-free (no React, DOM-only or Node-only imports; test/unit/core-imports.test.ts checks).
 *
 * Typical flow:
 *   const model = await loadBundle(source, backend, onProgress);   // source: urlSource | filesSource | folderSource (node)
 *   const image = await model.encodeImage(rgb);                     // once per image; keep it
 *   const text  = await model.encodeText(caption, { mode: 'auto' }); // per caption edit
 *   const result = model.ground(image, text, { threshold, nmsIou, topK }); // pure, < 2 ms
 *   const json = toResultJson({ model, imageName, image, text, result }); // versioned result JSON
 *
 * Backends: src/runtime/node/ort-node.ts (ortNodeBackend) and src/runtime/web/ort-web.ts
 * (ortWebBackend: WebGPU, else WASM). Image decoding: src/runtime/{node,web}/decode-image.ts,
 * both returning an RgbImage.
 *
 * Coordinate spaces: `ModelBox` (normalised model input) vs `PixelBox` (xyxy, original image
 * pixels; every box in a GroundingResult is a PixelBox). Character spans are [start, end) in
 * UTF-16 code units of the caption (JavaScript string indices).
 */
export { PhraseGroundError, isPhraseGroundError, exitCodeFor, inputError, bundleError, usageError } from './errors.ts';
export type { ErrorKind } from './errors.ts';

export { loadBundle } from './bundle.ts';
export type { LoadProgress } from './bundle.ts';
export { urlSource, filesSource } from './bundle-source.ts';
export type { BundleSource, ByteProgress } from './bundle-source.ts';
export { Model } from './model.ts';
export type { PhraseRequest } from './model.ts';
export { parseManifest, validateManifest, MANIFEST_FORMAT_VERSION } from './manifest.ts';
export type { Manifest, ImageEncoderSpec, TextEncoderSpec, ScoringSpec } from './manifest.ts';

export type { Tensor, FloatTensor, EncoderSession, InferenceBackend, DeclaredDim } from './tensor.ts';
export type { RgbImage } from './image.ts';
export { MAX_IMAGE_PIXELS, DOWNSCALE_ABOVE_PIXELS, checkImageSize, decodeSize } from './image.ts';
export type { ImageFeatures, TextFeatures } from './features.ts';

export { preprocess, computeFit } from './preprocess.ts';
export type { Preprocessed } from './preprocess.ts';
export { resizeBilinear } from './resize.ts';
export { toPixelBox, toModelXyxy, iou, clipBox, area, modelBox, pixelBox } from './boxes.ts';
export type { ModelBox, PixelBox, FitTransform } from './boxes.ts';

export { CaptionTokenizer } from './tokenize.ts';
export type { TokenizedCaption, CharSpan } from './tokenize.ts';
export { autoPhraseSpans, dotPhraseSpans, phraseSpans, attachTokens } from './phrases.ts';
export type { Phrase, PhraseMode, Truncation } from './phrases.ts';

export { ground, selectOptions, tokenHeatmap, similarRegions } from './grounder.ts';
export type { GroundingResult, PhraseResult } from './grounder.ts';
export { selectBoxes, argmax, regionForBox } from './postprocess.ts';
export type { Detection, SelectOptions } from './postprocess.ts';
export { allLogits, phraseScores, rowScores, regionQueryScores, normalizeRows } from './align.ts';

export { toResultJson, parseResult, resultSchemaError, toCocoResults, RESULT_FORMAT, RESULT_VERSION } from './result.ts';
export type { ResultJson, ResultPhrase, ResultBox, ResultInput, CocoResult } from './result.ts';
export { readImageHeader } from './image-header.ts';
export type { ImageHeader } from './image-header.ts';
export { prettyJson } from './pretty-json.ts';
