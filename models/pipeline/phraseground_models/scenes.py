"""Synthetic grounding scenes: coloured shapes on simple backgrounds, a caption, phrase boxes.

THE API used by training (keep names and fields): SceneObject, Phrase, Scene, make_scene,
generate, SPLITS. Everything is numpy + Pillow and deterministic for a given seed.

Rules (see models/pipeline/README.md):
- A plain phrase ("two blue stars") names ALL objects of its colour x shape, so it is never
  ambiguous; a position phrase ("the blue star on the left") names one of >= 2 look-alikes.
- Negative phrases (object_ids == []) name a colour x shape absent from the image; most are
  near misses (a present shape in another colour, or a present colour on another shape).
- train/val/test never render or name NOVEL_COMBOS and never use SYNONYMS words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
from PIL import Image

from . import backgrounds, layout, shapes
from .captions import PhraseWords, assemble, phrase_text
from .planning import Plan, plan_scene
from .vocab import COLOR_JITTER, COLORS, size_word, synonyms_for

SPLITS = ("train", "val", "test", "novel_combos", "synonyms", "positions")


@dataclass
class SceneObject:
    shape: str
    color: str
    scale: float                              # 0..1 continuous size
    box: tuple[float, float, float, float]    # tight xyxy box in image pixels around the drawn pixels


@dataclass
class Phrase:
    span: tuple[int, int]   # [start, end) character span into caption
    object_ids: list[int]   # indices into Scene.objects; [] = negative phrase (names something absent)


@dataclass
class Scene:
    image: Image.Image      # RGB
    caption: str
    objects: list[SceneObject]   # includes unmentioned distractors
    phrases: list[Phrase]


def _radius(scale: float, width: int, height: int) -> float:
    return min(width, height) * (0.06 + 0.10 * scale)


def _layout(rng: np.random.Generator, plan: Plan, width: int, height: int):
    """Place every planned object; returns (vertices, scales) or None if the scene does not fit."""
    scales = [float(rng.uniform(0, 1)) for _ in plan.objects]
    for _ in range(8):
        verts, boxes = [], []
        for (color, shape), scale in zip(plan.objects, scales):
            r = _radius(scale, width, height)
            rot = shapes.random_rotation(rng, shape)
            unit_box = shapes.polygon_box(shapes.place_polygon(shape, 0.0, 0.0, r, rot))
            half_w = max(-unit_box[0], unit_box[2])
            half_h = max(-unit_box[1], unit_box[3])
            c = layout.sample_center(rng, half_w, half_h, width, height, boxes)
            if c is None:
                break
            pts = shapes.place_polygon(shape, c[0], c[1], r, rot)
            verts.append(pts)
            boxes.append(shapes.polygon_box(pts))
        if len(verts) == len(plan.objects):
            return verts, scales
        scales = [s * 0.7 for s in scales]  # crowded: shrink everything and retry
    return None


def _choose_position(rng, plan: Plan, boxes, width, height) -> tuple[int, str] | None:
    """(target object index, position word) for the plan's look-alike group, if one is clear."""
    group = plan.position_group
    options = []
    for t in group:
        others = [boxes[o] for o in group if o != t]
        options += [(t, w) for w in layout.position_words(boxes[t], others, width, height)]
    if not options:
        return None
    return options[int(rng.integers(len(options)))]


def _words_for(rng, plan: Plan, ids: list[int], scales, color: str, shape: str) -> PhraseWords:
    sizes = {size_word(scales[i]) for i in ids}
    size = sizes.pop() if len(sizes) == 1 and rng.random() < 0.4 else None
    return PhraseWords(count=len(ids), color=color, shape=shape, size=size,
                       definite=rng.random() < 0.15)


def _apply_synonym(rng, w: PhraseWords) -> bool:
    """Swap one of the phrase's words for a held-out synonym; False if none exists."""
    slots = [s for s in ("color", "shape", "size") if getattr(w, s) and synonyms_for(getattr(w, s))]
    if not slots:
        return False
    slot = slots[int(rng.integers(len(slots)))]
    options = synonyms_for(getattr(w, slot))
    setattr(w, slot, options[int(rng.integers(len(options)))])
    return True


def _render(rng, plan: Plan, verts, width: int, height: int) -> Image.Image:
    background = backgrounds.make_background(rng, height, width, [COLORS[c] for c, _ in plan.objects])
    canvas = np.array(background)  # writable uint8 copy; objects are composited in place
    for (color, _), pts in zip(plan.objects, verts):
        rgb = np.clip(np.array(COLORS[color]) + rng.integers(-COLOR_JITTER, COLOR_JITTER + 1, 3), 0, 255)
        shapes.draw_polygon(canvas, pts, tuple(int(v) for v in rgb))
    return Image.fromarray(canvas, "RGB")


def _try_scene(rng: np.random.Generator, split: str, render: bool = True) -> Scene | None:
    plan = plan_scene(rng, split)
    width, height = (int(v) for v in rng.integers(240, 641, size=2))
    placed = _layout(rng, plan, width, height)
    if placed is None:
        return None
    verts, scales = placed
    boxes = [shapes.polygon_box(p) for p in verts]

    # 1) one phrase per mention (object ids), words chosen from the drawn layout
    items: list[tuple[list[int], PhraseWords]] = []
    for color, shape in plan.mentions:
        ids = [i for i, o in enumerate(plan.objects) if o == (color, shape)]
        if plan.position_group and ids == plan.position_group:
            chosen = _choose_position(rng, plan, boxes, width, height)
            if chosen is None:
                return None
            target, word = chosen
            w = _words_for(rng, plan, [target], scales, color, shape)
            w.position, w.position_first = word, rng.random() < 0.4
            if w.position_first:
                w.size = None  # "the top red circle": no room for a size word
            items.append(([target], w))
        else:
            items.append((ids, _words_for(rng, plan, ids, scales, color, shape)))
    if split == "synonyms":
        # any() stops at the first phrase that took a synonym: one per caption
        if not any(_apply_synonym(rng, items[int(k)][1]) for k in rng.permutation(len(items))):
            return None
    # 2) negatives: names of absent combos
    for color, shape in plan.negatives:
        items.append(([], PhraseWords(count=1 if rng.random() < 0.85 else 2, color=color, shape=shape)))

    # 3) caption in a random phrase order; relation words only between present phrases
    order = [int(k) for k in rng.permutation(len(items))]
    items = [items[k] for k in order]

    def rel(i: int, j: int) -> list[str]:
        a, b = items[i][0], items[j][0]
        if not a or not b:
            return []
        return layout.relations([boxes[k] for k in a], [boxes[k] for k in b], width, height)

    texts = [phrase_text(w) for _, w in items]
    caption, spans = assemble(rng, texts, [w.count > 1 for _, w in items], rel)

    # Pixels come from their own stream, so a layout-only scene matches the rendered one.
    pixel_rng = np.random.default_rng(int(rng.integers(2**63)))
    image = _render(pixel_rng, plan, verts, width, height) if render else Image.new("RGB", (width, height))
    objects = [SceneObject(shape=s, color=c, scale=sc, box=b)
               for (c, s), sc, b in zip(plan.objects, scales, boxes)]
    phrases = [Phrase(span=sp, object_ids=ids) for (ids, _), sp in zip(items, spans)]
    return Scene(image=image, caption=caption, objects=objects, phrases=phrases)


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")


def _make(rng: np.random.Generator, split: str, render: bool) -> Scene:
    while True:  # rare rejections: a crowded layout or no clear position word
        scene = _try_scene(rng, split, render)
        if scene is not None:
            return scene


def make_scene(rng: np.random.Generator, split: str = "train") -> Scene:
    """One random scene following the rules of `split` (one of SPLITS)."""
    _check_split(split)
    return _make(rng, split, render=True)


_SPLIT_STREAM = {name: i for i, name in enumerate(SPLITS)}


def generate(split: str, n: int, seed: int) -> Iterator[Scene]:
    """n scenes of `split`; deterministic for (split, seed), and scene k does not depend on n."""
    _check_split(split)
    rng = np.random.default_rng([seed, _SPLIT_STREAM[split]])
    for _ in range(n):
        yield _make(rng, split, render=True)


def generate_layouts(split: str, n: int, seed: int) -> Iterator[Scene]:
    """Like generate() but without drawing: same captions, objects and phrases; the image is
    a black canvas of the right size. For fast statistics and rule checks over many scenes."""
    _check_split(split)
    rng = np.random.default_rng([seed, _SPLIT_STREAM[split]])
    for _ in range(n):
        yield _make(rng, split, render=False)


__all__ = ["SceneObject", "Phrase", "Scene", "make_scene", "generate", "generate_layouts", "SPLITS"]
