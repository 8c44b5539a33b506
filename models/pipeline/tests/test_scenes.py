"""The synthetic scene generator: determinism, spans, boxes, split rules, word truth."""
from __future__ import annotations

import re

import numpy as np
import pytest

from phraseground_models import shapes
from phraseground_models.scenes import SPLITS, Scene, generate, generate_layouts, make_scene
from phraseground_models.vocab import (COLORS, NOVEL_COMBOS, NUMBER_WORDS, RELATIONS, SHAPES,
                                       SYNONYMS, plural)

_WORD = re.compile(r"[a-z]+")
_SHAPE_NOUNS = {**{s: s for s in SHAPES}, **{plural(s): s for s in SHAPES},
                **{w: t for w, t in SYNONYMS.items() if t in SHAPES},
                **{plural(w): t for w, t in SYNONYMS.items() if t in SHAPES}}
_SYNONYM_WORDS = set(SYNONYMS) | {plural(w) for w in SYNONYMS}
_COLOR_WORDS = {**{c: c for c in COLORS}, **{w: t for w, t in SYNONYMS.items() if t in COLORS}}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def named_combo(text: str) -> tuple[str, str]:
    """(colour, shape) a phrase names, synonyms mapped to training words."""
    ws = words(text)
    colors = [_COLOR_WORDS[w] for w in ws if w in _COLOR_WORDS]
    nouns = [_SHAPE_NOUNS[w] for w in ws if w in _SHAPE_NOUNS]
    assert len(colors) == 1 and len(nouns) == 1, text
    return colors[0], nouns[0]


def phrase_text(scene: Scene, k: int) -> str:
    s, e = scene.phrases[k].span
    return scene.caption[s:e]


def combos(scene: Scene) -> set[tuple[str, str]]:
    return {(o.color, o.shape) for o in scene.objects}


def center(box):
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


@pytest.fixture(scope="module")
def train_sample() -> list[Scene]:
    # Rule checks need captions and layouts, not pixels (test below: they match generate()).
    return list(generate_layouts("train", 2000, 11))


@pytest.fixture(scope="module")
def split_samples() -> dict[str, list[Scene]]:
    return {split: list(generate(split, 100, 5)) for split in SPLITS}


def test_same_seed_same_scenes_other_seed_different():
    a, b, c = (list(generate("train", 6, seed)) for seed in (3, 3, 4))
    for x, y in zip(a, b):
        assert x.caption == y.caption
        assert np.array_equal(np.asarray(x.image), np.asarray(y.image))
        assert x.objects == y.objects and x.phrases == y.phrases
    assert [x.caption for x in a] != [z.caption for z in c]
    assert not np.array_equal(np.asarray(a[0].image), np.asarray(c[0].image))


def test_layouts_match_rendered_scenes():
    for drawn, layout_only in zip(generate("positions", 8, 2), generate_layouts("positions", 8, 2)):
        assert (drawn.caption, drawn.objects, drawn.phrases) == \
            (layout_only.caption, layout_only.objects, layout_only.phrases)
        assert drawn.image.size == layout_only.image.size


def test_splits_use_separate_streams_and_scene_k_does_not_depend_on_n():
    assert next(generate("val", 1, 0)).caption != next(generate("test", 1, 0)).caption
    assert list(generate("test", 5, 2))[-1].caption == list(generate("test", 9, 2))[4].caption


def test_unknown_split_is_rejected():
    with pytest.raises(ValueError, match="unknown split"):
        make_scene(np.random.default_rng(0), "nope")


def test_images_are_rgb_in_the_size_range(split_samples):
    for scenes in split_samples.values():
        for s in scenes:
            assert s.image.mode == "RGB"
            assert 240 <= s.image.width <= 640 and 240 <= s.image.height <= 640
            assert 1 <= len(s.objects) <= 6


def test_spans_cover_the_colour_and_shape_of_their_objects(split_samples):
    for scenes in split_samples.values():
        for s in scenes:
            for k, p in enumerate(s.phrases):
                text = phrase_text(s, k)
                assert text == text.strip() and text, s.caption
                color, shape = named_combo(text)
                for i in p.object_ids:
                    assert (s.objects[i].color, s.objects[i].shape) == (color, shape), (s.caption, text)


def test_spans_do_not_overlap_and_stay_in_the_caption(split_samples):
    for scenes in split_samples.values():
        for s in scenes:
            spans = sorted(p.span for p in s.phrases)
            assert all(0 <= a < b <= len(s.caption) for a, b in spans)
            assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_boxes_lie_inside_the_image(split_samples):
    for scenes in split_samples.values():
        for s in scenes:
            for o in s.objects:
                x0, y0, x1, y1 = o.box
                assert 0 <= x0 < x1 <= s.image.width and 0 <= y0 < y1 <= s.image.height


@pytest.mark.parametrize("shape", SHAPES)
def test_box_is_tight_around_the_drawn_pixels(shape):
    rng = np.random.default_rng(SHAPES.index(shape))
    for _ in range(5):
        canvas = np.full((200, 260, 3), 90, dtype=np.uint8)
        pts = shapes.place_polygon(shape, rng.uniform(80, 180), rng.uniform(70, 130),
                                   rng.uniform(12, 60), shapes.random_rotation(rng, shape))
        shapes.draw_polygon(canvas, pts, (230, 40, 40))
        changed = np.any(canvas != 90, axis=2)
        ys, xs = np.nonzero(changed)
        drawn = (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)  # pixel edges
        assert np.allclose(shapes.polygon_box(pts), drawn, atol=1.0), (shape, drawn)


def test_plural_phrases_name_every_object_of_their_combo(split_samples):
    seen_plural = 0
    for scenes in split_samples.values():
        for s in scenes:
            for k, p in enumerate(s.phrases):
                text = phrase_text(s, k)
                number = next((n for n, w in NUMBER_WORDS.items() if w in words(text)), 1)
                if p.object_ids:
                    assert len(p.object_ids) == number, (s.caption, text)
                if number > 1 and p.object_ids:
                    seen_plural += 1
                    combo = named_combo(text)
                    same = [i for i, o in enumerate(s.objects) if (o.color, o.shape) == combo]
                    assert sorted(p.object_ids) == same
    assert seen_plural > 20


def test_negative_phrases_name_absent_combos(split_samples, train_sample):
    near_misses = negatives = 0
    for s in [x for v in split_samples.values() for x in v] + train_sample[:500]:
        for k, p in enumerate(s.phrases):
            if not p.object_ids:
                negatives += 1
                color, shape = named_combo(phrase_text(s, k))
                assert (color, shape) not in combos(s), s.caption
                near_misses += any(o.shape == shape or o.color == color for o in s.objects)
    assert negatives > 100 and near_misses > 0.5 * negatives


def test_negative_rate_is_about_a_quarter(train_sample):
    rate = np.mean([any(not p.object_ids for p in s.phrases) for s in train_sample])
    assert 0.18 < rate < 0.32


def test_novel_combos_never_appear_in_train(train_sample):
    for s in train_sample:
        assert not combos(s) & set(NOVEL_COMBOS)
        for k in range(len(s.phrases)):
            assert named_combo(phrase_text(s, k)) not in NOVEL_COMBOS, s.caption


def test_synonyms_never_appear_in_train_captions(train_sample):
    for s in train_sample:
        assert not set(words(s.caption)) & _SYNONYM_WORDS, s.caption


def test_every_novel_combos_scene_names_a_present_novel_combo(split_samples):
    for s in split_samples["novel_combos"]:
        assert any(p.object_ids and named_combo(phrase_text(s, k)) in NOVEL_COMBOS
                   for k, p in enumerate(s.phrases)), s.caption


def test_every_synonyms_caption_uses_a_synonym_in_a_present_phrase(split_samples):
    for s in split_samples["synonyms"]:
        assert any(p.object_ids and set(words(phrase_text(s, k))) & _SYNONYM_WORDS
                   for k, p in enumerate(s.phrases)), s.caption


def _position_phrases(s: Scene):
    for k, p in enumerate(s.phrases):
        ws = set(words(phrase_text(s, k)))
        for word in ("left", "right", "top", "bottom", "middle"):
            if word in ws and p.object_ids:
                yield p, word


def test_position_words_are_clearly_true(split_samples, train_sample):
    checked = 0
    for s in split_samples["positions"] + train_sample[:500]:
        for p, word in _position_phrases(s):
            checked += 1
            (target,) = p.object_ids
            t = s.objects[target]
            others = [o for i, o in enumerate(s.objects)
                      if i != target and (o.color, o.shape) == (t.color, t.shape)]
            assert others, s.caption  # a position word only where look-alikes exist
            tx, ty = center(t.box)
            xs = [center(o.box)[0] for o in others]
            ys = [center(o.box)[1] for o in others]
            mx, my = 0.1 * s.image.width, 0.1 * s.image.height
            ok = {"left": all(tx + mx < x for x in xs), "right": all(tx - mx > x for x in xs),
                  "top": all(ty + my < y for y in ys), "bottom": all(ty - my > y for y in ys),
                  "middle": min(xs) + mx < tx < max(xs) - mx}[word]
            assert ok, (s.caption, word)
    assert checked > 100


def test_positions_split_always_and_train_sometimes_has_a_position_phrase(split_samples, train_sample):
    assert all(any(True for _ in _position_phrases(s)) for s in split_samples["positions"])
    rate = np.mean([any(True for _ in _position_phrases(s)) for s in train_sample])
    assert 0.12 < rate < 0.28


def test_relation_words_are_true_of_the_layout(train_sample):
    checked = 0
    for s in train_sample[:800]:
        phrases = sorted(s.phrases, key=lambda p: p.span)
        for a, b in zip(phrases, phrases[1:]):
            between = s.caption[a.span[1]:b.span[0]].strip()
            if between not in RELATIONS:
                continue
            checked += 1
            assert a.object_ids and b.object_ids, s.caption
            for i in a.object_ids:
                for j in b.object_ids:
                    (ax, ay), (bx, by) = center(s.objects[i].box), center(s.objects[j].box)
                    ok = {"above": ay < by, "below": ay > by, "to the left of": ax < bx,
                          "to the right of": ax > bx, "next to": abs(ay - by) < abs(ax - bx)}[between]
                    assert ok, (s.caption, between)
    assert checked > 50
