"""The reference preprocessing: letterbox maths, rounding, normalisation, and box un-mapping."""
import numpy as np
import pytest
from PIL import Image

from phraseground_models.preprocess import (
    Fit, PreprocessSpec, boxes_to_image, boxes_to_model, compute_fit, fit_image, normalize, preprocess, round_half_up,
)

SPEC = PreprocessSpec(width=256, height=256, fit="letterbox", pad_value=(128, 128, 128), mean=(0.5,) * 3, std=(0.25,) * 3)


def test_round_half_up_is_not_bankers():
    assert [round_half_up(x) for x in (0.5, 1.5, 2.5, 2.4999, -0.5)] == [1, 2, 3, 2, 0]


@pytest.mark.parametrize("w,h,fit", [
    (320, 240, Fit(0, 32, 256, 192)),
    (200, 300, Fit(42, 0, 171, 256)),   # 200 * 256/300 = 170.67 -> 171; left = floor(85 / 2) = 42
    (97, 61, Fit(0, 47, 256, 161)),     # 61 * 256/97 = 160.99 -> 161
    (256, 256, Fit(0, 0, 256, 256)),
    (1000, 1, Fit(0, 127, 256, 1)),     # never 0 rows
])
def test_letterbox_geometry(w, h, fit):
    got = compute_fit(w, h, SPEC)
    assert (got.nw, got.nh) == (fit.nw, fit.nh)
    assert (got.left, got.top) == ((256 - fit.nw) // 2, (256 - fit.nh) // 2)


def test_stretch_and_top_left():
    assert compute_fit(320, 240, PreprocessSpec(256, 256, fit="stretch")) == Fit(0, 0, 256, 256)
    assert compute_fit(320, 240, PreprocessSpec(256, 256, pad_corner="top_left")) == Fit(0, 0, 256, 192)


def test_canvas_pads_with_pad_value_and_resizes_with_pil_bilinear():
    img = Image.fromarray(np.random.default_rng(0).integers(0, 256, (60, 100, 3), np.uint8))
    canvas, f = fit_image(img, SPEC)
    assert canvas.shape == (256, 256, 3) and canvas.dtype == np.uint8
    assert (canvas[: f.top] == 128).all() and (canvas[f.top + f.nh :] == 128).all()
    expect = np.asarray(img.resize((f.nw, f.nh), Image.BILINEAR))
    assert np.array_equal(canvas[f.top : f.top + f.nh, f.left : f.left + f.nw], expect)


def test_normalize_layout_and_values():
    canvas = np.zeros((256, 256, 3), np.uint8)
    canvas[0, 0] = (255, 0, 128)
    x = normalize(canvas, SPEC)
    assert x.shape == (3, 256, 256) and x.dtype == np.float32
    np.testing.assert_allclose(x[:, 0, 0], [(1 - 0.5) / 0.25, -2.0, (128 / 255 - 0.5) / 0.25], atol=1e-6)
    pixels, _ = preprocess(Image.fromarray(canvas), SPEC)
    assert pixels.shape == (1, 3, 256, 256)


def test_box_round_trip_and_clipping():
    f = compute_fit(640, 181, SPEC)
    px = np.array([[10.0, 20.0, 300.5, 180.0], [0.0, 0.0, 640.0, 181.0]])
    back = boxes_to_image(boxes_to_model(px, f, 640, 181, SPEC), f, 640, 181, SPEC)
    np.testing.assert_allclose(back, px, atol=1e-9)
    # a box reaching into the padding is clipped to the image
    outside = boxes_to_image(np.array([-0.1, 0.0, 1.2, 1.0]), f, 640, 181, SPEC)
    np.testing.assert_allclose(outside, [0, 0, 640, 181])
