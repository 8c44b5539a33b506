"""Modulated-detection COCO files and the make_splits CLI."""
from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pycocotools.coco import COCO

from phraseground_models import modulated_coco
from phraseground_models.scenes import generate

PIPELINE = Path(__file__).resolve().parents[1]
REPO = PIPELINE.parents[1]


@pytest.fixture(scope="module")
def scenes():
    # positions + synonyms give plurals, position phrases and negatives in a small sample
    return list(generate("positions", 15, 1)) + list(generate("synonyms", 15, 1))


def test_round_trip_keeps_captions_spans_and_boxes(tmp_path, scenes):
    path = tmp_path / "annotations.json"
    modulated_coco.write(path, modulated_coco.build((f"images/{k}.png", s) for k, s in enumerate(scenes)))
    images = modulated_coco.grounding_images(modulated_coco.read(path))
    assert len(images) == len(scenes)
    for img, s in zip(images, scenes):
        assert (img.caption, img.width, img.height) == (s.caption, *s.image.size)
        want = [p for p in s.phrases if p.object_ids] + [p for p in s.phrases if not p.object_ids]
        assert [p.span for p in img.phrases] == [p.span for p in want]
        for got, p in zip(img.phrases, want):
            assert len(got.boxes) == len(p.object_ids)
            for box, i in zip(got.boxes, p.object_ids):
                assert box == pytest.approx(s.objects[i].box, abs=0.02)


def test_only_mentioned_objects_are_annotated_and_plurals_share_a_phrase_id(scenes):
    coco = modulated_coco.build((f"{k}.png", s) for k, s in enumerate(scenes))
    mentioned = sum(len(p.object_ids) for s in scenes for p in s.phrases)
    assert len(coco["annotations"]) == mentioned < sum(len(s.objects) for s in scenes)
    assert sum(len(img["negative_spans"]) for img in coco["images"]) == \
        sum(1 for s in scenes for p in s.phrases if not p.object_ids)
    first = coco["annotations"][0]
    assert set(first) == {"id", "image_id", "bbox", "area", "iscrowd", "category_id",
                          "tokens_positive", "phrase_ids"}
    assert [c["name"] for c in coco["categories"]][:3] == ["circle", "square", "triangle"]


def test_pycocotools_loads_the_file(tmp_path, scenes):
    path = tmp_path / "a.json"
    modulated_coco.write(path, modulated_coco.build((f"{k}.png", s) for k, s in enumerate(scenes)))
    with contextlib.redirect_stdout(io.StringIO()):
        api = COCO(str(path))
    assert len(api.getImgIds()) == len(scenes) and len(api.getCatIds()) == 8


def test_read_rejects_a_file_without_annotations(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"images": []}))
    with pytest.raises(ValueError, match="annotations"):
        modulated_coco.read(path)


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The documented invocation: from the repo root with PYTHONPATH=models/pipeline."""
    env = {**os.environ, "PYTHONPATH": "models/pipeline"}
    return subprocess.run([sys.executable, "-m", "phraseground_models.make_splits", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [("--n", "0"), ("--n", "abc"), ("--seed", "-1"),
                                  ("--splits", "test,bogus"), ("--frobnicate",)])
def test_cli_bad_options_exit_2_with_one_line(args, tmp_path):
    r = _cli("--out", str(tmp_path), *args)
    assert r.returncode == 2
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert not any(tmp_path.iterdir())


def test_cli_writes_images_and_annotations(tmp_path):
    r = _cli("--out", str(tmp_path), "--n", "3", "--splits", "test,positions")
    assert r.returncode == 0, r.stderr
    for split in ("test", "positions"):
        coco = modulated_coco.read(tmp_path / split / "annotations.json")
        assert len(coco["images"]) == 3
        for img in coco["images"]:
            with Image.open(tmp_path / split / img["file_name"]) as im:
                assert im.size == (img["width"], img["height"]) and im.mode == "RGB"


@pytest.mark.parametrize("split", ["val", "test", "novel_combos", "synonyms", "positions"])
def test_committed_splits_match_the_generator(split):
    """models/data was written by make_splits with the default seed; regenerate it if this fails."""
    from phraseground_models.make_splits import DEFAULT_SEED
    folder = REPO / "models" / "data" / split
    images = modulated_coco.grounding_images(modulated_coco.read(folder / "annotations.json"))
    assert len(images) == 300
    for k, (img, scene) in enumerate(zip(images, generate(split, 3, DEFAULT_SEED))):
        assert img.caption == scene.caption
        boxes = [b for p in img.phrases for b in p.boxes]
        assert len(boxes) == sum(len(p.object_ids) for p in scene.phrases)
        with Image.open(folder / img.file_name) as im:
            assert im.tobytes() == scene.image.tobytes(), f"{split}/{img.file_name} is stale"
