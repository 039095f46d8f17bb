r"""손실(the losses): 그램 행렬, 콘텐츠 손실, 스타일 손실, 총 변위 손실, 전체 손실.

논문(Gatys, Ecker, Bethge 2015)의 식을 한 줄씩 옮겼습니다. 특징 지도 F 는 (N 채널 × M 위치) 행렬로 봅니다.
M = 높이 × 너비 입니다.

=====================  ====================================================  ==========================
이름                   논문의 식 (``mode="paper"``)                           크기에 무관한 식 (``"relative"``)
=====================  ====================================================  ==========================
그램 행렬 G            G_ij = Σ_k F_ik F_jk                                   같은 G 를 M 으로 나눔
콘텐츠 손실            ½ Σ_ij (F_ij − P_ij)²                                  Σ (F − P)² / Σ P²
층 하나의 스타일 손실  E_l = 1/(4 N² M²) Σ_ij (G_ij − A_ij)²                  Σ (Ĝ − Â)² / Σ Â²
스타일 손실            Σ_l w_l E_l                                            같음
전체 손실              α · L_content + β · L_style  (+ TV 가중치 · L_TV)     같음
=====================  ====================================================  ==========================

**최적화는 기본으로 크기에 무관한 식(``"relative"``)을 씁니다.** 왜냐하면:

1. 논문의 콘텐츠 손실은 합(Σ)이라 이미지가 커질수록 커지고, 스타일 손실은 그렇지 않아서, 같은 α/β 라도
   128 px 와 512 px 에서 균형이 달라집니다. 각 층의 손실을 그 목표(target)의 크기(Σ P², Σ Â²)로 나누면
   두 손실 모두 "목표에서 몇 % 떨어졌나"가 되어 이미지 크기와 상관없어집니다.
2. 신경망마다 활성값의 크기(scale)가 다릅니다 (논문은 정규화한 VGG 를 썼고, Keras VGG19 는 정규화되지
   않았고, hed-vgg16 은 또 다릅니다). 활성값이 c 배가 되면 논문식 콘텐츠 손실은 c² 배, 스타일 손실은 c⁴ 배가
   되지만, 상대적인 식에서는 c 가 약분되어 사라집니다. 그래서 같은 α/β 가 신경망이 달라도 비슷한 그림을 줍니다.

논문의 식(``mode="paper"``)도 그대로 쓸 수 있습니다(수업에서 식과 코드를 맞춰 보기 위해). 스타일 이미지와
만드는 이미지의 크기가 다르면 각 그램 행렬을 자기 M 으로 나눈 뒤 비교합니다. 두 크기가 같을 때는 논문의 식과
정확히 같습니다: 1/(4N²M²) Σ (G − A)² = ¼ Σ ((G − A)/(N M))².
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import tensorflow as tf

from .errors import NSTError
from .network import FeatureExtractor

MODES = ("relative", "paper")

# 논문의 층: 콘텐츠는 conv4_2, 스타일은 conv1_1 … conv5_1 에 같은 가중치 1/5.
CONTENT_LAYERS = {"conv4_2": 1.0}
STYLE_LAYERS = {"conv1_1": 0.2, "conv2_1": 0.2, "conv3_1": 0.2, "conv4_1": 0.2, "conv5_1": 0.2}


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise NSTError(f"손실의 형태(mode)는 'relative'(크기에 무관) 또는 'paper'(논문 그대로) 입니다: '{mode}'")


def _as_matrix(features):
    """(1, H, W, N) 특징 지도를 (M, N) 행렬로 펼칩니다. M = H·W."""
    features = tf.convert_to_tensor(features, tf.float32)
    channels = tf.shape(features)[-1]
    return tf.reshape(features, (-1, channels))


@tf.custom_gradient
def _gram(F):
    """Fᵀ F 와 그 기울기. 자동 미분은 F 가 두 번 쓰였다고 보고 행렬곱 두 번과 덧셈을 만들지만,
    G 가 대칭이므로 dL/dF = F (dG + dGᵀ) 를 행렬곱 한 번으로 계산할 수 있습니다 (결과는 같음)."""
    def gradient(dG):
        return tf.matmul(F, dG + tf.transpose(dG))
    return tf.matmul(F, F, transpose_a=True), gradient


def gram_matrix(features, normalize: bool = False):
    """그램 행렬 G_ij = Σ_k F_ik F_jk : 채널 i 와 채널 j 의 특징 지도를 곱해 모두 더한 값.

    normalize=True 이면 위치의 수 M 으로 나눕니다(평균): 이미지 크기와 무관해집니다.

    >>> F = tf.reshape(tf.range(6, dtype=tf.float32), (1, 1, 3, 2))   # 위치 3개, 채널 2개
    >>> gram_matrix(F).numpy()
    array([[20., 26.],
           [26., 35.]], dtype=float32)
    """
    F = _as_matrix(features)                      # (M, N)
    G = _gram(F)                                  # (N, N) = Fᵀ F
    if normalize:
        G = G / tf.cast(tf.shape(F)[0], tf.float32)
    return G


def content_loss(features, target, mode: str = "relative"):
    """콘텐츠 손실: 만드는 이미지의 특징 F 와 콘텐츠 이미지의 특징 P 의 차이.

    paper:    ½ Σ_ij (F_ij − P_ij)²
    relative: Σ (F − P)² / Σ P²   (목표 크기에 대한 비율)

    >>> content_loss(tf.ones((1, 2, 2, 3)), tf.zeros((1, 2, 2, 3)), mode="paper").numpy()
    6.0
    """
    _check_mode(mode)
    squared_error = tf.reduce_sum(tf.square(features - target))
    if mode == "paper":
        return 0.5 * squared_error
    return squared_error / (tf.reduce_sum(tf.square(target)) + 1e-8)


def style_layer_loss(features, target_gram, mode: str = "relative"):
    """층 하나의 스타일 손실 E_l. `target_gram` 은 `style_target(style_features, mode)` 로 만든 값입니다.

    paper:    E_l = 1/(4 N² M²) Σ_ij (G_ij − A_ij)²
    relative: Σ (Ĝ − Â)² / Σ Â²     (Ĝ, Â 는 M 으로 나눈 그램 행렬)
    """
    _check_mode(mode)
    G = gram_matrix(features, normalize=True)     # G / M
    if mode == "paper":
        N = tf.cast(tf.shape(G)[0], tf.float32)
        return tf.reduce_sum(tf.square(G - target_gram)) / (4.0 * N**2)   # = Σ(G−A)²/(4N²M²)
    return tf.reduce_sum(tf.square(G - target_gram)) / (tf.reduce_sum(tf.square(target_gram)) + 1e-8)


def style_target(features, mode: str = "relative"):
    """스타일 이미지의 특징에서 목표 그램 행렬 A (M 으로 나눈 것)를 만듭니다. 두 mode 모두 같은 값."""
    _check_mode(mode)
    return gram_matrix(features, normalize=True)


def total_variation_loss(image, mode: str = "relative"):
    """총 변위 손실(total variation): 이웃한 픽셀끼리 차이의 제곱. 작을수록 그림이 매끈합니다.

    paper 에는 없는 항입니다(TensorFlow 튜토리얼처럼 매끈함을 더하는 항). 평균 제곱이라 기본 가중치 1 에서는 거의
    작용하지 않습니다 (기울기가 다른 항의 약 1/1000; docs/defaults.md). 잡티는 Adam 의 ε 이 막습니다.
    relative: 픽셀·채널마다의 평균,  paper: 합.

    >>> total_variation_loss(tf.constant([[[0.], [1.]]]), mode="paper").numpy()   # 픽셀 두 개, 차이 1
    1.0
    """
    _check_mode(mode)
    image = tf.convert_to_tensor(image, tf.float32)
    if image.shape.rank == 3:
        image = image[tf.newaxis]
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    if mode == "paper":
        return tf.reduce_sum(tf.square(dy)) + tf.reduce_sum(tf.square(dx))
    return _mean_or_zero(tf.square(dy)) + _mean_or_zero(tf.square(dx))


def _mean_or_zero(values):
    """평균. 값이 하나도 없으면(높이나 너비가 1 인 그림의 차이) NaN 대신 0."""
    count = tf.cast(tf.size(values), tf.float32)
    return tf.reduce_sum(values) / tf.maximum(count, 1.0)


def total_loss(content, style, alpha: float, beta: float, tv=0.0, tv_weight: float = 0.0):
    """전체 손실 L_total = α · L_content + β · L_style (+ TV 가중치 · L_TV).

    >>> total_loss(2.0, 3.0, alpha=1.0, beta=10.0)
    32.0
    """
    return alpha * content + beta * style + tv_weight * tv


def _weights(layers, name: str) -> dict:
    """층 목록이나 {층: 가중치} 를 {층: 가중치} 로. 목록이면 가중치를 똑같이 나눕니다(합 1)."""
    example = "['conv1_1', 'conv2_1'] 또는 {'conv1_1': 0.5, 'conv2_1': 0.5}"
    if isinstance(layers, str):
        layers = [layers]
    if not isinstance(layers, dict):
        try:
            layers = list(layers)
        except TypeError:
            raise NSTError(f"{name} 층은 층 이름의 목록이나 {{층: 가중치}} 여야 합니다 (받은 값: {layers!r}). "
                           f"예: {example}") from None
        for layer in layers:
            if not isinstance(layer, str):
                raise NSTError(f"{name} 층의 이름은 글자여야 합니다 (받은 값: {layer!r}). 예: {example}")
        layers = {layer: 1.0 / max(len(layers), 1) for layer in layers}
    if not layers:
        raise NSTError(f"{name} 층을 하나 이상 고르세요. 예: {example}")
    checked = {}
    for layer, weight in layers.items():
        if not isinstance(layer, str):
            raise NSTError(f"{name} 층의 이름은 글자여야 합니다 (받은 값: {layer!r}). 예: {example}")
        try:
            checked[layer] = float(weight)
        except (TypeError, ValueError):
            checked[layer] = math.nan
        if not 0.0 <= checked[layer] < math.inf:
            raise NSTError(f"{name} 층 '{layer}' 의 가중치는 0 이상의 보통 수여야 합니다: {weight!r}")
    return checked


def _numbers(values) -> list[float]:
    """수의 목록으로 (수가 아닌 것은 NaN: 뒤의 검사가 한국어로 거절함)."""
    try:
        values = list(values)
    except TypeError:
        return [math.nan]
    numbers = []
    for value in values:
        try:
            numbers.append(float(value))
        except (TypeError, ValueError):
            numbers.append(math.nan)
    return numbers


@dataclass(eq=False)
class StyleTransferLoss:
    """콘텐츠 이미지와 스타일 이미지(들)로 목표를 한 번 계산해 두고, 이미지를 받아 손실들을 돌려주는 함수.

    가르치는 반복문과 빠른 경로가 이 함수 하나를 함께 씁니다.

    >>> loss = StyleTransferLoss.build(extractor_factory, content, [style], alpha=1, beta=10)  # doctest: +SKIP
    >>> loss(image)   # {'content': ..., 'style': ..., 'tv': ..., 'total': ...}             # doctest: +SKIP
    """

    extractor: FeatureExtractor
    content_targets: dict
    style_targets: dict
    content_weights: dict
    style_weights: dict
    alpha: float
    beta: float
    tv_weight: float = 0.0
    mode: str = "relative"
    layer_losses: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, extractor_factory, content_image, style_images, style_blend=None,
              content_layers=None, style_layers=None, alpha: float = 1.0, beta: float = 1.0,
              tv_weight: float = 0.0, mode: str = "relative") -> "StyleTransferLoss":
        """목표(target)를 계산해 손실 함수를 만듭니다.

        Args:
            extractor_factory: 층 이름 목록을 받아 FeatureExtractor 를 돌려주는 함수.
            content_image: (H, W, 3) [0, 1] 콘텐츠 이미지.
            style_images: 스타일 이미지 하나 또는 목록. 여러 개면 그램 행렬을 `style_blend` 비율로 섞습니다.
            style_blend: 스타일 이미지마다의 섞는 비율 (None 이면 똑같이). 합이 1 이 되도록 나눕니다.
            content_layers / style_layers: 층 목록 또는 {층: 가중치}. None 이면 논문의 층.
        """
        _check_mode(mode)
        content_weights = _weights(content_layers if content_layers is not None else CONTENT_LAYERS, "콘텐츠")
        style_weights = _weights(style_layers if style_layers is not None else STYLE_LAYERS, "스타일")
        if not isinstance(style_images, (list, tuple)):
            style_images = [style_images]
        if not style_images:
            raise NSTError("스타일 이미지를 하나 이상 주세요.")
        blend = [1.0] * len(style_images) if style_blend is None else _numbers(style_blend)
        if len(blend) != len(style_images) or not all(0 <= b < math.inf for b in blend) or sum(blend) <= 0:
            raise NSTError(f"스타일 섞는 비율(style_blend)은 스타일 이미지 수({len(style_images)})만큼의 "
                           f"0 이상의 수여야 하고 합이 0 보다 커야 합니다: {style_blend}")
        blend = [b / sum(blend) for b in blend]

        layers = list(dict.fromkeys(list(content_weights) + list(style_weights)))
        extractor = extractor_factory(layers)
        content_features = extractor(content_image)
        content_targets = {layer: tf.constant(content_features[layer]) for layer in content_weights}
        style_targets = {layer: 0.0 for layer in style_weights}
        for image, share in zip(style_images, blend):
            features = extractor(image)
            for layer in style_weights:
                style_targets[layer] += share * style_target(features[layer], mode)
        style_targets = {layer: tf.constant(g) for layer, g in style_targets.items()}
        return cls(extractor, content_targets, style_targets, content_weights, style_weights,
                   float(alpha), float(beta), float(tv_weight), mode)

    def __call__(self, image) -> dict:
        """이미지 하나의 손실들: {'content', 'style', 'tv', 'total'} (스칼라 텐서)."""
        features = self.extractor(image)
        content = tf.add_n([weight * content_loss(features[layer], self.content_targets[layer], self.mode)
                            for layer, weight in self.content_weights.items()])
        style = tf.add_n([weight * style_layer_loss(features[layer], self.style_targets[layer], self.mode)
                          for layer, weight in self.style_weights.items()])
        tv = total_variation_loss(image, self.mode)
        total = total_loss(content, style, self.alpha, self.beta, tv, self.tv_weight)
        return {"content": content, "style": style, "tv": tv, "total": total}
