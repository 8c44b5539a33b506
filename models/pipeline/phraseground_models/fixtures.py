"""Parity fixtures: reference outputs of an exported bundle, computed with onnxruntime (Python) on the
shipped files, in the layout of docs/model-bundle.md "Reference outputs".

    .venv/bin/python -m phraseground_models.fixtures --bundle test/fixtures/random-bundle \
        --out test/fixtures/parity/random-bundle --cases builtin
    .venv/bin/python -m phraseground_models.fixtures --bundle models/default \
        --out test/fixtures/parity/default --cases models/data/test --n 20 --pixels 5
"""
from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from .bundle import REPO_ROOT
from .errors import UsageError, run_cli
from .onnx_runner import BundleRunner


@dataclass
class CaseSpec:
    id: str
    image_path: Path
    caption: str
    spans: list[tuple[int, int]]


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def build_case(runner: BundleRunner, spec: CaseSpec, out: Path, with_pixels: bool) -> dict:
    image = Image.open(spec.image_path)
    im = runner.encode_image(image)
    tx = runner.encode_text(spec.caption)
    logits = runner.logits(im, tx)  # [R,L]
    boxes = runner.boxes_px(im)
    phrases, best = [], []
    for i, span in enumerate(spec.spans):
        tokens = runner.phrase_tokens(tx, span)
        phrases.append({"text": spec.caption[span[0]:span[1]], "span": list(span), "tokens": tokens})
        if tokens:
            scores = runner.phrase_scores(logits, tokens, im)
            r = int(np.argmax(scores))
            best.append({"phrase": i, "region": r, "score": float(scores[r]), "bbox": [float(v) for v in boxes[r]]})
    shutil.copy(spec.image_path, out / f"{spec.id}.png")
    logits.astype("<f4").tofile(out / f"{spec.id}.logits.bin")
    case = {"id": spec.id, "image": f"{spec.id}.png", "width": image.width, "height": image.height,
            "caption": spec.caption, "input_ids": tx.input_ids.tolist(), "attention_mask": tx.attention_mask.tolist(),
            "phrases": phrases, "logits": f"{spec.id}.logits.bin", "logits_shape": list(logits.shape), "best": best}
    if with_pixels:
        im.pixels.astype("<f4").tofile(out / f"{spec.id}.pixels.bin")
        case["pixels"] = f"{spec.id}.pixels.bin"
    return case


def write_fixtures(bundle_dir: Path, specs: list[CaseSpec], out: Path, n_pixels: int | None = None) -> dict:
    """Write cases.json and the per-case files; pixels for the first `n_pixels` cases (all if None)."""
    runner = BundleRunner(bundle_dir)
    out.mkdir(parents=True, exist_ok=True)
    cases = [build_case(runner, s, out, n_pixels is None or i < n_pixels) for i, s in enumerate(specs)]
    doc = {
        "bundle": _rel(bundle_dir),
        "tolerance": {"logits": 1e-4, "pixels": (1 / 255) / min(runner.spec.std)},
        "note": "pixels are stored for the cases that name a 'pixels' file only (size); logits for all.",
        "cases": cases,
    }
    (out / "cases.json").write_text(json.dumps(doc, indent=1) + "\n")
    return doc


# ---- case sources -------------------------------------------------------------------------------

_COLORS = {"red": (220, 40, 40), "blue": (40, 70, 220), "green": (40, 170, 60), "yellow": (235, 210, 40),
           "purple": (140, 60, 170), "black": (20, 20, 20)}


def _draw_builtin(w: int, h: int, shapes: list[tuple[str, str, tuple[float, float, float]]], bg) -> Image.Image:
    """A plain test picture: (shape, colour, (cx, cy, r) as fractions of the image) on a flat background."""
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    for shape, color, (cx, cy, r) in shapes:
        x, y, rr = cx * w, cy * h, r * min(w, h)
        box = [x - rr, y - rr, x + rr, y + rr]
        if shape == "circle":
            d.ellipse(box, fill=_COLORS[color])
        elif shape == "square":
            d.rectangle(box, fill=_COLORS[color])
        else:  # triangle
            d.polygon([(x, y - rr), (x - rr, y + rr), (x + rr, y + rr)], fill=_COLORS[color])
    return img


def builtin_cases(tmp: Path) -> list[CaseSpec]:
    """Five hand-made cases covering letterbox shapes (wide, tall, tiny upscaled, square) and tricky text."""
    raw = [
        ("wide", 320, 240, [("circle", "red", (0.3, 0.5, 0.15)), ("triangle", "blue", (0.7, 0.4, 0.12))], (250, 250, 250),
         "a small red circle next to two blue stars", [(0, 18), (27, 41)]),
        ("tall", 200, 300, [("square", "green", (0.5, 0.3, 0.2))], (30, 30, 30),
         "There is a green square, and a large purple heart.", [(9, 23), (29, 49)]),
        ("tiny", 97, 61, [("circle", "yellow", (0.5, 0.5, 0.3))], (120, 160, 200),
         "the yellow disc on the left", [(0, 27)]),
        ("square", 256, 256, [("triangle", "black", (0.25, 0.75, 0.1)), ("square", "red", (0.7, 0.3, 0.1))],
         (200, 200, 200), "crimson box above a black triangle!", [(0, 11), (18, 34)]),
        ("panorama", 640, 181, [("circle", "blue", (0.1, 0.5, 0.3)), ("circle", "purple", (0.9, 0.5, 0.3))],
         (240, 230, 210), "two circles: blue (left) & purple", [(0, 11), (13, 17), (27, 33)]),
    ]
    tmp.mkdir(parents=True, exist_ok=True)
    specs = []
    for cid, w, h, shapes, bg, caption, spans in raw:
        path = tmp / f"{cid}.png"
        _draw_builtin(w, h, shapes, bg).save(path)
        specs.append(CaseSpec(cid, path, caption, spans))
    return specs


def split_cases(split_dir: Path, n: int) -> list[CaseSpec]:
    """The first n images of an evaluation split (modulated COCO JSON): all phrases, negatives included."""
    ann_path = split_dir / "annotations.json"
    if not ann_path.is_file():
        raise UsageError(f"{ann_path} not found; write the splits first (python -m phraseground_models.make_splits)")
    coco = json.loads(ann_path.read_text())
    specs = []
    for img in coco["images"][:n]:
        spans: list[tuple[int, int]] = []
        for a in coco["annotations"]:
            if a["image_id"] == img["id"]:
                for s, e in a["tokens_positive"]:
                    if (s, e) not in spans:
                        spans.append((s, e))
        spans += [tuple(s) for s in img.get("negative_spans", []) if tuple(s) not in spans]
        specs.append(CaseSpec(f"{split_dir.name}-{img['id']}", split_dir / img["file_name"], img["caption"],
                              sorted(spans)))
    return specs


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.fixtures", description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--cases", default="builtin", help="'builtin' or a split folder (models/data/test)")
    p.add_argument("--n", type=int, default=20)
    p.add_argument("--pixels", type=int, default=None, help="store pixels for the first N cases only")
    args = p.parse_args(argv)
    if args.n < 1:
        raise UsageError("--n must be at least 1")
    if args.out.exists():
        shutil.rmtree(args.out)  # stale cases must not survive a re-export
    specs = builtin_cases(args.out / "_src") if args.cases == "builtin" else split_cases(Path(args.cases), args.n)
    doc = write_fixtures(args.bundle, specs, args.out, args.pixels)
    shutil.rmtree(args.out / "_src", ignore_errors=True)
    print(f"wrote {len(doc['cases'])} cases to {args.out}")


if __name__ == "__main__":
    run_cli(main)
