"""Write the evaluation splits: PNG images + modulated-detection COCO annotations.

Run from the repository root with the pipeline on the path:

    PYTHONPATH=models/pipeline .venv/bin/python -m phraseground_models.make_splits --out models/data

Writes <out>/<split>/images/NNNNNN.png and <out>/<split>/annotations.json for each split.
Bad options print one line and exit 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import modulated_coco
from .scenes import SPLITS, generate

DEFAULT_SPLITS = ("val", "test", "novel_combos", "synonyms", "positions")
DEFAULT_SEED = 0


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage + message; we want one line
        self.exit(2, f"make_splits: {message} (see --help)\n")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = _OneLineParser(prog="make_splits", description="Write PhraseGround evaluation splits.")
    p.add_argument("--out", default="models/data", help="output folder (default models/data)")
    p.add_argument("--n", type=int, default=300, help="images per split (default 300)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="base seed, >= 0 (default 0)")
    p.add_argument("--splits", default=",".join(DEFAULT_SPLITS),
                   help=f"comma-separated subset of {','.join(SPLITS)}")
    args = p.parse_args(argv)
    if args.n <= 0:
        p.error(f"--n must be a positive number of images, got {args.n}")
    if args.seed < 0:
        p.error(f"--seed must be >= 0, got {args.seed}")
    args.splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    unknown = [s for s in args.splits if s not in SPLITS]
    if unknown or not args.splits:
        p.error(f"unknown split {','.join(unknown) or '(none)'}; choose from {','.join(SPLITS)}")
    return args


def write_split(out: Path, split: str, n: int, seed: int) -> int:
    """Render one split; returns its size on disk in bytes."""
    images_dir = out / split / "images"
    images_dir.mkdir(parents=True, exist_ok=True)
    for stale in images_dir.glob("*.png"):  # a smaller --n must not leave old images behind
        stale.unlink()
    entries = []
    for k, scene in enumerate(generate(split, n, seed)):
        name = f"{k:06d}.png"
        scene.image.save(images_dir / name, optimize=True)
        entries.append((f"images/{name}", scene))
    modulated_coco.write(out / split / "annotations.json", modulated_coco.build(entries))
    return sum(f.stat().st_size for f in (out / split).rglob("*") if f.is_file())


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    out = Path(args.out)
    total = 0
    for split in args.splits:
        size = write_split(out, split, args.n, args.seed)
        total += size
        print(f"{split}: {args.n} images, {size / 1e6:.1f} MB -> {out / split}")
    print(f"total {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
