"""CPU 에서 채널이 많은 깊은 층의 합성곱을 더 빠르게: 같은 값을 "전치 합성곱"으로 계산합니다.

왜 (oneDNN; 잰 값은 benchmarks/README.md 와 benchmarks/bench_conv.py):
    TensorFlow 의 CPU 합성곱(oneDNN)은 순전파(forward)에서 학습 중일 수 있는 가중치를 Keras 의 배치
    (높이, 너비, 입력 채널, 출력 채널) 그대로 씁니다. 같은 라이브러리의 전치 합성곱(conv2d_transpose, 원래는
    입력에 대한 기울기를 계산하는 연산)은 가중치를 먼저 CPU 가 읽기 좋은 묶음 배치로 한 번 바꾼 뒤 계산합니다.
    512 채널 층(VGG 의 block4, block5)처럼 가중치가 특징 지도보다 큰 곳에서는 이 차이 때문에 순전파가
    빨라집니다. 채널이 256 이하인 층에서는 차이가 없어서 그대로 둡니다.

수학 (1차원으로, 'same' 패딩, 보폭 1):
    Keras 합성곱(사실은 상관, correlation)   y[i] = Σ_u x[i + u − 1] · W[u]
    전치 합성곱                              t[i] = Σ_u x[i − u + 1] · V[u]
    V[u] = W[2 − u] 로 (가중치를 공간으로 뒤집고 입력·출력 채널을 바꿈) 두면 t = y 입니다.
    입력에 대한 기울기는 원래 합성곱의 것과 같이 conv2d_transpose(dy, W) 입니다 (아래 custom_gradient).

가중치에 대한 기울기는 만들지 않습니다: 이 과정에서 VGG 의 가중치는 학습하지 않습니다.
GPU(cuDNN)에서는 이 차이가 없으므로 `feature_extractor` 는 CPU 에서만 이 층을 씁니다.
"""

from __future__ import annotations

import weakref

import keras
import tensorflow as tf

# 출력 채널이 이만큼 이상인 3×3 합성곱만 바꿉니다: 가중치가 특징 지도보다 큰 층에서만 빨라지기 때문
# (benchmarks/bench_conv.py 가 채널 수마다 잼).
MIN_CHANNELS = 512


def flip_kernel(kernel):
    """(3, 3, 입력, 출력) 가중치 W 를 전치 합성곱의 가중치 V 로: 공간으로 뒤집고 입력·출력 채널을 바꿈."""
    return tf.transpose(tf.reverse(kernel, axis=[0, 1]), perm=[0, 1, 3, 2])


@tf.custom_gradient
def correlate(x, kernel, flipped):
    """Keras Conv2D(padding='same', strides=1) 의 합성곱(편향, 활성 함수 없이)과 같은 값."""
    shape = tf.concat([tf.shape(x)[:3], tf.shape(kernel)[3:]], axis=0)
    y = tf.nn.conv2d_transpose(x, flipped, shape, strides=1, padding="SAME")

    def gradient(dy):
        return tf.nn.conv2d_transpose(dy, kernel, tf.shape(x), strides=1, padding="SAME"), None, None

    return y, gradient


_FLIPPED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""원래 합성곱층 → 뒤집은 가중치 (층이 사라지면 함께 사라짐)."""


class TransposedConv2D(keras.layers.Layer):
    """VGG 의 3×3 합성곱층(relu)과 같은 값을 `correlate` 로 계산하는 층. 가중치는 원래 층의 것을 함께 씁니다.

    뒤집은 가중치는 원래 층마다 한 번만 계산해, 그 층을 쓰는 모든 특징 추출기가 함께 씁니다 (가중치를 학습하지
    않으므로; 512 채널 층 하나에 9.4 MB). 추출기마다 새로 만들면 `style_transfer` 를 부를 때마다 메모리가
    약 45 MB 씩 늘어 돌려받지 못했습니다 (큰 버퍼를 거듭 만들고 지우면 메모리가 조각나서).
    """

    def __init__(self, conv: keras.layers.Conv2D, **kwargs):
        super().__init__(name=conv.name, **kwargs)
        self.conv = conv
        if conv not in _FLIPPED:
            _FLIPPED[conv] = tf.constant(flip_kernel(conv.kernel))
        self.flipped = _FLIPPED[conv]

    def call(self, x):
        y = correlate(x, tf.convert_to_tensor(self.conv.kernel), self.flipped)
        return self.conv.activation(tf.nn.bias_add(y, self.conv.bias))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.conv.filters)


def can_replace(layer) -> bool:
    """이 층을 TransposedConv2D 로 바꿀 수 있고 바꾸면 빨라지는가 (3×3, 보폭 1, same, 채널 ≥ MIN_CHANNELS)."""
    return (isinstance(layer, keras.layers.Conv2D) and tuple(layer.kernel_size) == (3, 3)
            and tuple(layer.strides) == (1, 1) and layer.padding == "same" and layer.use_bias
            and tuple(layer.dilation_rate) == (1, 1) and layer.data_format == "channels_last"
            and layer.filters >= MIN_CHANNELS)
