import { describe, expect, it } from 'vitest';
import type { ResultJson } from '../../src/core/result.ts';
import { exportFileName } from '../../src/ui/export/file-names.ts';
import { imageMismatch, importResultText, resultCaptionView, resultTokens, resultToViewPhrases } from '../../src/ui/export/import-result.ts';
import { cocoResults, cocoResultsText, resultJsonText } from '../../src/ui/export/result-export.ts';

const result: ResultJson = {
  format: 'phraseground-result',
  version: 1,
  model: { id: 'test-model', name: 'Test model' },
  image: { name: 'shapes.png', width: 640, height: 480 },
  caption: 'a red circle next to two blue stars',
  phrase_mode: 'auto',
  tokens: [
    { token: '[CLS]', span: null },
    { token: 'a', span: [0, 1] },
    { token: 'red', span: [2, 5] },
    { token: 'circle', span: [6, 12] },
    { token: '[SEP]', span: null },
  ],
  phrases: [
    { text: 'a red circle', span: [0, 12], tokens: [1, 2, 3], truncated: 'none', boxes: [{ bbox: [10.5, 20, 110.25, 140], score: 0.93, region: 7 }] },
    {
      text: 'two blue stars',
      span: [21, 35],
      tokens: [],
      truncated: 'fully',
      boxes: [
        { bbox: [300, 40, 360, 100], score: 0.8, region: 3 },
        { bbox: [400, 200, 450, 260], score: 0.61, region: 12 },
      ],
    },
  ],
  thresholds: { box_threshold: 0.3, nms_iou: 0.5, top_k: 10 },
  backend: 'onnxruntime-node (cpu)',
  timings_ms: { align: 0.2 },
};

describe('export payloads', () => {
  it('writes the result JSON as indented text that parses back to the same object', () => {
    const text = resultJsonText(result);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(result);
  });

  it('writes COCO results with xywh boxes and a category per phrase', () => {
    const coco = cocoResults(result, 42);
    expect(coco).toEqual([
      { image_id: 42, category_id: 1, bbox: [10.5, 20, 99.75, 120], score: 0.93 },
      { image_id: 42, category_id: 2, bbox: [300, 40, 60, 60], score: 0.8 },
      { image_id: 42, category_id: 2, bbox: [400, 200, 50, 60], score: 0.61 },
    ]);
    expect(JSON.parse(cocoResultsText(result))).toHaveLength(3);
  });

  it('names export files after the image', () => {
    expect(exportFileName('/photos/My Cat.jpeg', 'result')).toBe('My_Cat.phraseground.json');
    expect(exportFileName('shapes.png', 'coco')).toBe('shapes.coco-results.json');
    expect(exportFileName('', 'png')).toBe('image.annotated.png');
  });
});

describe('import', () => {
  it('round-trips: an exported result imports to the same phrases and boxes', () => {
    const outcome = importResultText(resultJsonText(result), 'shapes.phraseground.json');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result).toEqual(result);
    const { phrases } = resultToViewPhrases(outcome.result);
    expect(phrases.map((p) => [p.id, p.text, p.span, p.boxes.length])).toEqual([
      ['p0-12', 'a red circle', [0, 12], 1],
      ['p21-35', 'two blue stars', [21, 35], 2],
    ]);
    expect([...phrases[0].boxes[0].bbox]).toEqual([10.5, 20, 110.25, 140]);
    expect(phrases[0].colour).not.toBe(phrases[1].colour);
    expect(resultTokens(outcome.result).map((t) => [t.index, t.text])).toEqual([[1, 'a'], [2, 'red'], [3, 'circle']]);
  });

  it('shows an imported caption with its phrases and the truncation cut after the last token seen', () => {
    const { phrases } = resultToViewPhrases(result);
    const view = resultCaptionView(result, phrases);
    expect(view.text).toBe(result.caption);
    expect(view.phrases).toHaveLength(2);
    expect(view.cutAt).toBe(12); // "two blue stars" was cut: the model saw up to "circle"
    expect(view.maxTokens).toBe(5);
    const whole = { ...result, phrases: result.phrases.map((p) => ({ ...p, truncated: 'none' as const })) };
    expect(resultCaptionView(whole, phrases).cutAt).toBeNull();
  });

  it('rejects malformed JSON with one line naming the file', () => {
    const outcome = importResultText('{\n  "format": "phraseground-result",\n  oops\n}', 'mine.json');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/^mine\.json is not valid JSON/);
    expect(outcome.message).not.toContain('\n');
  });

  it('rejects valid JSON that is not a result, saying what is wrong', () => {
    const noBoxes = { ...result, phrases: [{ ...result.phrases[0], boxes: [{ bbox: [1, 2, 3], score: 0.5, region: 0 }] }] };
    const bad = importResultText(JSON.stringify(noBoxes), 'r.json');
    expect(bad.ok || bad.message).toMatch(/^r\.json: phrases\.0\.boxes\.0\.bbox must have 4 items/);
    const other = importResultText('[{"image_id": 1}]', 'coco.json');
    expect(other.ok).toBe(false);
    const newer = importResultText(JSON.stringify({ ...result, version: 2 }), 'new.json');
    expect(newer.ok || newer.message).toMatch(/version 2/);
  });

  it('says when the shown image is not the result\'s image', () => {
    expect(imageMismatch(result, { name: 'shapes.png', width: 640, height: 480 })).toBeNull();
    expect(imageMismatch(result, { name: 'cat.jpg', width: 800, height: 600 })).toMatch(/shapes\.png \(640x480\).*cat\.jpg \(800x600\)/);
    expect(imageMismatch(result, null)).toMatch(/open that image/);
  });
});
