/** `phraseground eval voc`: Pascal VOC per-class AP and mAP (devkit rules). */
import { usageError } from '../../core/errors.ts';
import { formatFixed } from '../../core/eval/numeric.ts';
import { evaluateVoc } from '../../core/eval/voc.ts';
import { parseVocInput } from '../../core/eval/voc-data.ts';
import { numberOption, parseOptions, requireString } from './args.ts';
import { readJson } from './read-input.ts';

export const VOC_HELP = `phraseground eval voc --gt GT.json --dt DETECTIONS.json [--metric 07|10] [--no-plus-one] [--strict-iou] [--iou T] [--json]

Pascal VOC AP per class and mAP, as the official devkit (VOCevaldet.m / VOCap.m).
  --gt FILE        {"images": [{"id", "boxes": [{"bbox": [x1,y1,x2,y2], "label", "difficult"}]}]} or COCO GT
  --dt FILE        [{"image_id", "label", "score", "bbox": [x1,y1,x2,y2]}] or COCO results
  --metric 07|10   07: 11-point AP (VOC2007); 10: area under the precision envelope (default)
  --no-plus-one    IoU without the devkit's +1 pixel convention (continuous coordinates)
  --strict-iou     a match needs IoU > T (py-faster-rcnn voc_eval.py) instead of >= T (the devkit)
  --iou T          IoU threshold (default 0.5)
  --json           print a JSON object (mAP, classes) instead of the table`;

export function runVoc(argv: readonly string[]): number {
  const v = parseOptions(argv, {
    gt: { type: 'string' }, dt: { type: 'string' }, metric: { type: 'string' }, json: { type: 'boolean' },
    'no-plus-one': { type: 'boolean' }, 'strict-iou': { type: 'boolean' }, iou: { type: 'string' }, help: { type: 'boolean' },
  }, 'voc');
  if (v.help) {
    process.stdout.write(`${VOC_HELP}\n`);
    return 0;
  }
  const metric = v.metric ?? '10';
  if (metric !== '07' && metric !== '10') throw usageError(`--metric must be 07 or 10, not '${metric}'`);
  const gtPath = requireString(v, 'gt', 'voc');
  const dtPath = requireString(v, 'dt', 'voc');
  const plusOne = !v['no-plus-one'];
  const data = parseVocInput(readJson(gtPath, 'ground truth'), readJson(dtPath, 'detections'), plusOne, { gt: gtPath, dt: dtPath });
  const r = evaluateVoc(data, { metric, plusOne, strictIou: !!v['strict-iou'], iouThreshold: numberOption(v.iou, 'iou', 0, 1) ?? 0.5 });
  if (r.detectionsWithoutGtLabel > 0) {
    process.stderr.write(`note: ${r.detectionsWithoutGtLabel} detections have a label with no ground-truth box; no AP is computed for them\n`);
  }
  if (v.json) {
    const classes = r.classes.map(({ recall: _r, precision: _p, ...c }) => c);
    process.stdout.write(`${JSON.stringify({ mAP: r.mAP, options: r.options, classes, detectionsWithoutGtLabel: r.detectionsWithoutGtLabel }, null, 2)}\n`);
    return 0;
  }
  const f = (x: number | null) => (x === null ? 'n/a' : formatFixed(x, 4));
  const lines = [
    `VOC${metric === '07' ? '2007 11-point' : '2010+ area'} AP, IoU ${o(r.options.strictIou)} ${r.options.iouThreshold}${plusOne ? ', +1 pixel convention' : ''}`,
    '',
    '| class | AP | GT (non-difficult) | detections | TP | FP |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.classes.map((c) => `| ${c.name} | ${f(c.ap)} | ${c.npos} | ${c.detections} | ${c.tp} | ${c.fp} |`),
    '',
    `mAP = ${f(r.mAP)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

const o = (strict: boolean) => (strict ? '>' : '>=');
