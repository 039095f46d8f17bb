"""빨리 그리는 선택들: L-BFGS, 작은 크기부터(coarse-to-fine), float16 계산(mixed), XLA, 장치에 맞춘 기본값.

시간은 재지 않습니다(benchmarks/ 가 잼). 여기서는 각 선택이 올바른 문제를 푸는지를 봅니다: 손실이 줄고,
픽셀이 [0, 1] 안에 있고, 크기와 단계 번호가 약속대로이고, GPU 가 없을 때 조용히 바꾸지 않고 말하는지.
"""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from conftest import LIGHT, assert_korean
from nstlib.device import DeviceInfo
from nstlib.losses import StyleTransferLoss
from nstlib.network import feature_extractor
from nstlib.settings import DEFAULTS, GPU_DEFAULTS, device_defaults
from nstlib.transfer import initial_image, level_sizes, style_transfer
from nstlib.optimization import make_optimizer, make_step, optimize

pytestmark = pytest.mark.usefixtures("clean_env")



def loss_at(loss_fn, image) -> float:
    return float(loss_fn(tf.constant(image))["total"])


# ------------------------------------------------------------------ L-BFGS

def test_lbfgs_goes_lower_than_adam_in_the_same_number_of_steps(light_loss, content_64, style_64):
    start = initial_image("noise", content_64, style_64, seed=0)
    adam = optimize(light_loss, start, steps=15, progress=False)
    lbfgs = optimize(light_loss, start, steps=15, progress=False, optimizer="lbfgs")
    assert lbfgs.steps_done == 15 and len(lbfgs.history["total"]) == 15
    assert loss_at(light_loss, lbfgs.best_image) < loss_at(light_loss, adam.best_image)
    # 픽셀은 자르지(clip) 않아도 [0, 1] 안 (L-BFGS-B 의 범위 조건)
    assert lbfgs.image.min() >= 0.0 and lbfgs.image.max() <= 1.0 and lbfgs.image.dtype == np.float32
    # 기록된 손실 = 그 단계를 마친 이미지의 손실; best 는 가장 낮은 것
    assert loss_at(light_loss, lbfgs.image) == pytest.approx(lbfgs.history["total"][-1], rel=1e-4)
    assert loss_at(light_loss, lbfgs.best_image) == pytest.approx(min(lbfgs.history["total"]), rel=1e-4)


def test_lbfgs_stops_with_a_valid_image_when_the_loss_becomes_nan(light_loss, content_64, notices):
    class NaNAfter:
        def __init__(self, inner, calls):
            self.inner, self.calls, self.extractor = inner, calls, inner.extractor

        def __call__(self, image):
            self.calls -= 1
            out = dict(self.inner(image))
            if self.calls < 0:
                out["total"] = out["total"] * math.nan
            return out

    result = optimize(NaNAfter(light_loss, 4), content_64, steps=20, compiled=False, optimizer="lbfgs",
                      progress=False)
    assert result.steps_done < 20 and assert_korean(result.stopped_reason)
    assert np.isfinite(result.best_image).all() and 0 <= result.best_image.min() <= result.best_image.max() <= 1
    assert any(level == "error" for level, _ in notices)


def test_lbfgs_interrupt_returns_the_best_image(light_loss, content_64):
    def stop(step, image, losses):
        if step == 3:
            raise KeyboardInterrupt

    result = optimize(light_loss, content_64, steps=20, optimizer="lbfgs", callback=stop, progress=False)
    assert result.interrupted and result.steps_done == 3
    assert loss_at(light_loss, result.best_image) == pytest.approx(min(result.history["total"]), rel=1e-4)


# ------------------------------------------------------------------ 작은 크기부터

@pytest.mark.parametrize("size, levels, expected", [
    (512, 2, [128, 256, 512]), (256, 0, [256]), (64, 3, [32, 64]), (100, 1, [50, 100]),
])
def test_level_sizes_halve_down_to_the_minimum(size, levels, expected):
    assert level_sizes(size, levels) == expected


def test_coarse_to_fine_draws_small_first_then_full_size(content_64, style_64):
    shapes = []
    result = style_transfer(content_64, style_64, size=64, steps=6, coarse_to_fine=1, weights="random",
                            architecture="vgg19", snapshot_every=2, progress=False, beta=10.0,
                            callback=lambda step, image, losses: shapes.append((step, image.shape[:2])), **LIGHT)
    # 32 px 에서 steps//2 = 3 단계, 그다음 64 px 에서 6 단계; 단계 번호는 이어짐
    assert shapes == [(1, (32, 32)), (2, (32, 32)), (3, (32, 32))] + [(s, (64, 64)) for s in range(1, 7)]
    assert result.steps_done == 9 and len(result.history["total"]) == 9
    assert result.image.shape == (64, 64, 3)
    assert all(image.shape == (64, 64, 3) for _, image in result.snapshots)   # GIF 를 만들 수 있게 한 크기로
    steps = [step for step, _ in result.snapshots]
    assert steps == sorted(set(steps)) and steps[0] == 0 and steps[-1] == 9


def test_paper_mode_keeps_the_content_style_balance_at_the_small_level(content_64, style_64, monkeypatch):
    """논문식 콘텐츠 손실은 픽셀 수에 비례: 32 px 단계의 α 는 (64/32)² = 4 배여야 균형이 같음."""
    from nstlib.losses import StyleTransferLoss

    alphas = []
    build = StyleTransferLoss.build

    def spy(*args, **kwargs):
        loss = build(*args, **kwargs)
        alphas.append(loss.alpha)
        return loss

    monkeypatch.setattr(StyleTransferLoss, "build", spy)
    style_transfer(content_64, style_64, size=64, steps=2, coarse_to_fine=1, mode="paper", alpha=2.0, beta=1.0,
                   weights="random", architecture="vgg19", progress=False, **LIGHT)
    assert alphas == [pytest.approx(8.0), pytest.approx(2.0)]


# ------------------------------------------------------------------ float16 (mixed), bfloat16, XLA

@pytest.mark.parametrize("precision, named", [("mixed", "float16 계산(mixed)"), ("bfloat16", "bfloat16 계산")])
def test_low_precision_features_match_float32_and_stay_float32(image_32, precision, named):
    layers = ["conv1_1", "conv2_2"]
    plain = feature_extractor(layers, "vgg19", "random")
    low = feature_extractor(layers, "vgg19", "random", precision=precision)
    assert plain.loss_scale == 1 and (low.loss_scale > 1) == (precision == "mixed")   # bfloat16 은 float32 의 지수
    assert named in low.description and named not in plain.description                # 화면에 무엇으로 계산하는지
    a, b = plain(image_32), low(image_32)
    for layer in layers:
        assert b[layer].dtype == tf.float32
        relative = np.abs(a[layer].numpy() - b[layer].numpy()).max() / np.abs(a[layer].numpy()).max()
        assert 0 < relative < 3e-2, (layer, relative)     # 0 이면 정밀도를 실제로 바꾸지 않은 것


@pytest.mark.parametrize("precision", ["mixed", "bfloat16"])
def test_low_precision_layers_are_made_once_and_shared_by_every_extractor(precision):
    """새 16비트 층을 실행마다 만들면 style_transfer 를 부를 때마다 메모리가 약 45 MB 씩 늘었음 (잰 값)."""
    def conv_layers(extractor):
        return [layer for layer in extractor.model.layers if isinstance(layer, keras.layers.Conv2D)]

    first = conv_layers(feature_extractor(["conv2_1"], "vgg19", "random", precision=precision))
    second = conv_layers(feature_extractor(["conv2_1"], "vgg19", "random", precision=precision))
    assert len(first) == 3 and all(a is b for a, b in zip(first, second))
    assert all(layer.dtype_policy.compute_dtype != "float32" for layer in first)
    plain = conv_layers(feature_extractor(["conv2_1"], "vgg19", "random"))
    assert all(a is not b for a, b in zip(first, plain))       # float32 은 원래 층 그대로


@pytest.mark.parametrize("precision", ["mixed", "bfloat16"])
def test_low_precision_gradient_is_finite_and_close_to_float32(content_64, style_64, precision):
    def gradient(precision):
        loss = StyleTransferLoss.build(lambda l: feature_extractor(l, "vgg19", "random", precision=precision),
                                       content_64, [style_64], alpha=1.0, beta=100.0, **LIGHT)
        image = tf.Variable(initial_image("noise", content_64, seed=0))
        scale = loss.extractor.loss_scale
        with tf.GradientTape() as tape:
            total = loss(image)["total"] * scale
        return tape.gradient(total, image).numpy() / scale

    plain, low = gradient("float32"), gradient(precision)
    assert np.isfinite(low).all()
    cosine = (plain * low).sum() / (np.linalg.norm(plain) * np.linalg.norm(low))
    assert cosine > 0.99, cosine


def test_mixed_precision_on_a_cpu_says_what_it_uses_instead(content_64, style_64, notices):
    result = style_transfer(content_64, style_64, size=64, steps=1, precision="mixed", weights="random",
                            architecture="vgg19", progress=False, **LIGHT)
    said = " ".join(text for _, text in notices)
    instead = device_defaults()["precision"]              # 이 CPU 의 기본: float32 또는 bfloat16
    assert "GPU" in said and instead in said
    assert result.settings.precision == instead and "(mixed)" not in result.network


def test_xla_step_gives_the_same_losses(random_extractor, content_64, style_64):
    loss = StyleTransferLoss.build(lambda layers: random_extractor(layers), content_64, [style_64],
                                   alpha=1.0, beta=100.0, content_layers=["conv1_2"], style_layers=["conv1_1"])
    results = []
    for xla in (False, True):
        image = tf.Variable(initial_image("noise", content_64, seed=0))
        step = make_step(loss, make_optimizer(0.02, image), compiled=True, xla=xla)
        results.append([float(step(image)["total"]) for _ in range(3)] + [image.numpy()])
    np.testing.assert_allclose(results[0][:3], results[1][:3], rtol=1e-4)
    np.testing.assert_allclose(results[0][3], results[1][3], atol=1e-4)


# ------------------------------------------------------------------ 장치에 맞춘 기본값

def test_default_size_steps_and_precision_follow_the_device(monkeypatch):
    from nstlib import device

    gpu = DeviceInfo("GPU", "Tesla T4", "/GPU:0")
    cpu = DeviceInfo("CPU", "CPU", "/CPU:0")
    for has_bfloat16 in (True, False):
        monkeypatch.setattr(device, "cpu_has_bfloat16", lambda: has_bfloat16)
        assert device_defaults(gpu) == GPU_DEFAULTS == {"size": 512, "steps": 300, "precision": "float32"}
        assert device_defaults(cpu) == {"size": 256, "steps": 200,
                                        "precision": "bfloat16" if has_bfloat16 else "float32"}
    assert DEFAULTS.size is None and DEFAULTS.steps is None and DEFAULTS.precision is None   # 주지 않으면 장치에 맞춤


CPUINFO = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f {extra}\nbugs\t\t: x\n"


@pytest.mark.parametrize("extra, expected", [("avx512_bf16 avx512vl", True), ("amx_bf16 amx_tile", True),
                                             ("avx512vl avx512_vnni", False), ("", False)])
def test_bfloat16_is_chosen_only_for_a_cpu_that_computes_it_in_hardware(monkeypatch, extra, expected):
    from nstlib.device import cpu_has_bfloat16

    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    assert cpu_has_bfloat16(CPUINFO.format(extra=extra)) is expected
    assert cpu_has_bfloat16("processor\t: 0\nmodel name\t: no flags line\n") is False
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "0")       # oneDNN 을 끈 TensorFlow 는 bfloat16 을 흉내 내느라 느림
    assert cpu_has_bfloat16(CPUINFO.format(extra=extra)) is False


def test_style_transfer_without_size_uses_the_device_default(monkeypatch):
    from nstlib import settings

    monkeypatch.setattr(settings, "device_defaults", lambda device=None: {"size": 48, "steps": 2,
                                                                          "precision": "float32"})
    result = style_transfer("swirl", "klee", weights="random", architecture="vgg19", progress=False, **LIGHT)
    assert max(result.image.shape[:2]) == 48 and result.steps_done == 2


def test_a_mixed_precision_run_optimises_like_float32(content_64, style_64):
    """GPU 에서 precision='mixed' 가 도는 길 (여기서는 CPU 에서 억지로): 손실이 float32 실행처럼 줄어듦."""
    from nstlib.settings import Settings
    from nstlib.transfer import build_loss

    settings = Settings(architecture="vgg19", weights="random", pooling="avg", seed=0, alpha=1.0, beta=100.0,
                        tv_weight=0.0, mode="relative", style_blend=None, content_layers=["conv1_2"],
                        style_layers=["conv1_1"])
    runs = {}
    for precision in ("float32", "mixed", "bfloat16"):
        loss = build_loss(settings.replace(precision=precision), content_64, [style_64])
        start = initial_image("noise", content_64, seed=0)
        runs[precision] = optimize(loss, start, steps=5, progress=False).history["total"]
    for precision in ("mixed", "bfloat16"):
        assert np.isfinite(runs[precision]).all() and runs[precision][-1] < runs[precision][0]
        np.testing.assert_allclose(runs[precision], runs["float32"], rtol=2e-2)


# ------------------------------------------------------------------ 그림의 색을 입힌 사진에서 시작 (init="matched")

def test_matched_start_has_the_style_colours_and_the_content_layout(content_64, style_64):
    start = initial_image("matched", content_64, style_64)
    assert start.shape == content_64.shape and start.dtype == np.float32
    assert start.min() >= 0 and start.max() <= 1
    pixels, target = start.reshape(-1, 3).astype(np.float64), style_64.reshape(-1, 3).astype(np.float64)
    np.testing.assert_allclose(pixels.mean(0), target.mean(0), atol=0.02)          # 평균 색이 그림의 것
    np.testing.assert_allclose(np.cov(pixels.T), np.cov(target.T), atol=0.01)      # 색의 퍼짐도
    # 배치(layout)는 사진의 것: 밝기의 상관이 높음
    brightness = lambda image: image.mean(-1).ravel()
    assert np.corrcoef(brightness(start), brightness(content_64))[0, 1] > 0.5


def test_style_transfer_can_start_from_the_matched_image(content_64, style_64):
    result = style_transfer(content_64, style_64, size=64, steps=1, init="matched", weights="random",
                            architecture="vgg19", progress=False, **LIGHT)
    np.testing.assert_allclose(result.snapshots[0][1], initial_image("matched", content_64, style_64), atol=1e-6)
    assert result.settings.init == "matched"


def test_the_summary_and_the_device_advice_say_when_bfloat16_is_used(monkeypatch, content_64, style_64):
    from nstlib import device

    result = style_transfer(content_64, style_64, size=48, steps=1, precision="bfloat16", weights="random",
                            architecture="vgg19", progress=False, **LIGHT)
    assert "bfloat16 계산" in result.summary() and "bfloat16 계산" in result.network
    plain = style_transfer(content_64, style_64, size=48, steps=1, precision="float32", weights="random",
                           architecture="vgg19", progress=False, **LIGHT)
    assert "bfloat16" not in plain.summary()
    cpu = DeviceInfo("CPU", "CPU", "/CPU:0")
    for has_bfloat16 in (True, False):
        monkeypatch.setattr(device, "cpu_has_bfloat16", lambda: has_bfloat16)
        assert ("bfloat16" in cpu.advice()) is has_bfloat16
    assert "bfloat16" not in DeviceInfo("GPU", "Tesla T4", "/GPU:0").advice()
