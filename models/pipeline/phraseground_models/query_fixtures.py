"""Reference outputs of a query-granularity bundle (OWL-ViT / OWLv2), computed with onnxruntime (Python)
on the shipped files, for the TypeScript parity tests (test/unit/owlvit.test.ts).

    .venv/bin/python -m phraseground_models.query_fixtures --bundle test/fixtures/owlvit-tiny \
        --out test/fixtures/query-parity/owlvit-tiny

Per case: the caption's token ids and character spans (the phrases' tokens), per phrase the templated
query's ids, the logits [R,P] of docs/model-bundle.md's formula, and the best region per phrase with its
box in original image pixels. Layout: docs/owlvit.md "Reference outputs".
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
from PIL import Image
from tokenizers import Tokenizer

from .bundle import read_manifest
from .errors import UsageError, run_cli
from .fixtures import CaseSpec, _rel, builtin_cases
from .onnx_runner import cxcywh_to_xyxy, sigmoid
from .owlvit_export import manifest_logits, query_batch
from .preprocess import PreprocessSpec, boxes_to_image, preprocess


class QueryBundleRunner:
    def __init__(self, bundle_dir: Path):
        self.dir = Path(bundle_dir)
        self.manifest = read_manifest(self.dir)
        img, txt = self.manifest["image_encoder"], self.manifest["text_encoder"]
        if txt["granularity"] != "query":
            raise UsageError(f"{bundle_dir} is a {txt['granularity']}-granularity bundle; use phraseground_models.fixtures")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        self.image = ort.InferenceSession(str(self.dir / img["file"]), opts, providers=["CPUExecutionProvider"])
        self.text = ort.InferenceSession(str(self.dir / txt["file"]), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(self.dir / txt["tokenizer"]))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()  # the caption is tokenized whole (spans only); queries truncate below
        self.spec = PreprocessSpec(
            width=img["width"], height=img["height"], fit=img["fit"], pad_value=tuple(img.get("pad_value", (0, 0, 0))),
            pad_corner=img.get("pad_corner", "center"), rescale=img["rescale"], mean=tuple(img["mean"]), std=tuple(img["std"]))

    def encode_image(self, image: Image.Image) -> tuple[np.ndarray, dict[str, np.ndarray], object]:
        pixels, fit = preprocess(image, self.spec)
        names = list(self.manifest["image_encoder"]["outputs"].values())
        outs = dict(zip(self.manifest["image_encoder"]["outputs"], self.image.run(names, {"pixels": pixels})))
        return pixels, outs, fit

    def query_ids(self, phrases: list[str]) -> tuple[np.ndarray, np.ndarray]:
        t = self.manifest["text_encoder"]
        return query_batch(self.tokenizer, phrases, t.get("query_template", "{}"), t["max_tokens"], t.get("pad_token_id", 0))

    def encode_queries(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        t = self.manifest["text_encoder"]
        (q,) = self.text.run([t["outputs"]["embeds"]], {t["inputs"]["input_ids"]: ids, t["inputs"]["attention_mask"]: mask})
        return q

    def scores(self, logits: np.ndarray, outs: dict[str, np.ndarray]) -> np.ndarray:
        s = sigmoid(logits.astype(np.float64))
        if self.manifest["scoring"].get("use_objectness") and "objectness" in outs:
            s = s * sigmoid(outs["objectness"][0].astype(np.float64))[:, None]
        return s


def build_case(runner: QueryBundleRunner, spec: CaseSpec, out: Path, with_pixels: bool) -> dict:
    image = Image.open(spec.image_path)
    pixels, outs, fit = runner.encode_image(image)
    texts = [spec.caption[s:e] for s, e in spec.spans]
    ids, mask = runner.query_ids(texts)
    logits = manifest_logits(outs, runner.encode_queries(ids, mask), runner.manifest["scoring"])  # [R,P]
    scores = runner.scores(logits, outs)
    boxes = boxes_to_image(cxcywh_to_xyxy(outs["boxes"][0]), fit, image.width, image.height, runner.spec)
    enc = runner.tokenizer.encode(spec.caption)
    phrases, best = [], []
    for p, (s, e) in enumerate(spec.spans):
        tokens = [i for i, ((a, b), sp) in enumerate(zip(enc.offsets, enc.special_tokens_mask)) if not sp and a < e and b > s]
        n = int(mask[p].sum())
        phrases.append({"text": texts[p], "span": [s, e], "tokens": tokens, "input_ids": ids[p, :n].tolist()})
        order = np.argsort(-scores[:, p], kind="stable")
        r = int(order[0])
        best.append({"phrase": p, "region": r, "score": float(scores[r, p]), "bbox": [float(v) for v in boxes[r]],
                     "margin": float(scores[r, p] - scores[int(order[1]), p])})
    shutil.copy(spec.image_path, out / f"{spec.id}.png")
    logits.astype("<f4").tofile(out / f"{spec.id}.logits.bin")
    case = {"id": spec.id, "image": f"{spec.id}.png", "width": image.width, "height": image.height,
            "caption": spec.caption, "caption_ids": enc.ids, "phrases": phrases,
            "logits": f"{spec.id}.logits.bin", "logits_shape": list(logits.shape), "best": best}
    if with_pixels:
        pixels.astype("<f4").tofile(out / f"{spec.id}.pixels.bin")
        case["pixels"] = f"{spec.id}.pixels.bin"
    return case


def query_cases(tmp: Path) -> list[CaseSpec]:
    """The five builtin pictures of fixtures.py, plus a '.'-separated prompt and a phrase longer than max_tokens."""
    specs = builtin_cases(tmp)
    wide = specs[0].image_path
    dots = "a red circle. a blue star"
    long = "the very large and slightly rotated yellow square with a thin black outline at the bottom left"
    specs.append(CaseSpec("dots", wide, dots, [(0, 12), (14, 25)]))
    specs.append(CaseSpec("long", specs[1].image_path, long, [(0, len(long))]))
    return specs


def write_fixtures(bundle_dir: Path, out: Path, n_pixels: int = 2) -> dict:
    runner = QueryBundleRunner(bundle_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    specs = query_cases(out / "_src")
    cases = [build_case(runner, s, out, i < n_pixels) for i, s in enumerate(specs)]
    shutil.rmtree(out / "_src", ignore_errors=True)
    doc = {
        "bundle": _rel(bundle_dir), "granularity": "query",
        "tolerance": {"logits": 1e-4, "pixels": (1 / 255) / min(runner.spec.std)},
        "note": "logits [R,P]: one column per phrase (its templated query); best = argmax of the phrase score, "
                "margin = best minus second-best score.",
        "cases": cases,
    }
    (out / "cases.json").write_text(json.dumps(doc, indent=1) + "\n")
    return doc


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.query_fixtures", description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pixels", type=int, default=2, help="store pixels for the first N cases")
    args = p.parse_args(argv)
    if not (args.bundle / "manifest.json").is_file():
        raise UsageError(f"no manifest.json in {args.bundle}; point --bundle at a bundle folder")
    doc = write_fixtures(args.bundle, args.out, args.pixels)
    low = min(b["margin"] for c in doc["cases"] for b in c["best"])
    print(f"wrote {len(doc['cases'])} cases to {args.out} (smallest best-vs-second score margin {low:.2e})")


if __name__ == "__main__":
    run_cli(main)
