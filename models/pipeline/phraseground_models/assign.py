"""Fixed (region, object) assignment for training: no matcher, just geometry.

A region (grid cell) is positive for an object when its cell centre lies in the central
`center_frac` part of the object's box; the cell holding the box centre is always positive, so
tiny objects get one. A cell claimed by several objects goes to the smallest (it is the one
that would otherwise get no cell). GLIP-style token targets follow: a (region, token) pair is
positive when the region's object is one of the objects of the token's phrase.
"""
from __future__ import annotations

import torch
from torch import Tensor


def cell_centres(grid: int) -> Tensor:
    """[R,2] (x, y) in 0..1, row-major like the image encoder's regions."""
    t = (torch.arange(grid, dtype=torch.float32) + 0.5) / grid
    ys, xs = torch.meshgrid(t, t, indexing="ij")
    return torch.stack([xs.flatten(), ys.flatten()], -1)


def assign_regions(boxes: Tensor, valid: Tensor, grid: int, center_frac: float) -> Tensor:
    """boxes xyxy [B,M,4] (normalised), valid [B,M] bool -> region_obj [B,R] long, -1 = background."""
    c = cell_centres(grid).to(boxes.device)  # [R,2]
    ctr = (boxes[..., :2] + boxes[..., 2:]) / 2  # [B,M,2]
    half = (boxes[..., 2:] - boxes[..., :2]) * center_frac / 2
    inside = ((c[None, :, None] - ctr[:, None]).abs() <= half[:, None]).all(-1)  # [B,R,M]
    centre_cell = (ctr * grid).long().clamp(0, grid - 1)  # [B,M,2]
    centre_idx = centre_cell[..., 1] * grid + centre_cell[..., 0]  # [B,M]
    inside.scatter_(1, centre_idx[:, None, :], torch.ones_like(inside[:, :1, :]))
    inside &= valid[:, None, :]
    area = ((boxes[..., 2] - boxes[..., 0]) * (boxes[..., 3] - boxes[..., 1]))[:, None, :].expand_as(inside)
    area = torch.where(inside, area, torch.full_like(area, float("inf")))
    best = area.argmin(-1)  # [B,R]
    return torch.where(inside.any(-1), best, torch.full_like(best, -1))


def token_targets(region_obj: Tensor, token_obj: Tensor) -> Tensor:
    """region_obj [B,R], token_obj [B,L,M] bool -> targets [B,R,L] float (1 = region matches token)."""
    B, L, M = token_obj.shape
    obj_tok = torch.cat([token_obj.transpose(1, 2), torch.zeros(B, 1, L, dtype=torch.bool)], 1)  # [B,M+1,L]
    idx = torch.where(region_obj < 0, torch.full_like(region_obj, M), region_obj)  # background -> zero row
    return torch.gather(obj_tok, 1, idx[..., None].expand(-1, -1, L)).float()
