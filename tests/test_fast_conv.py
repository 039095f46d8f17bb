"""fast_conv: 512 채널 층의 합성곱을 전치 합성곱으로 계산해도 값과 기울기가 Keras 의 합성곱과 같은가.

비교 대상은 고치는 코드와 따로인 것: numpy 로 옮긴 3×3 상관(correlation), tf.nn.conv2d 와 그 자동 미분,
유한 차분, 그리고 Keras 의 원래 층.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from nstlib import device
from nstlib.fast_conv import MIN_CHANNELS, TransposedConv2D, can_replace, correlate, flip_kernel
from nstlib.network import feature_extractor

from conftest import smooth_image


def _np_correlate(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """'same' 패딩, 보폭 1 의 3×3 상관을 numpy 로: y[n,i,j,o] = Σ_{u,v,c} x[n,i+u−1,j+v−1,c] · w[u,v,c,o]."""
    n, h, wd, _ = x.shape
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    y = np.zeros((n, h, wd, w.shape[3]))
    for u in range(3):
        for v in range(3):
            y += np.einsum("nhwc,co->nhwo", padded[:, u:u + h, v:v + wd, :], w[u, v])
    return y


def _random(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("shape,out", [((1, 5, 7, 3), 4), ((2, 6, 4, 8), 5), ((1, 1, 1, 2), 3)])
def test_correlate_matches_numpy(shape, out):
    x, w = _random(shape, 0), _random((3, 3, shape[3], out), 1)
    y = correlate(tf.constant(x), tf.constant(w), flip_kernel(tf.constant(w))).numpy()
    np.testing.assert_allclose(y, _np_correlate(x.astype(np.float64), w.astype(np.float64)), rtol=1e-4, atol=1e-4)


def test_correlate_with_an_unflipped_kernel_is_wrong():
    """뒤집지 않은 가중치를 주면 값이 달라야 합니다 (위 테스트가 뒤집기를 정말 확인하는지)."""
    x, w = _random((1, 6, 6, 3), 2), _random((3, 3, 3, 3), 3)
    wrong = correlate(tf.constant(x), tf.constant(w), tf.constant(np.transpose(w, (0, 1, 3, 2)))).numpy()
    assert not np.allclose(wrong, _np_correlate(x, w), atol=1e-3)


def test_correlate_gradient_matches_conv2d_and_finite_differences():
    x, w = _random((2, 6, 5, 4), 4), _random((3, 3, 4, 6), 5)
    upstream = _random((2, 6, 5, 6), 6)
    xt, wt = tf.constant(x), tf.constant(w)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xt)
        ours = tf.reduce_sum(correlate(xt, wt, flip_kernel(wt)) * upstream)
        keras_like = tf.reduce_sum(tf.nn.conv2d(xt, wt, 1, "SAME") * upstream)
    g_ours, g_ref = tape.gradient(ours, xt).numpy(), tape.gradient(keras_like, xt).numpy()
    np.testing.assert_allclose(g_ours, g_ref, rtol=1e-5, atol=1e-5)

    # 유한 차분 (float64 numpy): 손실은 x 에 대해 선형이라 차분이 정확함
    x64, w64, up64 = x.astype(np.float64), w.astype(np.float64), upstream.astype(np.float64)
    rng = np.random.default_rng(7)
    for _ in range(5):
        index = tuple(rng.integers(0, s) for s in x.shape)
        step = np.zeros_like(x64)
        step[index] = 1e-3
        numeric = (np.sum(_np_correlate(x64 + step, w64) * up64) - np.sum(_np_correlate(x64 - step, w64) * up64)) / 2e-3
        assert g_ours[index] == pytest.approx(numeric, rel=1e-3, abs=1e-3)


def _conv_layer(channels_in, filters, seed):
    layer = keras.layers.Conv2D(filters, 3, padding="same", activation="relu", name="block4_conv2")
    layer.build((None, None, None, channels_in))
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.standard_normal((3, 3, channels_in, filters)).astype(np.float32) * 0.1,
                       rng.standard_normal(filters).astype(np.float32)])     # 편향 ≠ 0
    return layer


def test_transposed_layer_matches_the_keras_layer_and_shares_its_weights():
    conv = _conv_layer(16, 24, seed=8)
    fast = TransposedConv2D(conv)
    x = tf.constant(_random((2, 9, 7, 16), 9))
    np.testing.assert_allclose(fast(x).numpy(), conv(x).numpy(), rtol=1e-5, atol=1e-5)
    assert fast.name == conv.name
    assert fast.conv.kernel is conv.kernel
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        a, b = tf.reduce_sum(tf.square(fast(x))), tf.reduce_sum(tf.square(conv(x)))
    np.testing.assert_allclose(tape.gradient(a, x).numpy(), tape.gradient(b, x).numpy(), rtol=1e-4, atol=1e-4)


def test_only_3x3_same_layers_with_many_channels_are_replaced():
    assert can_replace(_conv_layer(8, MIN_CHANNELS, 0))
    assert not can_replace(_conv_layer(8, MIN_CHANNELS // 2, 0))
    strided = keras.layers.Conv2D(MIN_CHANNELS, 3, strides=2, padding="same")
    strided.build((None, None, None, 4))
    assert not can_replace(strided)
    valid = keras.layers.Conv2D(MIN_CHANNELS, 3, padding="valid")
    valid.build((None, None, None, 4))
    assert not can_replace(valid)
    assert not can_replace(keras.layers.AveragePooling2D(2))


LAYERS = ["conv1_1", "conv3_1", "conv4_1", "conv4_2", "conv5_1"]


def test_fast_extractor_gives_the_same_features_and_gradient(fresh_bases):
    """VGG19 (편향 ≠ 0 이 되도록 seed 를 바꾼 무작위 가중치): 바꾼 층과 안 바꾼 층 모두 값과 기울기가 같음."""
    fast = feature_extractor(LAYERS, "vgg19", "random", fast_conv=True)
    plain = feature_extractor(LAYERS, "vgg19", "random", fast_conv=False)
    rng = np.random.default_rng(1)
    for layer in plain.model.layers:       # 두 모델이 함께 쓰는 VGG 의 층들 (캐시는 fresh_bases 가 되돌림)
        if isinstance(layer, keras.layers.Conv2D):
            layer.bias.assign(rng.standard_normal(layer.bias.shape) * 0.1)
    replaced = [layer.name for layer in fast.model.layers if isinstance(layer, TransposedConv2D)]
    assert replaced == ["block4_conv1", "block4_conv2", "block4_conv3", "block4_conv4", "block5_conv1"]
    assert fast.fast_conv and not plain.fast_conv
    assert not any(isinstance(layer, TransposedConv2D) for layer in plain.model.layers)

    image = tf.Variable(smooth_image(64, 48, seed=3)[None])
    with tf.GradientTape(persistent=True) as tape:
        a, b = fast(image), plain(image)
        loss_a = tf.add_n([tf.reduce_mean(tf.square(v)) for v in a.values()])
        loss_b = tf.add_n([tf.reduce_mean(tf.square(v)) for v in b.values()])
    for name in LAYERS:
        scale = np.abs(b[name].numpy()).max()
        np.testing.assert_allclose(a[name].numpy(), b[name].numpy(), rtol=1e-4, atol=1e-5 * scale)
    ga, gb = tape.gradient(loss_a, image).numpy(), tape.gradient(loss_b, image).numpy()
    np.testing.assert_allclose(ga, gb, rtol=1e-3, atol=1e-5 * np.abs(gb).max())


def test_fast_conv_follows_the_device_and_precision(monkeypatch, fresh_bases):
    cpu = device.DeviceInfo("CPU", "CPU", "/CPU:0")
    gpu = device.DeviceInfo("GPU", "Tesla T4", "/GPU:0")
    monkeypatch.setattr(device, "_DEVICE", cpu)
    assert feature_extractor(["conv5_1"], "vgg19", "random").fast_conv
    assert not feature_extractor(["conv5_1"], "vgg19", "random", precision="mixed").fast_conv
    monkeypatch.setattr(device, "_DEVICE", gpu)
    on_gpu = feature_extractor(["conv5_1"], "vgg19", "random")
    assert not on_gpu.fast_conv
    assert not any(isinstance(layer, TransposedConv2D) for layer in on_gpu.model.layers)
