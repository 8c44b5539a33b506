import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ground } from '../../src/core/grounder.ts';
import type { ScoringSpec } from '../../src/core/manifest.ts';
import { parseResult, toCocoResults, toResultJson, type ResultJson } from '../../src/core/result.ts';
import { imageFeatures, textFeatures } from './helpers/features.ts';
import { repoRoot } from './helpers/fixtures.ts';

const schema = JSON.parse(readFileSync(`${repoRoot}/src/core/schemas/result.schema.json`, 'utf8'));
const validate = new Ajv2020({ strict: false }).compile(schema);
const scoring: ScoringSpec = { normalize: false, scale: 4, bias: 0, activation: 'sigmoid', reduce: 'mean', threshold: 0.6, nms_iou: 0.5, top_k: 3 };

function sample(): ResultJson {
  const image = imageFeatures([[1, 0], [0, 1]], [[10.12345, 20, 30, 40], [50, 50, 70, 90]]);
  const text = textFeatures([[1, 0], [0, 1], [1, 0]], [
    { text: 'red circle', span: [0, 10], tokens: [2] },
    { text: 'blue star', span: [13, 22], tokens: [1], truncated: 'partly' },
  ]);
  const tokenized = { text: 'red circle . blue star', ids: [101, 1, 2, 102], tokens: ['[CLS]', 'red', 'circle', '[SEP]'], spans: [null, [0, 3] as const, [4, 10] as const, null], cutSpans: [] };
  const t = { ...text, caption: tokenized.text, mode: 'dots' as const, tokenized };
  const result = ground(image, t, scoring);
  return toResultJson({ model: { manifest: { id: 'm', name: 'M' }, backend: 'test' }, imageName: 'a.png', image, text: t, result });
}

describe('result JSON v1', () => {
  it('validates against result.schema.json with boxes in original pixels', () => {
    const r = sample();
    expect(validate(r)).toBe(true);
    expect(r).toMatchObject({ format: 'phraseground-result', version: 1, phrase_mode: 'dots', image: { name: 'a.png', width: 100, height: 100 } });
    expect(r.phrases[0].boxes[0]).toEqual({ bbox: [10.123, 20, 30, 40], score: 0.982014, region: 0 });
    expect(r.phrases[1].truncated).toBe('partly');
    expect(r.thresholds).toEqual({ box_threshold: 0.6, nms_iou: 0.5, top_k: 3 });
    expect(r.tokens?.[1]).toEqual({ token: 'red', span: [0, 3] });
  });

  it('parses its own output and refuses malformed input with one line', () => {
    const r = sample();
    expect(parseResult(JSON.stringify(r))).toEqual(r);
    expect(() => parseResult('{nope', 'r.json')).toThrow(/^r\.json is not valid JSON/);
    const bad = structuredClone(r) as any;
    bad.phrases[0].boxes[0].bbox = [1, 2, 3];
    expect(() => parseResult(JSON.stringify(bad), 'r.json')).toThrow('r.json: phrases.0.boxes.0.bbox must have 4 items');
    expect(() => parseResult(JSON.stringify({ ...r, version: 2 }), 'r.json')).toThrow(
      'r.json is result version 2; this app reads version 1 — update PhraseGround',
    );
  });

  it('writes COCO results (xywh) for the phrases that have a category', () => {
    const coco = toCocoResults(sample(), 7, (p) => (p.text === 'red circle' ? 3 : undefined));
    expect(coco).toEqual([{ image_id: 7, category_id: 3, bbox: [10.123, 20, 19.877, 20], score: 0.982014 }]);
  });
});
