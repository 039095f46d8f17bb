"""nstlib.losses: 논문의 식을 numpy 로 따로 옮겨 적은 것과 비교합니다.

기대값은 모두 이 파일의 numpy 함수(논문 Gatys et al. 2015 의 식을 그대로 옮긴 것)나 유한 차분(finite
difference)으로 구하며, losses.py 의 출력을 베낀 값이 아닙니다. numpy 쪽은 float64 로 계산합니다.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from conftest import assert_korean, smooth_image
from nstlib.errors import NSTError
from nstlib.losses import (
    CONTENT_LAYERS,
    STYLE_LAYERS,
    StyleTransferLoss,
    content_loss,
    gram_matrix,
    style_layer_loss,
    style_target,
    total_loss,
    total_variation_loss,
)

pytestmark = pytest.mark.usefixtures("clean_env")

SHAPES = [(1, 1, 3, 2), (1, 4, 5, 3), (1, 7, 3, 16), (1, 8, 8, 64)]


# ------------------------------------------------------------------ 논문의 식 (numpy, float64)

def np_matrix(features) -> np.ndarray:
    """(1, H, W, N) → (M, N), M = H·W."""
    features = np.asarray(features, np.float64)
    return features.reshape(-1, features.shape[-1])


def np_gram(features) -> np.ndarray:
    """G_ij = Σ_k F_ik F_jk (F 를 N × M 으로 본 논문의 식; 여기서는 (M, N) 이므로 Fᵀ F)."""
    F = np_matrix(features)
    return F.T @ F


def np_content(F, P, mode) -> float:
    F, P = np.asarray(F, np.float64), np.asarray(P, np.float64)
    if mode == "paper":
        return 0.5 * np.sum((F - P) ** 2)
    return np.sum((F - P) ** 2) / np.sum(P ** 2)


def np_style_paper(F, S) -> float:
    """E_l = 1/(4 N² M²) Σ (G − A)², G, A 는 나누지 않은 그램 행렬 (같은 크기의 특징)."""
    N = np_matrix(F).shape[1]
    M = np_matrix(F).shape[0]
    assert np_matrix(S).shape == (M, N)
    return np.sum((np_gram(F) - np_gram(S)) ** 2) / (4.0 * N**2 * M**2)


def np_style_relative(F, S) -> float:
    """Σ (Ĝ − Â)² / Σ Â², Ĝ = G / M (각자의 M 으로)."""
    G = np_gram(F) / np_matrix(F).shape[0]
    A = np_gram(S) / np_matrix(S).shape[0]
    return np.sum((G - A) ** 2) / np.sum(A ** 2)


def np_tv(image, mode) -> float:
    x = np.asarray(image, np.float64)
    if x.ndim == 3:
        x = x[None]
    dy = x[:, 1:, :, :] - x[:, :-1, :, :]
    dx = x[:, :, 1:, :] - x[:, :, :-1, :]
    if mode == "paper":
        return np.sum(dy**2) + np.sum(dx**2)
    return np.mean(dy**2) + np.mean(dx**2)


def relu_features(rng, shape, scale=1.0) -> np.ndarray:
    """ReLU 다음의 특징처럼 0 이상인 무작위 특징 지도 (float32)."""
    return (scale * np.maximum(rng.standard_normal(shape), 0.0)).astype(np.float32)


def style_loss_of(features, style_features, mode):
    return float(style_layer_loss(features, style_target(style_features, mode), mode))


# ------------------------------------------------------------------ 그램 행렬

@pytest.mark.parametrize("shape", SHAPES)
def test_gram_matrix_is_FT_F(shape):
    rng = np.random.default_rng(0)
    F = rng.standard_normal(shape).astype(np.float32)
    G = gram_matrix(F).numpy()
    M = shape[1] * shape[2]
    assert G.shape == (shape[-1], shape[-1])
    np.testing.assert_allclose(G, np_gram(F), rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(G, G.T, rtol=1e-6, atol=1e-6)   # 대칭
    np.testing.assert_allclose(gram_matrix(F, normalize=True).numpy(), np_gram(F) / M, rtol=1e-5, atol=1e-5)


def test_gram_matrix_by_hand():
    # 위치 3개, 채널 2개: 채널 0 = (0, 2, 4), 채널 1 = (1, 3, 5)
    F = np.arange(6, dtype=np.float32).reshape(1, 1, 3, 2)
    expected = np.array([[0 * 0 + 2 * 2 + 4 * 4, 0 * 1 + 2 * 3 + 4 * 5],
                         [0 * 1 + 2 * 3 + 4 * 5, 1 * 1 + 3 * 3 + 5 * 5]], np.float32)
    np.testing.assert_array_equal(gram_matrix(F).numpy(), expected)
    np.testing.assert_allclose(gram_matrix(F, normalize=True).numpy(), expected / 3, rtol=1e-6)


@pytest.mark.parametrize("shape", SHAPES)
def test_gram_matrix_gradient_is_F_times_W_plus_W_transposed(shape):
    """L = Σ W∘G (W 는 대칭이 아닌 무작위 행렬) 이면 dL/dF = F (W + Wᵀ): numpy 로 쓴 식과 비교."""
    rng = np.random.default_rng(1)
    F = rng.standard_normal(shape).astype(np.float32)
    W = rng.standard_normal((shape[-1], shape[-1])).astype(np.float32)
    features = tf.constant(F)
    for normalize, divide in ((False, 1.0), (True, shape[1] * shape[2])):
        with tf.GradientTape() as tape:
            tape.watch(features)
            loss = tf.reduce_sum(W * gram_matrix(features, normalize=normalize))
        gradient = tape.gradient(loss, features).numpy().reshape(-1, shape[-1])
        expected = F.reshape(-1, shape[-1]).astype(np.float64) @ (W + W.T) / divide
        np.testing.assert_allclose(gradient, expected, rtol=1e-4, atol=1e-4)


# ------------------------------------------------------------------ 콘텐츠 손실

@pytest.mark.parametrize("shape", SHAPES)
def test_content_loss_matches_paper_and_relative_formula(shape):
    rng = np.random.default_rng(1)
    F, P = relu_features(rng, shape), relu_features(rng, shape)
    np.testing.assert_allclose(float(content_loss(F, P, mode="paper")), np_content(F, P, "paper"), rtol=1e-5)
    np.testing.assert_allclose(float(content_loss(F, P, mode="relative")), np_content(F, P, "relative"),
                               rtol=1e-5)
    assert float(content_loss(P, P, mode="paper")) == 0.0
    assert float(content_loss(P, P, mode="relative")) == 0.0


def test_content_loss_default_mode_is_relative():
    rng = np.random.default_rng(2)
    F, P = relu_features(rng, (1, 4, 4, 8)), relu_features(rng, (1, 4, 4, 8))
    np.testing.assert_allclose(float(content_loss(F, P)), np_content(F, P, "relative"), rtol=1e-5)


def test_content_loss_scale_of_activations():
    """활성값이 c 배: 논문식은 c² 배, 상대적인 식은 그대로."""
    rng = np.random.default_rng(3)
    F, P = relu_features(rng, (1, 6, 5, 32)), relu_features(rng, (1, 6, 5, 32))
    for c in (0.01, 7.0, 300.0):
        np.testing.assert_allclose(float(content_loss(c * F, c * P, "relative")),
                                   float(content_loss(F, P, "relative")), rtol=1e-4)
        np.testing.assert_allclose(float(content_loss(c * F, c * P, "paper")),
                                   c**2 * np_content(F, P, "paper"), rtol=1e-4)


# ------------------------------------------------------------------ 스타일 손실 (층 하나)

@pytest.mark.parametrize("shape", SHAPES)
def test_style_layer_loss_paper_equals_paper_formula_for_equal_sizes(shape):
    rng = np.random.default_rng(4)
    F, S = relu_features(rng, shape), relu_features(rng, shape)
    np.testing.assert_allclose(style_loss_of(F, S, "paper"), np_style_paper(F, S), rtol=1e-4)
    np.testing.assert_allclose(style_loss_of(F, S, "relative"), np_style_relative(F, S), rtol=1e-4)
    assert style_loss_of(S, S, "paper") == pytest.approx(0.0, abs=1e-6 * np_style_paper(F, S) + 1e-12)


def test_style_target_is_gram_over_M_in_both_modes():
    rng = np.random.default_rng(5)
    S = relu_features(rng, (1, 5, 7, 12))
    for mode in ("paper", "relative"):
        np.testing.assert_allclose(style_target(S, mode).numpy(), np_gram(S) / 35, rtol=1e-5, atol=1e-6)


def test_style_loss_is_size_independent_for_tiled_texture():
    """2×2 로 이어 붙인(tile) 특징 지도의 G/M 은 원래와 같습니다: 상대적 스타일 손실은 크기에 무관."""
    rng = np.random.default_rng(6)
    F, S = relu_features(rng, (1, 6, 5, 16)), relu_features(rng, (1, 6, 5, 16))
    F4, S4 = np.tile(F, (1, 2, 2, 1)), np.tile(S, (1, 2, 2, 1))
    # 전제 확인 (numpy 만으로): 이어 붙인 지도의 G/M 은 원래의 G/M 과 같다.
    np.testing.assert_allclose(np_gram(F4) / F4[0, ..., 0].size, np_gram(F) / F[0, ..., 0].size, rtol=1e-12)

    small = style_loss_of(F, S, "relative")
    np.testing.assert_allclose(small, np_style_relative(F, S), rtol=1e-4)
    np.testing.assert_allclose(style_loss_of(F4, S4, "relative"), small, rtol=1e-4)
    # 만드는 이미지와 스타일 이미지의 크기가 달라도 (각자의 M 으로 나누므로) 같은 값
    np.testing.assert_allclose(style_loss_of(F4, S, "relative"), small, rtol=1e-4)
    np.testing.assert_allclose(style_loss_of(F, S4, "relative"), small, rtol=1e-4)
    # paper 모드도 크기가 다르면 각자의 M 으로 나눈 뒤 비교하고, 같은 크기의 논문식과 같다
    np.testing.assert_allclose(style_loss_of(F4, S, "paper"), np_style_paper(F, S), rtol=1e-4)
    np.testing.assert_allclose(style_loss_of(F4, S4, "paper"), np_style_paper(F4, S4), rtol=1e-4)


def test_style_loss_scale_of_activations():
    """활성값이 c 배: 논문식 스타일 손실은 c⁴ 배, 상대적인 식은 그대로."""
    rng = np.random.default_rng(7)
    F, S = relu_features(rng, (1, 4, 4, 24)), relu_features(rng, (1, 4, 4, 24))
    for c in (0.1, 3.0, 20.0):
        np.testing.assert_allclose(style_loss_of(c * F, c * S, "relative"), np_style_relative(F, S), rtol=1e-4)
        np.testing.assert_allclose(style_loss_of(c * F, c * S, "paper"), c**4 * np_style_paper(F, S), rtol=1e-4)


# ------------------------------------------------------------------ 총 변위 손실, 전체 손실

@pytest.mark.parametrize("shape", [(2, 2, 1), (5, 7, 3), (1, 16, 16, 3), (2, 9, 4, 3)])
@pytest.mark.parametrize("mode", ["paper", "relative"])
def test_total_variation_loss_matches_numpy(shape, mode):
    image = np.random.default_rng(8).uniform(0, 1, shape).astype(np.float32)
    np.testing.assert_allclose(float(total_variation_loss(image, mode)), np_tv(image, mode), rtol=1e-5)


def test_total_variation_loss_by_hand():
    # 2×2 회색조: 가로 차이 (1, 1), 세로 차이 (0, 0)
    image = np.array([[[0.0], [1.0]], [[0.0], [1.0]]], np.float32)
    assert float(total_variation_loss(image, "paper")) == pytest.approx(2.0)
    assert float(total_variation_loss(image, "relative")) == pytest.approx(1.0)   # 평균 0 + 평균 1
    assert float(total_variation_loss(np.full((8, 8, 3), 0.3, np.float32), "paper")) == 0.0


def test_total_loss_is_weighted_sum():
    rng = np.random.default_rng(9)
    for _ in range(5):
        c, s, tv, a, b, w = rng.uniform(0, 10, 6)
        assert float(total_loss(c, s, alpha=a, beta=b, tv=tv, tv_weight=w)) == pytest.approx(a * c + b * s + w * tv)
    assert float(total_loss(2.0, 3.0, alpha=1.0, beta=10.0)) == pytest.approx(32.0)   # TV 없으면 α·c + β·s


# ------------------------------------------------------------------ StyleTransferLoss (무작위 가중치 VGG19)

def _factory(random_extractor):
    return lambda layers: random_extractor(layers)


@pytest.mark.parametrize("mode", ["paper", "relative"])
def test_style_transfer_loss_parts_match_numpy(random_extractor, content_64, style_64, mode):
    alpha, beta, tv_weight = 2.0, 30.0, 0.7
    loss = StyleTransferLoss.build(_factory(random_extractor), content_64, [style_64],
                                   alpha=alpha, beta=beta, tv_weight=tv_weight, mode=mode)
    assert loss.content_weights == CONTENT_LAYERS and loss.style_weights == STYLE_LAYERS
    image = smooth_image(64, 64, seed=11)
    out = {k: float(v) for k, v in loss(image).items()}

    ext = loss.extractor
    fi, fc, fs = ext(image), ext(content_64), ext(style_64)
    content = sum(w * np_content(fi[l].numpy(), fc[l].numpy(), mode) for l, w in CONTENT_LAYERS.items())
    style_fn = np_style_paper if mode == "paper" else np_style_relative
    style = sum(w * style_fn(fi[l].numpy(), fs[l].numpy()) for l, w in STYLE_LAYERS.items())
    tv = np_tv(image, mode)
    np.testing.assert_allclose(out["content"], content, rtol=2e-3)
    np.testing.assert_allclose(out["style"], style, rtol=2e-3)
    np.testing.assert_allclose(out["tv"], tv, rtol=1e-4)
    np.testing.assert_allclose(out["total"], alpha * out["content"] + beta * out["style"] + tv_weight * out["tv"],
                               rtol=1e-5)
    assert out["content"] > 0 and out["style"] > 0


def test_style_transfer_loss_is_zero_content_at_content_and_custom_layers(random_extractor, content_64, style_64):
    loss = StyleTransferLoss.build(_factory(random_extractor), content_64, style_64,
                                   content_layers=["conv2_2"], style_layers={"conv1_1": 1.0, "conv2_1": 3.0},
                                   alpha=1.0, beta=1.0)
    assert loss.content_weights == {"conv2_2": 1.0}
    assert loss.style_weights == {"conv1_1": 1.0, "conv2_1": 3.0}
    ext = loss.extractor
    at_content = {k: float(v) for k, v in loss(content_64).items()}
    assert at_content["content"] == pytest.approx(0.0, abs=1e-6)
    fc, fs = ext(content_64), ext(style_64)
    expected = np_style_relative(fc["conv1_1"], fs["conv1_1"]) + 3.0 * np_style_relative(fc["conv2_1"], fs["conv2_1"])
    np.testing.assert_allclose(at_content["style"], expected, rtol=2e-3)
    # 스타일 이미지 자신에서는 스타일 손실이 0
    assert float(loss(style_64)["style"]) == pytest.approx(0.0, abs=1e-6)


def test_style_blend_target_is_weighted_mean_of_grams(random_extractor, content_64, style_64, style2_64):
    layers = {"conv1_1": 0.5, "conv3_1": 0.5}
    loss = StyleTransferLoss.build(_factory(random_extractor), content_64, [style_64, style2_64],
                                   style_blend=(0.25, 0.75), style_layers=layers)
    same = StyleTransferLoss.build(_factory(random_extractor), content_64, [style_64, style2_64],
                                   style_blend=(1, 3), style_layers=layers)   # 합이 1 이 되도록 나눔
    equal = StyleTransferLoss.build(_factory(random_extractor), content_64, [style_64, style2_64],
                                    style_layers=layers)                        # None: 똑같이
    ext = loss.extractor
    f1, f2 = ext(style_64), ext(style2_64)
    for layer in layers:
        g1 = np_gram(f1[layer]) / np_matrix(f1[layer]).shape[0]
        g2 = np_gram(f2[layer]) / np_matrix(f2[layer]).shape[0]
        scale = np.abs(g1).max()
        np.testing.assert_allclose(loss.style_targets[layer].numpy(), 0.25 * g1 + 0.75 * g2, rtol=1e-4,
                                   atol=1e-5 * scale)
        np.testing.assert_allclose(same.style_targets[layer].numpy(), 0.25 * g1 + 0.75 * g2, rtol=1e-4,
                                   atol=1e-5 * scale)
        np.testing.assert_allclose(equal.style_targets[layer].numpy(), 0.5 * g1 + 0.5 * g2, rtol=1e-4,
                                   atol=1e-5 * scale)


@pytest.mark.parametrize("mode,beta", [("relative", 100.0), ("paper", 1.0)])
def test_gradient_matches_finite_differences(random_extractor, mode, beta):
    """전체 손실의 이미지에 대한 기울기 vs 중심 차분 (L(x+ε) − L(x−ε)) / 2ε, 32×32 이미지."""
    content, style, x0 = smooth_image(32, 32, 1), smooth_image(32, 32, 2), smooth_image(32, 32, 5)
    loss = StyleTransferLoss.build(_factory(random_extractor), content, style, alpha=1.0, beta=beta,
                                   tv_weight=0.5, mode=mode)
    image = tf.Variable(x0)
    with tf.GradientTape() as tape:
        total = loss(image)["total"]
    grad = tape.gradient(total, image).numpy()
    assert np.isfinite(grad).all() and np.abs(grad).max() > 0

    def f(x):
        return float(loss(x)["total"])

    eps = 3e-3
    # 기울기가 큰 픽셀 여섯 곳 (작은 기울기는 float32 의 반올림 오차에 묻힘)
    for flat in np.argsort(np.abs(grad).ravel())[::-1][:6]:
        where = np.unravel_index(flat, grad.shape)
        plus, minus = x0.copy(), x0.copy()
        plus[where] += eps
        minus[where] -= eps
        numeric = (f(plus) - f(minus)) / (2 * eps)
        assert numeric == pytest.approx(grad[where], rel=3e-2), (where, numeric, grad[where])
    # 모든 픽셀을 함께 움직이는 무작위 방향 v: ∇L·v
    v = np.random.default_rng(0).standard_normal(x0.shape).astype(np.float32)
    numeric = (f(x0 + eps * v) - f(x0 - eps * v)) / (2 * eps)
    assert numeric == pytest.approx(float(np.sum(grad * v)), rel=5e-2)


# ------------------------------------------------------------------ 잘못된 입력

def test_wrong_mode_raises_korean_error(random_extractor, content_64, style_64):
    F = np.ones((1, 2, 2, 3), np.float32)
    for call in (lambda: content_loss(F, F, mode="banana"),
                 lambda: style_layer_loss(F, gram_matrix(F, True), mode="Paper"),
                 lambda: style_target(F, mode=""),
                 lambda: total_variation_loss(F, mode="mean"),
                 lambda: StyleTransferLoss.build(_factory(random_extractor), content_64, style_64, mode="banana")):
        with pytest.raises(NSTError) as excinfo:
            call()
        assert_korean(excinfo.value)


@pytest.mark.parametrize("kwargs", [
    {"style_layers": {"conv1_1": -0.2, "conv2_1": 1.0}},
    {"content_layers": {"conv4_2": -1.0}},
    {"style_layers": {"conv1_1": float("nan")}},
    {"style_layers": []},
    {"style_layers": {}},
    {"content_layers": []},
    {"style_blend": (0.5,)},
    {"style_blend": (-1.0, 2.0)},
    {"style_blend": (0.0, 0.0)},
])
def test_bad_layers_and_blend_raise_korean_error(random_extractor, content_64, style_64, style2_64, kwargs):
    with pytest.raises(NSTError) as excinfo:
        StyleTransferLoss.build(_factory(random_extractor), content_64, [style_64, style2_64], **kwargs)
    assert_korean(excinfo.value)


def test_no_style_image_raises(random_extractor, content_64):
    with pytest.raises(NSTError) as excinfo:
        StyleTransferLoss.build(_factory(random_extractor), content_64, [])
    assert_korean(excinfo.value)
