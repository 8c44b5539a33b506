"""Time scene generation (layout + caption + drawing), the cost training pays per sample.

    PYTHONPATH=models/pipeline .venv/bin/python -m phraseground_models.bench_scenes [--n 1000]
"""
from __future__ import annotations

import argparse
import platform
import time

from .scenes import generate


def main() -> None:
    p = argparse.ArgumentParser(prog="bench_scenes")
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--split", default="train")
    args = p.parse_args()
    next(generate(args.split, 1, 123))  # warm up imports and caches
    t0 = time.perf_counter()
    pixels = sum(s.image.width * s.image.height for s in generate(args.split, args.n, 0))
    dt = time.perf_counter() - t0
    print(f"{args.split}: {args.n} scenes, {1000 * dt / args.n:.2f} ms/scene, "
          f"{pixels / args.n / 1e3:.0f} kpx/scene ({platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}, 1 process)")


if __name__ == "__main__":
    main()
