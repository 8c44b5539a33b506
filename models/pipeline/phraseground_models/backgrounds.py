"""Scene backgrounds: flat, gradient, smooth noise, faint clutter.

Backgrounds are RGB PIL images built small and resized, which keeps them fast. They stay
smooth (no per-pixel grain)
so the saved PNG splits compress well, and their colours keep a minimum distance from
every object colour in the scene so no object disappears into the background.
"""
from __future__ import annotations

import colorsys

import numpy as np
from PIL import Image, ImageDraw

KINDS = ("flat", "gradient", "noise", "clutter")
_MIN_CONTRAST = 100.0  # Euclidean RGB distance from any object colour


def _random_color(rng: np.random.Generator) -> np.ndarray:
    # Muted tones: low saturation so backgrounds never read as a named object colour.
    h, s, v = rng.uniform(0, 1), rng.uniform(0.0, 0.3), rng.uniform(0.25, 0.95)
    return np.array(colorsys.hsv_to_rgb(h, s, v), dtype=np.float32) * 255


def _contrasting_color(rng: np.random.Generator, avoid: np.ndarray) -> np.ndarray:
    """The best of a few random muted colours, judged by distance to the colours to avoid."""
    best, best_d = None, -1.0
    for _ in range(24):
        c = _random_color(rng)
        d = float(np.min(np.linalg.norm(avoid - c, axis=1))) if len(avoid) else 1e9
        if d >= _MIN_CONTRAST:
            return c
        if d > best_d:
            best, best_d = c, d
    return best


def _second_color(rng: np.random.Generator, c0: np.ndarray, avoid: np.ndarray) -> np.ndarray:
    """A gradient end colour; it and the midpoint also keep their distance from `avoid`."""
    for _ in range(24):
        c1 = _contrasting_color(rng, avoid)
        probes = np.stack([c1, (c0 + c1) / 2])
        if not len(avoid) or np.min(np.linalg.norm(avoid[:, None] - probes[None], axis=2)) >= _MIN_CONTRAST:
            return c1
    return c0


def _to_image(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.rint(np.clip(arr, 0, 255)).astype(np.uint8), "RGB")


def _gradient(rng, h, w, c0, c1) -> Image.Image:
    """Linear gradient c0 -> c1 in a random direction (bilinear resize of a coarse grid is exact)."""
    angle = rng.uniform(0, 2 * np.pi)
    gh, gw = max(h // 16, 2), max(w // 16, 2)
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    t = xx / (gw - 1) * np.cos(angle) + yy / (gh - 1) * np.sin(angle)
    t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
    return _to_image(c0 + t[..., None] * (c1 - c0)).resize((w, h), Image.BILINEAR)


def _smooth_noise(rng, h, w, base, amplitude) -> Image.Image:
    grid = base + rng.uniform(-1, 1, size=(4, 4, 3)).astype(np.float32) * amplitude
    return _to_image(grid).resize((w, h), Image.BICUBIC)


def _clutter(rng, layer: Image.Image) -> Image.Image:
    """Faint thin lines and dots, tinted close to the background."""
    w, h = layer.size
    draw = ImageDraw.Draw(layer)
    base = np.asarray(layer.resize((1, 1), Image.BOX), dtype=np.float32).reshape(3)
    for _ in range(int(rng.integers(4, 10))):
        tint = tuple(int(v) for v in np.clip(base + rng.uniform(-30, 30, 3), 0, 255))
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        if rng.random() < 0.6:
            x1, y1 = x0 + rng.uniform(-w / 2, w / 2), y0 + rng.uniform(-h / 2, h / 2)
            draw.line([(x0, y0), (x1, y1)], fill=tint, width=int(rng.integers(1, 3)))
        else:
            r = rng.uniform(1.5, 4)
            draw.ellipse([x0 - r, y0 - r, x0 + r, y0 + r], fill=tint)
    return layer


def make_background(rng: np.random.Generator, h: int, w: int, avoid: list[tuple[int, int, int]]) -> Image.Image:
    """An RGB background of size (w, h) whose colours stay away from the `avoid` colours."""
    avoid_arr = np.asarray(avoid, dtype=np.float32).reshape(-1, 3)
    kind = KINDS[int(rng.choice(len(KINDS), p=(0.35, 0.3, 0.2, 0.15)))]
    c0 = _contrasting_color(rng, avoid_arr)
    if kind == "flat":
        return Image.new("RGB", (w, h), tuple(int(round(float(v))) for v in c0))
    if kind == "noise":
        return _smooth_noise(rng, h, w, c0, amplitude=18.0)
    c1 = _second_color(rng, c0, avoid_arr)
    grad = _gradient(rng, h, w, c0, c1)
    return grad if kind == "gradient" else _clutter(rng, grad)
