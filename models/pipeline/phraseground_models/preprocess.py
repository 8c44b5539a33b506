"""The reference preprocessing of docs/model-bundle.md: the TypeScript port must match it within 1/255.

Coordinate spaces: *image pixels* (the user's image, w x h) and *model input* (W x H, boxes
normalised to 0..1 of it, padding included). `Fit` is the map between them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image


def round_half_up(x: float) -> int:
    """round(x) = floor(x + 0.5): the doc's rounding, never banker's."""
    return int(math.floor(x + 0.5))


@dataclass(frozen=True)
class Fit:
    """Where the resized image sits in the model input: offset (left, top) and size (nw, nh)."""

    left: int
    top: int
    nw: int
    nh: int


@dataclass(frozen=True)
class PreprocessSpec:
    """The manifest's image_encoder preprocessing fields."""

    width: int
    height: int
    fit: str = "letterbox"  # stretch | letterbox | pad_square
    pad_value: tuple[int, int, int] = (0, 0, 0)
    pad_corner: str = "center"  # center | top_left
    rescale: float = 1 / 255
    mean: tuple[float, float, float] = (0.0, 0.0, 0.0)
    std: tuple[float, float, float] = (1.0, 1.0, 1.0)


def compute_fit(w: int, h: int, spec: PreprocessSpec) -> Fit:
    W, H = spec.width, spec.height
    if spec.fit == "stretch":
        return Fit(0, 0, W, H)
    if spec.fit == "letterbox":
        s = min(W / w, H / h)
        nw, nh = max(1, round_half_up(w * s)), max(1, round_half_up(h * s))
    elif spec.fit == "pad_square":
        m = max(w, h)
        nw, nh = max(1, round_half_up(w * W / m)), max(1, round_half_up(h * H / m))
    else:
        raise ValueError(f"unknown fit {spec.fit!r}")
    if spec.pad_corner == "center":
        return Fit((W - nw) // 2, (H - nh) // 2, nw, nh)
    return Fit(0, 0, nw, nh)


def fit_image(image: Image.Image, spec: PreprocessSpec) -> tuple[np.ndarray, Fit]:
    """RGB image -> uint8 [H, W, 3] model-input canvas (resized with PIL BILINEAR, padded) and its Fit."""
    rgb = image.convert("RGB")
    f = compute_fit(rgb.width, rgb.height, spec)
    resized = rgb.resize((f.nw, f.nh), Image.BILINEAR)
    canvas = np.empty((spec.height, spec.width, 3), np.uint8)
    canvas[:] = np.asarray(spec.pad_value, np.uint8)
    canvas[f.top : f.top + f.nh, f.left : f.left + f.nw] = np.asarray(resized)
    return canvas, f


def normalize(canvas: np.ndarray, spec: PreprocessSpec) -> np.ndarray:
    """uint8 [..., H, W, 3] -> float32 [..., 3, H, W]: (pixel * rescale - mean) / std."""
    x = canvas.astype(np.float32) * np.float32(spec.rescale)
    x = (x - np.asarray(spec.mean, np.float32)) / np.asarray(spec.std, np.float32)
    return np.ascontiguousarray(np.moveaxis(x, -1, -3))


def preprocess(image: Image.Image, spec: PreprocessSpec) -> tuple[np.ndarray, Fit]:
    """RGB image -> pixels float32 [1, 3, H, W] and the Fit to map boxes back."""
    canvas, f = fit_image(image, spec)
    return normalize(canvas, spec)[None], f


def boxes_to_image(xyxy_norm: np.ndarray, f: Fit, w: int, h: int, spec: PreprocessSpec) -> np.ndarray:
    """Normalised model-input xyxy [..., 4] -> original image pixels xyxy, clipped to the image."""
    b = np.asarray(xyxy_norm, np.float64)
    x = (b[..., 0::2] * spec.width - f.left) * w / f.nw
    y = (b[..., 1::2] * spec.height - f.top) * h / f.nh
    out = np.stack([x[..., 0], y[..., 0], x[..., 1], y[..., 1]], -1)
    return np.clip(out, 0, [w, h, w, h])


def boxes_to_model(xyxy_px: np.ndarray, f: Fit, w: int, h: int, spec: PreprocessSpec) -> np.ndarray:
    """Original image pixels xyxy [..., 4] -> normalised model-input xyxy (inverse of boxes_to_image)."""
    b = np.asarray(xyxy_px, np.float64)
    x = (b[..., 0::2] * f.nw / w + f.left) / spec.width
    y = (b[..., 1::2] * f.nh / h + f.top) / spec.height
    return np.stack([x[..., 0], y[..., 0], x[..., 1], y[..., 1]], -1)


def spec_for(image_cfg) -> PreprocessSpec:
    """The shipped spec of an ImageConfig: square letterbox, centred."""
    return PreprocessSpec(
        width=image_cfg.size, height=image_cfg.size, fit="letterbox", pad_value=tuple(image_cfg.pad_value),
        pad_corner="center", rescale=1 / 255, mean=tuple(image_cfg.mean), std=tuple(image_cfg.std),
    )
