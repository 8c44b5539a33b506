"""Count multiply-add FLOPs of an ONNX graph (Conv, MatMul, Gemm, MatMulInteger; 1 MAC = 2 FLOPs).

Elementwise ops, norms and softmax are left out: they are a few percent here. Shapes come from
onnx shape inference, so the graph needs static shapes or `dims` for its dynamic axes.

    .venv/bin/python -m phraseground_models.flops models/default/image_encoder.onnx
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference


def _shapes(model: onnx.ModelProto, dims: dict[str, int]) -> dict[str, list[int]]:
    for inp in model.graph.input:
        for d in inp.type.tensor_type.shape.dim:
            if d.dim_param:
                d.dim_value = dims[d.dim_param]
    inferred = shape_inference.infer_shapes(model)
    g = inferred.graph
    shapes = {i.name: [d.dim_value for d in i.type.tensor_type.shape.dim]
              for i in [*g.input, *g.output, *g.value_info]}
    shapes.update({t.name: list(t.dims) for t in g.initializer})
    return shapes


def count_flops(path: Path, dims: dict[str, int] | None = None) -> int:
    model = onnx.load(str(path))
    s = _shapes(model, dims or {})
    total = 0
    for n in model.graph.node:
        if n.op_type == "Conv":
            w = s[n.input[1]]  # [Cout, Cin/groups, kh, kw]
            out = s[n.output[0]]  # [B, Cout, H, W]
            total += 2 * int(np.prod(out)) * int(np.prod(w[1:]))
        elif n.op_type in ("MatMul", "MatMulInteger"):
            a, out = s[n.input[0]], s[n.output[0]]
            total += 2 * int(np.prod(out)) * a[-1]
        elif n.op_type == "Gemm":
            a, out = s[n.input[0]], s[n.output[0]]
            total += 2 * int(np.prod(out)) * a[-1]
    return total


def bert_flops(hidden: int, layers: int, intermediate: int, tokens: int, embed_dim: int) -> int:
    """Multiply-add FLOPs of the text encoder for one caption of `tokens` tokens, counted from its
    shapes (ONNX shape inference cannot follow the dynamic reshapes of the attention): per layer
    Q/K/V/output projections, QK^T and attention x V, the two feed-forward matmuls; then the head."""
    per_layer = 4 * hidden * hidden * tokens + 2 * tokens * tokens * hidden + 2 * hidden * intermediate * tokens
    head = (hidden * hidden + hidden * embed_dim + hidden) * tokens
    return 2 * (layers * per_layer + head)


def param_count(path: Path) -> int:
    return sum(int(np.prod(t.dims)) for t in onnx.load(str(path)).graph.initializer)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(f"{p}: {count_flops(Path(p), {'batch': 1, 'tokens': 16}) / 1e6:.1f} MFLOPs, {param_count(Path(p))} params")
