/** NumPy/Python-exact numeric helpers, checked against the real NumPy and Python formatting. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatFixed, linspace, numpyMean, numpySum } from '../../src/core/eval/numeric.ts';
import { mulberry32 } from '../fixtures/eval/coco-cases.ts';

const SIZES = [1, 7, 8, 9, 127, 128, 129, 1000, 5050, 8193, 80800];
const FORMAT = [0.0625, 0.1875, -0.0625, 0.3125, 0.0005, 0.0015, 0.2345, 0.9995, -1, 1, 0.123456, 2 / 3];

describe('numeric helpers vs NumPy', () => {
  const rng = mulberry32(3);
  // exp(.)/7 fills all 53 mantissa bits, so summation order shows in the last bits.
  const arrays = SIZES.map((n) => Array.from({ length: n }, () => Math.exp(rng() * 3) / 7));
  const script = `
import json, sys
import numpy as np
d = json.load(sys.stdin)
print(json.dumps({
  "sums": [float(np.sum(np.array(a))) for a in d["arrays"]],
  "means": [float(np.mean(np.array(a))) for a in d["arrays"]],
  "fmt": ["{:0.3f}".format(v) for v in d["fmt"]],
  "iou": [float(v) for v in np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)],
  "rec": [float(v) for v in np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)],
}))`;
  const ref = JSON.parse(execFileSync('.venv/bin/python', ['-c', script], { input: JSON.stringify({ arrays, fmt: FORMAT }) }).toString());

  it('pairwise sum and mean are bit-identical to np.sum / np.mean', () => {
    expect(arrays.map(numpySum)).toEqual(ref.sums);
    expect(arrays.map(numpyMean)).toEqual(ref.means);
    // Not trivially so: a naive left-to-right sum differs on the long vectors.
    const naive = arrays.map((a) => a.reduce((s, v) => s + v, 0));
    expect(naive).not.toEqual(ref.sums);
  });

  it('linspace matches COCOeval params exactly', () => {
    expect(Array.from(linspace(0.5, 0.95, 10))).toEqual(ref.iou);
    expect(Array.from(linspace(0, 1, 101))).toEqual(ref.rec);
  });

  it("formats like Python's '{:0.3f}' (exact ties round half to even)", () => {
    expect(FORMAT.map((v) => formatFixed(v, 3))).toEqual(ref.fmt);
  });
});
