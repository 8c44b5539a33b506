/** `phraseground eval coco`: the 12 COCOeval numbers, identical to pycocotools. */
import { writeFileSync } from 'node:fs';
import { parseCocoDetections, parseCocoGroundTruth } from '../../core/eval/coco-data.ts';
import { evaluateCoco } from '../../core/eval/coco.ts';
import { COCO_STAT_NAMES, cocoPerClass, cocoPrCurves, cocoStats, cocoSummaryLines } from '../../core/eval/coco-summary.ts';
import { formatFixed } from '../../core/eval/numeric.ts';
import { parseOptions, requireString } from './args.ts';
import { readJson } from './read-input.ts';

export const COCO_HELP = `phraseground eval coco --gt GT.json --dt RESULTS.json [--json] [--per-class] [--pr-curves FILE]

COCO bbox AP/AR exactly as pycocotools' COCOeval (the 12 summary numbers).
  --gt FILE          COCO ground truth (images, annotations with area/iscrowd, categories)
  --dt FILE          COCO results: [{image_id, category_id, bbox: [x,y,w,h], score}]
  --json             print {"stats": [12 numbers], ...} instead of the summary lines
  --per-class        add AP, AP50, AP75 per category
  --pr-curves FILE   write precision at the 101 recall thresholds per category (IoU .5 and .75) as JSON`;

export function runCoco(argv: readonly string[]): number {
  const v = parseOptions(argv, {
    gt: { type: 'string' }, dt: { type: 'string' }, json: { type: 'boolean' },
    'per-class': { type: 'boolean' }, 'pr-curves': { type: 'string' }, help: { type: 'boolean' },
  }, 'coco');
  if (v.help) {
    process.stdout.write(`${COCO_HELP}\n`);
    return 0;
  }
  const gtPath = requireString(v, 'gt', 'coco');
  const dtPath = requireString(v, 'dt', 'coco');
  const gt = parseCocoGroundTruth(readJson(gtPath, 'ground truth'), gtPath);
  const dt = parseCocoDetections(readJson(dtPath, 'results'), gt, dtPath);
  const acc = evaluateCoco(gt, dt);
  const stats = cocoStats(acc);
  const perClass = v['per-class'] ? cocoPerClass(acc) : undefined;
  if (dt.droppedUnknownCategory > 0) {
    process.stderr.write(`note: ${dt.droppedUnknownCategory} results have a category_id that is not in the ground truth; they are ignored, as pycocotools does\n`);
  }
  if (typeof v['pr-curves'] === 'string') {
    const curves = cocoPrCurves(acc);
    const body = { recallThresholds: Array.from(acc.params.recThrs), curves: curves.map(({ recall: _r, ...c }) => c) };
    writeFileSync(v['pr-curves'], `${JSON.stringify(body)}\n`);
  }
  if (v.json) {
    const out = { stats, statNames: COCO_STAT_NAMES, ...(perClass ? { perClass } : {}), ignoredResults: dt.droppedUnknownCategory };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const lines = cocoSummaryLines(acc, stats);
  if (perClass) {
    lines.push('', '| category | id | AP | AP50 | AP75 |', '| --- | --- | --- | --- | --- |');
    const f = (x: number) => (x < 0 ? 'n/a' : formatFixed(x, 3));
    for (const r of perClass) lines.push(`| ${r.name} | ${r.catId} | ${f(r.ap)} | ${f(r.ap50)} | ${f(r.ap75)} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
