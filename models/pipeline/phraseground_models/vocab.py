"""The words of the synthetic world: shapes, colours, sizes, positions, numbers.

Also the two held-out vocabularies used by the evaluation splits:
- NOVEL_COMBOS: colour x shape pairs never rendered (nor named) in train/val/test,
  while each of their colours and shapes is common in train.
- SYNONYMS: words that train/val/test captions never use, mapped to the training word.
"""
from __future__ import annotations

SHAPES: tuple[str, ...] = (
    "circle", "square", "triangle", "star", "heart", "hexagon", "diamond", "cross",
)

# Category ids for the COCO files: 1..8 in SHAPES order.
SHAPE_IDS: dict[str, int] = {shape: i + 1 for i, shape in enumerate(SHAPES)}

# Nominal sRGB per colour word; each object jitters around it by up to COLOR_JITTER
# per channel, small enough that no two colour words get confused.
COLORS: dict[str, tuple[int, int, int]] = {
    "red": (215, 35, 35),
    "orange": (245, 140, 20),
    "yellow": (240, 215, 35),
    "green": (40, 160, 60),
    "blue": (35, 75, 215),
    "purple": (125, 50, 175),
    "pink": (245, 135, 195),
    "brown": (125, 75, 35),
    "black": (20, 20, 20),
    "white": (245, 245, 245),
    "gray": (128, 128, 128),
}
COLOR_JITTER = 12

# Size words sit on a continuous scale in [0, 1]; the gap between the two
# thresholds is never named, so a size word is only used where it is clear.
SIZE_WORDS: dict[str, tuple[float, float]] = {"small": (0.0, 0.25), "large": (0.75, 1.0)}

POSITION_WORDS: tuple[str, ...] = ("left", "right", "top", "bottom", "middle")

NUMBER_WORDS: dict[int, str] = {2: "two", 3: "three"}

# Relation words between two phrases; scenes.py only uses one when the layout makes it true.
RELATIONS: tuple[str, ...] = ("above", "below", "to the left of", "to the right of", "next to")

NOVEL_COMBOS: tuple[tuple[str, str], ...] = (
    ("red", "star"),
    ("blue", "heart"),
    ("green", "triangle"),
    ("yellow", "hexagon"),
    ("purple", "circle"),
    ("orange", "square"),
    ("pink", "cross"),
    ("brown", "diamond"),
    ("black", "heart"),
    ("white", "triangle"),
)

# Real synonyms only: each word means the training word in plain English.
SYNONYMS: dict[str, str] = {
    "crimson": "red",
    "scarlet": "red",
    "azure": "blue",
    "navy": "blue",
    "violet": "purple",
    "grey": "gray",
    "ball": "circle",
    "disc": "circle",
    "box": "square",
    "rhombus": "diamond",
    "big": "large",
    "tiny": "small",
    "little": "small",
}

_IRREGULAR_PLURALS = {"cross": "crosses", "box": "boxes", "rhombus": "rhombuses"}


def plural(noun: str) -> str:
    """English plural of a shape noun (training word or synonym)."""
    return _IRREGULAR_PLURALS.get(noun, noun + "s")


def article(next_word: str) -> str:
    """'a' or 'an' for the word that follows (all our words are spelled as they sound)."""
    return "an" if next_word[0] in "aeiou" else "a"


def size_word(scale: float) -> str | None:
    """The size word that clearly fits this scale, or None in the unnamed middle."""
    for word, (lo, hi) in SIZE_WORDS.items():
        if lo <= scale <= hi:
            return word
    return None


def synonyms_for(word: str) -> list[str]:
    """Held-out synonyms of a training word (empty when it has none)."""
    return [syn for syn, target in SYNONYMS.items() if target == word]


def is_novel(color: str, shape: str) -> bool:
    return (color, shape) in NOVEL_COMBOS
