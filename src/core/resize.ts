/**
 * PIL-compatible antialiased bilinear resize of interleaved uint8 images: an exact port of
 * Pillow's Resample.c (precompute_coeffs, normalize_coeffs_8bpc, 8bpc passes). Separable, the
 * horizontal pass first, each pass rounded to uint8 with 22-bit fixed-point coefficients, so
 * the result equals `Image.resize((w, h), Image.BILINEAR)`.
 */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

interface Coeffs {
  ksize: number;
  bounds: Int32Array; // [xmin, count] per output pixel
  kk: Int32Array; // fixed-point weights, ksize per output pixel
}

const triangle = (x: number) => {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
};

function precomputeCoeffs(inSize: number, outSize: number): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 1 * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Int32Array(outSize * ksize);
  const w = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      w[x] = triangle((x + xmin - center + 0.5) * ss);
      ww += w[x];
    }
    for (let x = 0; x < xmax; x++) {
      const k = ww !== 0 ? w[x] / ww : w[x];
      kk[xx * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * ONE) : Math.trunc(0.5 + k * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, kk };
}

type Pixels = Uint8Array | Uint8ClampedArray | readonly number[];

const clip8 = (v: number) => (v >= ONE * 256 ? 255 : v <= 0 ? 0 : Math.floor(v / ONE));

/** Horizontal pass: each output row from the same input row (c channels interleaved). */
function horizontal(src: Pixels, w: number, h: number, c: number, outW: number): Uint8Array {
  const out = new Uint8Array(outW * h * c);
  const { ksize, bounds, kk } = precomputeCoeffs(w, outW);
  for (let y = 0; y < h; y++) {
    const row = y * w * c;
    for (let x = 0; x < outW; x++) {
      const min = bounds[x * 2];
      const n = bounds[x * 2 + 1];
      const k0 = x * ksize;
      const o = (y * outW + x) * c;
      if (c === 3) {
        // The common case, one walk over the taps for all three channels.
        let s0 = HALF;
        let s1 = HALF;
        let s2 = HALF;
        for (let t = 0, p = row + min * 3; t < n; t++, p += 3) {
          const k = kk[k0 + t];
          s0 += src[p] * k;
          s1 += src[p + 1] * k;
          s2 += src[p + 2] * k;
        }
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
        continue;
      }
      for (let ch = 0; ch < c; ch++) {
        let ss = HALF;
        for (let t = 0, p = row + min * c + ch; t < n; t++, p += c) ss += src[p] * kk[k0 + t];
        out[o + ch] = clip8(ss);
      }
    }
  }
  return out;
}

/** Vertical pass: each output row from a window of input rows, walked row by row. */
function vertical(src: Pixels, w: number, h: number, c: number, outH: number): Uint8Array {
  const stride = w * c;
  const out = new Uint8Array(outH * stride);
  const acc = new Float64Array(stride);
  const { ksize, bounds, kk } = precomputeCoeffs(h, outH);
  for (let y = 0; y < outH; y++) {
    const min = bounds[y * 2];
    const n = bounds[y * 2 + 1];
    acc.fill(HALF);
    for (let t = 0; t < n; t++) {
      const k = kk[y * ksize + t];
      const base = (min + t) * stride;
      for (let i = 0; i < stride; i++) acc[i] += src[base + i] * k;
    }
    const o = y * stride;
    for (let i = 0; i < stride; i++) out[o + i] = clip8(acc[i]);
  }
  return out;
}

/** Resizes an interleaved uint8 image (c channels) to outW x outH like PIL's BILINEAR. */
export function resizeBilinear(
  src: Pixels,
  w: number,
  h: number,
  c: number,
  outW: number,
  outH: number,
): Uint8Array {
  let data: Pixels = src;
  let curW = w;
  if (outW !== w) {
    data = horizontal(data, w, h, c, outW);
    curW = outW;
  }
  if (outH !== h) data = vertical(data, curW, h, c, outH);
  return data instanceof Uint8Array && data !== src ? data : Uint8Array.from(data);
}
