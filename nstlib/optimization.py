"""최적화(the optimisation): 손실이 줄어드는 쪽으로 이미지의 픽셀을 조금씩 바꿉니다.

신경망의 가중치는 그대로 두고, **이미지 자체가 학습되는 변수**입니다. 한 단계(step)는 이렇습니다:

1. `tf.GradientTape` 안에서 손실을 계산하고,
2. 손실을 이미지에 대해 미분한 기울기(gradient)를 얻고,
3. Adam 이 그 기울기로 픽셀을 고치고,
4. 픽셀 값을 [0, 1] 로 잘라 둡니다.

같은 단계를 두 가지로 돌릴 수 있습니다. 결과는 같습니다(같은 seed, CPU).

- **가르치는 반복문** (``compiled=False``): 파이썬이 한 줄씩 실행합니다(eager). 읽고 고치기 쉽습니다.
- **빠른 경로** (``compiled=True``, 기본값): 같은 `train_step` 을 `tf.function` 으로 한 번 그래프로 만들어
  되풀이합니다.

>>> result = style_transfer("countryside", "swirl", size=128, steps=50)   # doctest: +SKIP
>>> result.best_image.shape                                               # doctest: +SKIP
(96, 128, 3)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf

from . import display
from .device import detect_device
from .errors import NSTError
from .losses import StyleTransferLoss
from .network import default_architecture, default_weights, feature_extractor

# 기본 설정. 고른 까닭은 docs/defaults.md 에 (그림과 함께) 적었습니다.
DEFAULTS = {
    "size": 256,            # 긴 변의 픽셀 수
    "steps": 200,
    "ratio": 1.0,           # α/β (크기에 무관한 손실에서)
    "tv_weight": 1.0,
    "learning_rate": 0.02,
    "init": "content",
    "pooling": "avg",
    "mode": "relative",
    "seed": 0,
}

LOSS_NAMES = ("content", "style", "tv", "total")


@dataclass
class Result:
    """최적화의 결과.

    image: 마지막 이미지, best_image: 전체 손실이 가장 낮았던 이미지 (둘 다 (H, W, 3) float32 [0, 1]).
    history: {'content': [...], 'style': [...], 'tv': [...], 'total': [...]} 단계마다의 손실.
    snapshots: [(단계, 이미지), ...] — 0단계(시작 이미지)부터 `snapshot_every` 단계마다, 그리고 마지막.
    """

    image: np.ndarray
    best_image: np.ndarray
    best_step: int
    history: dict
    snapshots: list
    elapsed: float
    device: str
    network: str
    steps_done: int
    interrupted: bool = False
    stopped_reason: str = ""
    settings: dict = field(default_factory=dict)

    @property
    def seconds_per_step(self) -> float:
        return self.elapsed / max(self.steps_done, 1)

    def summary(self) -> str:
        """결과를 한 줄로 (한국어)."""
        state = " (중간에 멈춤)" if self.interrupted else ""
        return (f"{self.steps_done}단계{state}, {self.elapsed:.1f}초 ({self.seconds_per_step:.2f}초/단계), "
                f"장치: {self.device}, 가장 좋은 단계: {self.best_step}")


def make_optimizer(learning_rate: float, image: tf.Variable):
    """Adam. β1=0.99 는 TensorFlow 튜토리얼을 따름; 손실의 크기에 흔들리지 않도록 ε 은 작게 둠."""
    import keras

    optimizer = keras.optimizers.Adam(learning_rate=learning_rate, beta_1=0.99, epsilon=1e-8)
    optimizer.build([image])   # Adam 의 변수를 미리 만들어 둠 (tf.function 안에서 만들지 않도록)
    return optimizer


def train_step(image: tf.Variable, loss_fn, optimizer) -> dict:
    """최적화의 한 단계. 손실을 계산하고(그 이미지의 손실을 돌려줌), 이미지를 한 번 고칩니다."""
    with tf.GradientTape() as tape:
        losses = loss_fn(image)
    gradient = tape.gradient(losses["total"], image)
    optimizer.apply_gradients([(gradient, image)])
    image.assign(tf.clip_by_value(image, 0.0, 1.0))
    return losses


def make_step(loss_fn, optimizer, compiled: bool):
    """한 단계를 부르는 함수: compiled=False 면 그냥 `train_step` (eager), True 면 `tf.function` 으로 묶은 것."""
    def step(image):
        return train_step(image, loss_fn, optimizer)

    return tf.function(step, autograph=False) if compiled else step


def initial_image(init, content: np.ndarray, style: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
    """시작 이미지: "noise"(백색 잡음), "content", "style"(콘텐츠 크기로 맞춤) 또는 이미지 배열."""
    shape = content.shape
    if isinstance(init, str):
        if init == "noise":
            return np.random.default_rng(seed).uniform(0.0, 1.0, shape).astype(np.float32)
        if init == "content":
            return content.astype(np.float32)
        if init == "style" and style is not None:
            return tf.image.resize(style, shape[:2], method="bicubic", antialias=True).numpy().clip(0, 1)
        raise NSTError(f"시작 이미지(init)는 'noise', 'content', 'style' 또는 이미지여야 합니다: '{init}'")
    array = np.asarray(init, dtype=np.float32)
    if array.ndim != 3 or array.shape[-1] != 3:
        raise NSTError(f"시작 이미지 배열의 모양은 (높이, 너비, 3) 이어야 합니다: {array.shape}")
    if not np.isfinite(array).all():
        raise NSTError("시작 이미지 배열에 NaN 이나 무한대 값이 있습니다. [0, 1] 사이의 값으로 된 이미지를 주세요.")
    if array.shape != shape:
        array = tf.image.resize(array, shape[:2], method="bicubic", antialias=True).numpy()
    return array.clip(0, 1)


def _check_number(name: str, value, low: float, high: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise NSTError(f"{name} 에는 수를 넣어야 합니다: {value!r}") from None
    if not (low <= value <= high) or math.isnan(value):
        raise NSTError(f"{name} = {value:g} 은(는) 쓸 수 없는 값입니다. {low:g} 과 {high:g} 사이로 정하세요.")
    return value


def optimize(loss_fn: StyleTransferLoss, init: np.ndarray, steps: int = DEFAULTS["steps"],
             learning_rate: float = DEFAULTS["learning_rate"], compiled: bool = True,
             snapshot_every: int = 0, callback=None, callback_every: int = 1,
             progress: bool = True, max_retries: int = 3) -> Result:
    """`init` 에서 시작해 `loss_fn` 의 전체 손실을 Adam 으로 줄입니다.

    Args:
        loss_fn: 이미지 → {'content','style','tv','total'} 인 함수 (보통 StyleTransferLoss).
        init: 시작 이미지 (H, W, 3) [0, 1].
        compiled: True 면 빠른 경로(tf.function), False 면 가르치는 반복문(eager). 결과는 같습니다.
        snapshot_every: k 단계마다 이미지를 result.snapshots 에 저장 (0 이면 처음과 끝만).
        callback: callback_every 단계마다 callback(step, image, losses) 를 부릅니다. image 는 step 번 고친 뒤의
            이미지, losses 는 그 단계를 시작할 때 이미지의 손실(float 의 dict, history 의 마지막 값)입니다.
        progress: 진행 막대를 보여 줄지.
        max_retries: 손실이 NaN/inf 가 되면 마지막 좋은 이미지로 돌아가 학습률을 반으로 줄여 다시 합니다.
            그것을 몇 번까지 할지. 넘으면 멈추고 알립니다.

    Ctrl-C (노트북의 ■ 정지 버튼)로 멈추면 오류 대신 지금까지 가장 좋은 이미지를 담은 결과를 돌려줍니다.
    """
    steps = int(_check_number("단계 수(steps)", steps, 0, 1_000_000))
    learning_rate = _check_number("학습률(learning_rate)", learning_rate, 1e-6, 1.0)
    device = detect_device()
    image = tf.Variable(np.asarray(init, np.float32))
    optimizer = make_optimizer(learning_rate, image)
    step_fn = make_step(loss_fn, optimizer, compiled)

    history = {name: [] for name in LOSS_NAMES}
    last_good = image.numpy()
    snapshots = [(0, last_good)]
    best_image, best_loss, best_step = last_good, float("inf"), 0
    retries, interrupted, reason = 0, False, ""
    bar = display.progress(steps, "스타일 전이") if progress and steps else None
    start = time.perf_counter()
    step = 0
    try:
        with tf.device(device.tf_device):
            while step < steps:
                losses = {k: float(v) for k, v in step_fn(image).items()}
                current = image.numpy()
                if not all(map(math.isfinite, losses.values())) or not np.isfinite(current).all():
                    if retries >= max_retries:
                        reason = (f"손실이 계속 NaN/무한대가 되어 {step}단계에서 멈췄습니다. "
                                  f"학습률이나 가중치(α, β, TV)를 줄여 다시 해 보세요.")
                        display.notice(reason, "error")
                        break
                    retries += 1
                    learning_rate /= 2
                    display.notice(f"{step}단계에서 손실이 NaN/무한대가 되었습니다. 마지막으로 괜찮았던 이미지로 "
                                   f"돌아가 학습률을 {learning_rate:g} 로 줄여 계속합니다.", "warning")
                    image.assign(last_good)
                    optimizer = make_optimizer(learning_rate, image)   # Adam 의 기억(모멘트)도 새로
                    step_fn = make_step(loss_fn, optimizer, compiled)
                    continue
                # losses 는 이번 단계를 시작할 때의 이미지(last_good)의 손실입니다.
                if losses["total"] < best_loss:
                    best_image, best_loss, best_step = last_good, losses["total"], step
                for name in LOSS_NAMES:
                    history[name].append(losses[name])
                step += 1
                last_good = current
                if snapshot_every and step % snapshot_every == 0:
                    snapshots.append((step, last_good))
                if callback is not None and step % max(int(callback_every), 1) == 0:
                    callback(step, last_good, losses)
                if bar is not None:
                    bar.set_postfix(전체=f"{losses['total']:.3g}", 콘텐츠=f"{losses['content']:.3g}",
                                    스타일=f"{losses['style']:.3g}", refresh=False)
                    bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
        reason = f"{step}단계에서 멈췄습니다. 지금까지 가장 좋은 이미지({best_step}단계)를 돌려줍니다."
        display.notice(reason, "warning")
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - start
    if step > 0 and best_step == 0 and not reason:
        display.notice("결과가 시작 이미지보다 나아지지 않았습니다(가장 좋은 것이 0단계). α/β 를 줄여 스타일을 "
                       "강하게 하거나, 학습률·단계 수를 늘려 보세요.", "warning")
    if not snapshots or snapshots[-1][0] != step:
        snapshots.append((step, last_good))
    if not interrupted and not reason and step > 0:
        final = {k: float(v) for k, v in loss_fn(tf.constant(last_good)).items()}
        if final["total"] < best_loss:
            best_image, best_loss, best_step = last_good, final["total"], step
    return Result(image=last_good, best_image=best_image, best_step=best_step, history=history,
                  snapshots=snapshots, elapsed=elapsed, device=device.summary,
                  network=getattr(getattr(loss_fn, "extractor", None), "description", ""),
                  steps_done=step, interrupted=interrupted, stopped_reason=reason)


def style_transfer(content, style, *, size: int = DEFAULTS["size"], steps: int = DEFAULTS["steps"],
                   alpha: float = 1.0, beta: float | None = None, tv_weight: float = DEFAULTS["tv_weight"],
                   learning_rate: float = DEFAULTS["learning_rate"], init=DEFAULTS["init"],
                   seed: int = DEFAULTS["seed"], content_layers=None, style_layers=None,
                   style_blend=None, weights: str | None = None, architecture: str | None = None,
                   pooling: str = DEFAULTS["pooling"], mode: str = DEFAULTS["mode"], compiled: bool = True,
                   snapshot_every: int = 0, callback=None, callback_every: int = 1,
                   progress: bool = True) -> Result:
    """콘텐츠 이미지의 모습에 스타일 이미지의 화풍을 입힙니다 (Gatys et al. 2015).

    Args:
        content, style: 이미지 (경로, 예제 이름, 배열, 업로드한 파일 ...). style 은 목록이어도 됩니다.
        size: 긴 변의 픽셀 수. steps: 최적화 단계 수.
        alpha, beta: 전체 손실 α·L_content + β·L_style 의 가중치. beta 를 주지 않으면 α/β = DEFAULTS['ratio'].
        tv_weight: 총 변위 손실의 가중치 (잡티를 줄임). learning_rate: Adam 의 학습률.
        init: "content", "noise", "style" 또는 이미지. seed: 잡음과 무작위 가중치의 시드.
        content_layers, style_layers: 층 목록 또는 {층: 가중치} (None 이면 논문의 층).
        style_blend: 스타일 이미지가 여럿일 때 섞는 비율.
        weights, architecture, pooling: 신경망 (network.feature_extractor 참고).
        mode: 손실의 형태 "relative"(기본, 크기에 무관) 또는 "paper".
        compiled, snapshot_every, callback, callback_every, progress: `optimize` 참고.
    """
    from .examples import open_image

    size = int(_check_number("이미지 크기(size)", size, 32, 4096))
    _check_number("단계 수(steps)", steps, 0, 1_000_000)
    _check_number("학습률(learning_rate)", learning_rate, 1e-6, 1.0)
    if isinstance(init, str) and init not in ("content", "noise", "style"):
        raise NSTError(f"시작 이미지(init)는 'content', 'noise', 'style' 또는 이미지여야 합니다: '{init}'")
    alpha = _check_number("α (alpha)", alpha, 0.0, 1e12)
    beta = alpha / DEFAULTS["ratio"] if beta is None else _check_number("β (beta)", beta, 0.0, 1e12)
    tv_weight = _check_number("TV 가중치(tv_weight)", tv_weight, 0.0, 1e12)
    if alpha == 0 and beta == 0:
        raise NSTError("α 와 β 가 모두 0 이면 바꿀 것이 없습니다. 둘 중 하나는 0 보다 크게 하세요.")
    content_image = open_image(content, size)
    style_images = [open_image(s, size) for s in (style if isinstance(style, (list, tuple)) else [style])]
    weights = str(weights if weights is not None else default_weights())
    architecture = architecture or default_architecture(weights)

    def extractor_factory(layers):
        return feature_extractor(layers, architecture, weights, pooling, seed)

    loss_fn = StyleTransferLoss.build(extractor_factory, content_image, style_images, style_blend,
                                      content_layers, style_layers, alpha, beta, tv_weight, mode)
    start = initial_image(init, content_image, style_images[0], seed)
    result = optimize(loss_fn, start, steps, learning_rate, compiled, snapshot_every, callback,
                      callback_every, progress)
    result.settings = dict(size=size, steps=steps, alpha=alpha, beta=beta, tv_weight=tv_weight,
                           learning_rate=learning_rate, init=init if isinstance(init, str) else "image",
                           seed=seed, weights=weights, architecture=architecture, pooling=pooling, mode=mode)
    return result


def reconstruct(image, *, content_layers=None, style_layers=None, size: int = DEFAULTS["size"],
                steps: int = DEFAULTS["steps"], learning_rate: float = 0.05, seed: int = DEFAULTS["seed"],
                **options) -> Result:
    """백색 잡음에서 시작해 한 이미지의 콘텐츠 표현만, 또는 스타일 표현만 되살립니다 (논문 그림 1).

    content_layers 를 주면 그 층의 특징을 맞추고(아래 줄), style_layers 를 주면 그 층들의 그램 행렬을
    맞춥니다(위 줄). 나머지 옵션은 `style_transfer` 와 같습니다.

    >>> reconstruct("building", content_layers=["conv4_2"], size=128, steps=100)   # doctest: +SKIP
    """
    if not content_layers and not style_layers:
        raise NSTError("되살릴 층을 content_layers 나 style_layers 로 하나 이상 고르세요 (예: ['conv4_2']).")
    # 쓰지 않는 쪽에는 가중치 0 인 층을 하나 둡니다: 이미 계산하는 층을 골라 신경망을 더 깊이 돌리지 않도록.
    unused = {next(iter(style_layers or content_layers)): 0.0}
    options.setdefault("init", "noise")
    options.setdefault("tv_weight", 0.0)
    return style_transfer(image, image, size=size, steps=steps, learning_rate=learning_rate, seed=seed,
                          alpha=1.0 if content_layers else 0.0, beta=1.0 if style_layers else 0.0,
                          content_layers=content_layers or unused, style_layers=style_layers or unused, **options)
