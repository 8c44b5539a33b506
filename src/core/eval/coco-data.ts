/**
 * COCO ground truth and bbox results, checked and packed into typed arrays for evaluation.
 * The rules follow pycocotools' COCO() + loadRes(); where pycocotools would crash (KeyError,
 * assert, IndexError) we raise one clear input error instead. See docs/evaluation.md.
 */
import { inputError } from '../errors.ts';

export type ImageId = number | string;

/** Ground truth, annotations in file order (the order pycocotools' index keeps). */
export interface CocoGroundTruth {
  /** Image ids, sorted ascending and unique, as COCOeval's params.imgIds. */
  readonly imgIds: readonly ImageId[];
  /** Category ids, sorted ascending and unique, as COCOeval's params.catIds. */
  readonly catIds: readonly number[];
  readonly catNames: readonly string[];
  /** Annotations whose image and category are both in the set. */
  readonly count: number;
  readonly imgIndex: Int32Array; // into imgIds
  readonly catIndex: Int32Array; // into catIds
  readonly boxes: Float64Array; // [count*4] x, y, w, h
  readonly areas: Float64Array; // the annotation's own `area` field, not w*h
  readonly crowd: Uint8Array;
  readonly ids: Float64Array; // annotation ids (an id of 0 never counts as a match, as in pycocotools)
}

/** Results ("detections"), in file order, already restricted to the GT's categories. */
export interface CocoDetections {
  readonly count: number;
  readonly imgIndex: Int32Array;
  readonly catIndex: Int32Array;
  readonly boxes: Float64Array; // [count*4] x, y, w, h
  readonly areas: Float64Array; // w*h, as loadRes sets it
  readonly scores: Float64Array;
  /** Results whose category is not in the GT: pycocotools never loads them (not matched, not FP). */
  readonly droppedUnknownCategory: number;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: Json): v is ImageId => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';

function idKind(ids: readonly ImageId[], label: string): 'number' | 'string' {
  const kinds = new Set(ids.map((id) => typeof id));
  if (kinds.size > 1) throw inputError(`${label}: image ids mix numbers and strings; use one type`);
  return kinds.has('string') ? 'string' : 'number';
}

/** Sorts ids as Python's sorted() does for a list of one type. */
export function sortIds<T extends ImageId>(ids: T[]): T[] {
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads a COCO bbox [x, y, w, h]: four finite numbers with w, h >= 0. */
export function readXywh(v: Json, where: string): [number, number, number, number] {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw inputError(`${where}: bbox must be [x, y, width, height] with 4 finite numbers (got ${short(v)})`);
  }
  if (v[2] < 0 || v[3] < 0) {
    throw inputError(`${where}: bbox has a negative width or height (${short(v)}); COCO boxes are [x, y, width, height]`);
  }
  return v as [number, number, number, number];
}

export function short(v: Json): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Parses a COCO ground-truth object (already JSON-parsed). */
export function parseCocoGroundTruth(data: Json, label = 'ground truth'): CocoGroundTruth {
  if (!isObject(data)) throw inputError(`${label}: expected a COCO object with images, annotations and categories`);
  const { images, annotations, categories } = data;
  if (!Array.isArray(images)) throw inputError(`${label}: missing "images" list`);
  if (!Array.isArray(annotations)) throw inputError(`${label}: missing "annotations" list`);
  if (!Array.isArray(categories) || categories.length === 0) {
    throw inputError(`${label}: missing or empty "categories" list (COCOeval takes its category ids from it)`);
  }
  const rawImgIds = images.map((im, i) => {
    if (!isObject(im) || !isId(im.id)) throw inputError(`${label}: images[${i}] has no id`);
    return im.id;
  });
  idKind(rawImgIds, label);
  const imgIds = sortIds([...new Set(rawImgIds)]);
  const imgPos = new Map<ImageId, number>(imgIds.map((id, i) => [id, i]));

  const catName = new Map<number, string>();
  categories.forEach((c, i) => {
    if (!isObject(c) || typeof c.id !== 'number' || !Number.isFinite(c.id)) {
      throw inputError(`${label}: categories[${i}] needs a numeric id`);
    }
    catName.set(c.id, typeof c.name === 'string' ? c.name : String(c.id));
  });
  const catIds = sortIds([...catName.keys()]);
  const catPos = new Map<number, number>(catIds.map((id, i) => [id, i]));

  const keep: number[] = [];
  const seenIds = new Set<number>();
  annotations.forEach((a, i) => {
    const where = `${label}: annotations[${i}]`;
    if (!isObject(a)) throw inputError(`${where} is not an object`);
    if (typeof a.id !== 'number' || !Number.isFinite(a.id)) throw inputError(`${where} needs a numeric id`);
    if (seenIds.has(a.id)) throw inputError(`${where}: duplicate annotation id ${a.id}; ids must be unique`);
    seenIds.add(a.id);
    if (!isId(a.image_id)) throw inputError(`${where} has no image_id`);
    if (typeof a.category_id !== 'number') throw inputError(`${where} has no numeric category_id`);
    readXywh(a.bbox, where);
    if (typeof a.area !== 'number' || !Number.isFinite(a.area) || a.area < 0) {
      throw inputError(`${where} needs an "area" (a finite number >= 0): COCOeval ranges GT by it, not by w*h`);
    }
    if (imgPos.has(a.image_id) && catPos.has(a.category_id)) keep.push(i);
  });

  const n = keep.length;
  const gt = {
    imgIds, catIds, catNames: catIds.map((id) => catName.get(id)!), count: n,
    imgIndex: new Int32Array(n), catIndex: new Int32Array(n), boxes: new Float64Array(n * 4),
    areas: new Float64Array(n), crowd: new Uint8Array(n), ids: new Float64Array(n),
  };
  keep.forEach((src, j) => {
    const a = annotations[src] as Record<string, Json>;
    gt.imgIndex[j] = imgPos.get(a.image_id as ImageId)!;
    gt.catIndex[j] = catPos.get(a.category_id as number)!;
    gt.boxes.set(a.bbox as number[], j * 4);
    gt.areas[j] = a.area as number;
    gt.crowd[j] = a.iscrowd ? 1 : 0; // absent iscrowd = 0 (pycocotools would raise KeyError)
    gt.ids[j] = a.id as number;
  });
  return gt;
}

/** Parses COCO bbox results against their ground truth, as pycocotools' loadRes. */
export function parseCocoDetections(data: Json, gt: CocoGroundTruth, label = 'results'): CocoDetections {
  const list = isObject(data) && Array.isArray(data.annotations) ? data.annotations : data;
  if (!Array.isArray(list)) throw inputError(`${label}: expected a JSON list of {image_id, category_id, bbox, score}`);
  if (list.length === 0) {
    throw inputError(`${label}: the results list is empty (pycocotools refuses it too); nothing to evaluate`);
  }
  const imgPos = new Map<ImageId, number>(gt.imgIds.map((id, i) => [id, i]));
  const catPos = new Map<number, number>(gt.catIds.map((id, i) => [id, i]));
  const keep: number[] = [];
  list.forEach((d, i) => {
    const where = `${label}[${i}]`;
    if (!isObject(d)) throw inputError(`${where} is not an object`);
    if (!isId(d.image_id)) throw inputError(`${where} has no image_id`);
    if (!imgPos.has(d.image_id)) {
      throw inputError(`${where}: image_id ${short(d.image_id)} is not in the ground truth's images (pycocotools asserts here)`);
    }
    if (typeof d.score !== 'number' || !Number.isFinite(d.score)) {
      throw inputError(`${where}: score must be a finite number (got ${short(d.score)})`);
    }
    readXywh(d.bbox, where);
    if (typeof d.category_id !== 'number') throw inputError(`${where} has no numeric category_id`);
    if (catPos.has(d.category_id)) keep.push(i);
  });
  const n = keep.length;
  const dt = {
    count: n, imgIndex: new Int32Array(n), catIndex: new Int32Array(n), boxes: new Float64Array(n * 4),
    areas: new Float64Array(n), scores: new Float64Array(n), droppedUnknownCategory: list.length - n,
  };
  keep.forEach((src, j) => {
    const d = list[src] as Record<string, Json>;
    const b = d.bbox as number[];
    dt.imgIndex[j] = imgPos.get(d.image_id as ImageId)!;
    dt.catIndex[j] = catPos.get(d.category_id as number)!;
    dt.boxes.set(b, j * 4);
    dt.areas[j] = b[2] * b[3];
    dt.scores[j] = d.score as number;
  });
  return dt;
}
