/**
 * PhraseGround core: the public surface shared by the browser worker, the CLI and tests.
 * Framework-free (no React, DOM-only or Node-only imports; test/unit/core-imports.test.ts checks).
 * Names here are stable; add, do not rename.
 *
 * Typical flow:
 *   const model = await loadBundle(source, backend, onProgress);       // LoadProgress: download | session | ready
 *   const image = await model.encodeImage(rgb);                         // once per image; keep it (ImageFeatures)
 *   const text  = await model.encodeText(caption, { mode: 'auto' });   // per caption edit ('auto' | 'dots' | 'spans')
 *   const result = model.ground(image, text, { threshold, nmsIou, topK }); // pure and fast: re-run on slider moves
 *   const json = toResultJson({ model, imageName, image, text, result });  // versioned result JSON (docs/result-format.md)
 *   model.heatmap(image, text, tokenIndex)   // per-token region scores [R] (tokenIndex into text.tokenized.ids)
 *   model.similar(image, regionForBox(image, drawnBox))  // image-guided search from a user-drawn box
 *
 * Sources: urlSource(baseUrl, fetch) and filesSource(files) here; folderSource(dir) and
 * loadModelFromFolder(dir) in src/runtime/node/. Backends: ortNodeBackend() in
 * src/runtime/node/ort-node.ts; ortWebBackend({ wasmPaths }) in src/runtime/web/ort-web.ts
 * (WebGPU, else WASM; `backend.name`/`fallbackReason` say which and why). Image decoding:
 * decodeImageFile/decodeImageBytes (Node, sharp) and decodeImageBlob (browser), both -> RgbImage.
 *
 * Errors: every user-facing failure is a PhraseGroundError (kind usage | input | bundle | runtime)
 * with a one-line message. Coordinate spaces: `ModelBox` (normalised model input) vs `PixelBox`
 * (xyxy, original image pixels; every box in a GroundingResult is a PixelBox). Character spans are
 * [start, end) in UTF-16 code units of the caption (JavaScript string indices).
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

export { ground, phraseScoreRows, selectOptions, tokenHeatmap, similarRegions } from './grounder.ts';
export type { GroundingResult, PhraseResult } from './grounder.ts';
export { selectBoxes, argmax, regionForBox } from './postprocess.ts';
export type { Detection, SelectOptions } from './postprocess.ts';
export { allLogits, alignRows, scoreMatrix, rowScores, regionQueryScores, normalizeRows } from './align.ts';

export { toResultJson, parseResult, resultSchemaError, toCocoResults, RESULT_FORMAT, RESULT_VERSION } from './result.ts';
export type { ResultJson, ResultPhrase, ResultBox, ResultInput, CocoResult } from './result.ts';
export { readImageHeader } from './image-header.ts';
export type { ImageHeader } from './image-header.ts';
export { prettyJson } from './pretty-json.ts';
