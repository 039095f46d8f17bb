r"""격자(the grid): 논문 그림 3 처럼 α/β × 스타일 층의 여러 칸을 **한 묶음(batch)으로 함께** 최적화합니다.

06 강의의 격자는 칸마다 스타일 전이를 한 번씩 합니다 (예: α/β 4개 × 스타일 층 묶음 2개 = 8번). 칸들은 서로
영향을 주지 않으므로, 8장의 이미지를 (8, H, W, 3) 한 묶음으로 쌓아 한 번에 신경망에 넣을 수 있습니다.

- 신경망은 모든 칸이 쓰는 층의 합집합(union)을 한 번만 계산합니다. 목표(target)도 한 번만 계산합니다.
- 칸 b 는 자기의 α_b, β_b 와 층 가중치 w_b 를 씁니다 (그 칸의 층 묶음에 없는 층은 가중치 0):

      L_b = α_b · L_content(b) + β_b · Σ_l w_{b,l} E_l(b) + TV 가중치 · L_TV(b)

- 묶음 전체의 손실은 Σ_b L_b 입니다. 칸 b 의 픽셀은 L_b 에만 들어 있으므로, Σ_b L_b 를 칸 b 의 픽셀로
  미분한 값은 L_b 를 미분한 값과 같습니다.
- Adam 은 픽셀마다(elementwise) 따로 계산하므로, 결과는 칸마다 `style_transfer` 를 따로 돌린 것과 같습니다
  (부동소수점 오차 안에서). ``batched=False`` 는 정말로 하나씩 돌립니다 (비교의 기준, reference).

GPU 에서는 묶음이 보통 훨씬 빠릅니다. 이 과정의 2코어 CPU 에서도 8칸 격자가 전체 약 0.6 배의 시간이
들었습니다 (``benchmarks/bench_grid.py``; 신경망과 그래프를 한 번만 만듦. 한 단계는 0.9~1.0 배).
대신 메모리는 1.1~1.3 배 더 씁니다.

>>> grid = style_grid("countryside", "swirl", ratios=[10, 1, 0.1],
...                   layer_sets=[["conv1_1", "conv2_1"], list(STYLE_LAYERS)], size=128, steps=100)  # doctest: +SKIP
>>> fig = grid.figure(title="α/β × 스타일 층")     # nstlib.pictures.compare_grid 로 그린 격자           # doctest: +SKIP
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf

from . import display
from .device import detect_device
from .errors import NSTError, spelled_as
from .losses import STYLE_LAYERS, StyleTransferLoss, _check_mode, _weights, total_loss
from .network import default_architecture, default_weights, feature_extractor
from .optimization import (DEFAULTS, LOSS_NAMES, _check_number, check_init, device_defaults, initial_image,
                           gradient_scale, make_optimizer, make_step, style_transfer)


# ---------------------------------------------------------------- 묶음(batch)으로 계산하는 손실

def batched_gram_matrix(features, normalize: bool = False):
    """묶음의 그램 행렬: 칸 b 마다 G_b = F_bᵀ F_b. 모양 (B, H, W, N) → (B, N, N).

    칸 하나씩 `losses.gram_matrix` 를 부른 것과 같습니다. normalize=True 면 위치의 수 M = H·W 로 나눕니다.

    >>> F = tf.reshape(tf.range(12, dtype=tf.float32), (2, 1, 3, 2))   # 칸 2개, 위치 3개, 채널 2개
    >>> batched_gram_matrix(F).numpy()[0]
    array([[20., 26.],
           [26., 35.]], dtype=float32)
    """
    features = tf.convert_to_tensor(features, tf.float32)
    G = tf.einsum("bhwc,bhwd->bcd", features, features)
    if normalize:
        G = G / tf.cast(tf.shape(features)[1] * tf.shape(features)[2], tf.float32)
    return G


def batched_content_loss(features, target, mode: str = "relative"):
    """칸마다의 콘텐츠 손실 (B,). `losses.content_loss` 를 칸마다 부른 것과 같습니다."""
    squared_error = tf.reduce_sum(tf.square(features - target), axis=[1, 2, 3])
    if mode == "paper":
        return 0.5 * squared_error
    return squared_error / (tf.reduce_sum(tf.square(target)) + 1e-8)


def batched_style_layer_loss(features, target_gram, mode: str = "relative"):
    """칸마다 층 하나의 스타일 손실 E_l (B,). `losses.style_layer_loss` 를 칸마다 부른 것과 같습니다."""
    G = batched_gram_matrix(features, normalize=True)
    squared_error = tf.reduce_sum(tf.square(G - target_gram), axis=[1, 2])
    if mode == "paper":
        N = tf.cast(tf.shape(G)[-1], tf.float32)
        return squared_error / (4.0 * N**2)
    return squared_error / (tf.reduce_sum(tf.square(target_gram)) + 1e-8)


def batched_total_variation_loss(images, mode: str = "relative"):
    """칸마다의 총 변위 손실 (B,). `losses.total_variation_loss` 를 칸마다 부른 것과 같습니다."""
    dy = images[:, 1:, :, :] - images[:, :-1, :, :]
    dx = images[:, :, 1:, :] - images[:, :, :-1, :]
    reduce = tf.reduce_sum if mode == "paper" else tf.reduce_mean
    return reduce(tf.square(dy), axis=[1, 2, 3]) + reduce(tf.square(dx), axis=[1, 2, 3])


@dataclass(eq=False)
class GridLoss:
    """격자의 칸 B 개의 손실을 한 번에 계산하는 함수. 이미지 (B, H, W, 3) → 칸마다의 손실.

    돌려주는 {'content', 'style', 'tv', 'total'} 은 모두 모양 (B,) 입니다. `optimization.train_step` 은
    'total' 을 미분하는데, 벡터를 미분하면 TensorFlow 는 원소들의 합 Σ_b L_b 를 미분합니다.

    >>> loss = GridLoss.build(factory, content, [style], [["conv1_1"], ["conv1_1", "conv2_1"]],
    ...                       alphas=[1, 1], betas=[10, 10])          # doctest: +SKIP
    >>> loss(images)["total"].shape                                   # doctest: +SKIP
    TensorShape([2])
    """

    shared: StyleTransferLoss        # 신경망(층의 합집합)과 목표를 한 번 계산해 둔 것
    style_layers: tuple              # 층의 합집합 (style_weights 의 열 순서)
    style_weights: tf.Tensor         # (B, 층 수): 칸마다 층의 가중치, 그 칸이 쓰지 않는 층은 0
    alphas: tf.Tensor                # (B,)
    betas: tf.Tensor                 # (B,)

    @classmethod
    def build(cls, extractor_factory, content_image, style_images, layer_sets, alphas, betas,
              style_blend=None, content_layers=None, tv_weight: float = 0.0,
              mode: str = "relative") -> "GridLoss":
        """칸마다 (층 묶음, α, β) 를 받아 손실 함수를 만듭니다. 나머지는 `StyleTransferLoss.build` 와 같습니다.

        Args:
            layer_sets: 칸마다의 스타일 층 (목록 또는 {층: 가중치}, None 이면 논문의 층). 길이 B.
            alphas, betas: 칸마다의 α, β. 길이 B.
        """
        _check_mode(mode)
        sets = [_weights(layers if layers is not None else STYLE_LAYERS, "스타일") for layers in layer_sets]
        if not (len(sets) == len(alphas) == len(betas)) or not sets:
            raise NSTError(f"칸마다 층 묶음, α, β 가 하나씩 있어야 합니다: 층 묶음 {len(sets)}개, "
                           f"α {len(alphas)}개, β {len(betas)}개. 개수를 맞춰 주세요.")
        union = list(dict.fromkeys(layer for weights in sets for layer in weights))
        # 모든 칸이 쓰는 층을 한 번에: 신경망 하나, 목표 한 번 (여기의 α, β, 층 가중치는 쓰지 않음)
        shared = StyleTransferLoss.build(extractor_factory, content_image, style_images, style_blend,
                                         content_layers, union, 1.0, 1.0, tv_weight, mode)
        style_weights = [[weights.get(layer, 0.0) for layer in union] for weights in sets]
        return cls(shared, tuple(union), tf.constant(style_weights, tf.float32),
                   tf.constant(alphas, tf.float32), tf.constant(betas, tf.float32))

    @property
    def extractor(self):
        return self.shared.extractor

    def __call__(self, images) -> dict:
        """묶음 (B, H, W, 3) 의 칸마다의 손실들: {'content', 'style', 'tv', 'total'} (모양 (B,) 인 텐서)."""
        shared, mode = self.shared, self.shared.mode
        images = tf.convert_to_tensor(images, tf.float32)
        features = shared.extractor(images)
        content = tf.add_n([weight * batched_content_loss(features[layer], shared.content_targets[layer], mode)
                            for layer, weight in shared.content_weights.items()])
        style = tf.add_n([self.style_weights[:, i] * batched_style_layer_loss(
                              features[layer], shared.style_targets[layer], mode)
                          for i, layer in enumerate(self.style_layers)])
        tv = batched_total_variation_loss(images, mode)
        total = total_loss(content, style, self.alphas, self.betas, tv, shared.tv_weight)
        return {"content": content, "style": style, "tv": tv, "total": total}


# ---------------------------------------------------------------- 결과

@dataclass
class GridResult:
    """격자의 결과. 행(row) = 스타일 층 묶음, 열(column) = α/β.

    images[행][열]: 칸마다 전체 손실이 가장 낮았던 이미지 ((H, W, 3) float32 [0, 1]; 멈춘 칸은 None).
        `nstlib.pictures.compare_grid(images, row_titles, col_titles)` 에 그대로 넣을 수 있습니다.
    final_images[행][열]: 칸마다 마지막 이미지.
    histories[행][열]: {'content': [...], 'style': [...], 'tv': [...], 'total': [...]} 그 칸의 단계마다 손실.
    best_steps[행][열]: images 가 나온 단계.
    step_seconds: 실행마다 단계별 시간(초)의 목록. 묶음이면 실행이 하나, 하나씩이면 칸마다 하나.
        첫 단계에는 준비 시간(그래프 만들기 등)이 들어 있습니다.
    """

    images: list
    final_images: list
    row_titles: list
    col_titles: list
    ratios: list
    layer_sets: list
    histories: list
    best_steps: list
    elapsed: float
    device: str
    network: str
    batched: bool
    step_seconds: list
    interrupted: bool = False
    stopped_reason: str = ""
    settings: dict = field(default_factory=dict)

    @property
    def steps_done(self) -> int:
        """모든 칸이 마친 단계 수."""
        return min(len(history["total"]) if history else 0 for row in self.histories for history in row)

    @property
    def seconds_per_step(self) -> float:
        """격자 전체(모든 칸)가 한 단계 나아가는 데 걸린 시간: 실행마다 첫 단계를 뺀 중앙값의 합."""
        return float(sum(np.median(times[1:] if len(times) > 1 else times) for times in self.step_seconds
                         if len(times)))

    def summary(self) -> str:
        """결과를 한 줄로 (한국어)."""
        rows, cols = len(self.row_titles), len(self.col_titles)
        how = "한 묶음으로" if self.batched else "하나씩"
        state = " (중간에 멈춤)" if self.interrupted else ""
        return (f"{rows}행 × {cols}열 = {rows * cols}칸을 {how}, {self.steps_done}단계{state}, "
                f"{self.elapsed:.1f}초 (격자 한 단계 {self.seconds_per_step:.2f}초), 장치: {self.device}")

    def figure(self, **options):
        """`nstlib.pictures.compare_grid` 로 격자를 그립니다 (옵션은 그대로 넘김: title, size)."""
        from .classroom.pictures import compare_grid

        return compare_grid(self.images, self.row_titles, self.col_titles, **options)


# ---------------------------------------------------------------- 입력 확인과 이름

def _check_ratios(ratios) -> list[float]:
    if isinstance(ratios, (int, float)):
        ratios = [ratios]
    try:
        ratios = list(ratios)
    except TypeError:
        raise NSTError(f"α/β 비율(ratios)은 수의 목록이어야 합니다 (예: [10, 1, 0.1]): {ratios!r}") from None
    if not ratios:
        raise NSTError("α/β 비율(ratios)을 하나 이상 주세요 (예: ratios=[10, 1, 0.1]).")
    # β = 1 / (α/β) 가 style_transfer 가 받는 범위(1e12 이하) 안에 들도록
    return [_check_number("α/β 비율(ratios)", ratio, 1e-12, 1e12) for ratio in ratios]


def _check_layer_sets(layer_sets) -> list:
    if layer_sets is None:
        return [dict(STYLE_LAYERS)]
    if isinstance(layer_sets, (str, dict)):
        layer_sets = [layer_sets]
    sets = list(layer_sets)
    if not sets:
        raise NSTError("스타일 층 묶음(layer_sets)을 하나 이상 주세요 (예: [['conv1_1', 'conv2_1'], "
                       "['conv1_1', 'conv2_1', 'conv3_1']]). 논문의 층을 쓰려면 None.")
    checked = []
    for layers in sets:
        if isinstance(layers, str):
            raise NSTError(f"스타일 층 묶음(layer_sets)의 각 항목은 층 이름의 목록이어야 합니다: '{layers}' 가 아니라 "
                           f"['{layers}'] 처럼 쓰세요. 예: layer_sets=[['conv1_1'], ['conv1_1', 'conv2_1']]")
        checked.append(_weights(layers if layers is not None else STYLE_LAYERS, "스타일"))
    return checked


def row_title(layers: dict) -> str:
    """층 묶음의 이름: 논문의 층을 conv1_1 부터 차례로 쓰면 'conv3_1 까지', 아니면 층 이름을 '+' 로 잇습니다.

    >>> row_title({"conv1_1": 0.5, "conv2_1": 0.5})
    'conv2_1 까지'
    >>> row_title({"conv2_1": 0.5, "conv4_1": 0.5})
    'conv2_1 + conv4_1'
    """
    names = list(layers)
    if names == list(STYLE_LAYERS)[: len(names)]:
        return f"{names[-1]} 까지"
    return " + ".join(names)


def col_title(ratio: float) -> str:
    """α/β 의 열 이름.

    >>> col_title(0.01)
    'α/β = 0.01'
    """
    return f"α/β = {ratio:g}"


def _empty(rows: int, cols: int, value=None) -> list:
    return [[value] * cols for _ in range(rows)]


# ---------------------------------------------------------------- 격자 만들기

def style_grid(content, style, ratios, layer_sets=None, *, size: int | None = None,
               steps: int | None = None, learning_rate: float = DEFAULTS["learning_rate"],
               tv_weight: float = DEFAULTS["tv_weight"], init=DEFAULTS["init"], seed: int = DEFAULTS["seed"],
               content_layers=None, style_blend=None, weights: str | None = None,
               architecture: str | None = None, pooling: str = DEFAULTS["pooling"], mode: str = DEFAULTS["mode"],
               batched: bool = True, compiled: bool = True, progress: bool = True) -> GridResult:
    """α/β × 스타일 층의 격자 (논문 그림 3): 행마다 층 묶음 하나, 열마다 α/β 하나.

    칸 (행 r, 열 c) 는 ``style_transfer(content, style, alpha=1, beta=1/ratios[c], style_layers=layer_sets[r],
    ...)`` 와 같은 그림입니다. batched=True (기본) 면 모든 칸을 한 묶음으로 함께 최적화하고, False 면
    `style_transfer` 로 하나씩 합니다. 이 과정의 2코어 CPU 에서 8칸 격자의 묶음은 전체 약 0.6 배의 시간이
    들었고(신경망과 그래프를 한 번만 만듦; 한 단계는 0.9~1.0 배) 메모리는 1.1~1.3 배였습니다 (benchmarks/README.md). 두 방법의 결과는 (부동소수점 오차 안에서) 같습니다.

    Args:
        content, style: 이미지 (경로, 예제 이름, 배열 ...). style 은 목록이어도 됩니다 (style_blend 로 섞음).
        ratios: 열마다의 α/β (0 보다 큰 수의 목록). α = 1, β = 1 / (α/β).
        layer_sets: 행마다의 스타일 층 (목록 또는 {층: 가중치}) 의 목록. None 이면 논문의 층으로 한 행.
        size, steps, learning_rate, tv_weight, init, seed, content_layers, style_blend, weights, architecture,
            pooling, mode, compiled: `style_transfer` 와 같음 (size, steps 를 주지 않으면 장치에 맞춰).
            모든 칸이 같은 값을 씁니다.
        batched: True 면 한 묶음으로 (빠른 길), False 면 하나씩 (기준). 메모리가 모자라면 False.
        progress: 진행 막대를 보여 줄지.

    >>> grid = style_grid("countryside", "swirl", [1, 0.1], [["conv1_1", "conv2_1"], None],
    ...                   size=128, steps=100)                                   # doctest: +SKIP
    >>> len(grid.images), len(grid.images[0])                                    # doctest: +SKIP
    (2, 2)
    """
    from .examples import open_image
    from .optimization import MIN_SHORT_SIDE, MIN_SIZE, check_seed

    defaults = device_defaults()     # style_transfer 처럼: 주지 않으면 장치에 맞춘 크기와 단계 수
    size = int(_check_number("이미지 크기(size)", defaults["size"] if size is None else size, MIN_SIZE, 4096))
    steps = int(_check_number("단계 수(steps)", defaults["steps"] if steps is None else steps, 0, 1_000_000))
    learning_rate = _check_number("학습률(learning_rate)", learning_rate, 1e-6, 1.0)
    tv_weight = _check_number("TV 가중치(tv_weight)", tv_weight, 0.0, 1e12)
    check_init(init)
    seed = check_seed(seed)
    _check_mode(mode)
    ratios = _check_ratios(ratios)
    sets = _check_layer_sets(layer_sets)
    weights = str(weights if weights is not None else default_weights())
    architecture = architecture or default_architecture(weights)
    settings = dict(size=size, steps=steps, tv_weight=tv_weight, learning_rate=learning_rate,
                    init=init if isinstance(init, str) else "image", seed=seed, weights=weights,
                    architecture=architecture, pooling=pooling, mode=mode, compiled=compiled)
    titles = [row_title(layers) for layers in sets], [col_title(ratio) for ratio in ratios]
    options = dict(size=size, steps=steps, learning_rate=learning_rate, tv_weight=tv_weight, init=init,
                   seed=seed, content_layers=content_layers, style_blend=style_blend, weights=weights,
                   architecture=architecture, pooling=pooling, mode=mode, compiled=compiled)

    start = time.perf_counter()
    if batched:
        with spelled_as({"max_size": "size"}):
            content_image = open_image(content, size, min_side=MIN_SHORT_SIDE)
            style_images = [open_image(s, size, min_side=MIN_SHORT_SIDE)
                            for s in (style if isinstance(style, (list, tuple)) else [style])]

        def extractor_factory(layers):
            return feature_extractor(layers, architecture, weights, pooling, seed)

        cells = [(layers, ratio) for layers in sets for ratio in ratios]   # 행 우선 (row-major)
        loss_fn = GridLoss.build(extractor_factory, content_image, style_images, [layers for layers, _ in cells],
                                 [1.0] * len(cells), [1.0 / ratio for _, ratio in cells], style_blend,
                                 content_layers, tv_weight, mode)
        first = initial_image(init, content_image, style_images[0], seed)
        result = _optimize_batch(loss_fn, np.repeat(first[np.newaxis], len(cells), axis=0), steps,
                                 learning_rate, compiled, progress, len(ratios), start)
        if result is not None:
            result.update(row_titles=titles[0], col_titles=titles[1], ratios=ratios, layer_sets=sets,
                          settings=settings, batched=True)
            return GridResult(**result)
    result = _one_after_another(content, style, ratios, sets, options, progress, start)
    result.update(row_titles=titles[0], col_titles=titles[1], ratios=ratios, layer_sets=sets,
                  settings=settings, batched=False)
    return GridResult(**result)


def _optimize_batch(loss_fn: GridLoss, init: np.ndarray, steps: int, learning_rate: float, compiled: bool,
                    progress: bool, cols: int, start: float) -> dict | None:
    """모든 칸을 한 묶음으로 최적화합니다. `optimization.optimize` 와 같은 규칙을 칸마다 따릅니다.

    손실이 NaN/무한대가 되면 None 을 돌려줍니다 (그러면 `style_grid` 가 칸마다 하나씩 다시 합니다: 하나씩
    할 때는 문제가 된 칸만 학습률을 줄여 다시 시도하기 때문).
    """
    device = detect_device()
    cells = init.shape[0]
    image = tf.Variable(np.asarray(init, np.float32))
    optimizer = make_optimizer(learning_rate, image)      # style_transfer 와 같은 Adam
    scale = gradient_scale(loss_fn, init)                 # 칸마다 시작 기울기의 크기 (B, 1, 1, 1)
    step_fn = make_step(loss_fn, optimizer, compiled, gradient_scale=scale)   # 같은 한 단계 (기울기, Adam, [0, 1])

    history = {name: [] for name in LOSS_NAMES}
    last_good = image.numpy()
    best_images, best_loss = last_good.copy(), np.full(cells, np.inf)
    best_steps = np.zeros(cells, int)
    interrupted, reason = False, ""
    times, tick = [], start
    bar = display.progress(steps, f"격자 {cells}칸 한 묶음") if progress and steps else None
    step = 0
    try:
        with tf.device(device.tf_device):
            while step < steps:
                losses = {name: value.numpy().astype(np.float64) for name, value in step_fn(image).items()}
                current = image.numpy()
                if not all(np.isfinite(v).all() for v in losses.values()) or not np.isfinite(current).all():
                    display.notice(f"격자를 한 묶음으로 최적화하다가 {step}단계에서 손실이 NaN/무한대가 되었습니다. "
                                   f"칸마다 하나씩 처음부터 다시 합니다 (문제가 된 칸은 학습률을 줄여 다시 시도).",
                                   "warning")
                    return None
                # losses 는 이번 단계를 시작할 때의 이미지(last_good)의 손실입니다.
                better = losses["total"] < best_loss
                best_images[better] = last_good[better]
                best_loss[better] = losses["total"][better]
                best_steps[better] = step
                for name in LOSS_NAMES:
                    history[name].append(losses[name])
                step += 1
                last_good = current
                now = time.perf_counter()
                times.append(now - tick)
                tick = now
                if bar is not None:
                    bar.set_postfix(전체_평균=f"{losses['total'].mean():.3g}", refresh=False)
                    bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
        reason = f"{step}단계에서 멈췄습니다. 칸마다 지금까지 가장 좋은 이미지를 돌려줍니다."
        display.notice(reason, "warning")
    finally:
        if bar is not None:
            bar.close()
    if not interrupted and step > 0:
        with tf.device(device.tf_device):
            final = loss_fn(tf.constant(last_good))["total"].numpy().astype(np.float64)
        better = final < best_loss
        best_images[better], best_steps[better] = last_good[better], step
        _warn_no_progress(best_steps, cols, history["total"] + [final], learning_rate)
    elapsed = time.perf_counter() - start

    def as_rows(values):      # 칸 b = 행 r · 열 수 + 열 c
        return [list(values[r * cols:(r + 1) * cols]) for r in range(cells // cols)]

    histories = [{name: [float(h[b]) for h in history[name]] for name in LOSS_NAMES} for b in range(cells)]
    return dict(images=as_rows(list(best_images)), final_images=as_rows(list(last_good)),
                histories=as_rows(histories), best_steps=as_rows([int(s) for s in best_steps]), elapsed=elapsed, device=device.summary,
                network=loss_fn.extractor.description, step_seconds=[times], interrupted=interrupted,
                stopped_reason=reason)


def _warn_no_progress(best_steps, cols: int, totals: list, learning_rate: float) -> None:
    """가장 좋은 것이 0단계인 칸들을, 일어난 일(발산 또는 멈춤)에 맞는 안내(`no_progress_advice`)별로 알립니다."""
    from .optimization import no_progress_advice

    stuck: dict[str, list] = {}
    for b, best_step in enumerate(best_steps):
        if best_step == 0:
            advice = no_progress_advice([float(t[b]) for t in totals], learning_rate)
            stuck.setdefault(advice, []).append("{}행 {}열".format(*(i + 1 for i in divmod(b, cols))))
    for advice, cells in stuck.items():
        display.notice(f"{', '.join(cells)} 칸: {advice}", "warning")


def _one_after_another(content, style, ratios, sets, options, progress: bool, start: float) -> dict:
    """칸마다 `style_transfer` 를 한 번씩 (기준이 되는 느린 길). 멈추면(Ctrl-C) 남은 칸은 None."""
    rows, cols = len(sets), len(ratios)
    images, final_images = _empty(rows, cols), _empty(rows, cols)
    histories, best_steps = _empty(rows, cols, {}), _empty(rows, cols, 0)
    step_seconds, interrupted, reasons = [], False, []
    device, network = detect_device().summary, ""
    total = rows * cols * options["steps"]
    bar = display.progress(total, f"격자 {rows * cols}칸 하나씩") if progress and total else None
    times, tick = [], [0.0]

    def record(step, image, losses):
        now = time.perf_counter()
        times.append(now - tick[0])
        tick[0] = now
        if bar is not None:
            bar.update(1)

    try:
        for r, c in ((r, c) for r in range(rows) for c in range(cols)):
            times, tick[0] = [], time.perf_counter()
            try:
                cell = style_transfer(content, style, alpha=1.0, beta=1.0 / ratios[c], style_layers=sets[r],
                                      callback=record, progress=False, **options)
            except KeyboardInterrupt:      # 최적화 반복문 밖(신경망 만들기 등)에서 멈춘 경우
                interrupted = True
                reasons.append(f"{r + 1}행 {c + 1}열을 시작하다가 멈췄습니다. 남은 칸은 비어 있습니다.")
                break
            step_seconds.append(times)
            images[r][c], final_images[r][c] = cell.best_image, cell.image
            histories[r][c], best_steps[r][c] = cell.history, cell.best_step
            device, network = cell.device, cell.network
            if cell.stopped_reason:
                reasons.append(f"{r + 1}행 {c + 1}열: {cell.stopped_reason}")
            if cell.interrupted:
                interrupted = True
                reasons.append("남은 칸은 비어 있습니다.")
                break
    finally:
        if bar is not None:
            bar.close()
    return dict(images=images, final_images=final_images, histories=histories, best_steps=best_steps,
                elapsed=time.perf_counter() - start, device=device, network=network, step_seconds=step_seconds,
                interrupted=interrupted, stopped_reason=" ".join(reasons))
