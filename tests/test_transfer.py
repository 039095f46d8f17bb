"""nstlib.transfer: 그림을 읽고, 시작 이미지를 만들고, 손실을 만들어 최적화하는 `style_transfer` 와 그 둘레.

무작위 가중치 VGG19 (seed 고정), 64 px 그림. 기대값은 주어진 그림 그대로(시작 이미지), 설정의 범위, 결과의 모양처럼
코드의 출력과 무관하게 정해진 것입니다. 작은 크기부터, 메모리 부족, 이어 하기는 test_speed_options.py 와
test_checkpoints.py 에 있습니다.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import LIGHT, assert_korean, smooth_image
from nstlib.errors import NSTError
from nstlib.optimization import Result
from nstlib.settings import DEFAULTS
from nstlib.transfer import initial_image, resize_to, style_transfer

pytestmark = pytest.mark.usefixtures("clean_env")


def check_image(image, shape=(64, 64, 3)):
    assert isinstance(image, np.ndarray) and image.shape == shape and image.dtype == np.float32
    assert np.isfinite(image).all() and image.min() >= 0.0 and image.max() <= 1.0


# ------------------------------------------------------------------ 시작 이미지, 여러 스타일

def run(content, style, **kwargs):
    options = dict(size=64, steps=0, weights="random", architecture="vgg19", compiled=False, progress=False,
                   **LIGHT)
    options.update(kwargs)
    return style_transfer(content, style, **options)


def test_init_content_style_and_array(content_64, style_64):
    np.testing.assert_array_equal(run(content_64, style_64, init="content").snapshots[0][1], content_64)
    np.testing.assert_allclose(run(content_64, style_64, init="style").snapshots[0][1], style_64, atol=1e-5)
    # 크기가 다른 단색 스타일 이미지: 콘텐츠 크기로 맞춘 같은 색
    flat = np.full((48, 40, 3), (0.2, 0.5, 0.8), np.float32)
    start = run(content_64, flat, init="style").snapshots[0][1]
    assert start.shape == (64, 64, 3)
    np.testing.assert_allclose(start, np.broadcast_to(flat[0, 0], start.shape), atol=1e-5)
    given = np.random.default_rng(5).uniform(0, 1, (64, 64, 3)).astype(np.float32)
    np.testing.assert_array_equal(run(content_64, style_64, init=given).snapshots[0][1], given)
    bigger = run(content_64, style_64, init=np.full((100, 120, 3), 0.4, np.float32)).snapshots[0][1]
    np.testing.assert_allclose(bigger, 0.4, atol=1e-5)


def test_several_style_images_with_blend(content_64, style_64, style2_64):
    result = run(content_64, [style_64, style2_64], style_blend=(0.25, 0.75), steps=3)
    assert result.steps_done == 3
    check_image(result.image)
    with pytest.raises(NSTError) as excinfo:
        run(content_64, [style_64, style2_64], style_blend=(1.0,))
    assert_korean(excinfo.value)


def test_nan_in_a_start_image_array_is_refused_or_repaired(content_64, style_64):
    """배열로 준 시작 이미지에 NaN 이 있으면: 한국어 NSTError 이거나, 끝까지 유한한 그림이어야 합니다
    (지금은 모든 단계의 손실이 NaN 이 되어 NaN 이 든 그림을 돌려줌)."""
    start = content_64.copy()
    start[3, 3, 1] = np.nan
    try:
        result = run(content_64, style_64, init=start, steps=2)
    except NSTError as error:
        assert_korean(error)
        return
    assert result.steps_done == 2 and not result.stopped_reason, result.stopped_reason
    check_image(result.image)
    check_image(result.best_image)


@pytest.mark.parametrize("kwargs", [
    {"steps": -1}, {"steps": "many"}, {"learning_rate": 1e9}, {"learning_rate": 0.0},
    {"learning_rate": float("nan")}, {"init": "banana"}, {"init": np.zeros((64, 64))},
    {"alpha": 0.0, "beta": 0.0}, {"alpha": -1.0}, {"size": 8}, {"tv_weight": -0.1},
])
def test_bad_settings_raise_korean_error(content_64, style_64, kwargs):
    with pytest.raises(NSTError) as excinfo:
        run(content_64, style_64, **kwargs)
    assert_korean(excinfo.value)


# ------------------------------------------------------------------ 처음부터 끝까지

def test_style_transfer_end_to_end_with_arrays(content_64, style_64):
    content, style = content_64.copy(), style_64.copy()
    result = style_transfer(content, style, size=64, steps=6, weights="random", architecture="vgg19",
                            snapshot_every=3, progress=False)
    assert result.steps_done == 6 and [s for s, _ in result.snapshots] == [0, 3, 6]
    check_image(result.image)
    check_image(result.best_image)
    # 기본 init 은 콘텐츠 사진을 스타일 그림의 색으로 칠한 것
    np.testing.assert_allclose(result.snapshots[0][1], initial_image("matched", content_64, style_64), atol=1e-6)
    np.testing.assert_array_equal(content, content_64)                   # 입력은 그대로
    assert "무작위" in result.network and "평균" in result.network
    assert result.settings.weights == "random" and result.settings.size == 64
    assert result.settings.alpha / result.settings.beta == pytest.approx(DEFAULTS.ratio)
    assert result.history["total"][-1] < result.history["total"][0]
    assert_korean(result.summary())
    # 긴 변이 size 보다 크면 줄임
    wide = smooth_image(64, 96, seed=9)
    small = style_transfer(wide, style, size=48, steps=1, weights="random", architecture="vgg19",
                           progress=False, **LIGHT)
    assert small.image.shape == (32, 48, 3)


def test_reconstruct_starts_from_noise_unless_told_and_refuses_no_layers():
    rng = np.random.default_rng(3)
    image = rng.uniform(size=(48, 64, 3)).astype(np.float32)
    from nstlib.transfer import reconstruct

    noise = reconstruct(image, style_layers=["conv1_1"], size=64, steps=2, weights="random", progress=False)
    assert not np.allclose(noise.snapshots[0][1], image)          # 백색 잡음에서 시작
    assert noise.settings.optimizer == "lbfgs"                  # 논문처럼 L-BFGS (잡음이 남지 않음)
    kept = reconstruct(image, content_layers=["conv1_2"], size=64, steps=2, weights="random", progress=False,
                       init="content")
    np.testing.assert_array_equal(kept.snapshots[0][1], image)
    with pytest.raises(NSTError):
        reconstruct(image, size=64, steps=2, weights="random")


def test_noise_start_at_a_smaller_size_is_the_full_size_noise_shrunk(content_64, style_64, monkeypatch):
    """작은 크기부터 그릴 때(coarse_to_fine) 잡음 시작은 큰 크기의 잡음을 줄인 것: 새로 뽑은 잡음보다 훨씬 고름."""
    from nstlib import transfer

    starts, real = [], transfer.optimize

    def spy(loss_fn, init, *args, **kwargs):
        starts.append(np.asarray(init))
        return real(loss_fn, init, *args, **kwargs)

    monkeypatch.setattr(transfer, "optimize", spy)
    run(content_64, style_64, init="noise", coarse_to_fine=1, steps=1, seed=3)
    first = starts[0]
    assert first.shape == (32, 32, 3)
    expected = resize_to(initial_image("noise", content_64, seed=3), (32, 32))
    np.testing.assert_allclose(first, expected, atol=1e-6)
    fresh = initial_image("noise", np.zeros((32, 32, 3), np.float32), seed=3)
    assert first.std() < 0.7 * fresh.std()
