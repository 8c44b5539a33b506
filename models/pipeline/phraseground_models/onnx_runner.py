"""Run an exported bundle with onnxruntime (Python), exactly as the manifest says.

The reference the fixtures and the evaluation use: preprocessing from preprocess.py, tokens and
character offsets from `tokenizers`, the score formula of docs/model-bundle.md in float32 numpy.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from PIL import Image
from tokenizers import Tokenizer

from .bundle import read_manifest
from .preprocess import Fit, PreprocessSpec, boxes_to_image, preprocess


@dataclass
class ImageFeatures:
    pixels: np.ndarray  # float32 [1,3,H,W]
    fit: Fit
    size: tuple[int, int]  # original (w, h)
    region_embeds: np.ndarray  # [R,D]
    boxes: np.ndarray  # [R,4] in the manifest's box_format
    objectness: np.ndarray | None  # [R] logits


@dataclass
class TextFeatures:
    input_ids: np.ndarray  # int64 [L]
    attention_mask: np.ndarray  # int64 [L]
    offsets: list[tuple[int, int]]
    special: list[int]  # 1 for [CLS]/[SEP]/padding
    embeds: np.ndarray  # [L,D]
    bias: np.ndarray  # [L]


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def l2_normalize(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def cxcywh_to_xyxy(b: np.ndarray) -> np.ndarray:
    cx, cy, w, h = np.moveaxis(b, -1, 0)
    return np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], -1)


class BundleRunner:
    def __init__(self, bundle_dir: Path, text_file: str | None = None, threads: int = 2):
        """`text_file` swaps the text encoder (e.g. the float one) to compare against the shipped one."""
        self.dir = Path(bundle_dir)
        self.manifest = read_manifest(self.dir)
        img, txt = self.manifest["image_encoder"], self.manifest["text_encoder"]
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.image_session = ort.InferenceSession(str(self.dir / img["file"]), opts, providers=["CPUExecutionProvider"])
        text_path = Path(text_file) if text_file else self.dir / txt["file"]
        self.text_session = ort.InferenceSession(str(text_path), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(self.dir / txt["tokenizer"]))
        self.spec = PreprocessSpec(
            width=img["width"], height=img["height"], fit=img["fit"],
            pad_value=tuple(img.get("pad_value", (0, 0, 0))), pad_corner=img.get("pad_corner", "center"),
            rescale=img["rescale"], mean=tuple(img["mean"]), std=tuple(img["std"]),
        )
        self.scoring = self.manifest["scoring"]

    def encode_image(self, image: Image.Image) -> ImageFeatures:
        pixels, fit = preprocess(image, self.spec)
        return self.encode_pixels(pixels, fit, (image.width, image.height))

    def encode_pixels(self, pixels: np.ndarray, fit: Fit, size: tuple[int, int]) -> ImageFeatures:
        outs = self.manifest["image_encoder"]["outputs"]
        names = [outs["region_embeds"], outs["boxes"]] + ([outs["objectness"]] if "objectness" in outs else [])
        res = self.image_session.run(names, {self.manifest["image_encoder"]["input"]: pixels})
        return ImageFeatures(pixels, fit, size, res[0][0], res[1][0], res[2][0] if len(res) > 2 else None)

    def encode_text(self, caption: str) -> TextFeatures:
        enc = self.tokenizer.encode(caption)
        ids = np.asarray(enc.ids, np.int64)
        mask = np.asarray(enc.attention_mask, np.int64)
        txt = self.manifest["text_encoder"]
        feeds = {txt["inputs"]["input_ids"]: ids[None], txt["inputs"]["attention_mask"]: mask[None]}
        if "token_type_ids" in txt["inputs"]:
            feeds[txt["inputs"]["token_type_ids"]] = np.zeros_like(ids)[None]
        names = [txt["outputs"]["embeds"]] + ([txt["outputs"]["bias"]] if "bias" in txt["outputs"] else [])
        res = self.text_session.run(names, feeds)
        bias = res[1][0] if len(res) > 1 else np.zeros(len(ids), np.float32)
        return TextFeatures(ids, mask, list(enc.offsets), list(enc.special_tokens_mask), res[0][0], bias)

    def logits(self, im: ImageFeatures, tx: TextFeatures) -> np.ndarray:
        """[R,L] float32: ((e.q) * scale + shift_r) * scale_r + bias_t + bias (no shift/scale_r here)."""
        e, q = im.region_embeds, tx.embeds
        if self.scoring["normalize"]:
            e, q = l2_normalize(e), l2_normalize(q)
        s = np.float32(self.scoring["scale"])
        return ((e @ q.T) * s + tx.bias[None, :] + np.float32(self.scoring["bias"])).astype(np.float32)

    @staticmethod
    def phrase_tokens(tx: TextFeatures, span: tuple[int, int]) -> list[int]:
        """Non-special tokens whose character span overlaps [start, end)."""
        s, e = span
        return [i for i, ((a, b), sp) in enumerate(zip(tx.offsets, tx.special)) if not sp and a < e and b > s]

    def phrase_scores(self, logits: np.ndarray, tokens: list[int], im: ImageFeatures) -> np.ndarray:
        """[R] phrase score per region (reduce over the phrase's token scores)."""
        if not tokens:
            return np.zeros(logits.shape[0], np.float32)
        scores = sigmoid(logits[:, tokens])
        if self.scoring.get("use_objectness") and im.objectness is not None:
            scores = scores * sigmoid(im.objectness)[:, None]
        return scores.mean(1) if self.scoring["reduce"] == "mean" else scores.max(1)

    def boxes_px(self, im: ImageFeatures) -> np.ndarray:
        """[R,4] xyxy in original image pixels."""
        b = im.boxes if self.manifest["image_encoder"]["box_format"] == "xyxy" else cxcywh_to_xyxy(im.boxes)
        return boxes_to_image(b, im.fit, im.size[0], im.size[1], self.spec)
