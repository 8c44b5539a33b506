/**
 * `phraseground eval …`: COCO bbox AP (identical to pycocotools), Pascal VOC AP (devkit rules)
 * and phrase-grounding metrics. src/cli/main.ts dispatches here; docs/evaluation.md has the rules.
 */
import { usageError } from '../../core/errors.ts';
import { reportError } from '../output.ts';
import { COCO_HELP, runCoco } from './coco-command.ts';
import { GROUNDING_HELP, runGrounding } from './grounding-command.ts';
import { runVoc, VOC_HELP } from './voc-command.ts';

export const EVAL_HELP = `phraseground eval — detection and grounding metrics

Usage:
  ${COCO_HELP.split('\n')[0]}
  ${VOC_HELP.split('\n')[0]}
  ${GROUNDING_HELP.split('\n')[0]}

phraseground eval coco|voc|grounding --help shows each command's options.
Exit codes: 0 ok, 2 usage, 3 bad input (malformed JSON, bad boxes/scores, unknown image ids, ...).
Docs: docs/evaluation.md`;

/** Runs `eval` with its arguments (after the word eval); returns the exit code. */
export async function runEval(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    switch (sub) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${EVAL_HELP}\n`);
        return sub === undefined ? 2 : 0;
      case 'coco':
        return runCoco(rest);
      case 'voc':
        return runVoc(rest);
      case 'grounding':
        return await runGrounding(rest);
      default:
        throw usageError(`unknown eval command '${sub}': use coco, voc or grounding (phraseground eval --help)`);
    }
  } catch (e) {
    return reportError(e);
  }
}
