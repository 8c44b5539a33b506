"""OWL-ViT / OWLv2 -> bundle: the manifest's score formula reproduces transformers' pred_logits on tiny
random models, the graphs take any batch/length, bad folders fail with one line, and the committed
fixture bundles and their reference outputs reproduce."""
import json
import shutil

import numpy as np
import onnxruntime as ort
import pytest
import torch
from tokenizers import Tokenizer

from phraseground_models.bundle import REPO_ROOT, validate_bundle
from phraseground_models.clip_tokenizer import BOS, EOS, build_tiny_clip_tokenizer
from phraseground_models.errors import BundleError, UsageError, run_cli
from phraseground_models.owlvit_export import (
    BOX_TOL, LOGIT_TOL, export_bundle, load_model, main, manifest_logits, parity, query_batch, tiny_random_folder,
)
from phraseground_models.quantize import contrib_ops
from phraseground_models.query_fixtures import QueryBundleRunner, write_fixtures

FIXTURES = REPO_ROOT / "test" / "fixtures"


@pytest.fixture(scope="module", params=["owlvit", "owlv2"])
def exported(request, tmp_path_factory):
    kind = request.param
    root = tmp_path_factory.mktemp(kind)
    folder = tiny_random_folder(kind, root / "hf", seed=3)
    manifest = export_bundle(folder, root / "bundle", bundle_id=f"{kind}-test")
    model, _ = load_model(folder)
    return kind, folder, root / "bundle", manifest, model


def _session(path):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def test_bundle_is_valid_query_granularity_with_standard_ops(exported):
    kind, _, bundle, manifest, _ = exported
    assert validate_bundle(bundle)["id"] == f"{kind}-test"
    assert contrib_ops(bundle / "image_encoder.onnx") == [] and contrib_ops(bundle / "text_encoder.onnx") == []
    te, ie, sc = manifest["text_encoder"], manifest["image_encoder"], manifest["scoring"]
    assert te["granularity"] == "query" and te["query_template"] == "a photo of a {}" and te["max_tokens"] == 16
    assert (sc["normalize"], sc["scale"], sc["bias"]) == (False, 1.0, 0.0)
    assert set(ie["outputs"]) == {"region_embeds", "boxes", "logit_shift", "logit_scale"} | ({"objectness"} if kind == "owlv2" else set())
    if kind == "owlvit":
        assert ie["fit"] == "stretch"
    else:
        assert (ie["fit"], ie["pad_corner"], ie["pad_value"]) == ("pad_square", "top_left", [0.0, 0.0, 0.0])
    assert "Apache-2.0" in (bundle / "MODEL_CARD.md").read_text()


def test_formula_reproduces_transformers_pred_logits_on_new_inputs(exported):
    kind, folder, bundle, manifest, model = exported
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    rng = np.random.default_rng(7)
    for queries in (["cat"], ["a red circle", "two blue stars on the left", "x", "the large yellow square"]):
        ids, mask = query_batch(tok, queries, "a photo of a {}", 16, 0)
        pixels = rng.uniform(-1.8, 2.1, (1, 3, 96, 96)).astype(np.float32)
        d = parity(model, kind, bundle / "image_encoder.onnx", bundle / "text_encoder.onnx", pixels, ids, mask,
                   manifest["scoring"])
        assert d["logits"] <= LOGIT_TOL and d["boxes"] <= 1e-5 <= BOX_TOL, d
        if kind == "owlv2":
            assert d["objectness_rel"] <= 1e-5


def test_formula_is_not_trivially_satisfied(exported):
    """Dropping the per-region terms must break parity: the test above can fail."""
    kind, folder, bundle, manifest, model = exported
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    ids, mask = query_batch(tok, ["a red circle", "a blue star"], "a photo of a {}", 16, 0)
    pixels = np.random.default_rng(1).normal(0, 1, (1, 3, 96, 96)).astype(np.float32)
    names = list(manifest["image_encoder"]["outputs"])
    outs = dict(zip(names, _session(bundle / "image_encoder.onnx").run(names, {"pixels": pixels})))
    (q,) = _session(bundle / "text_encoder.onnx").run(None, {"input_ids": ids, "attention_mask": mask})
    with torch.no_grad():
        want = model(input_ids=torch.from_numpy(ids), pixel_values=torch.from_numpy(pixels),
                     attention_mask=torch.from_numpy(mask)).logits[0].numpy()
    assert np.abs(manifest_logits(outs, q, manifest["scoring"]) - want).max() <= LOGIT_TOL
    broken = {**outs, "logit_scale": np.ones_like(outs["logit_scale"])}
    assert np.abs(manifest_logits(broken, q, manifest["scoring"]) - want).max() > 100 * LOGIT_TOL


def test_text_encoder_takes_any_batch_and_length(exported):
    _, folder, bundle, _, _ = exported
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    s = _session(bundle / "text_encoder.onnx")
    queries = ["a", "red circle", "the very large and slightly rotated yellow square with a thin black outline"]
    ids, mask = query_batch(tok, queries, "a photo of a {}", 16, 0)
    assert ids.shape[1] == 16  # the long one is truncated, EOS kept last
    assert ids[2, -1] == tok.token_to_id(EOS)
    (batch,) = s.run(None, {"input_ids": ids, "attention_mask": mask})
    for i in range(len(queries)):
        n = int(mask[i].sum())
        (one,) = s.run(None, {"input_ids": ids[i : i + 1, :n], "attention_mask": mask[i : i + 1, :n]})
        np.testing.assert_allclose(one[0], batch[i], atol=1e-5)
    assert np.abs(batch[0] - batch[1]).max() > 1e-3  # different queries, different embeddings


def test_tiny_tokenizer_is_clip_style_and_deterministic():
    a, b = build_tiny_clip_tokenizer(), build_tiny_clip_tokenizer()
    assert a.to_str() == b.to_str()
    doc = json.loads(a.to_str())
    assert doc["model"]["type"] == "BPE" and doc["model"]["end_of_word_suffix"] == "</w>"
    v = a.get_vocab_size()
    assert (a.token_to_id(BOS), a.token_to_id(EOS)) == (v - 2, v - 1)  # OWL-ViT pools at argmax(input_ids)
    enc = a.encode("A photo of a RED circle!")
    assert enc.tokens == [BOS, "a</w>", "photo</w>", "of</w>", "a</w>", "red</w>", "circle</w>", "!</w>", EOS]
    assert 500 <= v <= 1000


def _run_cli_line(capsys, argv):
    with pytest.raises(SystemExit) as e:
        run_cli(main, argv)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return e.value.code, err[0]


def test_bad_model_folders_fail_with_one_line(tmp_path, capsys):
    code, line = _run_cli_line(capsys, ["--model", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert code == 2 and "is not a folder" in line
    bert = tmp_path / "bert"
    bert.mkdir()
    (bert / "config.json").write_text(json.dumps({"model_type": "bert"}))
    code, line = _run_cli_line(capsys, ["--model", str(bert), "--out", str(tmp_path / "o")])
    assert code == 2 and line == f"error: {bert} holds a 'bert' model, not OWL-ViT or OWLv2 (config.json model_type must be owlvit or owlv2)"
    owl = tmp_path / "owl"
    owl.mkdir()
    (owl / "config.json").write_text(json.dumps({"model_type": "owlvit"}))
    code, line = _run_cli_line(capsys, ["--model", str(owl), "--out", str(tmp_path / "o")])
    assert code == 3 and line.startswith(f"error: no tokenizer.json in {owl}")
    shutil.copy(FIXTURES / "tokenizer" / "tokenizer.json", owl / "tokenizer.json")  # BERT WordPiece
    code, line = _run_cli_line(capsys, ["--model", str(owl), "--out", str(tmp_path / "o")])
    assert code == 3 and "is a WordPiece tokenizer" in line and "CLIP's byte-level BPE" in line
    build_tiny_clip_tokenizer().save(str(owl / "tokenizer.json"))
    code, line = _run_cli_line(capsys, ["--model", str(owl), "--out", str(tmp_path / "o")])
    assert code == 3 and line.startswith(f"error: no weights (*.safetensors or *.bin) in {owl}")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("kind", ["owlvit", "owlv2"])
def test_committed_fixture_bundles_and_references_reproduce(kind, tmp_path):
    bundle = FIXTURES / f"{kind}-tiny"
    m = validate_bundle(bundle)
    assert sum(f["bytes"] for f in m["files"].values()) < 2_000_000
    ref_dir = FIXTURES / "query-parity" / f"{kind}-tiny"
    ref = json.loads((ref_dir / "cases.json").read_text())
    doc = write_fixtures(bundle, tmp_path / "ref")
    assert [c["best"] for c in doc["cases"]] == [c["best"] for c in ref["cases"]]
    for a, b in zip(doc["cases"], ref["cases"]):
        assert a["phrases"] == b["phrases"] and a["caption_ids"] == b["caption_ids"]
        got = np.fromfile(tmp_path / "ref" / a["logits"], "<f4")
        np.testing.assert_array_equal(got, np.fromfile(ref_dir / b["logits"], "<f4"))
    assert min(b["margin"] for c in ref["cases"] for b in c["best"]) > 1e-4  # argmax is robust to 1e-4 logit noise
    # The long phrase is truncated to max_tokens with EOS last.
    long = next(c for c in ref["cases"] if c["id"] == "long")["phrases"][0]["input_ids"]
    runner = QueryBundleRunner(bundle)
    assert len(long) == 16 and long[-1] == runner.tokenizer.token_to_id(EOS)


def test_committed_tiny_export_is_reproducible(tmp_path):
    """The fixture bundle's encoders are what `--tiny-random owlvit` writes today (deterministic export)."""
    main(["--tiny-random", "owlvit", "--out", str(tmp_path / "b")])
    for f in ("image_encoder.onnx", "text_encoder.onnx", "tokenizer.json"):
        assert (tmp_path / "b" / f).read_bytes() == (FIXTURES / "owlvit-tiny" / f).read_bytes(), f


def test_preprocessing_gap_to_transformers_is_small(tmp_path):
    """The documented difference (docs/owlvit.md): bilinear vs transformers' resizes, under 1 level on average."""
    from PIL import Image

    from phraseground_models.fixtures import builtin_cases
    from phraseground_models.owlvit_preprocess_gap import gap

    cases = {c.id: Image.open(c.image_path) for c in builtin_cases(tmp_path)}
    for kind in ("owlvit", "owlv2"):
        mx, mean, share = gap(kind, 96, cases["wide"])
        assert mean < 1.0 and share < 0.05, (kind, mx, mean, share)
        assert mx > 1.0  # a real difference, not a copy of transformers' own output
    # A square picture needs no padding: OWLv2's pipeline and ours agree within 1 level everywhere.
    assert gap("owlv2", 960, cases["square"])[0] < 1.0


def test_fixed_padding_in_the_folder_tokenizer_is_removed(tmp_path):
    """A saved tokenizer.json that pads to max_length (as processors may save it) still exports and
    ships unpadded, truncating at max_tokens."""
    folder = tiny_random_folder("owlvit", tmp_path / "hf", seed=5)
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_padding(pad_id=0, pad_token="!", length=16)
    tok.save(str(folder / "tokenizer.json"))
    m = export_bundle(folder, tmp_path / "b")
    assert m["_parity"]["logits"] <= LOGIT_TOL
    shipped = json.loads((tmp_path / "b" / "tokenizer.json").read_text())
    assert shipped["padding"] is None and shipped["truncation"]["max_length"] == 16
