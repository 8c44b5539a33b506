"""Export a trained run (or a random-weight model) as a bundle: ONNX encoders, tokenizer, manifest.

    .venv/bin/python -m phraseground_models.export --run models/pipeline/runs/default --out models/default
    .venv/bin/python -m phraseground_models.export --random-tiny --out test/fixtures/random-bundle

Image encoder: float32, BatchNorm folded into the convs, static [1,3,S,S] input. Text encoder:
dynamic batch and length, int8 dynamic quantisation (the float file stays in the run folder).
Export is gated: PyTorch vs onnxruntime logits must agree within PARITY_TOL on the float files.
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval

from . import config as C
from .bundle import REPO_ROOT, write_manifest
from .errors import BundleError, UsageError, run_cli
from .model import GroundingModel, alignment_logits
from .quantize import contrib_ops, quantize_text_encoder
from .text_encoder import minilm_dir

OPSET = 17
PARITY_TOL = 1e-4
IMAGE_FILE, TEXT_FILE, TEXT_FLOAT_FILE = "image_encoder.onnx", "text_encoder.onnx", "text_encoder.float.onnx"


def fold_batchnorm(module: nn.Module) -> nn.Module:
    """Copy of `module` (eval) with every Conv2d followed by BatchNorm2d fused into one Conv2d."""
    module = copy.deepcopy(module).eval()
    for seq in [m for m in module.modules() if isinstance(m, nn.Sequential)]:
        for i in range(len(seq) - 1):
            if isinstance(seq[i], nn.Conv2d) and isinstance(seq[i + 1], nn.BatchNorm2d):
                seq[i], seq[i + 1] = fuse_conv_bn_eval(seq[i], seq[i + 1]), nn.Identity()
    return module


class _ImageGraph(nn.Module):
    def __init__(self, image: nn.Module):
        super().__init__()
        self.image = image

    def forward(self, pixels):
        o = self.image(pixels)
        return o["region_embeds"], o["boxes"], o["objectness"]


def export_image(model: GroundingModel, path: Path) -> None:
    s = model.cfg.image.size
    torch.onnx.export(
        _ImageGraph(fold_batchnorm(model.image)), (torch.zeros(1, 3, s, s),), str(path), opset_version=OPSET,
        input_names=["pixels"], output_names=["region_embeds", "boxes", "objectness"], dynamo=False,
        do_constant_folding=True,
    )


def export_text(model: GroundingModel, path: Path) -> None:
    ids = torch.tensor([[101, 1037, 2417, 4418, 102], [101, 1037, 2417, 102, 0]])
    mask = (ids != 0).long()
    torch.onnx.export(
        copy.deepcopy(model.text).eval(), (ids, mask), str(path), opset_version=OPSET,
        input_names=["input_ids", "attention_mask"], output_names=["token_embeds", "token_bias"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in ["input_ids", "attention_mask", "token_embeds", "token_bias"]},
        dynamo=False, do_constant_folding=True,
    )


def parity_diff(model: GroundingModel, image_path: Path, text_path: Path, pixels: np.ndarray,
                input_ids: np.ndarray, attention_mask: np.ndarray) -> float:
    """Max |logit_torch - logit_onnxruntime| over all (region, token) pairs of the given inputs."""
    model = model.eval()
    with torch.no_grad():
        want = model(torch.from_numpy(pixels), torch.from_numpy(input_ids), torch.from_numpy(attention_mask))["logits"]
    img = ort.InferenceSession(str(image_path), providers=["CPUExecutionProvider"])
    txt = ort.InferenceSession(str(text_path), providers=["CPUExecutionProvider"])
    e, _, _ = img.run(None, {"pixels": pixels})
    q, qb = txt.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
    got = alignment_logits(torch.from_numpy(e), torch.from_numpy(q), torch.from_numpy(qb),
                           model.scale.detach(), model.bias.detach())
    return float((want - got).abs().max())


def write_tokenizer(out: Path, max_tokens: int) -> None:
    """MiniLM's tokenizer.json with its fixed 128-token padding removed (callers get length L) and
    truncation at max_tokens; tokenizer_config.json copied with model_max_length = max_tokens."""
    src = minilm_dir()
    tok = json.loads((src / "tokenizer.json").read_text())
    tok["padding"] = None
    tok["truncation"] = {"direction": "Right", "max_length": max_tokens, "strategy": "LongestFirst", "stride": 0}
    (out / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False))
    cfg = json.loads((src / "tokenizer_config.json").read_text())
    cfg["model_max_length"] = max_tokens
    (out / "tokenizer_config.json").write_text(json.dumps(cfg, indent=2) + "\n")


def manifest_for(model: GroundingModel, bundle_id: str, name: str, description: str, scoring: dict,
                 model_card: str | None) -> dict:
    ic = model.cfg.image
    m = {
        "format": "phraseground-bundle", "format_version": 1, "id": bundle_id, "name": name,
        "license": "Apache-2.0", "description": description,
        "image_encoder": {
            "file": IMAGE_FILE, "input": "pixels", "height": ic.size, "width": ic.size, "fit": "letterbox",
            "pad_value": list(ic.pad_value), "pad_corner": "center", "resample": "bilinear",
            "rescale": 1 / 255, "mean": list(ic.mean), "std": list(ic.std), "box_format": "cxcywh",
            "outputs": {"region_embeds": "region_embeds", "boxes": "boxes", "objectness": "objectness"},
        },
        "text_encoder": {
            "file": TEXT_FILE, "tokenizer": "tokenizer.json", "tokenizer_config": "tokenizer_config.json",
            "max_tokens": model.cfg.text.max_tokens, "granularity": "token",
            "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask"},
            "outputs": {"embeds": "token_embeds", "bias": "token_bias"},
        },
        "scoring": {"normalize": True, "scale": float(model.scale.detach()), "bias": float(model.bias.detach()),
                    "activation": "sigmoid", "reduce": "mean", **scoring},
    }
    if model_card:
        m["model_card"] = model_card
    return m


def export_bundle(model: GroundingModel, out: Path, *, bundle_id: str, name: str, description: str,
                  scoring: dict, float_text_dir: Path | None = None, model_card: str | None = None) -> dict:
    """Write the bundle into `out`; the float text encoder goes to `float_text_dir` (default: out's parent
    is not polluted: a temp name inside out, removed) and is the one the parity gate checks."""
    out.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    float_text = (float_text_dir or out) / TEXT_FLOAT_FILE
    export_image(model, out / IMAGE_FILE)
    export_text(model, float_text)
    s = model.cfg.image.size
    rng = np.random.default_rng(0)
    pixels = rng.normal(0, 1, (1, 3, s, s)).astype(np.float32)
    ids = np.array([[101, 1037, 2235, 2417, 4418, 2279, 2000, 2048, 2630, 3340, 102]], np.int64)
    diff = parity_diff(model, out / IMAGE_FILE, float_text, pixels, ids, np.ones_like(ids))
    if diff > PARITY_TOL:
        raise BundleError(f"ONNX export disagrees with PyTorch (max logit diff {diff:.2e} > {PARITY_TOL}); not writing the bundle")
    quantize_text_encoder(float_text, out / TEXT_FILE)
    if float_text_dir is None:
        float_text.unlink()
    for f in (IMAGE_FILE, TEXT_FILE):
        if bad := contrib_ops(out / f):
            raise BundleError(f"{f} uses non-standard ops {bad}; the web runtime may not run them")
    write_tokenizer(out, model.cfg.text.max_tokens)
    return write_manifest(out, manifest_for(model, bundle_id, name, description, scoring, model_card))


def copy_records(run: Path, dst: Path) -> None:
    """The run's small, traceable records (config, loss curves, summary, evaluation) into the bundle."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in ("config.json", "log.csv", "summary.json", "scoring.json", "eval.json"):
        if (run / f).is_file():
            shutil.copy(run / f, dst / f)


def random_tiny_model(seed: int = 0) -> GroundingModel:
    """The fixture model: tiny random text BERT (hidden 64, 2 layers) + tiny random CNN, BN stats randomised
    so folding is exercised."""
    torch.manual_seed(seed)
    model = GroundingModel(C.preset("random-tiny").model)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    model.text.bias_head.weight.data.normal_(0, 0.1)
    model.image.box.weight.data.normal_(0, 0.003)  # small offsets: boxes stay plausible, not degenerate
    model.bias.data.fill_(-1.0)  # scores spread around 0.27 rather than all ~0.01
    return model.eval()


def load_run(run: Path) -> GroundingModel:
    ckpt = run / "model.pt"
    if not ckpt.is_file():
        raise BundleError(f"no model.pt in {run}; train first (python -m phraseground_models.train)")
    cfg = C.load(run / "config.json")
    model = GroundingModel(cfg.model)
    model.load_state_dict(torch.load(ckpt, map_location="cpu", weights_only=True))
    return model.eval()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.export", description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--run", type=Path, help="training run folder (model.pt, config.json, scoring.json)")
    src.add_argument("--random-tiny", action="store_true", help="random-weight fixture bundle")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    if args.random_tiny:
        m = export_bundle(random_tiny_model(args.seed), args.out, bundle_id="random-tiny",
                          name="Random-weight fixture bundle",
                          description="Tiny random weights (2-layer hidden-64 BERT with the MiniLM tokenizer, small CNN). "
                                      "For tests only: its boxes mean nothing.",
                          scoring={"use_objectness": False, "threshold": 0.5, "nms_iou": 0.5, "top_k": 5})
    else:
        if not args.run.is_dir():
            raise UsageError(f"{args.run} is not a run folder")
        scoring_path = args.run / "scoring.json"
        scoring = json.loads(scoring_path.read_text()) if scoring_path.is_file() else {
            "use_objectness": False, "threshold": 0.3, "nms_iou": 0.5, "top_k": 5}
        card = "MODEL_CARD.md" if (args.out / "MODEL_CARD.md").is_file() else None
        m = export_bundle(load_run(args.run), args.out, bundle_id="phraseground-shapes-v2",
                          name="PhraseGround shapes (default)",
                          description="GLIP-style grounding of coloured shapes: small CoordConv CNN + all-MiniLM-L6-v2, "
                                      "trained on synthetic scenes.",
                          scoring=scoring, float_text_dir=args.run, model_card=card)
        training = args.out / "training"
        shutil.rmtree(training, ignore_errors=True)
        copy_records(args.run, training)
        parent = C.load(args.run / "config.json").init_from
        if parent:  # a warm-started run: keep the first stage's records too
            copy_records(REPO_ROOT / Path(parent).parent, training / "stage1")
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v['bytes'] / 1e6:.2f} MB" for k, v in m["files"].items()))


if __name__ == "__main__":
    run_cli(main)
