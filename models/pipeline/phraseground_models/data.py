"""Pre-rendered training data: scenes rendered once, letterboxed to uint8, tokenised, with
per-token object targets. Training then only reads arrays (the 2 CPU cores go to the model).

Arrays of a SceneArrays (N scenes, M = MAX_OBJECTS, L = longest caption in tokens):
  images      uint8 [N,S,S,3]  model-input canvas (preprocess.fit_image), not yet normalised
  input_ids   int64 [N,L], attention_mask int64 [N,L]   (padded with 0)
  boxes       float32 [N,M,4]  xyxy normalised to the model input; valid [N,M] bool
  token_obj   bool [N,L,M]     token t names object m (non-special tokens inside a phrase span)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from .preprocess import PreprocessSpec, boxes_to_model, fit_image

MAX_OBJECTS = 8


@dataclass
class SceneArrays:
    images: np.ndarray
    input_ids: np.ndarray
    attention_mask: np.ndarray
    boxes: np.ndarray
    valid: np.ndarray
    token_obj: np.ndarray
    captions: list[str]

    def __len__(self) -> int:
        return len(self.captions)


def make_tokenizer(tokenizer_json: Path, max_tokens: int) -> Tokenizer:
    """The bundle's tokenizer behaviour: no fixed padding, truncation at max_tokens."""
    tok = Tokenizer.from_str(Path(tokenizer_json).read_text())
    tok.no_padding()
    tok.enable_truncation(max_tokens)
    return tok


def encode_scene(scene, spec: PreprocessSpec, tok: Tokenizer):
    """One generator Scene -> (canvas, ids, boxes [M,4], valid [M], token_obj [len(ids),M])."""
    canvas, fit = fit_image(scene.image, spec)
    w, h = scene.image.size
    n = len(scene.objects)
    if n > MAX_OBJECTS:
        raise ValueError(f"scene has {n} objects, more than MAX_OBJECTS={MAX_OBJECTS}")
    boxes = np.zeros((MAX_OBJECTS, 4), np.float32)
    valid = np.zeros(MAX_OBJECTS, bool)
    if n:
        boxes[:n] = boxes_to_model(np.array([o.box for o in scene.objects]), fit, w, h, spec)
        valid[:n] = True
    enc = tok.encode(scene.caption)
    token_obj = np.zeros((len(enc.ids), MAX_OBJECTS), bool)
    for ph in scene.phrases:
        s, e = ph.span
        for t, ((a, b), special) in enumerate(zip(enc.offsets, enc.special_tokens_mask)):
            if not special and a < e and b > s:
                token_obj[t, ph.object_ids] = True
    return canvas, np.array(enc.ids, np.int64), boxes, valid, token_obj, scene.caption


def _render_chunk(args) -> list:
    split, n, seed, spec, tokenizer_json, max_tokens = args
    from .scenes import generate  # the generator owns scene logic; imported in the worker

    tok = make_tokenizer(tokenizer_json, max_tokens)
    return [encode_scene(s, spec, tok) for s in generate(split, n, seed)]


def render(split: str, n: int, seed: int, spec: PreprocessSpec, tokenizer_json: Path, max_tokens: int,
           workers: int = 2, chunk: int = 500) -> SceneArrays:
    """Render n scenes of `split` in `workers` processes; chunk k uses seed (seed, k) so the result
    depends only on (split, n, seed, chunk)."""
    jobs = [(split, min(chunk, n - i), seed * 100_003 + k, spec, str(tokenizer_json), max_tokens)
            for k, i in enumerate(range(0, n, chunk))]
    if workers > 1:
        with get_context("fork").Pool(workers) as pool:
            parts = pool.map(_render_chunk, jobs)
    else:
        parts = [_render_chunk(j) for j in jobs]
    items = [it for p in parts for it in p]
    L = max(len(it[1]) for it in items)
    N = len(items)
    arr = SceneArrays(
        images=np.stack([it[0] for it in items]),
        input_ids=np.zeros((N, L), np.int64), attention_mask=np.zeros((N, L), np.int64),
        boxes=np.stack([it[2] for it in items]), valid=np.stack([it[3] for it in items]),
        token_obj=np.zeros((N, L, MAX_OBJECTS), bool), captions=[it[5] for it in items],
    )
    for i, it in enumerate(items):
        k = len(it[1])
        arr.input_ids[i, :k] = it[1]
        arr.attention_mask[i, :k] = 1
        arr.token_obj[i, :k] = it[4]
    return arr


def save(arr: SceneArrays, path: Path) -> None:
    np.savez(path, images=arr.images, input_ids=arr.input_ids, attention_mask=arr.attention_mask,
             boxes=arr.boxes, valid=arr.valid, token_obj=arr.token_obj, captions=json.dumps(arr.captions))


def load(path: Path) -> SceneArrays:
    z = np.load(path)
    return SceneArrays(z["images"], z["input_ids"], z["attention_mask"], z["boxes"], z["valid"], z["token_obj"],
                       json.loads(str(z["captions"])))
