import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { usageError } from '../core/errors.ts';
import { reportError } from './output.ts';

export const HELP = `phraseground — find the boxes for the phrases of a caption (offline, onnxruntime-node)

Usage:
  phraseground ground --image FILE --caption TEXT [options]
  phraseground ground --images DIR --captions FILE.jsonl [options]
  phraseground eval ...                 evaluate a bundle on a split (phraseground eval --help)
  phraseground bench [--model DIR] [--runs N]   time the core steps (Markdown table)
  phraseground --help | --version

ground options:
  --model DIR            bundle folder (default: models/default of this package)
  --phrases auto|dots    auto: noun phrases (default); dots: "red circle . blue star"
  --threshold T          box score threshold 0..1 (default: the bundle's)
  --nms-iou X            NMS IoU 0..1 (default: the bundle's)
  --top-k K              at most K boxes per phrase (default: the bundle's, else 10)
  --out FILE             write the result there instead of stdout
  --captions FILE.jsonl  batch: one {"image": "a.png", "caption": "..."} per line,
                         images relative to --images DIR; writes JSON Lines

Exit codes: 0 ok, 1 internal error, 2 usage, 3 bad input or model bundle.
Docs: docs/cli.md, result format: docs/result-format.md`;

/** Runs the CLI on `argv` (without node and the script); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${HELP}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
        process.stdout.write(`${(await import('../../package.json', { with: { type: 'json' } })).default.version}\n`);
        return 0;
      case 'ground':
        return await (await import('./ground.ts')).runGround(rest);
      case 'bench':
        return await (await import('./bench.ts')).runBench(rest);
      case 'eval':
        return await runEvalIfPresent(rest);
      default:
        throw usageError(`unknown command '${command}': use ground, eval or bench (phraseground --help)`);
    }
  } catch (e) {
    return reportError(e);
  }
}

/** eval belongs to src/cli/eval/main.ts; loaded lazily so ground works without it. */
async function runEvalIfPresent(argv: readonly string[]): Promise<number> {
  const file = new URL('./eval/main.ts', import.meta.url);
  if (!existsSync(fileURLToPath(file))) {
    process.stderr.write('phraseground: eval is not available in this checkout\n');
    return 2;
  }
  const mod = (await import(file.href)) as { runEval: (a: string[]) => Promise<number> };
  return mod.runEval([...argv]);
}
