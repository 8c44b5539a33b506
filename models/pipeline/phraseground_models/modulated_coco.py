"""MDETR/GLIP "modulated detection" COCO JSON for grounding splits.

Layout (one file per split):
  images:      [{id, file_name, width, height, caption, negative_spans: [[s, e], ...]}]
  annotations: [{id, image_id, bbox: [x, y, w, h], area, iscrowd: 0, category_id,
                 tokens_positive: [[s, e]], phrase_ids}]
  categories:  [{id, name}]  (the 8 shapes, ids 1..8)

Spans are [start, end) character offsets into the caption (captions are ASCII, so these
equal JavaScript UTF-16 offsets). phrase_ids numbers the phrases within one image, as in
MDETR's Flickr30k files: a plural phrase has several annotations with the same phrase_ids.
`negative_spans` is our extension: phrases that name something absent (no annotations).
Unmentioned distractor objects are not annotated.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .scenes import Scene
from .vocab import SHAPE_IDS

CATEGORIES = [{"id": i, "name": name} for name, i in SHAPE_IDS.items()]


def _r(v: float) -> float:
    return round(float(v), 2)


def build(scenes: Iterable[tuple[str, Scene]]) -> dict:
    """The COCO dict for (file_name, scene) pairs, in order; ids start at 1."""
    images, annotations = [], []
    for image_id, (file_name, scene) in enumerate(scenes, start=1):
        negatives = []
        for phrase_id, phrase in enumerate(scene.phrases):
            if not phrase.object_ids:
                negatives.append(list(phrase.span))
            for k in phrase.object_ids:
                obj = scene.objects[k]
                x0, y0, x1, y1 = (_r(v) for v in obj.box)
                w, h = _r(x1 - x0), _r(y1 - y0)
                annotations.append({
                    "id": len(annotations) + 1, "image_id": image_id,
                    "bbox": [x0, y0, w, h], "area": _r(w * h), "iscrowd": 0,
                    "category_id": SHAPE_IDS[obj.shape],
                    "tokens_positive": [list(phrase.span)], "phrase_ids": phrase_id,
                })
        images.append({
            "id": image_id, "file_name": file_name,
            "width": scene.image.width, "height": scene.image.height,
            "caption": scene.caption, "negative_spans": negatives,
        })
    return {"images": images, "annotations": annotations, "categories": CATEGORIES}


def write(path: str | Path, coco: dict) -> None:
    Path(path).write_text(json.dumps(coco, separators=(",", ":")) + "\n", encoding="utf-8")


def read(path: str | Path) -> dict:
    """Load a split's annotations, checking the keys every consumer relies on."""
    coco = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("images", "annotations", "categories"):
        if key not in coco:
            raise ValueError(f"{path}: not a modulated-detection COCO file (no '{key}')")
    return coco


@dataclass
class GroundingPhrase:
    span: tuple[int, int]
    boxes: list[tuple[float, float, float, float]]  # xyxy image pixels; [] = negative phrase


@dataclass
class GroundingImage:
    file_name: str
    width: int
    height: int
    caption: str
    phrases: list[GroundingPhrase]   # positives by phrase_ids order, then negatives


def grounding_images(coco: dict) -> list[GroundingImage]:
    """Per-image phrases with their xyxy boxes: the form evaluation code wants."""
    by_image: dict[int, dict[int, GroundingPhrase]] = {}
    for ann in coco["annotations"]:
        phrases = by_image.setdefault(ann["image_id"], {})
        s, e = ann["tokens_positive"][0]
        x, y, w, h = ann["bbox"]
        phrases.setdefault(ann["phrase_ids"], GroundingPhrase((s, e), [])).boxes.append(
            (x, y, x + w, y + h))
    out = []
    for img in coco["images"]:
        positives = [p for _, p in sorted(by_image.get(img["id"], {}).items())]
        negatives = [GroundingPhrase((s, e), []) for s, e in img.get("negative_spans", [])]
        out.append(GroundingImage(img["file_name"], img["width"], img["height"], img["caption"],
                                  positives + negatives))
    return out
