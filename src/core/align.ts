import type { ImageFeatures, TextFeatures } from './features.ts';
import type { ScoringSpec } from './manifest.ts';

/**
 * The score of docs/model-bundle.md, on typed arrays:
 *   logit[r,t] = ((e_r . q_t) * scale + shift_r) * scale_r + bias_t + bias
 *   score[r,t] = sigmoid(logit[r,t])  (x sigmoid(objectness_r) when use_objectness)
 * Embeddings arrive already L2-normalised when `normalize` is set (see normalizeRows).
 * `alignRows` is the one implementation; the rest are views of it.
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

/**
 * Logits or scores of query rows against every region, [rows.length * R] (row-major). One pass
 * over the regions, each region embedding dotted with every row while it is in cache: this is
 * the hot path of grounding (R x rows x D multiply-adds), so the dot product is unrolled by four.
 * `rowBias[j]` is bias_t of row j (0 when the encoder has none).
 */
export function alignRows(
  image: ImageFeatures,
  q: Float32Array,
  rows: readonly number[],
  rowBias: readonly number[],
  scoring: ScoringSpec,
  output: 'score' | 'logit',
): Float32Array {
  const { embeds, dim, regions, shift, scale } = image;
  const obj = output === 'score' && scoring.use_objectness ? image.objectness : undefined;
  const n = rows.length;
  const out = new Float32Array(n * regions);
  const offsets = Int32Array.from(rows, (t) => t * dim);
  const biases = Float64Array.from(rowBias, (b) => b + scoring.bias);
  const s = scoring.scale;
  const d4 = dim - (dim % 4);
  const asScore = output === 'score';
  for (let r = 0; r < regions; r++) {
    const e = r * dim;
    const sh = shift ? shift[r] : 0;
    const sc = scale ? scale[r] : 1;
    const ob = obj ? obj[r] : 1;
    for (let j = 0; j < n; j++) {
      const o = offsets[j];
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let k = 0;
      for (; k < d4; k += 4) {
        a0 += embeds[e + k] * q[o + k];
        a1 += embeds[e + k + 1] * q[o + k + 1];
        a2 += embeds[e + k + 2] * q[o + k + 2];
        a3 += embeds[e + k + 3] * q[o + k + 3];
      }
      for (; k < dim; k++) a0 += embeds[e + k] * q[o + k];
      const logit = ((a0 + a1 + a2 + a3) * s + sh) * sc + biases[j];
      out[j * regions + r] = asScore ? ob / (1 + Math.exp(-logit)) : logit;
    }
  }
  return out;
}

const biasesOf = (text: TextFeatures, rows: readonly number[]) => rows.map((t) => (text.bias ? text.bias[t] : 0));

/** Scores [rows.length * R] of text rows (tokens, or phrase queries for query granularity). */
export function scoreMatrix(image: ImageFeatures, text: TextFeatures, rows: readonly number[], scoring: ScoringSpec): Float32Array {
  return alignRows(image, text.embeds, rows, biasesOf(text, rows), scoring, 'score');
}

/** Scores [R] of one token (token granularity) or one phrase query (query granularity). */
export function rowScores(image: ImageFeatures, text: TextFeatures, row: number, scoring: ScoringSpec): Float32Array {
  return scoreMatrix(image, text, [row], scoring);
}

/** Every logit [R*L] (region-major), as the parity fixtures store them. */
export function allLogits(image: ImageFeatures, text: TextFeatures, scoring: ScoringSpec): Float32Array {
  const L = text.embeds.length / text.dim;
  const rows = Array.from({ length: L }, (_, t) => t);
  const byRow = alignRows(image, text.embeds, rows, biasesOf(text, rows), scoring, 'logit');
  const out = new Float32Array(image.regions * L);
  for (let t = 0; t < L; t++) for (let r = 0; r < image.regions; r++) out[r * L + t] = byRow[t * image.regions + r];
  return out;
}

/**
 * Image-guided search: region `r`'s own embedding is the query (no text bias), scored against
 * every region with the same formula. Returns scores [R].
 */
export function regionQueryScores(image: ImageFeatures, r: number, scoring: ScoringSpec): Float32Array {
  const q = image.embeds.slice(r * image.dim, (r + 1) * image.dim);
  if (scoring.normalize) normalizeRows(q, image.dim);
  return alignRows(image, q, [0], [0], scoring, 'score');
}
