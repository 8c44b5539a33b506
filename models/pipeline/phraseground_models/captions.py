"""Caption text: noun phrases and the sentence around them, with exact character spans."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .vocab import NUMBER_WORDS, article, plural

_POSITION_SUFFIX = {
    "left": "on the left", "right": "on the right", "top": "at the top",
    "bottom": "at the bottom", "middle": "in the middle",
}


@dataclass
class PhraseWords:
    """The words of one noun phrase (colour/shape/size may already be synonyms)."""
    count: int                 # 1, 2 or 3 objects named
    color: str
    shape: str                 # singular noun
    size: str | None = None
    position: str | None = None
    position_first: bool = False  # "the left red circle" instead of "the red circle on the left"
    definite: bool = False        # "the red circle" instead of "a red circle"


def phrase_text(w: PhraseWords) -> str:
    descr = " ".join(x for x in (w.size, w.color) if x)
    noun = plural(w.shape) if w.count > 1 else w.shape
    if w.position is not None:
        if w.position_first:  # "the top red circle"
            return f"the {w.position} {descr} {noun}"
        return f"the {descr} {noun} {_POSITION_SUFFIX[w.position]}"
    if w.count > 1:
        det = NUMBER_WORDS[w.count]
    else:
        det = "the" if w.definite else article(descr)
    return f"{det} {descr} {noun}"


# Relation callback: rel(i, j) -> relation words true of "phrase i <rel> phrase j".
RelationFn = Callable[[int, int], list[str]]

_PREFIXES = ("", "", "", "there {be} ", "I can see ", "the image shows ", "a picture of ")


def assemble(rng: np.random.Generator, texts: list[str], plurals: list[bool],
             rel: RelationFn) -> tuple[str, list[tuple[int, int]]]:
    """Join phrase texts into one caption; returns it and each phrase's [start, end) span.

    Phrases are joined in the given order with "and", commas, "with" or a relation word
    that `rel` says is true (only ever between two phrases that name present objects).
    """
    prefix = _PREFIXES[int(rng.integers(len(_PREFIXES)))].format(be="are" if plurals[0] else "is")
    caption, spans = prefix, []
    n = len(texts)
    after_relation = False  # no "A above B below C" chains: they read ambiguously
    for i, text in enumerate(texts):
        spans.append((len(caption), len(caption) + len(text)))
        caption += text
        if i == n - 1:
            break
        true_rels = [] if after_relation else rel(i, i + 1)
        after_relation = bool(true_rels) and rng.random() < 0.6
        if after_relation:
            caption += f" {true_rels[int(rng.integers(len(true_rels)))]} "
        elif i == n - 2:
            caption += " and " if rng.random() < 0.8 else " with "
        else:
            caption += ", "
    if rng.random() < 0.5:
        caption += "."
    if rng.random() < 0.3:
        caption = caption[0].upper() + caption[1:]
    return caption, spans
