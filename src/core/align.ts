import type { ImageFeatures, TextFeatures } from './features.ts';
import type { ScoringSpec } from './manifest.ts';

/**
 * The score of docs/model-bundle.md, on typed arrays:
 *   logit[r,t] = ((e_r . q_t) * scale + shift_r) * scale_r + bias_t + bias
 *   score[r,t] = sigmoid(logit[r,t])  (x sigmoid(objectness_r) when use_objectness)
 * Embeddings arrive already L2-normalised when `normalize` is set (see normalizeRows).
 */

/** L2-normalises each row of a [rows*dim] matrix in place (zero rows stay zero). */
export function normalizeRows(m: Float32Array, dim: number): Float32Array {
  for (let o = 0; o < m.length; o += dim) {
    let ss = 0;
    for (let k = 0; k < dim; k++) ss += m[o + k] * m[o + k];
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let k = 0; k < dim; k++) m[o + k] *= inv;
  }
  return m;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Logits of every region against one query vector q (at `qOffset` in `q`), [R]. */
export function queryLogits(
  image: ImageFeatures,
  q: Float32Array,
  qOffset: number,
  biasT: number,
  scoring: ScoringSpec,
  out = new Float32Array(image.regions),
): Float32Array {
  const { embeds, dim, regions, shift, scale } = image;
  for (let r = 0; r < regions; r++) {
    const e = r * dim;
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += embeds[e + k] * q[qOffset + k];
    let logit = dot * scoring.scale + (shift ? shift[r] : 0);
    if (scale) logit *= scale[r];
    out[r] = logit + biasT + scoring.bias;
  }
  return out;
}

/** Logits -> scores in place: sigmoid, times sigmoid(objectness) when the bundle asks for it. */
export function logitsToScores(logits: Float32Array, image: ImageFeatures, scoring: ScoringSpec): Float32Array {
  const obj = scoring.use_objectness ? image.objectness : undefined;
  for (let r = 0; r < logits.length; r++) logits[r] = sigmoid(logits[r]) * (obj ? obj[r] : 1);
  return logits;
}

/** Scores [R] of one token (token granularity) or one phrase query (query granularity). */
export function rowScores(image: ImageFeatures, text: TextFeatures, row: number, scoring: ScoringSpec): Float32Array {
  const biasT = text.bias ? text.bias[row] : 0;
  return logitsToScores(queryLogits(image, text.embeds, row * text.dim, biasT, scoring), image, scoring);
}

/** Phrase scores [R] for phrase `p`: reduce (mean|max) over its tokens' scores, or its query's scores. */
export function phraseScores(image: ImageFeatures, text: TextFeatures, p: number, scoring: ScoringSpec): Float32Array {
  if (text.granularity === 'query') return rowScores(image, text, p, scoring);
  const tokens = text.phrases[p].tokens;
  const out = new Float32Array(image.regions);
  if (tokens.length === 0) return out;
  const max = scoring.reduce === 'max';
  for (const t of tokens) {
    const s = rowScores(image, text, t, scoring);
    for (let r = 0; r < out.length; r++) out[r] = max ? Math.max(out[r], s[r]) : out[r] + s[r];
  }
  if (!max) for (let r = 0; r < out.length; r++) out[r] /= tokens.length;
  return out;
}

/** Every logit [R*L] (region-major), as the parity fixtures store them. */
export function allLogits(image: ImageFeatures, text: TextFeatures, scoring: ScoringSpec): Float32Array {
  const rows = text.embeds.length / text.dim;
  const out = new Float32Array(image.regions * rows);
  const col = new Float32Array(image.regions);
  for (let t = 0; t < rows; t++) {
    queryLogits(image, text.embeds, t * text.dim, text.bias ? text.bias[t] : 0, scoring, col);
    for (let r = 0; r < image.regions; r++) out[r * rows + t] = col[r];
  }
  return out;
}

/**
 * Image-guided search: region `r`'s own embedding is the query (no text bias), scored against
 * every region with the same formula. Returns scores [R].
 */
export function regionQueryScores(image: ImageFeatures, r: number, scoring: ScoringSpec): Float32Array {
  const q = image.embeds.slice(r * image.dim, (r + 1) * image.dim);
  if (scoring.normalize) normalizeRows(q, image.dim);
  return logitsToScores(queryLogits(image, q, 0, 0, scoring), image, scoring);
}
