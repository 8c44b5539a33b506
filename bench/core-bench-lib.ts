import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../src/core/errors.ts';
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
  await model.dispose();

  const preSorted = pre.slice(3).sort((a, b) => a - b);
  const row = (name: string, xs: number[], target = '') =>
    `| ${name} | ${quantile(xs, 0.5).toFixed(2)} | ${quantile(xs, 0.95).toFixed(2)} | ${xs.length} | ${target} |`;
  const cpu = cpus();
  const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { id: string };
  const lines = [
    `Bundle: \`${manifest.id}\` from ${dir.replace(`${packageRoot}/`, '')}${note}; image ${rgb.width}x${rgb.height}; ` +
      `caption of ${text.tokenized.ids.length} tokens, ${text.phrases.length} phrases; R=${image.regions}, D=${image.dim}.`,
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${model.backend}.`,
    '',
    '| step | p50 ms | p95 ms | runs | target |',
    '|---|---:|---:|---:|---|',
    row('bundle load (read + 2 sessions + probe)', load),
    row('image encode (preprocess + ONNX)', enc, '≤ 80 ms'),
    row('  of which preprocess', preSorted),
    row('text encode (tokenize + phrases + ONNX)', textRuns, '≤ 15 ms'),
    row('alignment + post-processing', align, '≤ 2 ms'),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
