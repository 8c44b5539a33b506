"""Evaluate a bundle on the grounding splits with onnxruntime, as the app would run it.

    .venv/bin/python -m phraseground_models.evaluate --bundle models/default \
        [--float-text models/pipeline/runs/default/text_encoder.float.onnx] [--pick-threshold val]

Metrics per split (models/data/<split>/annotations.json, modulated COCO):
  recall@1   phrases whose top-scoring region's box has IoU >= 0.5 with any GT box of the phrase
  neg_ok     negative phrases (names of absent things) with no box at or above the threshold
  pos_found  positive phrases whose top box is a hit AND scores at or above the threshold
`--pick-threshold val` chooses the threshold maximising (pos_found + neg_ok) / 2 on val (never test).
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from .bundle import REPO_ROOT
from .errors import UsageError, run_cli
from .onnx_runner import BundleRunner

SPLITS = ("val", "test", "novel_combos", "synonyms", "positions")
IOU_HIT = 0.5


@dataclass
class PhraseResult:
    negative: bool
    top_score: float
    hit: bool  # top box IoU >= 0.5 with a GT box (always False for negatives)


@dataclass
class SplitResult:
    phrases: list[PhraseResult] = field(default_factory=list)
    image_ms: list[float] = field(default_factory=list)
    text_ms: list[float] = field(default_factory=list)

    def metrics(self, threshold: float) -> dict:
        pos = [p for p in self.phrases if not p.negative]
        neg = [p for p in self.phrases if p.negative]
        pct = lambda xs: round(100.0 * float(np.mean(xs)), 2) if xs else None
        return {"recall@1": pct([p.hit for p in pos]),
                "pos_found": pct([p.hit and p.top_score >= threshold for p in pos]),
                "neg_ok": pct([p.top_score < threshold for p in neg]),
                "n_pos": len(pos), "n_neg": len(neg)}


def iou_any(box: np.ndarray, gts: np.ndarray) -> float:
    """box xyxy [4], gts xyxy [G,4] -> max IoU."""
    lt = np.maximum(box[:2], gts[:, :2])
    rb = np.minimum(box[2:], gts[:, 2:])
    inter = np.clip(rb - lt, 0, None).prod(1)
    union = (box[2:] - box[:2]).prod() + (gts[:, 2:] - gts[:, :2]).prod(1) - inter
    return float((inter / np.maximum(union, 1e-9)).max())


def load_split(split_dir: Path) -> tuple[dict, dict[int, dict[int, list]]]:
    path = split_dir / "annotations.json"
    if not path.is_file():
        raise UsageError(f"{path} not found; write the splits (python -m phraseground_models.make_splits --out models/data)")
    coco = json.loads(path.read_text())
    by_image: dict[int, dict[int, list]] = {}
    for a in coco["annotations"]:
        by_image.setdefault(a["image_id"], {}).setdefault(a["phrase_ids"], []).append(a)
    return coco, by_image


def evaluate_split(runner: BundleRunner, split_dir: Path, limit: int | None = None) -> SplitResult:
    coco, by_image = load_split(split_dir)
    res = SplitResult()
    for img in coco["images"][:limit]:
        image = Image.open(split_dir / img["file_name"])  # file_name is relative to the split folder
        t0 = time.perf_counter()
        im = runner.encode_image(image)
        t1 = time.perf_counter()
        tx = runner.encode_text(img["caption"])
        t2 = time.perf_counter()
        res.image_ms.append((t1 - t0) * 1e3)
        res.text_ms.append((t2 - t1) * 1e3)
        logits = runner.logits(im, tx)
        boxes = runner.boxes_px(im)
        phrases = [(tuple(anns[0]["tokens_positive"][0]), anns) for anns in by_image.get(img["id"], {}).values()]
        phrases += [(tuple(span), []) for span in img.get("negative_spans", [])]
        for span, anns in phrases:
            scores = runner.phrase_scores(logits, runner.phrase_tokens(tx, span), im)
            r = int(np.argmax(scores))
            hit = False
            if anns:
                gts = np.array([[x, y, x + w, y + h] for x, y, w, h in (a["bbox"] for a in anns)])
                hit = iou_any(boxes[r], gts) >= IOU_HIT
            res.phrases.append(PhraseResult(not anns, float(scores[r]), hit))
    return res


def pick_threshold(res: SplitResult, min_negatives: float | None = None) -> float:
    """Threshold maximising (pos_found + neg_ok) / 2, ties -> the lower threshold; or, with
    `min_negatives`, the lowest threshold that leaves at least that % of negative phrases without a
    box (the operating point the negatives bar asks for, found boxes traded for it)."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    if min_negatives is not None:
        ok = [t for t in grid if (res.metrics(t)["neg_ok"] or 0) >= min_negatives]
        if not ok:
            raise UsageError(f"no threshold leaves {min_negatives}% of negatives without a box")
        return float(ok[0])
    scores = [(res.metrics(t)["pos_found"] or 0) + (res.metrics(t)["neg_ok"] or 0) for t in grid]
    return float(grid[int(np.argmax(scores))])


def threshold_rule(min_negatives: float | None) -> str:
    if min_negatives is None:
        return "picked on val, maximising (found + negatives-with-no-box) / 2"
    return f"picked on val: the lowest that leaves ≥ {min_negatives:g}% of negative phrases without a box"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.evaluate", description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--data", type=Path, default=REPO_ROOT / "models" / "data")
    p.add_argument("--float-text", type=Path, default=None, help="also evaluate with this (float) text encoder")
    p.add_argument("--splits", nargs="*", default=list(SPLITS))
    p.add_argument("--threshold", type=float, default=None, help="default: the manifest's")
    p.add_argument("--pick-threshold", choices=["val"], default=None)
    p.add_argument("--min-negatives", type=float, default=None,
                   help="with --pick-threshold: the lowest threshold leaving this %% of negatives without a box")
    p.add_argument("--objectness", choices=["manifest", "on", "off"], default="manifest",
                   help="multiply scores by sigmoid(objectness) (default: as the manifest says)")
    p.add_argument("--limit", type=int, default=None, help="first N images per split (quick checks)")
    p.add_argument("--save-scoring", type=Path, default=None,
                   help="write the scoring choices (threshold, use_objectness) as JSON for the exporter")
    p.add_argument("--out", type=Path, default=None, help="write the metrics JSON here")
    args = p.parse_args(argv)
    if args.threshold is not None and not 0 <= args.threshold <= 1:
        raise UsageError("--threshold must be within 0..1")
    variants = {"shipped": BundleRunner(args.bundle)}
    if args.float_text:
        if not args.float_text.is_file():
            raise UsageError(f"{args.float_text} not found")
        variants["float"] = BundleRunner(args.bundle, text_file=args.float_text)
    if args.objectness != "manifest":
        for r in variants.values():
            r.scoring = {**r.scoring, "use_objectness": args.objectness == "on"}
    threshold = args.threshold if args.threshold is not None else variants["shipped"].scoring["threshold"]
    raw = {name: {s: evaluate_split(r, args.data / s, args.limit) for s in args.splits} for name, r in variants.items()}
    if args.pick_threshold:
        threshold = pick_threshold(raw["shipped"][args.pick_threshold], args.min_negatives)
    rule = threshold_rule(args.min_negatives) if args.pick_threshold else "given"
    report = {"threshold": threshold, "threshold_rule": rule, "min_negatives": args.min_negatives, "iou": IOU_HIT, "machine": "2-core shared CPU VM, onnxruntime (Python) CPU, 2 threads",
              "results": {name: {s: r.metrics(threshold) for s, r in splits.items()} for name, splits in raw.items()}}
    first = raw["shipped"][args.splits[0]]
    report["latency_ms"] = {"image_median": round(float(np.median(first.image_ms)), 1),
                            "text_median": round(float(np.median(first.text_ms)), 1)}
    report["use_objectness"] = bool(variants["shipped"].scoring.get("use_objectness", False))
    if args.save_scoring:
        sc = variants["shipped"].scoring
        args.save_scoring.write_text(json.dumps({"use_objectness": report["use_objectness"], "threshold": threshold,
                                                 "nms_iou": sc["nms_iou"], "top_k": sc.get("top_k", 5)}) + "\n")
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    run_cli(main)
