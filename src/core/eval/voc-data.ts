/**
 * Input for VOC evaluation: our simple JSON, or COCO ground truth + COCO bbox results.
 *
 * Simple format (boxes are [x1, y1, x2, y2] in pixels, inclusive VOC corners):
 *   GT:         {"images": [{"id": "000001", "boxes": [{"bbox": [x1,y1,x2,y2], "label": "dog", "difficult": false}]}]}
 *   detections: [{"image_id": "000001", "label": "dog", "score": 0.9, "bbox": [x1,y1,x2,y2]}]
 *               (or {"detections": [...]})
 * COCO format: GT with "annotations" + "categories", results [{image_id, category_id, bbox [x,y,w,h], score}];
 * the label is the category id (named after the category), `iscrowd` boxes count as difficult, and
 * [x, y, w, h] becomes [x, y, x+w-1, y+h-1] under the +1 convention (the inverse of the usual
 * VOC->COCO conversion w = x2-x1+1), or [x, y, x+w, y+h] without it.
 */
import { inputError } from '../errors.ts';
import { readXywh, short } from './coco-data.ts';
import type { BoxXyxy, VocDataset, VocDetection, VocGtBox } from './voc.ts';

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKey = (v: Json): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** [x1, y1, x2, y2]: four finite numbers with x2 >= x1 and y2 >= y1. */
export function readXyxy(v: Json, where: string): BoxXyxy {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw inputError(`${where}: bbox must be [x1, y1, x2, y2] with 4 finite numbers (got ${short(v)})`);
  }
  if (v[2] < v[0] || v[3] < v[1]) {
    throw inputError(`${where}: bbox has x2 < x1 or y2 < y1 (${short(v)}); VOC boxes are [x1, y1, x2, y2]`);
  }
  return v as unknown as BoxXyxy;
}

/** True when the GT object looks like COCO (has "annotations"). */
export const isCocoGroundTruth = (gt: Json): boolean => isObject(gt) && Array.isArray(gt.annotations);

export function parseVocInput(gt: Json, dets: Json, plusOne: boolean, labels = { gt: 'ground truth', dt: 'detections' }): VocDataset {
  return isCocoGroundTruth(gt) ? fromCoco(gt as Record<string, Json>, dets, plusOne, labels) : fromSimple(gt, dets, labels);
}

function fromSimple(gt: Json, dets: Json, labels: { gt: string; dt: string }): VocDataset {
  if (!isObject(gt) || !Array.isArray(gt.images)) {
    throw inputError(`${labels.gt}: expected {"images": [{"id", "boxes": [{"bbox", "label", "difficult"}]}]} or COCO JSON`);
  }
  const images = new Map<string, VocGtBox[]>();
  gt.images.forEach((im, i) => {
    const where = `${labels.gt}: images[${i}]`;
    if (!isObject(im) || !isKey(im.id)) throw inputError(`${where} has no id`);
    if (im.boxes !== undefined && !Array.isArray(im.boxes)) throw inputError(`${where}: "boxes" must be a list`);
    const boxes = ((im.boxes as Json[] | undefined) ?? []).map((b, j): VocGtBox => {
      const w = `${where}.boxes[${j}]`;
      if (!isObject(b) || !isKey(b.label)) throw inputError(`${w} needs a label`);
      return { bbox: readXyxy(b.bbox, w), label: String(b.label), difficult: b.difficult === true || b.difficult === 1 };
    });
    images.set(String(im.id), [...(images.get(String(im.id)) ?? []), ...boxes]);
  });
  const list = isObject(dets) && Array.isArray(dets.detections) ? dets.detections : dets;
  if (!Array.isArray(list)) throw inputError(`${labels.dt}: expected a JSON list of {image_id, label, score, bbox}`);
  const detections = list.map((d, i): VocDetection => {
    const where = `${labels.dt}[${i}]`;
    if (!isObject(d) || !isKey(d.label)) throw inputError(`${where} needs a label`);
    return { imageId: checkImage(d.image_id, images, where), label: String(d.label), score: readScore(d.score, where), bbox: readXyxy(d.bbox, where) };
  });
  return { images, detections };
}

function fromCoco(gt: Record<string, Json>, dets: Json, plusOne: boolean, labels: { gt: string; dt: string }): VocDataset {
  const one = plusOne ? 1 : 0;
  const toXyxy = (b: [number, number, number, number]): BoxXyxy => [b[0], b[1], b[0] + b[2] - one, b[1] + b[3] - one];
  if (!Array.isArray(gt.images)) throw inputError(`${labels.gt}: missing "images" list`);
  const images = new Map<string, VocGtBox[]>();
  gt.images.forEach((im, i) => {
    if (!isObject(im) || !isKey(im.id)) throw inputError(`${labels.gt}: images[${i}] has no id`);
    images.set(String(im.id), []);
  });
  const labelNames = new Map<string, string>();
  if (Array.isArray(gt.categories)) {
    for (const c of gt.categories) if (isObject(c) && isKey(c.id)) labelNames.set(String(c.id), typeof c.name === 'string' ? c.name : String(c.id));
  }
  (gt.annotations as Json[]).forEach((a, i) => {
    const where = `${labels.gt}: annotations[${i}]`;
    if (!isObject(a) || !isKey(a.image_id) || !isKey(a.category_id)) throw inputError(`${where} needs image_id and category_id`);
    const boxes = images.get(String(a.image_id));
    // As COCOeval: annotations of unlisted images or categories are never evaluated.
    if (!boxes || (labelNames.size > 0 && !labelNames.has(String(a.category_id)))) return;
    boxes.push({ bbox: toXyxy(readXywh(a.bbox, where)), label: String(a.category_id), difficult: !!a.iscrowd });
  });
  const list = isObject(dets) && Array.isArray(dets.annotations) ? dets.annotations : dets;
  if (!Array.isArray(list)) throw inputError(`${labels.dt}: expected a JSON list of COCO results {image_id, category_id, bbox, score}`);
  const detections = list.map((d, i): VocDetection => {
    const where = `${labels.dt}[${i}]`;
    if (!isObject(d) || !isKey(d.category_id)) throw inputError(`${where} needs a category_id`);
    return { imageId: checkImage(d.image_id, images, where), label: String(d.category_id), score: readScore(d.score, where), bbox: toXyxy(readXywh(d.bbox, where)) };
  });
  return { images, detections, labelNames };
}

function checkImage(id: Json, images: Map<string, unknown>, where: string): string {
  if (!isKey(id)) throw inputError(`${where} has no image_id`);
  if (!images.has(String(id))) throw inputError(`${where}: image_id ${short(id)} is not in the ground truth's images`);
  return String(id);
}

function readScore(v: Json, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw inputError(`${where}: score must be a finite number (got ${short(v)})`);
  return v;
}
