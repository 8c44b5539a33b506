"""What a scene contains before any geometry: objects, which combos the caption names, negatives.

A "combo" is a (colour, shape) pair. The split decides which combos may appear:
train/val/test/synonyms/positions only use TRAIN_COMBOS; novel_combos adds one NOVEL_COMBOS pair.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .vocab import COLORS, NOVEL_COMBOS, SHAPES, synonyms_for

Combo = tuple[str, str]

ALL_COMBOS: tuple[Combo, ...] = tuple((c, s) for c in COLORS for s in SHAPES)
TRAIN_COMBOS: tuple[Combo, ...] = tuple(cs for cs in ALL_COMBOS if cs not in NOVEL_COMBOS)
_SYNONYM_COMBOS = tuple(cs for cs in TRAIN_COMBOS if synonyms_for(cs[0]) or synonyms_for(cs[1]))

MAX_OBJECTS = 6
POSITION_RATE = 0.2   # share of non-"positions" scenes with a position phrase
NEGATIVE_RATE = 0.25  # share of captions with a negative phrase
NEAR_MISS_RATE = 0.7  # share of negatives that reuse a present shape or colour


@dataclass
class Plan:
    objects: list[Combo]                 # drawing order; index = object id
    mentions: list[Combo]                # combos the caption names (present)
    position_group: list[int] = field(default_factory=list)  # look-alikes; one is named by position
    negatives: list[Combo] = field(default_factory=list)     # absent combos the caption names


def _pick(rng: np.random.Generator, pool) -> Combo:
    return pool[int(rng.integers(len(pool)))]


def _mentions(rng: np.random.Generator, split: str) -> list[Combo]:
    n = int(rng.choice([1, 2, 3, 4], p=[0.3, 0.35, 0.25, 0.1]))
    first = {"novel_combos": NOVEL_COMBOS, "synonyms": _SYNONYM_COMBOS}.get(split)
    mentions = [_pick(rng, first)] if first else []
    while len(mentions) < n:
        combo = _pick(rng, TRAIN_COMBOS)
        if combo not in mentions:
            mentions.append(combo)
    return mentions


def _counts(rng: np.random.Generator, n: int, position_k: int | None) -> list[int]:
    counts = [1 if rng.random() < 0.8 else int(rng.integers(2, 4)) for _ in range(n)]
    if position_k is not None:
        counts[position_k] = 2 if rng.random() < 0.7 else 3
    return counts


def _distractor(rng: np.random.Generator, taken: list[Combo]) -> Combo:
    """An unmentioned combo; half the time it shares a colour or shape with a mention (hard)."""
    while True:
        if rng.random() < 0.5:
            color, shape = _pick(rng, taken)
            combo = (color, _pick(rng, SHAPES)) if rng.random() < 0.5 else (_pick(rng, list(COLORS)), shape)
        else:
            combo = _pick(rng, TRAIN_COMBOS)
        if combo not in taken and combo in TRAIN_COMBOS:
            return combo


def _negative(rng: np.random.Generator, present: set[Combo]) -> Combo:
    """An absent combo; usually a near miss (right shape, wrong colour or the reverse)."""
    while True:
        if rng.random() < NEAR_MISS_RATE:
            color, shape = _pick(rng, sorted(present))
            combo = (_pick(rng, list(COLORS)), shape) if rng.random() < 0.6 else (color, _pick(rng, SHAPES))
        else:
            combo = _pick(rng, TRAIN_COMBOS)
        if combo not in present and combo in TRAIN_COMBOS:
            return combo


def plan_scene(rng: np.random.Generator, split: str) -> Plan:
    mentions = _mentions(rng, split)
    with_position = split == "positions" or rng.random() < POSITION_RATE
    position_k = int(rng.integers(len(mentions))) if with_position else None
    counts = _counts(rng, len(mentions), position_k)
    # Cap the total by making plain plurals singular; at most 3 singles + a look-alike
    # group of 3 remain, which always fits MAX_OBJECTS.
    for k in range(len(counts)):
        if sum(counts) > MAX_OBJECTS and k != position_k:
            counts[k] = 1
    objects = [combo for combo, c in zip(mentions, counts) for _ in range(c)]
    n_distractors = min(int(rng.integers(0, 4)), MAX_OBJECTS - len(objects))
    taken = list(mentions)
    for _ in range(n_distractors):
        taken.append(_distractor(rng, taken))
        objects.append(taken[-1])
    order = [int(i) for i in rng.permutation(len(objects))]
    objects = [objects[i] for i in order]
    plan = Plan(objects=objects, mentions=mentions)
    if position_k is not None:
        plan.position_group = [i for i, o in enumerate(objects) if o == mentions[position_k]]
    if rng.random() < NEGATIVE_RATE:
        plan.negatives.append(_negative(rng, set(objects)))
    return plan
