"""The GLIP-style grounding model: two encoders and a dot-product alignment with learned scale/bias.

logit[b,r,t] = (e_r . q_t) * scale + bias_t + bias   (e, q L2-normalised; scale = exp(log_scale))
This is docs/model-bundle.md's score with shift_r = 0 and scale_r = 1; the manifest's `scoring`
carries scale and bias, the text encoder's `token_bias` output carries bias_t.
"""
from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from .config import ModelConfig
from .image_encoder import ImageEncoder
from .text_encoder import build_text_encoder


def alignment_logits(region_embeds: Tensor, token_embeds: Tensor, token_bias: Tensor,
                     scale: Tensor | float, bias: Tensor | float) -> Tensor:
    """[B,R,D] x [B,L,D] (+ [B,L]) -> logits [B,R,L]."""
    return (region_embeds @ token_embeds.transpose(1, 2)) * scale + token_bias[:, None, :] + bias


class GroundingModel(nn.Module):
    def __init__(self, c: ModelConfig):
        super().__init__()
        self.cfg = c
        self.image = ImageEncoder(c.image, c.embed_dim)
        self.text = build_text_encoder(c.text, c.embed_dim)
        self.log_scale = nn.Parameter(torch.tensor(math.log(c.init_scale)))
        self.bias = nn.Parameter(torch.tensor(c.init_bias))

    @property
    def scale(self) -> Tensor:
        return self.log_scale.exp()

    def logits(self, image_out: dict[str, Tensor], token_embeds: Tensor, token_bias: Tensor) -> Tensor:
        return alignment_logits(image_out["region_embeds"], token_embeds, token_bias, self.scale, self.bias)

    def forward(self, pixels: Tensor, input_ids: Tensor, attention_mask: Tensor) -> dict[str, Tensor]:
        out = self.image(pixels)
        q, qb = self.text(input_ids, attention_mask)
        return {**out, "logits": self.logits(out, q, qb)}


def param_count(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
