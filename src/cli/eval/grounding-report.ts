/** The grounding report as Markdown and as an SVG plot of Recall@1 vs IoU threshold. */
import type { GroundingReport } from '../../core/eval/grounding.ts';
import { lineChartSvg } from './svg-plot.ts';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

export function groundingMarkdown(r: GroundingReport, meta: { gt: string; source: string }): string {
  const ks = Object.keys(r.recallAnyBox);
  const o = r.options;
  const lines = [
    '# Phrase grounding evaluation',
    '',
    `Ground truth: \`${meta.gt}\`; predictions: ${meta.source}.`,
    `${r.counts.images} images, ${r.counts.phrases} phrases with boxes (${r.counts.singleReferent} single-referent), ${r.counts.negatives} negative phrases.`,
    '',
    `| metric (IoU >= ${o.iouThreshold}) | ${ks.map((k) => `R@${k}`).join(' | ')} |`,
    `| --- | ${ks.map(() => '---').join(' | ')} |`,
    `| recall, any-box protocol | ${ks.map((k) => pct(r.recallAnyBox[k])).join(' | ')} |`,
    `| recall, merged-box protocol | ${ks.map((k) => pct(r.recallMerged[k])).join(' | ')} |`,
    '',
    '| metric | value |',
    '| --- | --- |',
    `| Acc@${o.iouThreshold}, single-referent phrases | ${pct(r.accSingleReferent)} |`,
    `| pointing game (top-1 box centre in a GT box) | ${pct(r.pointingGame)} |`,
    `| negative phrases with no box (score >= ${o.negThreshold}) | ${pct(r.negativeNoBox)} |`,
    '',
    `Missing predictions (counted as no boxes): ${r.missing.images} images, ${r.missing.phrases} phrases, ${r.missing.negatives} negative phrases.`,
    '',
    '![Recall@1 vs IoU threshold](recall-vs-iou.svg)',
    '',
    '| IoU threshold | R@1 any-box | R@1 merged |',
    '| --- | --- | --- |',
    ...r.curve.iou.map((t, i) => `| ${t.toFixed(2)} | ${pct(r.curve.anyBox[i])} | ${pct(r.curve.merged[i])} |`),
  ];
  return `${lines.join('\n')}\n`;
}

export function groundingSvg(r: GroundingReport): string {
  return lineChartSvg('Recall@1 vs IoU threshold', 'IoU threshold', 'Recall@1', [
    { name: 'any-box', color: '#1f77b4', x: r.curve.iou, y: r.curve.anyBox },
    { name: 'merged-box', color: '#d62728', x: r.curve.iou, y: r.curve.merged },
  ]);
}
