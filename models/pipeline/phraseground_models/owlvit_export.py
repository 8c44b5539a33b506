"""Export a local Hugging Face OWL-ViT / OWLv2 folder (after `save_pretrained`) as a PhraseGround bundle.

    .venv/bin/python -m phraseground_models.owlvit_export --model path/to/owlvit-folder --out bundles/owlvit
    .venv/bin/python -m phraseground_models.owlvit_export --tiny-random owlvit --out test/fixtures/owlvit-tiny

image_encoder.onnx: pixels [1,3,S,S] -> region_embeds [1,R,D] (the class head's image_class_embeds,
normalised inside the graph exactly as transformers does: x / (|x| + 1e-6)), boxes [1,R,4] (pred_boxes,
cxcywh), logit_shift [1,R], logit_scale [1,R] (elu + 1), and objectness [1,R] (logits) for OWLv2.
text_encoder.onnx: input_ids, attention_mask [B,L] -> embeds [B,D] (text_projection of the EOS state,
normalised as OwlViTModel and then the class head normalise it). With scoring scale 1, bias 0 and
normalize false, docs/model-bundle.md's formula is transformers' pred_logits term for term:
(e . q + shift_r) * scale_r. Export is gated on that: ONNX vs the torch model, logits within 1e-4,
boxes within 5e-5 (see BOX_TOL), or nothing is written.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from torch import nn

from .bundle import write_manifest
from .clip_tokenizer import build_tiny_clip_tokenizer
from .errors import BundleError, UsageError, run_cli
from .quantize import contrib_ops, quantize_text_encoder

OPSET = 17
# Boxes are 0..1 of the model input. The gate leaves room for float32 noise where box-head outputs are
# large (sigmoid inputs far from 0): 5e-5 is 0.05 px at 960 px. The tests hold the fixtures to 1e-5.
LOGIT_TOL, BOX_TOL, OBJECTNESS_REL_TOL = 1e-4, 5e-5, 1e-5
IMAGE_FILE, TEXT_FILE = "image_encoder.onnx", "text_encoder.onnx"
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
KINDS = {"owlvit": "OWL-ViT", "owlv2": "OWLv2"}
PARITY_QUERIES = ("red circle", "two blue stars", "a cat", "the large yellow square on the left")


# ---- loading --------------------------------------------------------------------------------------

def model_kind(model_dir: Path) -> str:
    """'owlvit' or 'owlv2' from config.json, or a UsageError naming what the folder is instead."""
    if not model_dir.is_dir():
        raise UsageError(f"{model_dir} is not a folder; pass a local Hugging Face model folder (save_pretrained)")
    cfg_path = model_dir / "config.json"
    if not cfg_path.is_file():
        raise UsageError(f"no config.json in {model_dir}; pass the folder a Hugging Face model was saved to")
    try:
        kind = json.loads(cfg_path.read_text()).get("model_type")
    except json.JSONDecodeError as e:
        raise BundleError(f"{cfg_path} is not valid JSON ({e.msg} at line {e.lineno})") from None
    if kind not in KINDS:
        raise UsageError(f"{model_dir} holds a '{kind}' model, not OWL-ViT or OWLv2 (config.json model_type must be owlvit or owlv2)")
    return kind


def check_clip_tokenizer(path: Path) -> dict:
    """The tokenizer.json must be CLIP's byte-level BPE (BPE model with the '</w>' suffix)."""
    if not path.is_file():
        raise BundleError(f"no tokenizer.json in {path.parent}; save the model's processor too "
                          "(processor.save_pretrained(folder)) so the fast CLIP tokenizer is written")
    try:
        tok = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise BundleError(f"{path} is not valid JSON ({e.msg} at line {e.lineno})") from None
    model = tok.get("model") or {}
    if model.get("type") != "BPE" or model.get("end_of_word_suffix") != "</w>":
        kind = model.get("type", "unknown")
        raise BundleError(f"{path} is a {kind} tokenizer without CLIP's '</w>' suffix; OWL-ViT needs CLIP's byte-level BPE tokenizer")
    return tok


def load_model(model_dir: Path) -> tuple[nn.Module, str]:
    from transformers import Owlv2ForObjectDetection, OwlViTForObjectDetection

    kind = model_kind(model_dir)
    if not any(model_dir.glob("*.safetensors")) and not any(model_dir.glob("*.bin")):
        raise BundleError(f"no weights (*.safetensors or *.bin) in {model_dir}; save the model with save_pretrained")
    cls = OwlViTForObjectDetection if kind == "owlvit" else Owlv2ForObjectDetection
    try:
        model = cls.from_pretrained(str(model_dir), attn_implementation="eager")
    except (OSError, ValueError, RuntimeError) as e:
        raise BundleError(f"{model_dir} could not be loaded as {KINDS[kind]} ({str(e).splitlines()[0][:200]})") from None
    return model.eval(), kind


# ---- the two graphs -------------------------------------------------------------------------------

def _backbone(det: nn.Module) -> nn.Module:
    return det.owlv2 if hasattr(det, "owlv2") else det.owlvit


class ImageGraph(nn.Module):
    """The detector's image path only: image_embedder -> class head terms, box head (+ objectness)."""

    def __init__(self, det: nn.Module):
        super().__init__()
        self.det = det
        self.objectness = hasattr(det, "objectness_predictor")

    def forward(self, pixels):
        feature_map, _ = self.det.image_embedder(pixel_values=pixels)
        b, h, w, d = feature_map.shape
        feats = feature_map.reshape(b, h * w, d)
        head = self.det.class_head
        _, class_embeds = head(feats, None, None)  # dense0(feats), unnormalised
        region = class_embeds / (torch.linalg.norm(class_embeds, dim=-1, keepdim=True) + 1e-6)
        shift = head.logit_shift(feats)[..., 0]
        scale = head.elu(head.logit_scale(feats))[..., 0] + 1
        boxes = self.det.box_predictor(feats, feature_map)
        if self.objectness:
            return region, boxes, shift, scale, self.det.objectness_predictor(feats)
        return region, boxes, shift, scale


class TextGraph(nn.Module):
    """Query embeddings as the class head sees them: projected EOS state, L2-normalised (OwlViTModel),
    then x / (|x| + 1e-6) (class head)."""

    def __init__(self, det: nn.Module):
        super().__init__()
        self.backbone = _backbone(det)

    def forward(self, input_ids, attention_mask):
        pooled = self.backbone.text_model(input_ids=input_ids, attention_mask=attention_mask).pooler_output
        q = self.backbone.text_projection(pooled)
        q = q / torch.linalg.norm(q, ord=2, dim=-1, keepdim=True)
        return q / (torch.linalg.norm(q, dim=-1, keepdim=True) + 1e-6)


def image_outputs(kind: str) -> list[str]:
    return ["region_embeds", "boxes", "logit_shift", "logit_scale"] + (["objectness"] if kind == "owlv2" else [])


def export_graphs(model: nn.Module, kind: str, out: Path, text_path: Path) -> None:
    s = model.config.vision_config.image_size
    with torch.no_grad():
        torch.onnx.export(ImageGraph(model).eval(), (torch.zeros(1, 3, s, s),), str(out / IMAGE_FILE), opset_version=OPSET,
                          input_names=["pixels"], output_names=image_outputs(kind), dynamo=False, do_constant_folding=True)
        ids = torch.tensor([[5, 6, 7, 8, 9], [5, 6, 7, 0, 0]])
        torch.onnx.export(TextGraph(model).eval(), (ids, (ids != 0).long()), str(text_path), opset_version=OPSET,
                          input_names=["input_ids", "attention_mask"], output_names=["query_embeds"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                        "query_embeds": {0: "batch"}},
                          dynamo=False, do_constant_folding=True)


# ---- the score formula and the parity gate --------------------------------------------------------

def manifest_logits(outs: dict[str, np.ndarray], q: np.ndarray, scoring: dict) -> np.ndarray:
    """[R,Q] logits by docs/model-bundle.md: ((e.q) * scale + shift_r) * scale_r + bias (no bias_t here)."""
    e = outs["region_embeds"][0]
    if scoring["normalize"]:
        e = e / np.maximum(np.linalg.norm(e, axis=-1, keepdims=True), 1e-12)
        q = q / np.maximum(np.linalg.norm(q, axis=-1, keepdims=True), 1e-12)
    dot = (e @ q.T) * np.float32(scoring["scale"])
    return ((dot + outs["logit_shift"][0][:, None]) * outs["logit_scale"][0][:, None] + np.float32(scoring["bias"])).astype(np.float32)


def query_batch(tokenizer, queries: list[str], template: str, max_tokens: int, pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of each templated query (truncated to max_tokens, EOS kept), padded with pad_id, mask 0."""
    rows = []
    for text in queries:
        ids = tokenizer.encode(template.replace("{}", text)).ids
        if len(ids) > max_tokens:
            ids = ids[: max_tokens - 1] + ids[-1:]
        rows.append(ids)
    L = max(len(r) for r in rows)
    ids = np.full((len(rows), L), pad_id, np.int64)
    mask = np.zeros((len(rows), L), np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    return ids, mask


def _session(path: Path) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def parity(model: nn.Module, kind: str, image_path: Path, text_path: Path, pixels: np.ndarray,
           ids: np.ndarray, mask: np.ndarray, scoring: dict) -> dict[str, float]:
    """Max abs differences, HF torch forward vs onnxruntime + the manifest's formula."""
    with torch.no_grad():
        hf = model(input_ids=torch.from_numpy(ids), pixel_values=torch.from_numpy(pixels),
                   attention_mask=torch.from_numpy(mask))
    names = image_outputs(kind)
    outs = dict(zip(names, _session(image_path).run(names, {"pixels": pixels})))
    (q,) = _session(text_path).run(["query_embeds"], {"input_ids": ids, "attention_mask": mask})
    got = manifest_logits(outs, q, scoring)
    diff = {"logits": float(np.abs(got - hf.logits[0].numpy()).max()),
            "boxes": float(np.abs(outs["boxes"][0] - hf.pred_boxes[0].numpy()).max())}
    if kind == "owlv2":
        want = hf.objectness_logits[0].numpy()  # relative: real objectness logits reach the hundreds
        diff["objectness_rel"] = float(np.abs(outs["objectness"][0] - want).max() / max(1.0, float(np.abs(want).max())))
    return diff


# ---- manifest, tokenizer, model card --------------------------------------------------------------

def preprocessing(model_dir: Path, kind: str, size: int, pad_value: float) -> dict:
    """stretch (OWL-ViT) or pad_square at top_left (OWLv2), CLIP mean/std unless the folder's
    preprocessor_config.json says otherwise."""
    pre_path = model_dir / "preprocessor_config.json"
    pre = json.loads(pre_path.read_text()) if pre_path.is_file() else {}
    spec = {
        "file": IMAGE_FILE, "input": "pixels", "height": size, "width": size,
        "fit": "stretch" if kind == "owlvit" else "pad_square", "resample": "bilinear",
        "rescale": float(pre.get("rescale_factor", 1 / 255)),
        "mean": [float(v) for v in pre.get("image_mean", CLIP_MEAN)],
        "std": [float(v) for v in pre.get("image_std", CLIP_STD)],
        "box_format": "cxcywh",
        "outputs": {n: n for n in image_outputs(kind)},
    }
    if kind == "owlv2":
        spec["pad_value"] = [pad_value * 255] * 3
        spec["pad_corner"] = "top_left"
    return spec


def write_tokenizer(src: Path, out: Path, max_tokens: int) -> None:
    """The folder's tokenizer.json without fixed padding, truncating at max_tokens (EOS kept)."""
    tok = check_clip_tokenizer(src)
    tok["padding"] = None
    tok["truncation"] = {"direction": "Right", "max_length": max_tokens, "strategy": "LongestFirst", "stride": 0}
    (out / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False))


def model_card(kind: str, source: str, manifest: dict, diff: dict, quantized: bool) -> str:
    ie, te = manifest["image_encoder"], manifest["text_encoder"]
    return f"""# {manifest['name']}

Source model: {source} ({KINDS[kind]}, Hugging Face transformers `{'Owlv2' if kind == 'owlv2' else 'OwlViT'}ForObjectDetection`),
converted by `python -m phraseground_models.owlvit_export`.

Licence: {manifest['license']}. OWL-ViT and OWLv2 (Minderer et al., Google) are released under Apache-2.0;
check the source model's own card for the licence of its weights.

- Image encoder: {ie['width']}x{ie['height']} input, fit `{ie['fit']}`, outputs {', '.join(ie['outputs'])}.
- Text encoder: one query embedding per phrase (`query_template` "{te['query_template']}"), at most {te['max_tokens']} tokens,
  {'int8 dynamic quantisation (weights)' if quantized else 'float32'}.
- Score: (e . q + logit_shift) * logit_scale, sigmoid (transformers' pred_logits).

Export parity (torch vs onnxruntime, float graphs, random pixels, {len(PARITY_QUERIES)} queries): max |logit diff|
{diff['logits']:.2e}, max |box diff| {diff['boxes']:.2e}{f", max |objectness diff| / max |objectness| {diff['objectness_rel']:.2e}" if 'objectness_rel' in diff else ''}.
"""


def export_bundle(model_dir: Path, out: Path, *, bundle_id: str | None = None, name: str | None = None,
                  query_template: str = "a photo of a {}", quantize_text: bool = False, pad_value: float = 0.0,
                  license: str = "Apache-2.0", source: str | None = None, threshold: float = 0.1) -> dict:
    """Write the bundle into `out` (created); returns the manifest and `parity` diffs under key '_parity'."""
    from tokenizers import Tokenizer

    kind = model_kind(model_dir)
    check_clip_tokenizer(model_dir / "tokenizer.json")
    model, kind = load_model(model_dir)
    if "{}" not in query_template:
        raise UsageError(f"--query-template must contain {{}} (where the phrase goes), not {query_template!r}")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="owlvit-export-"))
    try:
        float_text = tmp / TEXT_FILE
        export_graphs(model, kind, out, float_text)
        max_tokens = int(model.config.text_config.max_position_embeddings)
        pad_id = int(model.config.text_config.pad_token_id or 0)
        scoring = {"normalize": False, "scale": 1.0, "bias": 0.0, "activation": "sigmoid", "reduce": "max",
                   "use_objectness": False, "threshold": threshold, "nms_iou": 0.3, "top_k": 10}
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.no_padding()  # a saved CLIP tokenizer may pad to a fixed length; query_batch pads itself
        tokenizer.no_truncation()
        s = model.config.vision_config.image_size
        pixels = np.random.default_rng(0).normal(0, 1, (1, 3, s, s)).astype(np.float32)
        ids, mask = query_batch(tokenizer, list(PARITY_QUERIES), query_template, max_tokens, pad_id)
        diff = parity(model, kind, out / IMAGE_FILE, float_text, pixels, ids, mask, scoring)
        if diff["logits"] > LOGIT_TOL or diff["boxes"] > BOX_TOL or diff.get("objectness_rel", 0) > OBJECTNESS_REL_TOL:
            raise BundleError(f"ONNX export disagrees with transformers ({diff}); not writing the bundle")
        if quantize_text:
            quantize_text_encoder(float_text, out / TEXT_FILE)
        else:
            shutil.copy(float_text, out / TEXT_FILE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in (IMAGE_FILE, TEXT_FILE):
        if bad := contrib_ops(out / f):
            raise BundleError(f"{f} uses non-standard ops {bad}; the web runtime may not run them")
    write_tokenizer(model_dir / "tokenizer.json", out, max_tokens)
    source = source or model_dir.name
    manifest = {
        "format": "phraseground-bundle", "format_version": 1,
        "id": bundle_id or f"{kind}-{s}", "name": name or f"{KINDS[kind]} ({source})",
        "license": license, "model_card": "MODEL_CARD.md",
        "description": f"{KINDS[kind]} open-vocabulary detector converted from {source}: one box per image patch, "
                       "scored against each phrase's query embedding.",
        "image_encoder": preprocessing(model_dir, kind, s, pad_value),
        "text_encoder": {
            "file": TEXT_FILE, "tokenizer": "tokenizer.json", "max_tokens": max_tokens, "granularity": "query",
            "query_template": query_template, "pad_token_id": pad_id,
            "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask"},
            "outputs": {"embeds": "query_embeds"},
        },
        "scoring": scoring,
    }
    (out / "MODEL_CARD.md").write_text(model_card(kind, source, manifest, diff, quantize_text))
    return {**write_manifest(out, manifest), "_parity": diff}


# ---- the tiny random fixture models ---------------------------------------------------------------

def tiny_random_folder(kind: str, dest: Path, seed: int = 0) -> Path:
    """A local HF folder as save_pretrained writes it: tiny random OWL-ViT / OWLv2 (hidden 32, 2 layers,
    96x96 input, patch 16 -> 36 regions), a trained-small CLIP tokenizer, and the image processor config."""
    from transformers import (Owlv2Config, Owlv2ForObjectDetection, Owlv2ImageProcessor, OwlViTConfig,
                              OwlViTForObjectDetection, OwlViTImageProcessor)

    if kind not in KINDS:
        raise UsageError(f"--tiny-random must be owlvit or owlv2, not {kind!r}")
    tok = build_tiny_clip_tokenizer()
    vocab = tok.get_vocab_size()
    size = 96
    text = dict(vocab_size=vocab, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                max_position_embeddings=16, pad_token_id=0, bos_token_id=vocab - 2, eos_token_id=vocab - 1)
    vision = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                  image_size=size, patch_size=16)
    cfg_cls, det_cls, proc_cls = ((OwlViTConfig, OwlViTForObjectDetection, OwlViTImageProcessor) if kind == "owlvit"
                                  else (Owlv2Config, Owlv2ForObjectDetection, Owlv2ImageProcessor))
    torch.manual_seed(seed)
    model = det_cls(cfg_cls(text_config=text, vision_config=vision, projection_dim=32)).eval()
    with torch.no_grad():  # spread the per-region terms so scores and best boxes are not all alike
        model.class_head.logit_shift.weight.normal_(0, 0.5)
        model.class_head.logit_scale.weight.normal_(0, 0.5)
        model.box_head.dense2.weight.normal_(0, 0.01)  # small offsets from the patch grid: plausible boxes
        if kind == "owlv2":
            model.objectness_head.dense2.weight.mul_(0.02)
    dest.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(dest))
    tok.save(str(dest / "tokenizer.json"))
    proc_cls(size={"height": size, "width": size}).save_pretrained(str(dest))
    return dest


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="phraseground_models.owlvit_export", description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", type=Path, help="local Hugging Face OWL-ViT / OWLv2 folder (config.json, weights, tokenizer.json)")
    src.add_argument("--tiny-random", choices=sorted(KINDS), help="tiny random-weight fixture model instead")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--quantize-text", action="store_true", help="int8 dynamic quantisation of the text encoder")
    p.add_argument("--query-template", default="a photo of a {}", help="text around each phrase; {} is the phrase")
    p.add_argument("--pad-value", type=float, default=0.0,
                   help="OWLv2 only: pad value after rescale, 0..1 (transformers' Owlv2ImageProcessor pads with 0.0)")
    p.add_argument("--id", help="bundle id (default: <kind>-<input size>)")
    p.add_argument("--name", help="bundle display name")
    p.add_argument("--license", default="Apache-2.0", help="licence of the source weights (default Apache-2.0)")
    p.add_argument("--threshold", type=float, default=0.1, help="default box score threshold")
    args = p.parse_args(argv)
    if not 0 <= args.pad_value <= 1:
        raise UsageError(f"--pad-value must be from 0 to 1, not {args.pad_value}")
    torch.set_num_threads(2)
    if args.tiny_random:
        with tempfile.TemporaryDirectory() as d:
            folder = tiny_random_folder(args.tiny_random, Path(d) / f"{args.tiny_random}-tiny-random")
            m = export_bundle(folder, args.out, bundle_id=f"{args.tiny_random}-tiny", name=f"{KINDS[args.tiny_random]} tiny random (fixture)",
                              source=f"a tiny random-weight {KINDS[args.tiny_random]} (fixture; its boxes mean nothing)",
                              quantize_text=args.quantize_text, query_template=args.query_template, pad_value=args.pad_value,
                              threshold=args.threshold)
    else:
        m = export_bundle(args.model, args.out, bundle_id=args.id, name=args.name, quantize_text=args.quantize_text,
                          query_template=args.query_template, pad_value=args.pad_value, license=args.license,
                          threshold=args.threshold)
    d = m["_parity"]
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v['bytes'] / 1e6:.3f} MB" for k, v in m["files"].items()))
    print("parity (torch vs onnxruntime): " + ", ".join(f"max |{k} diff| {v:.2e}" for k, v in d.items()))


if __name__ == "__main__":
    run_cli(main)
