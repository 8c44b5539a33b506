"""Pure box maths (torch). Formats: cxcywh and xyxy, both normalised to the model input unless named _px."""
from __future__ import annotations

import torch
from torch import Tensor


def cxcywh_to_xyxy(b: Tensor) -> Tensor:
    cx, cy, w, h = b.unbind(-1)
    return torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], -1)


def xyxy_to_cxcywh(b: Tensor) -> Tensor:
    x1, y1, x2, y2 = b.unbind(-1)
    return torch.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], -1)


def area(b: Tensor) -> Tensor:
    return (b[..., 2] - b[..., 0]).clamp(min=0) * (b[..., 3] - b[..., 1]).clamp(min=0)


def pairwise_iou(a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    """xyxy [N,4] x [M,4] -> IoU [N,M] and union [N,M]."""
    lt = torch.max(a[:, None, :2], b[None, :, :2])  # [N,M,2]
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    union = area(a)[:, None] + area(b)[None, :] - inter
    return inter / union.clamp(min=1e-9), union


def elementwise_giou(a: Tensor, b: Tensor) -> Tensor:
    """Generalised IoU of matching rows, xyxy [N,4] x [N,4] -> [N]."""
    lt = torch.max(a[:, :2], b[:, :2])
    rb = torch.min(a[:, 2:], b[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    union = area(a) + area(b) - inter
    iou = inter / union.clamp(min=1e-9)
    hull = (torch.max(a[:, 2:], b[:, 2:]) - torch.min(a[:, :2], b[:, :2])).clamp(min=0).prod(-1)
    return iou - (hull - union) / hull.clamp(min=1e-9)


def nms(boxes: Tensor, scores: Tensor, iou: float) -> list[int]:
    """Greedy NMS as the doc says: score-descending, ties by lower index; returns kept indices."""
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))
    keep: list[int] = []
    for i in order:
        if all(pairwise_iou(boxes[i : i + 1], boxes[k : k + 1])[0][0, 0] <= iou for k in keep):
            keep.append(i)
    return keep
