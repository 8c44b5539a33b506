"""Shape geometry and antialiased drawing of one object onto an RGB array.

Every shape is a polygon in unit coordinates (centred on 0, radius ~1). Its tight box is
the bounds of the placed vertices, so it matches the drawn pixels to within one pixel.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

# Supersampling factor for the mask; objects above _BIG_PX use 2x to stay fast.
_SUPERSAMPLE = 4
_BIG_PX = 160


def _regular(n: int, start_deg: float) -> np.ndarray:
    a = np.deg2rad(start_deg) + np.arange(n) * 2 * math.pi / n
    return np.stack([np.cos(a), np.sin(a)], axis=1)


def _star() -> np.ndarray:
    outer = _regular(5, -90.0)
    inner = _regular(5, -90.0 + 36.0) * 0.45
    pts = np.empty((10, 2))
    pts[0::2], pts[1::2] = outer, inner
    return pts


def _heart() -> np.ndarray:
    t = np.linspace(0, 2 * math.pi, 72, endpoint=False)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    pts = np.stack([x, y], axis=1)
    pts -= (pts.max(0) + pts.min(0)) / 2
    return pts / np.abs(pts).max()


def _cross(arm: float = 0.36) -> np.ndarray:
    a = arm
    return np.array([
        (-a, -1), (a, -1), (a, -a), (1, -a), (1, a), (a, a),
        (a, 1), (-a, 1), (-a, a), (-1, a), (-1, -a), (-a, -a),
    ], dtype=float)


# Unit polygons (y grows downwards, as in image pixels).
_POLYGONS: dict[str, np.ndarray] = {
    "circle": _regular(96, 0.0),
    "square": np.array([(-1, -1), (1, -1), (1, 1), (-1, 1)], dtype=float) * 0.85,
    "triangle": _regular(3, -90.0) + np.array([0.0, 0.25]),
    "star": _star(),
    "heart": _heart(),
    "hexagon": _regular(6, 0.0),
    "diamond": np.array([(0, -1), (0.62, 0), (0, 1), (-0.62, 0)], dtype=float),
    "cross": _cross() * 0.9,
}

# Max rotation in degrees: small enough that a square never reads as a diamond
# and a cross never as an X.
_MAX_ROTATION: dict[str, float] = {
    "circle": 0.0, "square": 10.0, "triangle": 12.0, "star": 20.0,
    "heart": 12.0, "hexagon": 30.0, "diamond": 6.0, "cross": 10.0,
}


def random_rotation(rng: np.random.Generator, shape: str) -> float:
    limit = _MAX_ROTATION[shape]
    return float(rng.uniform(-limit, limit))


def place_polygon(shape: str, cx: float, cy: float, radius: float, rot_deg: float) -> np.ndarray:
    """Vertices [N,2] of the shape in image pixels (continuous coordinates)."""
    r = math.radians(rot_deg)
    rot = np.array([[math.cos(r), -math.sin(r)], [math.sin(r), math.cos(r)]])
    return _POLYGONS[shape] @ rot.T * radius + np.array([cx, cy])


def polygon_box(pts: np.ndarray) -> tuple[float, float, float, float]:
    """Tight xyxy box of placed vertices."""
    x0, y0 = pts.min(0)
    x1, y1 = pts.max(0)
    return (float(x0), float(y0), float(x1), float(y1))


def coverage_mask(pts: np.ndarray, x0: int, y0: int, w: int, h: int) -> np.ndarray:
    """Fractional pixel coverage [h,w] in 0..1 of the polygon inside the window at (x0, y0)."""
    ss = 2 if max(w, h) > _BIG_PX else _SUPERSAMPLE
    mask = Image.new("L", (w * ss, h * ss), 0)
    local = (pts - np.array([x0, y0])) * ss
    ImageDraw.Draw(mask).polygon([tuple(p) for p in local.tolist()], fill=255)
    small = mask.reduce(ss)
    return np.asarray(small, dtype=np.float32) / 255.0


def draw_polygon(canvas: np.ndarray, pts: np.ndarray, rgb: tuple[int, int, int]) -> None:
    """Alpha-composite a filled polygon of colour rgb onto canvas [H,W,3] uint8, in place.

    Only the polygon's bounding window is touched, so cost follows object size, not image size.
    """
    height, width = canvas.shape[:2]
    bx0, by0, bx1, by1 = polygon_box(pts)
    x0, y0 = max(int(math.floor(bx0)), 0), max(int(math.floor(by0)), 0)
    x1, y1 = min(int(math.ceil(bx1)), width), min(int(math.ceil(by1)), height)
    if x1 <= x0 or y1 <= y0:
        return
    alpha = coverage_mask(pts, x0, y0, x1 - x0, y1 - y0)[..., None]
    region = canvas[y0:y1, x0:x1].astype(np.float32)
    region += alpha * (np.asarray(rgb, dtype=np.float32) - region)
    canvas[y0:y1, x0:x1] = np.rint(region).astype(np.uint8)
