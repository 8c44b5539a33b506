"""Training losses: per-(region, token) sigmoid focal loss (GLIP), box L1 + GIoU and objectness on
positive regions. Each term is normalised by the number of positives so batch content doesn't
change its scale."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from .box_ops import cxcywh_to_xyxy, elementwise_giou
from .config import TrainConfig


def sigmoid_focal(logits: Tensor, targets: Tensor, alpha: float, gamma: float) -> Tensor:
    """Elementwise focal loss (RetinaNet form)."""
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    a_t = alpha * targets + (1 - alpha) * (1 - targets)
    return a_t * ce * (1 - p_t) ** gamma


def grounding_loss(logits: Tensor, boxes: Tensor, objectness: Tensor, targets: Tensor, token_mask: Tensor,
                   region_obj: Tensor, obj_boxes: Tensor, cfg: TrainConfig) -> dict[str, Tensor]:
    """logits [B,R,L], boxes cxcywh [B,R,4], objectness [B,R], targets [B,R,L], token_mask [B,L],
    region_obj [B,R] (-1 = background), obj_boxes xyxy [B,M,4]."""
    align = sigmoid_focal(logits, targets, cfg.focal_alpha, cfg.focal_gamma) * token_mask[:, None, :]
    align = align.sum() / targets.sum().clamp(min=1)
    pos = region_obj >= 0  # [B,R]
    n_pos = pos.sum().clamp(min=1)
    obj = sigmoid_focal(objectness, pos.float(), cfg.focal_alpha, cfg.focal_gamma).sum() / n_pos
    if pos.any():
        b_idx, r_idx = pos.nonzero(as_tuple=True)
        pred = cxcywh_to_xyxy(boxes[b_idx, r_idx])  # [P,4]
        gt = obj_boxes[b_idx, region_obj[b_idx, r_idx]]
        l1 = (pred - gt).abs().sum(-1).mean()
        giou = (1 - elementwise_giou(pred, gt)).mean()
    else:
        l1 = giou = logits.sum() * 0
    total = cfg.w_align * align + cfg.w_l1 * l1 + cfg.w_giou * giou + cfg.w_obj * obj
    return {"loss": total, "align": align, "l1": l1, "giou": giou, "obj": obj}
