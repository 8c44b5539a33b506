"""How far the bundle's preprocessing (PIL bilinear, docs/model-bundle.md) is from transformers' own
OWL-ViT / OWLv2 image processors, in pixel levels (0..255), on the builtin test pictures.

    .venv/bin/python -m phraseground_models.owlvit_preprocess_gap --kind owlvit --size 768
    .venv/bin/python -m phraseground_models.owlvit_preprocess_gap --kind owlv2 --size 960

OWL-ViT's processor resizes with PIL BICUBIC (we use BILINEAR); OWLv2's pads to a square with 0.0 at
the bottom/right after rescaling (we do the same: pad_square, top_left, pad 0), then resizes with a
Gaussian anti-aliasing filter and scipy's linear zoom on floats (we use PIL's triangle filter on uint8).
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from .errors import UsageError, run_cli
from .fixtures import builtin_cases
from .owlvit_export import CLIP_MEAN, CLIP_STD, KINDS
from .preprocess import PreprocessSpec, preprocess


def processor(kind: str, size: int):
    from transformers.models.owlv2.image_processing_pil_owlv2 import Owlv2ImageProcessorPil
    from transformers.models.owlvit.image_processing_pil_owlvit import OwlViTImageProcessorPil

    cls = OwlViTImageProcessorPil if kind == "owlvit" else Owlv2ImageProcessorPil
    return cls(size={"height": size, "width": size})


def our_spec(kind: str, size: int) -> PreprocessSpec:
    return PreprocessSpec(width=size, height=size, fit="stretch" if kind == "owlvit" else "pad_square",
                          pad_value=(0, 0, 0), pad_corner="top_left", rescale=1 / 255, mean=CLIP_MEAN, std=CLIP_STD)


def gap(kind: str, size: int, image: Image.Image) -> tuple[float, float, float]:
    """(max, mean, share above 4 levels) of |ours - transformers| over all values, in 0..255 pixel levels."""
    want = np.asarray(processor(kind, size)(images=image.convert("RGB"), return_tensors="np")["pixel_values"], np.float64)
    ours, _ = preprocess(image, our_spec(kind, size))
    levels = np.abs(ours.astype(np.float64) - want) * np.asarray(CLIP_STD)[None, :, None, None] * 255
    return float(levels.max()), float(levels.mean()), float((levels > 4).mean())


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.owlvit_preprocess_gap", description=__doc__.splitlines()[0])
    p.add_argument("--kind", choices=sorted(KINDS), required=True)
    p.add_argument("--size", type=int, default=None, help="model input size (default: 768 owlvit, 960 owlv2)")
    args = p.parse_args(argv)
    size = args.size or (768 if args.kind == "owlvit" else 960)
    if size < 16:
        raise UsageError(f"--size must be at least 16, not {size}")
    with tempfile.TemporaryDirectory() as d:
        rows = [(c.id, *Image.open(c.image_path).size, *gap(args.kind, size, Image.open(c.image_path)))
                for c in builtin_cases(Path(d))]
    print(f"{KINDS[args.kind]} at {size}x{size}: |ours - transformers| in pixel levels (0..255)")
    print("| image | size | max | mean | values > 4 levels |\n| --- | --- | --- | --- | --- |")
    for cid, w, h, mx, mean, share in rows:
        print(f"| {cid} | {w}x{h} | {mx:.1f} | {mean:.2f} | {100 * share:.2f}% |")


if __name__ == "__main__":
    run_cli(main)
