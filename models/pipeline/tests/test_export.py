"""Export parity: PyTorch vs onnxruntime on the random tiny config, dynamic text shapes, standard ops
only, and the committed parity fixtures reproduce from the committed fixture bundle."""
import json

import numpy as np
import onnxruntime as ort
import pytest
import torch

from phraseground_models.bundle import REPO_ROOT, validate_bundle
from phraseground_models.export import (
    PARITY_TOL, TEXT_FLOAT_FILE, export_bundle, fold_batchnorm, parity_diff, random_tiny_model,
)
from phraseground_models.onnx_runner import BundleRunner
from phraseground_models.quantize import contrib_ops

PARITY = REPO_ROOT / "test" / "fixtures" / "parity"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    model = random_tiny_model(seed=1)
    export_bundle(model, out, bundle_id="t", name="t", description="test",
                  scoring={"threshold": 0.5, "nms_iou": 0.5}, float_text_dir=out)
    return model, out


def test_bundle_is_valid_and_uses_standard_ops(exported):
    _, out = exported
    validate_bundle(out)
    for f in ("image_encoder.onnx", "text_encoder.onnx"):
        assert contrib_ops(out / f) == []


def test_batchnorm_folding_keeps_outputs(exported):
    model, _ = exported
    x = torch.randn(1, 3, 256, 256)
    with torch.no_grad():
        a, b = model.image(x), fold_batchnorm(model.image)(x)
    assert float((a["region_embeds"] - b["region_embeds"]).abs().max()) < 1e-5


def test_torch_vs_onnxruntime_logits_within_tolerance(exported):
    model, out = exported
    pixels = np.random.default_rng(3).normal(0, 1, (1, 3, 256, 256)).astype(np.float32)
    ids = np.array([[101, 2048, 2630, 3340, 1998, 1037, 2417, 4418, 102]], np.int64)
    diff = parity_diff(model, out / "image_encoder.onnx", out / TEXT_FLOAT_FILE, pixels, ids, np.ones_like(ids))
    assert diff <= PARITY_TOL


def test_text_encoder_has_dynamic_batch_and_length(exported):
    model, out = exported
    sess = ort.InferenceSession(str(out / TEXT_FLOAT_FILE), providers=["CPUExecutionProvider"])
    ids = np.array([[101, 2048, 2630, 3340, 1998, 1037, 2417, 4418, 2006, 102],
                    [101, 1037, 2417, 4418, 102, 0, 0, 0, 0, 0]], np.int64)
    mask = (ids != 0).astype(np.int64)
    q, qb = sess.run(None, {"input_ids": ids, "attention_mask": mask})
    with torch.no_grad():
        tq, tqb = model.text(torch.from_numpy(ids), torch.from_numpy(mask))
    assert q.shape == (2, 10, 32) and qb.shape == (2, 10)
    np.testing.assert_allclose(q, tq.numpy(), atol=1e-5)
    np.testing.assert_allclose(qb, tqb.numpy(), atol=1e-5)


@pytest.mark.parametrize("name", sorted(p.name for p in PARITY.iterdir() if (p / "cases.json").is_file()))
def test_committed_fixtures_reproduce_from_their_bundle(name):
    doc = json.loads((PARITY / name / "cases.json").read_text())
    runner = BundleRunner(REPO_ROOT / doc["bundle"])
    from PIL import Image

    for case in doc["cases"]:
        im = runner.encode_image(Image.open(PARITY / name / case["image"]))
        tx = runner.encode_text(case["caption"])
        assert tx.input_ids.tolist() == case["input_ids"]
        want = np.fromfile(PARITY / name / case["logits"], "<f4").reshape(case["logits_shape"])
        np.testing.assert_allclose(runner.logits(im, tx), want, atol=doc["tolerance"]["logits"])
        if "pixels" in case:
            px = np.fromfile(PARITY / name / case["pixels"], "<f4").reshape(im.pixels.shape)
            np.testing.assert_array_equal(im.pixels, px)
