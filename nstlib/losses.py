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
   두 손실 모두 "목표의 크기에 비해 차이가 얼마나 큰가"(제곱의 비율)가 되어 이미지 크기와 상관없어집니다.
   제곱의 비율이므로 0.5 는 "50 % 떨어짐"이 아니라 차이의 크기가 목표의 √0.5 ≈ 71 % 라는 뜻입니다.
2. 신경망마다 활성값의 크기(scale)가 다릅니다 (논문은 정규화한 VGG 를 썼고, Keras VGG19 는 정규화되지
   않았고, hed-vgg16 은 또 다릅니다). 활성값이 c 배가 되면 논문식 콘텐츠 손실은 c² 배, 스타일 손실은 c⁴ 배가
   되지만, 상대적인 식에서는 c 가 약분되어 사라집니다. 그래서 같은 α/β 가 신경망이 달라도 비슷한 그림을 줍니다.

논문의 식(``mode="paper"``)도 그대로 쓸 수 있습니다(수업에서 식과 코드를 맞춰 보기 위해). 스타일 이미지와
만드는 이미지의 크기가 다르면 각 그램 행렬을 자기 M 으로 나눈 뒤 비교합니다. 두 크기가 같을 때는 논문의 식과
정확히 같습니다: 1/(4N²M²) Σ (G − A)² = ¼ Σ ((G − A)/(N M))².
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import tensorflow as tf

from .network import FeatureExtractor
from .errors import NSTError
from .settings import MODES, check_blend_count, check_choice, layer_weights

# 논문의 층: 콘텐츠는 conv4_2, 스타일은 conv1_1 … conv5_1 에 같은 가중치 1/5.
CONTENT_LAYERS = {"conv4_2": 1.0}
STYLE_LAYERS = {"conv1_1": 0.2, "conv2_1": 0.2, "conv3_1": 0.2, "conv4_1": 0.2, "conv5_1": 0.2}
LOSS_NAMES = ("content", "style", "tv", "total")


def _check_mode(mode: str) -> None:
    check_choice("손실의 형태(mode)", mode, MODES)


def gram_matrix(features, normalize: bool = False):
    """그램 행렬 G_ij = Σ_k F_ik F_jk : 채널 i 와 채널 j 의 특징 지도를 곱해 모두 더한 값.

    특징 지도 (1, H, W, N) 을 (M, N) 행렬 F 로 펼치면 (M = H·W 위치) G = Fᵀ F 입니다.
    normalize=True 이면 위치의 수 M 으로 나눕니다 (평균): 이미지 크기와 무관해집니다.

    >>> F = tf.reshape(tf.range(6, dtype=tf.float32), (1, 1, 3, 2))   # 위치 3개, 채널 2개
    >>> gram_matrix(F).numpy()
    array([[20., 26.],
           [26., 35.]], dtype=float32)
    """
    features = tf.convert_to_tensor(features, tf.float32)
    F = tf.reshape(features, (-1, tf.shape(features)[-1]))   # (M, N)
    G = tf.matmul(F, F, transpose_a=True)                     # (N, N) = Fᵀ F
    if normalize:
        G = G / tf.cast(tf.shape(F)[0], tf.float32)
    return G


def content_loss(features, target, mode: str = "relative"):
    """콘텐츠 손실: 만드는 이미지의 특징 F 와 콘텐츠 이미지의 특징 P 의 차이.

    paper:    ½ Σ_ij (F_ij − P_ij)²
    relative: Σ (F − P)² / Σ P²   (목표 크기에 대한 제곱의 비율)

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

    paper 에는 없는 항입니다 (TensorFlow 튜토리얼처럼 매끈함을 더하는 항). 평균 제곱이라 기본 가중치 1 에서는
    거의 작용하지 않습니다 (docs/defaults.md). 잡티는 Adam 의 ε 이 막습니다.
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


@dataclass(frozen=True)
class Cell:
    """묶음(batch) 안의 그림 한 장이 쓰는 가중치: α, β, 스타일 층의 가중치 {층: w_l}."""

    alpha: float
    beta: float
    style_weights: dict


@dataclass(eq=False)
class StyleTransferLoss:
    """콘텐츠 이미지와 스타일 이미지(들)로 목표를 한 번 계산해 두고, 이미지를 받아 손실들을 돌려주는 함수.

    가르치는 반복문, 빠른 경로, 격자(`style_grid`)가 이 함수 하나를 함께 씁니다. 격자는 여러 장의 그림을
    한 묶음 (B, H, W, 3) 으로 넣고, 칸마다 자기 α, β, 층 가중치(`cells`)로 같은 손실을 계산합니다.

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
    cells: tuple = ()          # 묶음이면 칸마다 `Cell` 하나 (비어 있으면 그림 한 장)

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
        content_weights = layer_weights(content_layers if content_layers is not None else CONTENT_LAYERS, "콘텐츠")
        style_weights = layer_weights(style_layers if style_layers is not None else STYLE_LAYERS, "스타일")
        if not isinstance(style_images, (list, tuple)):
            style_images = [style_images]
        if not style_images:
            raise NSTError("스타일 이미지를 하나 이상 주세요.")
        blend = check_blend_count(style_blend, len(style_images))

        extractor = extractor_factory(list(dict.fromkeys([*content_weights, *style_weights])))
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

    def for_cells(self, cells) -> "StyleTransferLoss":
        """묶음의 칸마다 다른 α, β, 스타일 층 가중치로 (층은 이 손실이 목표를 계산해 둔 층 가운데서)."""
        cells = tuple(cells)
        for cell in cells:
            unknown = set(cell.style_weights) - set(self.style_targets)
            if unknown:
                raise NSTError(f"칸의 스타일 층 {sorted(unknown)} 은(는) 이 손실이 목표를 계산하지 않은 층입니다.")
        return replace(self, cells=cells)

    def __call__(self, image) -> dict:
        """손실들 {'content', 'style', 'tv', 'total'}: 그림 한 장이면 스칼라, 묶음이면 칸마다 (B,)."""
        features = self.extractor(image)
        if not self.cells:
            return self.losses(features, image, Cell(self.alpha, self.beta, self.style_weights))
        per_cell = [self.losses({layer: f[b:b + 1] for layer, f in features.items()}, image[b:b + 1], cell)
                    for b, cell in enumerate(self.cells)]
        return {name: tf.stack([losses[name] for losses in per_cell]) for name in LOSS_NAMES}

    def losses(self, features: dict, image, cell: Cell) -> dict:
        """그림 한 장의 특징 지도에서 손실들 (논문의 식 그대로)."""
        content = tf.add_n([weight * content_loss(features[layer], self.content_targets[layer], self.mode)
                            for layer, weight in self.content_weights.items()])
        style = tf.add_n([weight * style_layer_loss(features[layer], self.style_targets[layer], self.mode)
                          for layer, weight in cell.style_weights.items()])
        tv = total_variation_loss(image, self.mode)
        total = total_loss(content, style, cell.alpha, cell.beta, tv, self.tv_weight)
        return {"content": content, "style": style, "tv": tv, "total": total}
