"""Image encoder: a small CoordConv CNN, stride 8, one region per grid cell.

Contract: pixels float32 [B,3,S,S] -> region_embeds [B,R,D] (L2-normalised), boxes [B,R,4]
(cxcywh normalised to the model input), objectness [B,R] (logits); R = (S/8)^2, row-major cells.
Position words need absolute position, so x/y coordinate channels enter at the input and again
before the heads; relations ("left of") need context, so dilated blocks plus a pooled global feature.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import ImageConfig

STRIDE = 8


def coord_channels(x: Tensor) -> Tensor:
    """[B,C,H,W] -> [B,2,H,W]: x then y of each cell centre, -1..1 across the map.

    Built from the input's shape at run time (ones + cumsum) rather than stored: a stored
    256x256 map would be a 0.5 MB constant in the ONNX file."""
    row = torch.ones_like(x[:, :1, :1, :]).cumsum(-1)  # [B,1,1,W] = 1..W
    col = torch.ones_like(x[:, :1, :, :1]).cumsum(-2)  # [B,1,H,1] = 1..H
    xs = (row - 0.5) / row[..., -1:] * 2 - 1
    ys = (col - 0.5) / col[..., -1:, :] * 2 - 1
    return torch.cat([xs + ys * 0, ys + xs * 0], 1)


def conv_bn(cin: int, cout: int, stride: int = 1, dilation: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride, padding=dilation, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class ContextBlock(nn.Module):
    """Residual dilated 3x3 conv: widens the receptive field without shrinking the grid."""

    def __init__(self, c: int, dilation: int):
        super().__init__()
        self.conv = conv_bn(c, c, dilation=dilation)

    def forward(self, x: Tensor) -> Tensor:
        return x + self.conv(x)


class RegionAttention(nn.Module):
    """One transformer block over the stride-16 grid, residual and starting as the identity.

    1x1 convolutions instead of Linear keep the [B,C,H,W] layout (no transposes in the graph); the
    residual gains start at 0 (ReZero) so a warm start from a model without attention is unchanged,
    and no LayerNorm keeps the ONNX graph to MatMul/Softmax/Conv that every backend runs."""

    def __init__(self, c: int, heads: int):
        super().__init__()
        self.heads = heads
        self.pos = nn.Conv2d(2, c, 1)  # where each cell is: the relation words need it
        self.qkv = nn.Conv2d(c, 3 * c, 1)
        self.out = nn.Conv2d(c, c, 1)
        self.mlp = nn.Sequential(nn.Conv2d(c, 2 * c, 1), nn.ReLU(inplace=True), nn.Conv2d(2 * c, c, 1))
        self.gain = nn.Parameter(torch.zeros(2))

    def forward(self, y: Tensor) -> Tensor:
        c, h, w = y.shape[1], y.shape[2], y.shape[3]
        dh = c // self.heads
        q, k, v = (t.reshape(-1, self.heads, dh, h * w) for t in self.qkv(y + self.pos(coord_channels(y))).chunk(3, 1))
        att = torch.softmax(q.transpose(2, 3) @ k * dh ** -0.5, -1)  # [B,heads,N,N]
        o = (v @ att.transpose(2, 3)).reshape(-1, c, h, w)
        y = y + self.gain[0] * self.out(o)
        return y + self.gain[1] * self.mlp(y)


def upsample2(x: Tensor) -> Tensor:
    """Nearest x2 by expand + reshape (no Resize op in the graph)."""
    c, h, w = x.shape[1], x.shape[2], x.shape[3]
    return x[:, :, :, None, :, None].expand(-1, -1, -1, 2, -1, 2).reshape(-1, c, 2 * h, 2 * w)


class ImageEncoder(nn.Module):
    def __init__(self, c: ImageConfig, embed_dim: int):
        super().__init__()
        w1, w2, w3 = c.widths
        self.grid = c.size // STRIDE
        self.backbone = nn.Sequential(
            conv_bn(3 + 2, w1, stride=2),
            conv_bn(w1, w2, stride=2), conv_bn(w2, w2),
            conv_bn(w2, w3, stride=2), conv_bn(w3, w3),
            *(ContextBlock(w3, d) for d in c.dilations),
        )
        self.global_fc = nn.Linear(w3, w3)  # pooled scene summary added to every cell
        self.attn = nn.ModuleList(RegionAttention(w3, c.attn_heads) for _ in range(c.attn_layers))
        self.trunk = nn.Sequential(nn.Conv2d(w3 + 2, c.head_width, 1), nn.ReLU(inplace=True))
        self.embed = nn.Conv2d(c.head_width, embed_dim, 1)
        self.box = nn.Conv2d(c.head_width, 4, 1)
        self.obj = nn.Conv2d(c.head_width, 1, 1)
        nn.init.zeros_(self.box.weight)
        nn.init.constant_(self.box.bias, 0.0)
        nn.init.constant_(self.obj.bias, -4.6)

    def forward(self, pixels: Tensor) -> dict[str, Tensor]:
        x = self.backbone(torch.cat([pixels, coord_channels(pixels)], 1))  # [B,C,G,G]
        x = x + self.global_fc(x.mean((2, 3)))[:, :, None, None]
        if len(self.attn):
            y0 = F.avg_pool2d(x, 2)
            y = y0
            for block in self.attn:
                y = block(y)
            x = x + upsample2(y - y0)  # only what attention added, back at stride 8
        coords = coord_channels(x)  # [B,2,G,G]
        x = self.trunk(torch.cat([x, coords], 1))
        flat = lambda t: t.flatten(2).transpose(1, 2)  # [B,C,G,G] -> [B,R,C]
        embeds = F.normalize(flat(self.embed(x)), dim=-1)
        centres = (flat(coords) + 1) / 2  # [B,R,2] cell centres in 0..1
        return {"region_embeds": embeds, "boxes": self.decode_boxes(flat(self.box(x)), centres),
                "objectness": flat(self.obj(x)).squeeze(-1)}

    def decode_boxes(self, raw: Tensor, centres: Tensor) -> Tensor:
        """Raw [B,R,4] -> cxcywh in 0..1: centre = cell centre + offset in cells, size = sigmoid."""
        cxcy = centres + raw[..., :2] / self.grid
        wh = torch.sigmoid(raw[..., 2:] - 2.0)  # -2: start at ~0.12 of the input, a typical object
        return torch.cat([cxcy, wh], -1)
