/** `phraseground eval grounding`: phrase-grounding metrics from a results file or a model run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { usageError } from '../../core/errors.ts';
import { evaluateGrounding, type GroundingReport } from '../../core/eval/grounding.ts';
import { matchPredictions, parseModulatedGroundTruth, parsePredictionsText } from '../../core/eval/grounding-data.ts';
import { defaultModelDir } from '../paths.ts';
import { numberOption, parseOptions, requireString } from './args.ts';
import { groundingMarkdown, groundingSvg } from './grounding-report.ts';
import { readJson, readText } from './read-input.ts';

export const GROUNDING_HELP = `phraseground eval grounding --gt MODULATED.json (--results FILE | --images DIR [--model DIR]) [options]

Phrase grounding on an MDETR/GLIP modulated-detection set (images with captions, annotations with
tokens_positive and phrase_ids, optional negative_spans).
  --gt FILE              the modulated-detection COCO JSON
  --results FILE         PhraseGround result JSON / JSON list / JSONL (phraseground ground output)
  --images DIR           run a bundle over the set instead (images looked up by file_name)
  --model DIR            bundle folder (default: models/default)
  --out-dir DIR          write report.json, report.md, recall-vs-iou.svg (and predictions.jsonl for a model run)
  --iou T                IoU threshold for hits (default 0.5)
  --k LIST               recall cut-offs (default 1,5,10)
  --neg-threshold T      negatives: a box counts if score >= T (default: results file 0 = any box;
                         model run: the bundle's threshold)
  --json                 print report JSON instead of Markdown`;

export async function runGrounding(argv: readonly string[]): Promise<number> {
  const v = parseOptions(argv, {
    gt: { type: 'string' }, results: { type: 'string' }, images: { type: 'string' }, model: { type: 'string' },
    'out-dir': { type: 'string' }, iou: { type: 'string' }, k: { type: 'string' }, 'neg-threshold': { type: 'string' },
    json: { type: 'boolean' }, help: { type: 'boolean' },
  }, 'grounding');
  if (v.help) {
    process.stdout.write(`${GROUNDING_HELP}\n`);
    return 0;
  }
  const gtPath = requireString(v, 'gt', 'grounding');
  const hasResults = typeof v.results === 'string';
  const hasImages = typeof v.images === 'string';
  if (hasResults === hasImages) throw usageError('eval grounding needs exactly one of --results FILE or --images DIR');
  if (v.model !== undefined && !hasImages) throw usageError('--model goes with --images (a results file was already made by a model)');
  const ks = parseKs(v.k);
  const iouThreshold = numberOption(v.iou, 'iou', 0, 1) ?? 0.5;
  const negOption = numberOption(v['neg-threshold'], 'neg-threshold', 0, 1);
  const gt = parseModulatedGroundTruth(readJson(gtPath, 'ground truth'), gtPath);

  let report: GroundingReport;
  let source: string;
  let predictionsJsonl: string | undefined;
  if (hasResults) {
    const path = v.results as string;
    const predictions = matchPredictions(gt, parsePredictionsText(readText(path, 'results file'), path), path);
    report = evaluateGrounding(gt, predictions, { ks, iouThreshold, negThreshold: negOption ?? 0 });
    source = `\`${path}\``;
  } else {
    const modelDir = typeof v.model === 'string' ? v.model : defaultModelDir;
    const { predictWithModel } = await import('./run-model.ts');
    const run = await predictWithModel(gt, v.images as string, modelDir, Math.max(...ks));
    report = evaluateGrounding(gt, run.predictions, { ks, iouThreshold, negThreshold: negOption ?? run.threshold });
    source = `model ${run.modelName} (\`${modelDir}\`) on \`${v.images}\``;
    predictionsJsonl = run.results.map((r) => JSON.stringify(r)).join('\n') + '\n';
  }

  const markdown = groundingMarkdown(report, { gt: gtPath, source });
  if (typeof v['out-dir'] === 'string') {
    const dir = resolve(v['out-dir']);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.json'), `${JSON.stringify({ gt: gtPath, source, ...report }, null, 2)}\n`);
    writeFileSync(join(dir, 'report.md'), markdown);
    writeFileSync(join(dir, 'recall-vs-iou.svg'), groundingSvg(report));
    if (predictionsJsonl) writeFileSync(join(dir, 'predictions.jsonl'), predictionsJsonl);
  }
  process.stdout.write(v.json ? `${JSON.stringify(report, null, 2)}\n` : markdown);
  return 0;
}

function parseKs(raw: string | boolean | undefined): number[] {
  if (raw === undefined) return [1, 5, 10];
  const ks = String(raw).split(',').map((s) => Number(s.trim()));
  if (ks.length === 0 || !ks.every((k) => Number.isInteger(k) && k >= 1 && k <= 100)) {
    throw usageError(`--k must be a comma-separated list of whole numbers 1..100, not '${raw}'`);
  }
  return ks;
}
