"""Object placement and the spatial predicates that position and relation words rely on.

Boxes are xyxy tuples in image pixels. A word is only used when its predicate holds with a
clear margin, so "on the left" or "above" is never a judgement call.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

Box = tuple[float, float, float, float]

MAX_OVERLAP = 0.2  # max fraction of either box covered by the other: keeps objects mostly visible
_EDGE = 2.0        # px kept free at the image border


def _area(b: Box) -> float:
    return max(b[2] - b[0], 0.0) * max(b[3] - b[1], 0.0)


def _intersection(a: Box, b: Box) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def overlap_ok(a: Box, b: Box) -> bool:
    inter = _intersection(a, b)
    return inter <= MAX_OVERLAP * _area(a) and inter <= MAX_OVERLAP * _area(b)


def sample_center(rng: np.random.Generator, half_w: float, half_h: float, width: int, height: int,
                  placed: Sequence[Box]) -> tuple[float, float] | None:
    """A centre that keeps the box inside the image and overlaps every placed box only a little."""
    lo_x, hi_x = half_w + _EDGE, width - half_w - _EDGE
    lo_y, hi_y = half_h + _EDGE, height - half_h - _EDGE
    if lo_x >= hi_x or lo_y >= hi_y:
        return None
    for _ in range(40):
        cx, cy = rng.uniform(lo_x, hi_x), rng.uniform(lo_y, hi_y)
        box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
        if all(overlap_ok(box, other) for other in placed):
            return float(cx), float(cy)
    return None


def center(b: Box) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


# ---- position words: one member of a same-looking group, by a clear margin -------------

def position_words(target: Box, others: Sequence[Box], width: int, height: int) -> list[str]:
    """Position words that single out `target` among `others` (same colour and shape)."""
    tx, ty = center(target)
    xs = [center(o)[0] for o in others]
    ys = [center(o)[1] for o in others]
    mx, my = 0.15 * width, 0.15 * height
    words = []
    if all(tx + mx < x for x in xs):
        words.append("left")
    if all(tx - mx > x for x in xs):
        words.append("right")
    if all(ty + my < y for y in ys):
        words.append("top")
    if all(ty - my > y for y in ys):
        words.append("bottom")
    if len(others) == 2 and min(xs) + mx < tx < max(xs) - mx:
        words.append("middle")
    return words


# ---- relation words between two phrases' objects ---------------------------------------

def _pair_relations(a: Box, b: Box, width: int, height: int) -> set[str]:
    (ax, ay), (bx, by) = center(a), center(b)
    dx, dy = bx - ax, by - ay
    rel = set()
    # Clearly apart, and clearly more vertical (or horizontal) than diagonal.
    if dy > max(0.12 * height, ((a[3] - a[1]) + (b[3] - b[1])) / 3) and abs(dx) < 0.75 * abs(dy):
        rel.add("above")
    if -dy > max(0.12 * height, ((a[3] - a[1]) + (b[3] - b[1])) / 3) and abs(dx) < 0.75 * abs(dy):
        rel.add("below")
    horizontal_gap = max(b[0] - a[2], a[0] - b[2])
    if dx > max(0.12 * width, ((a[2] - a[0]) + (b[2] - b[0])) / 3) and abs(dy) < 0.75 * abs(dx):
        rel.add("to the left of")
        if horizontal_gap < 0.2 * width and abs(dy) < 0.5 * abs(dx):
            rel.add("next to")
    if -dx > max(0.12 * width, ((a[2] - a[0]) + (b[2] - b[0])) / 3) and abs(dy) < 0.75 * abs(dx):
        rel.add("to the right of")
        if horizontal_gap < 0.2 * width and abs(dy) < 0.5 * abs(dx):
            rel.add("next to")
    return rel


def relations(a_boxes: Sequence[Box], b_boxes: Sequence[Box], width: int, height: int) -> list[str]:
    """Relation words true of every (a, b) pair: 'A <rel> B'. Sorted for determinism."""
    common: set[str] | None = None
    for a in a_boxes:
        for b in b_boxes:
            rel = _pair_relations(a, b, width, height)
            common = rel if common is None else common & rel
    return sorted(common or ())
