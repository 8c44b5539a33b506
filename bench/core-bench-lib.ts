import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeRows } from '../src/core/align.ts';
import { usageError } from '../src/core/errors.ts';
import type { ImageFeatures, TextFeatures } from '../src/core/features.ts';
import { ground } from '../src/core/grounder.ts';
import type { ScoringSpec } from '../src/core/manifest.ts';
import { decodeImageFile } from '../src/runtime/node/decode-image.ts';
import { loadModelFromFolder } from '../src/runtime/node/load-folder.ts';
import { packageRoot } from '../src/cli/paths.ts';

/**
 * The core benchmark: p50/p95 of bundle load, image encode, text encode (a 20-token caption)
 * and alignment + post-processing, on onnxruntime-node. Prints a Markdown table naming the
 * machine. Used by `npm run bench` and `phraseground bench`.
 */
export const BENCH_CAPTION = 'a red circle above two blue stars and a green hexagon left of a purple triangle'; // 20 tokens with [CLS]/[SEP]

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

async function time(runs: number, warmup: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let k = 0; k < warmup; k++) await fn();
  const out: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

/** Grounding on synthetic features of the size the target is stated for (R=1024, D=64, 20 tokens). */
function syntheticAlignment(scoring: ScoringSpec): () => unknown {
  const R = 1024;
  const D = 64;
  const wave = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
  const embeds = normalizeRows(wave(R * D, 1), D);
  const pixelBoxes = Float32Array.from({ length: R * 4 }, (_, i) => ((i >> 2) % 32) * 3 + (i % 4 >= 2 ? 8 : 0));
  const fit = { modelWidth: 256, modelHeight: 256, left: 0, top: 0, nw: 256, nh: 256, sourceWidth: 256, sourceHeight: 256 };
  const image: ImageFeatures = { width: 256, height: 256, regions: R, dim: D, embeds, modelBoxes: pixelBoxes, pixelBoxes, fit, timings: { preprocessMs: 0, encodeMs: 0 } };
  const tokens = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
  const phrases = [tokens(1, 5), tokens(5, 8), tokens(8, 12), tokens(12, 19)].map((t) => ({ text: 'p', span: [0, 1] as const, tokens: t, truncated: 'none' as const }));
  const text: TextFeatures = {
    caption: 'p',
    mode: 'spans',
    tokenized: { text: 'p', ids: [], tokens: [], spans: [], cutSpans: [] },
    phrases,
    granularity: 'token',
    dim: D,
    embeds: normalizeRows(wave(20 * D, 7), D),
    timings: { tokenizeMs: 0, encodeMs: 0 },
  };
  return () => ground(image, text, scoring);
}

export async function benchMain(argv: readonly string[]): Promise<number> {
  let values: { model?: string; runs?: string; image?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { model: { type: 'string' }, runs: { type: 'string' }, image: { type: 'string' } } }));
  } catch (e) {
    throw usageError(`${(e as Error).message.split('\n')[0]} (bench options: --model DIR --runs N --image FILE)`);
  }
  const runs = Number(values.runs ?? 30);
  if (!(Number.isInteger(runs) && runs >= 1)) throw usageError('--runs must be a whole number >= 1');
  const fallback = resolve(packageRoot, 'test/fixtures/random-bundle');
  const defaultDir = resolve(packageRoot, 'models/default');
  const dir = values.model ? resolve(values.model) : existsSync(resolve(defaultDir, 'manifest.json')) ? defaultDir : fallback;
  const note = !values.model && dir === fallback ? ' (models/default is absent: using the random-weight fixture bundle)' : '';
  const imagePath = values.image ?? resolve(packageRoot, 'test/fixtures/parity/random-bundle/wide.png');

  const load = await time(runs, 1, async () => (await loadModelFromFolder(dir)).dispose());
  const model = await loadModelFromFolder(dir);
  const rgb = await decodeImageFile(imagePath);
  const pre: number[] = [];
  const enc = await time(runs, 3, async () => pre.push((await model.encodeImage(rgb)).timings.preprocessMs));
  const image = await model.encodeImage(rgb);
  const text = await model.encodeText(BENCH_CAPTION);
  const textRuns = await time(runs, 3, () => model.encodeText(BENCH_CAPTION));
  const align = await time(Math.max(runs, 200), 20, () => model.ground(image, text));
  const synthetic = syntheticAlignment(model.scoring);
  const alignSynthetic = await time(Math.max(runs, 200), 20, synthetic);
  await model.dispose();

  const preSorted = pre.slice(3).sort((a, b) => a - b);
  const row = (name: string, xs: number[], target = '') =>
    `| ${name} | ${quantile(xs, 0.5).toFixed(2)} | ${quantile(xs, 0.95).toFixed(2)} | ${xs.length} | ${target} |`;
  const cpu = cpus();
  const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { id: string };
  const lines = [
    `Bundle: \`${manifest.id}\` from ${dir.replace(`${packageRoot}/`, '')}${note}; image ${rgb.width}x${rgb.height}; ` +
      `caption of ${text.tokenized.ids.length} tokens, ${text.phrases.length} phrases; R=${image.regions}, D=${image.dim}.`,
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${model.backend}; ` +
      `load average ${loadavg().map((v) => v.toFixed(1)).join(' / ')} (1/5/15 min) when it finished.`,
    '',
    '| step | p50 ms | p95 ms | runs | target |',
    '|---|---:|---:|---:|---|',
    row('bundle load (read + 2 sessions + probe)', load),
    row('image encode (preprocess + ONNX)', enc, '≤ 80 ms'),
    row('  of which preprocess', preSorted),
    row('text encode (tokenize + phrases + ONNX)', textRuns, '≤ 15 ms'),
    row(`alignment + post-processing (this bundle: R=${image.regions}, D=${image.dim}, ${text.phrases.length} phrases)`, align, '≤ 2 ms'),
    row('alignment + post-processing (synthetic R=1024, D=64, 18 phrase tokens of 20)', alignSynthetic, '≤ 2 ms'),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
