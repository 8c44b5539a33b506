/**
 * Input for grounding evaluation:
 * - GT: MDETR/GLIP modulated-detection COCO JSON — images {id, file_name, caption,
 *   negative_spans?}, annotations {image_id, bbox [x,y,w,h], tokens_positive [[s,e],...],
 *   phrase_ids?}. Annotations with the same (image, phrase_ids) form one phrase (without
 *   phrase_ids: the same tokens_positive); the phrase span is the union [min start, max end].
 * - Predictions: PhraseGround result JSON objects (one, a list, or JSONL lines): {image: {name}
 *   or "name", or image_id; caption; phrases: [{span: [s,e], boxes: [{bbox: [x1,y1,x2,y2], score}],
 *   point?: [x,y]}]}. A prediction is tied to a GT image by image_id or by file name (basename).
 */
import { inputError } from '../errors.ts';
import { readXywh, short } from './coco-data.ts';
import type { GroundingGtImage, GroundingPrediction, GtPhrase, PredictedBox, PredictedPhrase, Span } from './grounding.ts';
import { readXyxy } from './voc-data.ts';
import type { BoxXyxy } from './voc.ts';

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const basename = (p: string) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

function readSpan(v: Json, caption: string, where: string): Span {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => Number.isInteger(x))) {
    throw inputError(`${where}: a span must be [start, end] with two integers (got ${short(v)})`);
  }
  const [s, e] = v as [number, number];
  if (s < 0 || e <= s || e > caption.length) {
    throw inputError(`${where}: span [${s}, ${e}] is outside the caption (length ${caption.length})`);
  }
  return [s, e];
}

export function parseModulatedGroundTruth(data: Json, label = 'ground truth'): GroundingGtImage[] {
  if (!isObject(data) || !Array.isArray(data.images) || !Array.isArray(data.annotations)) {
    throw inputError(`${label}: expected modulated-detection COCO JSON with "images" (with captions) and "annotations"`);
  }
  const images = data.images.map((im, i) => {
    const where = `${label}: images[${i}]`;
    if (!isObject(im) || (typeof im.id !== 'number' && typeof im.id !== 'string')) throw inputError(`${where} has no id`);
    if (typeof im.caption !== 'string') throw inputError(`${where} has no caption (is this a modulated-detection file?)`);
    const caption = im.caption;
    const negatives = Array.isArray(im.negative_spans) ? im.negative_spans.map((s, j) => readSpan(s, caption, `${where}.negative_spans[${j}]`)) : [];
    return { id: im.id, fileName: typeof im.file_name === 'string' ? im.file_name : String(im.id), caption, negatives, groups: new Map<string, { spans: Span[]; boxes: BoxXyxy[] }>() };
  });
  const byId = new Map(images.map((im) => [im.id, im]));
  data.annotations.forEach((a, i) => {
    const where = `${label}: annotations[${i}]`;
    if (!isObject(a)) throw inputError(`${where} is not an object`);
    const im = byId.get(a.image_id as number | string);
    if (!im) throw inputError(`${where}: image_id ${short(a.image_id)} is not in "images"`);
    if (!Array.isArray(a.tokens_positive) || a.tokens_positive.length === 0) throw inputError(`${where} has no tokens_positive`);
    const spans = a.tokens_positive.map((s, j) => readSpan(s, im.caption, `${where}.tokens_positive[${j}]`));
    const [x, y, w, h] = readXywh(a.bbox, where);
    const key = a.phrase_ids !== undefined ? `id:${JSON.stringify(a.phrase_ids)}` : `span:${JSON.stringify(spans)}`;
    const group = im.groups.get(key) ?? { spans: [], boxes: [] };
    group.spans.push(...spans);
    group.boxes.push([x, y, x + w, y + h]);
    im.groups.set(key, group);
  });
  return images.map((im) => ({
    id: im.id,
    fileName: im.fileName,
    caption: im.caption,
    negativeSpans: im.negatives,
    phrases: [...im.groups.values()].map((g): GtPhrase => {
      const span: Span = [Math.min(...g.spans.map((s) => s[0])), Math.max(...g.spans.map((s) => s[1]))];
      return { span, text: im.caption.slice(span[0], span[1]), boxes: g.boxes };
    }),
  }));
}

/** Parses predictions text: a JSON object, a JSON list of objects, or JSONL (one object a line). */
export function parsePredictionsText(text: string, label = 'results'): Json[] {
  const trimmed = text.trim();
  if (trimmed === '') throw inputError(`${label} is empty: expected result JSON or JSONL`);
  try {
    const one = JSON.parse(trimmed);
    return Array.isArray(one) ? one : [one];
  } catch {
    return trimmed.split(/\r?\n/).filter((l) => l.trim() !== '').map((line, i) => {
      try {
        return JSON.parse(line);
      } catch {
        throw inputError(`${label}: line ${i + 1} is not valid JSON (expected one result object a line)`);
      }
    });
  }
}

/** Ties each prediction to its GT image; returns the map evaluateGrounding takes. */
export function matchPredictions(gt: readonly GroundingGtImage[], items: readonly Json[], label = 'results'): Map<number | string, GroundingPrediction> {
  const byName = new Map(gt.map((im) => [basename(im.fileName), im]));
  const nameCount = new Map<string, number>();
  for (const im of gt) nameCount.set(basename(im.fileName), (nameCount.get(basename(im.fileName)) ?? 0) + 1);
  const byId = new Map(gt.map((im) => [im.id, im]));
  const out = new Map<number | string, GroundingPrediction>();
  items.forEach((item, i) => {
    const where = `${label}[${i}]`;
    if (!isObject(item)) throw inputError(`${where} is not a result object`);
    const name = typeof item.image === 'string' ? item.image : isObject(item.image) ? (item.image.name ?? item.image.file_name) : undefined;
    if (item.image_id === undefined && typeof name === 'string' && (nameCount.get(basename(name)) ?? 0) > 1) {
      throw inputError(`${where}: several ground-truth images are named ${basename(name)}; give the prediction an image_id`);
    }
    const im = item.image_id !== undefined ? byId.get(item.image_id as number | string) : typeof name === 'string' ? byName.get(basename(name)) : undefined;
    if (!im) throw inputError(`${where}: image ${short(item.image_id ?? name)} is not in the ground truth`);
    if (typeof item.caption === 'string' && item.caption !== im.caption) {
      throw inputError(`${where}: caption ${short(item.caption)} differs from the ground truth's ${short(im.caption)} for ${im.fileName}; spans would not line up`);
    }
    if (!Array.isArray(item.phrases)) throw inputError(`${where} has no "phrases" list`);
    const phrases = item.phrases.map((p, j): PredictedPhrase => readPhrase(p, im.caption, `${where}.phrases[${j}]`));
    const prev = out.get(im.id);
    out.set(im.id, { phrases: [...(prev?.phrases ?? []), ...phrases] });
  });
  return out;
}

function readPhrase(p: Json, caption: string, where: string): PredictedPhrase {
  if (!isObject(p)) throw inputError(`${where} is not an object`);
  const span = readSpan(p.span, caption, where);
  if (!Array.isArray(p.boxes)) throw inputError(`${where} has no "boxes" list`);
  const boxes = p.boxes.map((b, k): PredictedBox => {
    const w = `${where}.boxes[${k}]`;
    if (!isObject(b)) throw inputError(`${w} is not an object`);
    if (typeof b.score !== 'number' || !Number.isFinite(b.score)) throw inputError(`${w}: score must be a finite number (got ${short(b.score)})`);
    return { bbox: readXyxy(b.bbox, w), score: b.score };
  });
  const point = Array.isArray(p.point) && p.point.length === 2 && p.point.every((v) => Number.isFinite(v)) ? (p.point as [number, number]) : undefined;
  return point ? { span, boxes, point } : { span, boxes };
}
