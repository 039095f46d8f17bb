"""nstlib.optimization: 이미지를 학습되는 변수로 두고 손실을 줄이는 반복문.

무작위 가중치 VGG19 (seed 고정), 64 px 그림. 기대값은 손실의 정의(줄어들어야 함), 같은 seed 의 재현성,
두 실행 경로(eager / tf.function)의 일치, 단계 번호의 규칙처럼 코드의 출력과 무관하게 정해진 것입니다.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import tensorflow as tf

from conftest import LIGHT, assert_korean, smooth_image
from nstlib.errors import NSTError
from nstlib.losses import StyleTransferLoss
from nstlib.optimization import ADAM_EPSILON, Result, gradient_scale, optimize
from nstlib.losses import LOSS_NAMES
from nstlib.transfer import initial_image, style_transfer

pytestmark = pytest.mark.usefixtures("clean_env")


@pytest.fixture(scope="module")
def paper_layers_loss(random_extractor, content_64, style_64):
    """논문의 층 (conv4_2; conv1_1 … conv5_1), α/β = 1e-2."""
    return StyleTransferLoss.build(lambda layers: random_extractor(layers), content_64, [style_64],
                                   alpha=1.0, beta=100.0, tv_weight=1e-2)


def loss_at(loss_fn, image) -> float:
    return float(loss_fn(tf.constant(image))["total"])


def check_image(image, shape=(64, 64, 3)):
    assert isinstance(image, np.ndarray) and image.shape == shape and image.dtype == np.float32
    assert np.isfinite(image).all() and image.min() >= 0.0 and image.max() <= 1.0


# ------------------------------------------------------------------ Adam 의 ε 과 기울기의 단위

class Quadratic:
    """손실 Σ w·(x − t)²: 기울기 2w(x − t) 를 손으로 알 수 있는 손실 (신경망 없음)."""

    def __init__(self, target, weight, factor=1.0):
        self.target, self.weight, self.factor = tf.constant(target), tf.constant(weight), factor

    def __call__(self, image):
        total = self.factor * tf.reduce_sum(self.weight * tf.square(image - self.target))
        zero = tf.constant(0.0)
        return {"content": total, "style": zero, "tv": zero, "total": total}


def test_gradient_scale_is_the_rms_of_the_starting_gradient():
    rng = np.random.default_rng(0)
    x, t = rng.uniform(0, 1, (8, 6, 3)).astype(np.float32), rng.uniform(0, 1, (8, 6, 3)).astype(np.float32)
    weight = rng.uniform(0.5, 2, (8, 6, 3)).astype(np.float32)
    expected = np.sqrt(np.mean((2 * weight * (x - t)) ** 2))          # 손으로 미분한 기울기의 RMS
    assert float(gradient_scale(Quadratic(t, weight), x)) == pytest.approx(expected, rel=1e-5)
    # 이미 맞은 그림(기울기 0)에서는 1 (0 으로 나누지 않음)
    assert float(gradient_scale(Quadratic(t, weight), t)) == 1.0


def test_the_picture_does_not_depend_on_the_unit_of_the_loss():
    """손실에 1e-6 이나 1e6 을 곱해도 (신경망·그림 크기·α/β 가 바꾸는 것) 같은 그림: ε 이 단위 없는 값이라서."""
    rng = np.random.default_rng(1)
    x, t = rng.uniform(0, 1, (8, 6, 3)).astype(np.float32), rng.uniform(0, 1, (8, 6, 3)).astype(np.float32)
    weight = rng.uniform(0.5, 2, (8, 6, 3)).astype(np.float32)
    images = [optimize(Quadratic(t, weight, factor), x, steps=20, progress=False).image for factor in (1e-6, 1.0, 1e6)]
    np.testing.assert_allclose(images[0], images[1], atol=1e-5)
    np.testing.assert_allclose(images[2], images[1], atol=1e-5)


def test_pixels_with_small_gradients_move_little():
    """평평한 곳(기울기가 전형적인 값의 1/1000)의 픽셀은 거의 그대로: 무지개색 잡티가 생기지 않는 까닭.

    ε 이 아주 작은 Adam (예전 기본값 1e-8) 은 기울기의 크기와 상관없이 모든 픽셀을 학습률만큼 움직입니다."""
    x = np.full((8, 8, 3), 0.5, np.float32)
    t = np.full((8, 8, 3), 0.9, np.float32)
    weight = np.ones((8, 8, 3), np.float32)
    weight[:, 4:] = 1e-3                                     # 오른쪽 절반: 기울기가 1000 배 작음
    result = optimize(Quadratic(t, weight), x, steps=20, learning_rate=0.02, progress=False)
    moved = np.abs(result.image - x)
    assert moved[:, :4].mean() > 0.05                        # 기울기가 큰 곳은 움직이고
    assert moved[:, 4:].max() < 0.05 * moved[:, :4].mean()   # 작은 곳은 그 1/20 도 안 움직임
    assert ADAM_EPSILON > 0.01


# ------------------------------------------------------------------ 손실이 줄어든다

def test_optimisation_lowers_the_total_loss_from_noise(paper_layers_loss, content_64, style_64):
    start = initial_image("noise", content_64, style_64, seed=0)
    result = optimize(paper_layers_loss, start, steps=30, progress=False)
    assert isinstance(result, Result) and result.steps_done == 30 and not result.interrupted
    initial = loss_at(paper_layers_loss, start)
    assert result.history["total"][0] == pytest.approx(initial, rel=1e-4)   # 0단계의 손실 = 시작 이미지의 손실
    final = loss_at(paper_layers_loss, result.best_image)
    assert final < 0.5 * initial, (initial, final)
    assert loss_at(paper_layers_loss, result.image) < 0.5 * initial
    assert result.history["style"][-1] < 0.5 * result.history["style"][0]
    # best_image 는 기록된 손실(과 마지막 이미지의 손실) 중 가장 낮은 것
    assert final <= min(result.history["total"]) * (1 + 1e-4)
    check_image(result.image)
    check_image(result.best_image)


# ------------------------------------------------------------------ 두 경로, 재현성

def test_teaching_loop_and_fast_path_give_the_same_image(light_loss, content_64, style_64):
    start = initial_image("noise", content_64, style_64, seed=3)
    eager = optimize(light_loss, start, steps=8, compiled=False, progress=False)
    fast = optimize(light_loss, start, steps=8, compiled=True, progress=False)
    np.testing.assert_allclose(eager.image, fast.image, atol=1e-4)
    np.testing.assert_allclose(eager.best_image, fast.best_image, atol=1e-4)
    for name in LOSS_NAMES:
        np.testing.assert_allclose(eager.history[name], fast.history[name], rtol=1e-4, atol=1e-7)
    assert not np.allclose(eager.image, start, atol=1e-3)        # 실제로 바뀌었음


def test_same_seed_same_result_and_other_seed_other_result(random_extractor, content_64, style_64):
    def run(seed):
        return style_transfer(content_64, style_64, size=64, steps=3, init="noise", seed=seed, compiled=False,
                              weights="random", architecture="vgg19", progress=False, **LIGHT)

    a, b, c = run(0), run(0), run(1)
    np.testing.assert_array_equal(a.image, b.image)
    assert a.history == b.history
    assert np.abs(a.snapshots[0][1] - c.snapshots[0][1]).mean() > 0.1   # 다른 잡음에서 시작
    assert not np.allclose(a.image, c.image, atol=1e-2)
    assert a.settings.seed == 0 and c.settings.seed == 1


def test_starting_image_is_not_modified(light_loss, content_64):
    start = content_64.copy()
    optimize(light_loss, start, steps=2, compiled=False, progress=False)
    np.testing.assert_array_equal(start, content_64)


# ------------------------------------------------------------------ Ctrl-C

def test_keyboard_interrupt_returns_best_image_so_far(light_loss, content_64, style_64, notices):
    def stop_at_5(step, image, losses):
        if step == 5:
            raise KeyboardInterrupt

    start = initial_image("noise", content_64, style_64, seed=1)
    result = optimize(light_loss, start, steps=50, compiled=False, snapshot_every=1, callback=stop_at_5,
                      progress=False)
    assert result.interrupted and result.steps_done == 5
    assert_korean(result.stopped_reason)
    assert any(level == "warning" for level, _ in notices)
    assert all(len(result.history[name]) == 5 for name in LOSS_NAMES)
    check_image(result.best_image)
    images = dict(result.snapshots)
    assert sorted(images) == [0, 1, 2, 3, 4, 5]
    best = int(np.argmin(result.history["total"]))
    assert result.best_step == best
    np.testing.assert_array_equal(result.best_image, images[best])
    # 기록된 손실은 정말 그 단계 이미지의 손실
    for step in (0, best, 4):
        assert loss_at(light_loss, images[step]) == pytest.approx(result.history["total"][step], rel=1e-4)
    np.testing.assert_array_equal(result.image, images[5])


# ------------------------------------------------------------------ NaN

class NaNLoss:
    """진짜 손실을 감싸서, 지정한 호출(1부터 셈)에서 전체 손실에 NaN 을 곱합니다 (기울기도 NaN 이 됨).

    호출 수는 tf.Variable 에 세므로 eager 에서도 tf.function 안에서도 호출마다 셉니다. Adam 은 단계를 시작하기
    전에 시작 이미지의 기울기 크기를 한 번 잽니다 (`gradient_scale`): 그 호출은 0 번으로 셉니다.
    """

    def __init__(self, inner, first_bad: int, last_bad: int):
        self.inner, self.first_bad, self.last_bad = inner, first_bad, last_bad
        self.extractor = inner.extractor
        self.calls = tf.Variable(0, dtype=tf.int64, trainable=False)

    def __call__(self, image):
        out = dict(self.inner(image))
        n = self.calls.assign_add(1) - 1
        bad = tf.logical_and(n >= self.first_bad, n <= self.last_bad)
        out["total"] = out["total"] * tf.where(bad, tf.constant(math.nan), tf.constant(1.0))
        return out


@pytest.mark.parametrize("compiled", [False, True])
def test_one_nan_step_is_retried_with_a_smaller_learning_rate(light_loss, content_64, notices, compiled):
    loss_fn = NaNLoss(light_loss, first_bad=3, last_bad=3)
    result = optimize(loss_fn, content_64, steps=6, learning_rate=0.02, compiled=compiled, snapshot_every=1,
                      progress=False)
    assert int(loss_fn.calls.numpy()) >= 7                         # 6 단계 + 다시 한 번 (+ 마지막 확인)
    assert result.steps_done == 6 and not result.stopped_reason and not result.interrupted
    assert all(np.isfinite(result.history[name]).all() and len(result.history[name]) == 6 for name in LOSS_NAMES)
    check_image(result.image)
    check_image(result.best_image)
    assert all(np.isfinite(image).all() for _, image in result.snapshots)
    warnings = [text for level, text in notices if level == "warning" and "NaN" in text]
    assert len(warnings) == 1
    assert "학습률" in assert_korean(warnings[0]) and "0.01" in warnings[0]   # 0.02 의 반


def test_always_nan_stops_with_the_last_good_image(light_loss, content_64, notices):
    loss_fn = NaNLoss(light_loss, first_bad=3, last_bad=10**9)
    result = optimize(loss_fn, content_64, steps=20, compiled=False, snapshot_every=1, progress=False)
    assert result.steps_done == 2 and not result.interrupted
    assert "NaN" in assert_korean(result.stopped_reason)
    assert any(level == "error" for level, _ in notices)
    images = dict(result.snapshots)
    assert sorted(images) == [0, 1, 2]
    check_image(result.image)
    np.testing.assert_array_equal(result.image, images[2])           # 마지막으로 괜찮았던 이미지
    assert result.image.mean() > 0.1                                 # 검은 그림이 아님
    check_image(result.best_image)
    assert len(result.history["total"]) == 2


# ------------------------------------------------------------------ 스냅숏, 콜백, 기록

@pytest.mark.parametrize("steps,every,expected", [(6, 2, [0, 2, 4, 6]), (7, 3, [0, 3, 6, 7]), (3, 0, [0, 3])])
def test_snapshot_steps(light_loss, content_64, steps, every, expected):
    result = optimize(light_loss, content_64, steps=steps, compiled=False, snapshot_every=every, progress=False)
    assert [step for step, _ in result.snapshots] == expected
    assert result.steps_done == steps
    assert all(len(result.history[name]) == steps for name in LOSS_NAMES)
    np.testing.assert_array_equal(result.snapshots[0][1], content_64)
    np.testing.assert_array_equal(result.snapshots[-1][1], result.image)
    for _, image in result.snapshots:
        check_image(image)


def test_callback_every_n_steps(light_loss, content_64):
    calls = []

    def record(step, image, losses):
        calls.append((step, image.copy(), dict(losses)))

    result = optimize(light_loss, content_64, steps=7, compiled=True, snapshot_every=1, callback=record,
                      callback_every=3, progress=False)
    assert [step for step, _, _ in calls] == [3, 6]
    images = dict(result.snapshots)
    for step, image, losses in calls:
        np.testing.assert_array_equal(image, images[step])
        assert set(losses) == set(LOSS_NAMES) and all(isinstance(v, float) for v in losses.values())
        # 콜백이 받는 손실은 이 단계의 갱신에 쓴 손실 = 기록의 마지막 값
        assert losses["total"] == result.history["total"][step - 1]


def test_zero_steps_returns_the_start(light_loss, content_64):
    result = optimize(light_loss, content_64, steps=0, progress=False)
    assert result.steps_done == 0 and result.history["total"] == []
    np.testing.assert_array_equal(result.image, content_64)
    np.testing.assert_array_equal(result.best_image, content_64)


def test_progress_bar_runs_in_a_terminal(light_loss, content_64, capsys):
    optimize(light_loss, content_64, steps=2, compiled=False, progress=True)
    assert "2/2" in capsys.readouterr().err
