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

더 빨리 좋은 그림에 닿는 방법도 고를 수 있습니다 (benchmarks/README.md 에 잰 값):

- ``optimizer="lbfgs"``: 논문의 원래 구현처럼 L-BFGS (scipy 의 L-BFGS-B, 픽셀 범위 [0, 1] 을 지킴).
  지난 몇 단계의 기울기로 곡률을 어림해 Adam 보다 훨씬 적은 단계로 수렴합니다.
- ``coarse_to_fine=k``: 절반 크기로 k 번 줄인 작은 그림에서 먼저 그린 뒤, 키워서 이어 그립니다.

>>> result = style_transfer("countryside", "swirl", size=128, steps=50)   # doctest: +SKIP
>>> result.best_image.shape                                               # doctest: +SKIP
(96, 128, 3)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import tensorflow as tf

from . import display
from .device import detect_device
from .errors import NSTError, option, spelled_as
from .losses import StyleTransferLoss
from .network import default_architecture, default_weights, feature_extractor

# 기본 설정. 고른 까닭은 docs/defaults.md 에 (그림과 함께) 적었습니다.
DEFAULTS = {
    "size": 256,            # 긴 변의 픽셀 수 (CPU). GPU 에서는 GPU_DEFAULTS
    "steps": 200,
    "ratio": 0.5,           # α/β (크기에 무관한 손실에서; docs/defaults.md)
    "tv_weight": 1.0,
    "learning_rate": 0.02,
    "init": "matched",      # 콘텐츠 사진을 스타일 그림의 색으로 칠해서 시작 (docs/defaults.md)
    "pooling": "avg",
    "mode": "relative",
    "seed": 0,
    "optimizer": "adam",
    "checkpoint_every": 50,
}
# GPU 는 CPU 보다 10~30 배 빨라서, 같은 기다림으로 더 큰 그림을 그립니다.
GPU_DEFAULTS = {"size": 512, "steps": 300}

LOSS_NAMES = ("content", "style", "tv", "total")
INITS = ("content", "noise", "style", "matched")
OPTIMIZERS = ("adam", "lbfgs")
PRECISIONS = ("float32", "mixed")
MAX_LEARNING_RATE = 1.0    # 픽셀 값이 [0, 1] 이므로, 한 단계에 1 보다 크게 움직이는 학습률은 뜻이 없음
MIN_SIZE = 32              # size(긴 변)의 최솟값
MIN_SHORT_SIDE = 16
"""스타일 전이가 받는 그림의 가장 짧은 변(픽셀). VGG 는 conv5_1 앞에서 네 번 풀링해 가로·세로를 1/16 로
줄이므로, 16 픽셀이면 conv5_1 에 한 칸(1×1)이 남고 15 픽셀이면 하나도 남지 않습니다. 그래서 최솟값 32 는
긴 변(size)에 쓰고 (4:3 사진은 32×24), 길쭉한 그림의 짧은 변은 16 픽셀까지 받습니다."""
OOM_SHRINK = 0.7            # 메모리가 모자라면 긴 변을 0.7 배로 (픽셀 수는 약 절반)

# 실행마다 새 tf.function 을 만드는 것은 일부러입니다 (손실 함수가 실행마다 다름). 그래서 몇 번 실행하면 TensorFlow
# 가 내는 영어 경고 "... triggered tf.function retracing ..." 는 학생이 할 일이 없는 말이라 화면에 내지 않습니다.
tf.get_logger().addFilter(lambda record: "triggered tf.function retracing" not in record.getMessage())


def device_defaults(device=None) -> dict:
    """장치에 맞춘 기본 크기와 단계 수: GPU 면 512 px · 300단계, CPU 면 256 px · 200단계."""
    device = device or detect_device()
    if device.is_gpu:
        return dict(GPU_DEFAULTS)
    return {"size": DEFAULTS["size"], "steps": DEFAULTS["steps"]}


@dataclass
class Result:
    """최적화의 결과.

    image: 마지막 이미지, best_image: 전체 손실이 가장 낮았던 이미지 (둘 다 (H, W, 3) float32 [0, 1]).
    history: {'content': [...], 'style': [...], 'tv': [...], 'total': [...]} 단계마다의 손실.
    snapshots: [(단계, 이미지), ...] — 0단계(시작 이미지)부터 `snapshot_every` 단계마다, 그리고 마지막.
    checkpoint: 체크포인트 파일 경로 (체크포인트를 쓰지 않았으면 "").
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
    checkpoint: str = ""

    @property
    def seconds_per_step(self) -> float:
        return self.elapsed / max(self.steps_done, 1)

    def summary(self) -> str:
        """결과를 한 줄로 (한국어)."""
        state = " (중간에 멈춤)" if self.interrupted else ""
        return (f"{self.steps_done}단계{state}, {self.elapsed:.1f}초 ({self.seconds_per_step:.2f}초/단계), "
                f"장치: {self.device}, 가장 좋은 단계: {self.best_step}")


ADAM_EPSILON = 0.1   # 기울기를 시작 기울기의 크기(RMS)로 나눈 단위에서 (docs/defaults.md)


def make_optimizer(learning_rate: float, image: tf.Variable):
    """Adam. β1=0.99 는 TensorFlow 튜토리얼을 따름. ε = 0.1 은 `gradient_scale` 로 나눈 기울기의 단위입니다."""
    import keras

    optimizer = keras.optimizers.Adam(learning_rate=learning_rate, beta_1=0.99, epsilon=ADAM_EPSILON)
    optimizer.build([image])   # Adam 의 변수를 미리 만들어 둠 (tf.function 안에서 만들지 않도록)
    return optimizer


def gradient_scale(loss_fn, image) -> np.ndarray:
    """시작 이미지에서 전체 손실의 기울기 크기 (픽셀마다 기울기의 제곱 평균의 제곱근, RMS).

    Adam 은 기울기를 그 크기의 이동 평균으로 나누어 쓰므로 기울기의 단위와 상관없이 움직입니다. ε 만 빼고:
    ε 은 기울기와 같은 단위입니다. 손실의 크기는 신경망, 그림 크기, α/β 에 따라 몇 자리씩 달라지므로, 기울기를
    이 값으로 나누어 단위를 없앤 뒤 ε = `ADAM_EPSILON` 을 씁니다. 그러면 기울기가 전형적인 값보다 훨씬 작은
    픽셀(하늘, 벽 같은 평평한 곳)은 기울기에 비례해 조금만 움직이고, 무지개색 잡티가 생기지 않습니다.
    묶음 (B, H, W, 3) 이면 칸마다 하나씩, 모양 (B, 1, 1, 1).
    """
    image = tf.convert_to_tensor(np.asarray(image, np.float32))
    with tf.GradientTape() as tape:
        tape.watch(image)
        total = loss_fn(image)["total"]
    gradient = tape.gradient(total, image).numpy().astype(np.float64)
    batched = gradient.ndim == 4 and np.ndim(total) == 1
    axes = (1, 2, 3) if batched else None
    rms = np.sqrt(np.mean(np.square(gradient), axis=axes, keepdims=batched))
    rms = np.where(np.isfinite(rms) & (rms > 0), rms, 1.0)     # 기울기가 0 이면 (이미 맞음) 나누지 않음
    return rms.astype(np.float32)


def train_step(image: tf.Variable, loss_fn, optimizer, gradient_scale=1.0) -> dict:
    """최적화의 한 단계. 손실을 계산하고(그 이미지의 손실을 돌려줌), 이미지를 한 번 고칩니다.

    gradient_scale: 기울기를 나눌 값 (`gradient_scale(loss_fn, 시작 이미지)`; Adam 의 ε 이 뜻을 갖도록).
    """
    scale = getattr(getattr(loss_fn, "extractor", None), "loss_scale", 1.0)
    with tf.GradientTape() as tape:
        losses = loss_fn(image)
        scaled = losses["total"] * scale    # float16 계산에서 작은 기울기가 0 이 되지 않도록 (보통 scale=1)
    gradient = tape.gradient(scaled, image) / scale / gradient_scale
    optimizer.apply_gradients([(gradient, image)])
    image.assign(tf.clip_by_value(image, 0.0, 1.0))
    return losses


def make_step(loss_fn, optimizer, compiled: bool, xla: bool = False, gradient_scale=1.0):
    """한 단계를 부르는 함수: compiled=False 면 그냥 `train_step` (eager), True 면 `tf.function` 으로 묶은 것.

    xla=True 면 XLA 로 한 번 더 컴파일합니다 (GPU 에서 빨라질 수 있음; 이 과정의 CPU 에서는 더 느렸음).
    """
    gradient_scale = tf.constant(gradient_scale, tf.float32)

    def step(image):
        return train_step(image, loss_fn, optimizer, gradient_scale)

    if not compiled:
        return step
    return tf.function(step, autograph=False, jit_compile=bool(xla))


def initial_image(init, content: np.ndarray, style: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
    """시작 이미지: "noise"(백색 잡음), "content", "style"(콘텐츠 크기로 맞춤), "matched" 또는 이미지 배열.

    "matched" 는 콘텐츠 사진의 색 분포(평균, 공분산)를 스타일 그림의 것으로 바꾼 그림입니다
    (`colors.match_colors`). 얕은 층의 스타일 손실(색)이 처음부터 작아서, 같은 손실에 훨씬 빨리 닿습니다
    (benchmarks/README.md: 튜토리얼 단계 수의 ⅓ 로 같은 점수).
    """
    shape = content.shape
    if isinstance(init, str):
        if init == "noise":
            return np.random.default_rng(seed).uniform(0.0, 1.0, shape).astype(np.float32)
        if init == "content":
            return content.astype(np.float32)
        if init == "style" and style is not None:
            return resize_to(style, shape[:2])
        if init == "matched" and style is not None:
            from .colors import match_colors

            return match_colors(content, style).astype(np.float32).clip(0, 1)
        raise _bad_init(init)
    try:
        array = np.asarray(init, dtype=np.float32)
    except (TypeError, ValueError):
        raise NSTError(f"시작 이미지(init)를 수의 배열로 바꿀 수 없습니다 ({type(init).__name__}). 'content', "
                       "'noise', 'style', 'matched' 중 하나나 (높이, 너비, 3) 모양의 [0, 1] 배열을 주세요.") from None
    if array.ndim != 3 or array.shape[-1] != 3:
        raise NSTError(f"시작 이미지 배열의 모양은 (높이, 너비, 3) 이어야 합니다: {array.shape}")
    if not np.isfinite(array).all():
        raise NSTError("시작 이미지 배열에 NaN 이나 무한대 값이 있습니다. [0, 1] 사이의 값으로 된 이미지를 주세요.")
    return resize_to(array, shape[:2])


def resize_to(image: np.ndarray, shape) -> np.ndarray:
    """이미지를 (높이, 너비) 로 맞춥니다 (이미 그 크기면 그대로). 값은 [0, 1] 로 자름."""
    image = np.asarray(image, np.float32)
    if tuple(image.shape[:2]) != tuple(shape):
        image = tf.image.resize(image, tuple(shape), method="bicubic", antialias=True).numpy()
    return image.clip(0, 1)


def _check_number(name: str, value, low: float, high: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise NSTError(f"{name} 에는 수를 넣어야 합니다: {value!r}") from None
    if not (low <= value <= high) or math.isnan(value):
        raise NSTError(f"{name} = {value:g} 은(는) 쓸 수 없는 값입니다. {low:g} 과 {high:g} 사이로 정하세요.")
    return value


def _bad_init(init) -> NSTError:
    names = ", ".join(f"'{name}'" for name in INITS)
    return NSTError(f"시작 이미지(init)는 {names} 또는 이미지여야 합니다: '{init}'")


def check_init(init) -> None:
    """init 이 글자라면 INITS 중 하나인지 확인합니다 (아니면 한국어 NSTError). 이미지(배열, 경로)는 그대로 통과."""
    if isinstance(init, str) and init not in INITS:
        raise _bad_init(init)


MAX_SEED = 2**32 - 1


def check_seed(seed) -> int:
    """시드(seed)는 0 이상 2³²−1 이하의 정수 (numpy 의 난수 생성기가 받는 값). 아니면 한국어 NSTError."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise NSTError(f"시드({option('seed')})는 0 이상 {MAX_SEED} 이하의 정수여야 합니다 (받은 값: {seed!r}). "
                       f"같은 시드면 같은 그림이 나옵니다. 예: {option('seed', 0)}")
    return int(seed)


def check_run_options(snapshot_every=0, callback=None, callback_every=1, checkpoint_every=0) -> tuple[int, int, int]:
    """실행을 지켜보는 설정들을 확인합니다: 간격은 0 이상의 정수(0·None 은 '하지 않음'), callback 은 함수.

    (snapshot_every, callback_every, checkpoint_every) 를 정수로 돌려줍니다 (callback_every 의 0 은 1).
    """
    def every(name, value):
        return int(_check_number(option(name), value or 0, 0, 1e12))

    if callback is not None and not callable(callback):
        raise NSTError(f"callback 은 callback(step, image, losses) 처럼 부를 수 있는 함수여야 합니다 (받은 값: "
                       f"{callback!r}). 예: def show(step, image, losses): ...")
    return (every("snapshot_every", snapshot_every), max(every("callback_every", callback_every), 1),
            every("checkpoint_every", checkpoint_every))


def _check_choice(name: str, value, choices) -> str:
    if value not in choices:
        raise NSTError(f"{name} 은(는) {', '.join(repr(c) for c in choices)} 중 하나여야 합니다: {value!r}")
    return value


# ---------------------------------------------------------------------------------------------
# 한 번의 실행에서 기록하는 것들 (Adam 과 L-BFGS 가 함께 씀)
# ---------------------------------------------------------------------------------------------

class OutOfMemory(Exception):
    """메모리가 모자라 멈춤. `best_image` 에 그때까지 가장 좋은 이미지를 담아 올려 보냅니다."""

    def __init__(self, best_image: np.ndarray, step: int):
        super().__init__("out of memory")
        self.best_image, self.step = best_image, step


class _Run:
    """손실의 역사, 가장 좋은 이미지, 스냅숏, 진행 막대, 콜백, 체크포인트."""

    def __init__(self, init: np.ndarray, steps: int, snapshot_every: int, callback, callback_every: int,
                 progress: bool, checkpoint=None, checkpoint_every: int = 0, state: dict | None = None):
        self.steps, self.snapshot_every = steps, int(snapshot_every or 0)
        self.callback, self.callback_every = callback, max(int(callback_every or 1), 1)
        self.checkpoint, self.checkpoint_every = checkpoint, int(checkpoint_every or 0)
        self.history = {name: [] for name in LOSS_NAMES}
        self.image = self.best_image = init
        self.best_loss, self.best_step, self.step = float("inf"), 0, 0
        self.snapshots = [(0, init)]
        self.elapsed_before = 0.0
        self.optimizer_values = []     # 마지막으로 기록한 단계의 Adam 상태 (체크포인트를 쓸 때만)
        self.gradient_scale = None     # Adam 이 기울기를 나누는 값 (시작 이미지에서 잼, 이어 하면 체크포인트의 값)
        if state:
            if "gradient_scale" in state:
                self.gradient_scale = float(state["gradient_scale"])
            self.step, self.best_step = int(state["step"]), int(state["best_step"])
            self.best_loss, self.elapsed_before = float(state["best_loss"]), float(state.get("elapsed", 0.0))
            self.image, self.best_image = state["image"], state["best_image"]
            self.history = {name: list(state["history"].get(name, [])) for name in LOSS_NAMES}
            self.snapshots = list(state["snapshots"]) or [(self.step, self.image)]
        self.bar = display.progress(steps, "스타일 전이") if progress and steps > self.step else None
        if self.bar is not None and self.step:
            self.bar.update(self.step)
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return self.elapsed_before + time.perf_counter() - self.start

    def record(self, losses: dict, scored: np.ndarray, image: np.ndarray, optimizer_state=None) -> None:
        """한 단계를 기록합니다. losses 는 `scored` 이미지의 손실, `image` 는 이 단계를 마친 이미지."""
        if losses["total"] < self.best_loss:
            self.best_image, self.best_loss, self.best_step = scored, losses["total"], self.step
        for name in LOSS_NAMES:
            self.history[name].append(losses[name])
        self.step += 1
        self.image = image
        if self.checkpoint is not None and optimizer_state is not None:
            self.optimizer_values = optimizer_state()   # 이미지와 같은 단계의 상태 (멈춰도 어긋나지 않게)
        if self.snapshot_every and self.step % self.snapshot_every == 0:
            self.snapshots.append((self.step, image))
        if self.checkpoint is not None and self.checkpoint_every and self.step % self.checkpoint_every == 0:
            self.save()
        if self.callback is not None and self.step % self.callback_every == 0:
            self.callback(self.step, image, losses)
        if self.bar is not None:
            self.bar.set_postfix(전체=f"{losses['total']:.3g}", 콘텐츠=f"{losses['content']:.3g}",
                                 스타일=f"{losses['style']:.3g}", refresh=False)
            self.bar.update(1)

    def state(self) -> dict:
        return dict(step=self.step, best_step=self.best_step, best_loss=self.best_loss, elapsed=self.elapsed,
                    image=self.image, best_image=self.best_image, history=self.history,
                    snapshots=self.snapshots, optimizer=self.optimizer_values,
                    **({} if self.gradient_scale is None else {"gradient_scale": self.gradient_scale}))

    def save(self) -> None:
        """체크포인트를 씁니다. 쓰지 못하면 실행은 계속하고 한 번 알립니다 (그림이 체크포인트보다 중요)."""
        try:
            self.checkpoint.save(self.state())
        except NSTError as error:
            display.notice(f"체크포인트를 저장하지 못했습니다: {error} 그림 그리기는 계속합니다.", "warning")
            self.checkpoint = None

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------------------------------------
# Adam 반복문
# ---------------------------------------------------------------------------------------------

def _adam_state(optimizer):
    return lambda: [variable.numpy() for variable in optimizer.variables]


def _run_adam(loss_fn, run: _Run, learning_rate: float, compiled: bool, xla: bool, max_retries: int,
              optimizer_values=None) -> str:
    """Adam 으로 run.steps 단계까지. 멈춘 까닭(정상이면 "")을 돌려줍니다."""
    image = tf.Variable(np.asarray(run.image, np.float32))
    if run.gradient_scale is None:          # 이어 하기가 아니면 시작 이미지에서 한 번 잼
        run.gradient_scale = float(gradient_scale(loss_fn, run.image))
    optimizer = make_optimizer(learning_rate, image)
    if optimizer_values:
        for variable, value in zip(optimizer.variables, optimizer_values):
            variable.assign(value)
    step_fn = make_step(loss_fn, optimizer, compiled, xla, run.gradient_scale)
    retries = 0
    while run.step < run.steps:
        losses = {k: float(v) for k, v in step_fn(image).items()}
        current = image.numpy()
        if not all(map(math.isfinite, losses.values())) or not np.isfinite(current).all():
            if retries >= max_retries:
                reason = (f"손실이 계속 NaN/무한대가 되어 {run.step}단계에서 멈췄습니다. "
                          f"학습률({option('learning_rate')})이나 가중치(α, β, TV)를 줄여 다시 해 보세요.")
                display.notice(reason, "error")
                return reason
            retries += 1
            learning_rate = float(optimizer.learning_rate.numpy()) / 2
            display.notice(f"{run.step}단계에서 손실이 NaN/무한대가 되었습니다. 마지막으로 괜찮았던 이미지로 "
                           f"돌아가 학습률을 {learning_rate:g} 로 줄여 계속합니다.", "warning")
            image.assign(run.image)
            optimizer = make_optimizer(learning_rate, image)   # Adam 의 기억(모멘트)도 새로
            step_fn = make_step(loss_fn, optimizer, compiled, xla, run.gradient_scale)
            continue
        # losses 는 이번 단계를 시작할 때의 이미지(run.image)의 손실입니다.
        run.record(losses, run.image, current, _adam_state(optimizer))
    return ""


def no_progress_advice(totals, learning_rate: float, optimizer: str = "adam", alpha: float | None = None) -> str:
    """가장 좋은 그림이 시작 그림(0단계)일 때의 안내. 실제로 일어난 일에 맞춰 말합니다.

    - 손실이 시작의 두 배를 넘게 커졌으면 **발산**(diverged)한 것입니다: 학습률이 커서 한 단계에 그림이 너무 많이
      바뀌므로 학습률을 줄여야 합니다 (키우면 더 나빠집니다). α = 0 이면 사진의 모습을 붙잡는 손실도 없습니다.
    - 그렇지 않으면 거의 **움직이지 않은** 것입니다: 스타일을 강하게(α/β 를 작게), 학습률을 크게, 단계를 많이.

    >>> no_progress_advice([1.0, 80.0, 40.0], 1.0, alpha=0.0)[:38]
    '결과가 시작 이미지보다 나아지지 않았습니다: 손실이 시작의 80배까지'
    """
    totals = [t for t in totals if math.isfinite(t)]
    head = "결과가 시작 이미지보다 나아지지 않았습니다"
    if optimizer == "adam" and len(totals) > 1 and totals[0] > 0 and max(totals) > 2 * totals[0]:
        smaller, growth = learning_rate / 10, max(totals) / totals[0]
        times = f"{growth:.0f}배까지" if growth < 1000 else "1000배 넘게"
        advice = (f"{head}: 손실이 시작의 {times} 커졌습니다 (발산, diverged). 학습률 "
                  f"{learning_rate:g} 에서는 한 단계에 그림이 너무 많이 바뀝니다. 학습률을 줄여 "
                  f"({option('learning_rate', float(f'{smaller:.1g}'))} 쯤) 다시 해 보세요.")
        if alpha == 0:
            advice += (f" 또 α 가 0 이라 사진의 모습을 붙잡아 두는 콘텐츠 손실이 없습니다. 사진을 남기려면 α 를 0 보다 "
                       f"크게 하세요 (예: {option('alpha', 1.0)}).")
        return advice
    tips = ["α/β 를 줄여 스타일을 강하게 하거나"] if alpha != 0 else []
    if optimizer == "adam" and learning_rate < MAX_LEARNING_RATE:
        tips.append(f"학습률({option('learning_rate')})을 키우거나")
    tips.append(f"단계 수({option('steps')})를 늘려 보세요.")
    return f"{head}(가장 좋은 것이 0단계). " + " ".join(tips)


def optimize(loss_fn: StyleTransferLoss, init: np.ndarray, steps: int = DEFAULTS["steps"],
             learning_rate: float = DEFAULTS["learning_rate"], compiled: bool = True,
             snapshot_every: int = 0, callback=None, callback_every: int = 1,
             progress: bool = True, max_retries: int = 3, *, optimizer: str = DEFAULTS["optimizer"],
             xla: bool = False, checkpoint=None, checkpoint_every: int = DEFAULTS["checkpoint_every"],
             state: dict | None = None) -> Result:
    """`init` 에서 시작해 `loss_fn` 의 전체 손실을 줄입니다.

    Args:
        loss_fn: 이미지 → {'content','style','tv','total'} 인 함수 (보통 StyleTransferLoss).
        init: 시작 이미지 (H, W, 3) [0, 1].
        compiled: True 면 빠른 경로(tf.function), False 면 가르치는 반복문(eager). 결과는 같습니다.
        snapshot_every: k 단계마다 이미지를 result.snapshots 에 저장 (0 이면 처음과 끝만).
        callback: callback_every 단계마다 callback(step, image, losses) 를 부릅니다. image 는 step 번 고친 뒤의
            이미지, losses 는 기록된 손실(float 의 dict, history 의 마지막 값)입니다. Adam 에서는 그 단계를
            시작할 때 이미지의 손실, L-BFGS 에서는 그 단계를 마친 이미지의 손실입니다.
        progress: 진행 막대를 보여 줄지.
        max_retries: 손실이 NaN/inf 가 되면 마지막 좋은 이미지로 돌아가 학습률을 반으로 줄여 다시 합니다.
            그것을 몇 번까지 할지. 넘으면 멈추고 알립니다.
        optimizer: "adam" 또는 "lbfgs" (steps 는 L-BFGS 의 반복 수).
        xla: 빠른 경로를 XLA 로 컴파일 (GPU 용 선택).
        checkpoint: `_Checkpoint` (style_transfer 가 만듦), checkpoint_every 단계마다 씁니다.
        state: 체크포인트에서 읽은 상태 (이어 하기).

    Ctrl-C (노트북의 ■ 정지 버튼)로 멈추면 오류 대신 지금까지 가장 좋은 이미지를 담은 결과를 돌려줍니다.
    메모리가 모자라면(OOM) 가장 좋은 이미지를 담은 `OutOfMemory` 를 올려 보냅니다 (style_transfer 가 크기를
    줄여 다시 함).
    """
    steps = int(_check_number(f"단계 수({option('steps')})", steps, 0, 1_000_000))
    learning_rate = _check_number(f"학습률({option('learning_rate')})", learning_rate, 1e-6, MAX_LEARNING_RATE)
    _check_choice("optimizer", optimizer, OPTIMIZERS)
    snapshot_every, callback_every, checkpoint_every = check_run_options(snapshot_every, callback, callback_every,
                                                                         checkpoint_every)
    device = detect_device()
    run = _Run(np.asarray(init, np.float32), steps, snapshot_every, callback, callback_every, progress,
               checkpoint, checkpoint_every, state)
    interrupted, reason = False, ""
    try:
        with tf.device(device.tf_device):
            if optimizer == "adam":
                reason = _run_adam(loss_fn, run, learning_rate, compiled, xla, max_retries,
                                   (state or {}).get("optimizer"))
            else:
                from .lbfgs import run_lbfgs

                reason = run_lbfgs(loss_fn, run, compiled)
    except KeyboardInterrupt:
        interrupted = True
        reason = f"{run.step}단계에서 멈췄습니다. 지금까지 가장 좋은 이미지({run.best_step}단계)를 돌려줍니다."
        display.notice(reason, "warning")
    except (tf.errors.ResourceExhaustedError, MemoryError):
        raise OutOfMemory(run.best_image, run.step) from None
    finally:
        run.close()
    if run.snapshots[-1][0] != run.step:
        run.snapshots.append((run.step, run.image))
    totals = list(run.history["total"])
    if not interrupted and not reason and run.step > 0 and optimizer == "adam":
        final = {k: float(v) for k, v in loss_fn(tf.constant(run.image)).items()}
        totals.append(final["total"])
        if final["total"] < run.best_loss:
            run.best_image, run.best_loss, run.best_step = run.image, final["total"], run.step
    if run.step > 0 and run.best_step == 0 and not reason:
        display.notice(no_progress_advice(totals, learning_rate, optimizer, getattr(loss_fn, "alpha", None)),
                       "warning")
    if run.checkpoint is not None:
        run.save()
    return Result(image=run.image, best_image=run.best_image, best_step=run.best_step, history=run.history,
                  snapshots=run.snapshots, elapsed=run.elapsed, device=device.summary,
                  network=getattr(getattr(loss_fn, "extractor", None), "description", ""),
                  steps_done=run.step, interrupted=interrupted, stopped_reason=reason,
                  checkpoint=str(run.checkpoint.path) if run.checkpoint is not None else "")


# ---------------------------------------------------------------------------------------------
# 스타일 전이: 이미지를 읽고, 손실을 만들고, (작은 크기부터) 최적화하고, 메모리가 모자라면 줄여서 다시
# ---------------------------------------------------------------------------------------------

@dataclass
class _Checkpoint:
    """한 실행의 체크포인트 파일: 설정과 입력 이미지는 고정, 상태는 쓸 때마다 새로."""

    path: Path
    settings: dict
    images: dict
    level: int = 0
    announced: bool = False

    def save(self, state: dict) -> None:
        from .checkpoints import announce, save_checkpoint

        save_checkpoint(self.path, self.settings, self.images, {**state, "level": self.level})
        if not self.announced:
            announce(self.path)
            self.announced = True


def level_sizes(size: int, coarse_to_fine: int, shape=None) -> list[int]:
    """작은 크기부터의 크기들: size=512, coarse_to_fine=2 → [128, 256, 512]. 긴 변은 MIN_SIZE 보다, (그림의
    모양 `shape` 를 주면) 짧은 변은 MIN_SHORT_SIDE 보다 작아지지 않습니다."""
    sizes = [size]
    for _ in range(int(coarse_to_fine)):
        smaller = sizes[0] // 2
        if smaller < MIN_SIZE or (shape is not None and min(_scaled_shape(shape, smaller)) < MIN_SHORT_SIDE):
            break
        sizes.insert(0, smaller)
    return sizes


def _style_size(shape, scale: float) -> int:
    """크기 단계에서 스타일 그림의 긴 변: 콘텐츠와 같은 비율로 줄이되 짧은 변이 MIN_SHORT_SIDE 보다 작아지지 않게."""
    long, short = max(shape[:2]), min(shape[:2])
    return min(long, max(round(long * scale), math.ceil(MIN_SHORT_SIDE * long / short)))


def _scaled_shape(shape, size: int) -> tuple[int, int]:
    """(높이, 너비) 를 긴 변이 size 가 되도록 (images 의 크기 규칙 그대로)."""
    from .images import _target_size

    width, height = _target_size(shape[1], shape[0], size)
    return height, width


def style_transfer(content, style, *, size: int | None = None, steps: int | None = None,
                   alpha: float = 1.0, beta: float | None = None, tv_weight: float = DEFAULTS["tv_weight"],
                   learning_rate: float = DEFAULTS["learning_rate"], init=DEFAULTS["init"],
                   seed: int = DEFAULTS["seed"], content_layers=None, style_layers=None,
                   style_blend=None, weights: str | None = None, architecture: str | None = None,
                   pooling: str = DEFAULTS["pooling"], mode: str = DEFAULTS["mode"], compiled: bool = True,
                   snapshot_every: int = 0, callback=None, callback_every: int = 1,
                   progress: bool = True, optimizer: str = DEFAULTS["optimizer"], coarse_to_fine: int = 0,
                   precision: str = "float32", xla: bool = False, checkpoint_dir=None,
                   checkpoint_every: int = DEFAULTS["checkpoint_every"], name: str | None = None) -> Result:
    """콘텐츠 이미지의 모습에 스타일 이미지의 화풍을 입힙니다 (Gatys et al. 2015).

    Args:
        content, style: 이미지 (경로, 예제 이름, 배열, 업로드한 파일 ...). style 은 목록이어도 됩니다.
        size: 긴 변의 픽셀 수. steps: 최적화 단계 수. 주지 않으면 장치에 맞춰 (`device_defaults`).
        alpha, beta: 전체 손실 α·L_content + β·L_style 의 가중치. beta 를 주지 않으면 α/β = DEFAULTS['ratio'].
        tv_weight: 총 변위 손실의 가중치 (그림을 매끈하게; 기본 1 은 거의 작용하지 않음). learning_rate: Adam 의 학습률.
        init: "content", "noise", "style", "matched"(사진을 그림의 색으로 칠해서) 또는 이미지.
            seed: 잡음과 무작위 가중치의 시드.
        content_layers, style_layers: 층 목록 또는 {층: 가중치} (None 이면 논문의 층).
        style_blend: 스타일 이미지가 여럿일 때 섞는 비율.
        weights, architecture, pooling: 신경망 (network.feature_extractor 참고).
        mode: 손실의 형태 "relative"(기본, 크기에 무관) 또는 "paper".
        optimizer: "adam"(기본) 또는 "lbfgs". coarse_to_fine: 작은 크기에서 먼저 그릴 단계의 수 (0 이면 안 함).
            작은 크기마다 steps 의 절반씩 먼저 돌립니다.
        precision: "float32" 또는 "mixed" (GPU 에서 float16 으로 계산; 그램 행렬·손실·이미지는 float32).
        xla: XLA 컴파일 (GPU 용 선택). checkpoint_dir: 체크포인트를 쓸 폴더 (None 이면 쓰지 않음),
            checkpoint_every 단계마다. name: 체크포인트 파일 이름 (None 이면 시각).
        compiled, snapshot_every, callback, callback_every, progress: `optimize` 참고.

    메모리가 모자라면 크기를 0.7 배(픽셀 수 약 절반)로 줄여, 그때까지 가장 좋은 그림에서 이어 그립니다.
    """
    from .examples import open_image

    defaults = device_defaults()
    size = defaults["size"] if size is None else size
    size = int(_check_number(f"이미지 크기({option('size')})", size, MIN_SIZE, 4096))
    steps = defaults["steps"] if steps is None else steps
    steps = int(_check_number(f"단계 수({option('steps')})", steps, 0, 1_000_000))
    _check_number(f"학습률({option('learning_rate')})", learning_rate, 1e-6, MAX_LEARNING_RATE)
    check_init(init)
    seed = check_seed(seed)
    alpha = _check_number("α (alpha)", alpha, 0.0, 1e12)
    beta = alpha / DEFAULTS["ratio"] if beta is None else _check_number("β (beta)", beta, 0.0, 1e12)
    tv_weight = _check_number(f"TV 가중치({option('tv_weight')})", tv_weight, 0.0, 1e12)
    if alpha == 0 and beta == 0:
        raise NSTError("α 와 β 가 모두 0 이면 바꿀 것이 없습니다. 둘 중 하나는 0 보다 크게 하세요.")
    _check_choice("optimizer", optimizer, OPTIMIZERS)
    _check_choice("precision", precision, PRECISIONS)
    coarse_to_fine = int(_check_number(option("coarse_to_fine"), coarse_to_fine, 0, 6))
    snapshot_every, callback_every, checkpoint_every = check_run_options(snapshot_every, callback, callback_every,
                                                                         checkpoint_every)
    with spelled_as({"max_size": "size"}):       # 그림이 너무 작다는 안내가 이 함수의 인자 이름(size)을 말하도록
        content_image = open_image(content, size, min_side=MIN_SHORT_SIDE)
        style_images = [open_image(s, size, min_side=MIN_SHORT_SIDE)
                        for s in (style if isinstance(style, (list, tuple)) else [style])]
    weights = str(weights if weights is not None else default_weights())
    architecture = architecture or default_architecture(weights)
    if precision == "mixed" and not detect_device().is_gpu:
        display.notice("precision='mixed'(float16)는 GPU 에서만 빨라집니다. GPU 가 없어 float32 로 계산합니다.",
                       "info")
        precision = "float32"
    settings = dict(size=size, steps=steps, alpha=alpha, beta=beta, tv_weight=tv_weight,
                    learning_rate=learning_rate, init=init if isinstance(init, str) else "image", seed=seed,
                    weights=weights, architecture=architecture, pooling=pooling, mode=mode,
                    optimizer=optimizer, coarse_to_fine=coarse_to_fine, precision=precision,
                    content_layers=content_layers, style_layers=style_layers, style_blend=style_blend)
    images = {"content": content_image, **{f"style{i}": s for i, s in enumerate(style_images)}}
    if not isinstance(init, str):
        images["init"] = initial_image(init, content_image)
    checkpoint = None
    if checkpoint_dir is not None:
        from .checkpoints import new_checkpoint_path

        checkpoint = _Checkpoint(new_checkpoint_path(checkpoint_dir, name), settings, images)
    run = dict(compiled=compiled, snapshot_every=snapshot_every, callback=callback, callback_every=callback_every,
               progress=progress, xla=xla, checkpoint_every=checkpoint_every)
    return _transfer(settings, images, checkpoint, run)


def resume(path, *, steps: int | None = None, checkpoint_every: int = DEFAULTS["checkpoint_every"],
           **run) -> Result:
    """체크포인트에서 이어서 그립니다. 같은 설정·같은 이미지로, 끊긴 단계부터 `steps`(처음 정한 단계 수)까지.

    >>> result = resume("outputs/checkpoints/nst-20261127-101500.npz")   # doctest: +SKIP

    steps 를 주면 처음 정한 것보다 더 (또는 덜) 그립니다. 나머지(callback, progress …)는 `optimize` 참고.
    """
    from .checkpoints import load_checkpoint
    from .images import _as_path

    path = _as_path(path, "체크포인트")
    settings, images, state = load_checkpoint(path)
    if steps is not None:
        settings["steps"] = int(_check_number(f"단계 수({option('steps')})", steps, 0, 1_000_000))
    display.notice(f"체크포인트 '{path.name}' 의 {state['step']}단계에서 이어서 {settings['steps']}단계까지 "
                   "그립니다.", "info")
    checkpoint = _Checkpoint(path, settings, images, int(state.get("level", 0)), announced=True)
    return _transfer(settings, images, checkpoint, {**run, "checkpoint_every": checkpoint_every}, state)


def _transfer(settings: dict, images: dict, checkpoint, run: dict, state: dict | None = None) -> Result:
    """크기 단계(coarse_to_fine)마다 손실을 만들어 최적화합니다. 메모리가 모자라면 크기를 줄여 다시 합니다."""
    size = min(settings["size"], max(images["content"].shape[:2]))
    for attempt in range(4):
        try:
            return _run_levels(settings, images, checkpoint, run, state, size)
        except (OutOfMemory, tf.errors.ResourceExhaustedError, MemoryError) as error:
            best, stopped_at = getattr(error, "best_image", None), getattr(error, "step", 0)
            smaller = int(size * OOM_SHRINK)
            too_small = smaller < MIN_SIZE or min(_scaled_shape(images["content"].shape, smaller)) < MIN_SHORT_SIDE
            if attempt == 3 or too_small:
                raise NSTError(f"메모리가 모자라 {size}px 로도 그릴 수 없습니다. 이미지 크기({option('size')})를 "
                               "줄이거나 다른 프로그램·노트북을 닫은 뒤 다시 하세요.") from None
            kept = "지금까지 가장 좋은 그림에서 이어 그립니다" if best is not None else "처음부터 다시 그립니다"
            display.notice(f"메모리가 모자라 {size}px 에서 {stopped_at}단계 만에 멈췄습니다. 크기를 {smaller}px "
                           f"(픽셀 수 약 {OOM_SHRINK ** 2:.0%})로 줄여, {kept}.", "warning")
            size = smaller
            if best is not None:
                images = {**images, "init": best}
                settings = {**settings, "init": "image"}
            settings = {**settings, "size": size}
            state = None
            if checkpoint is not None:
                checkpoint.settings, checkpoint.images, checkpoint.level = settings, images, 0
    raise AssertionError("unreachable")


def _run_levels(settings: dict, images: dict, checkpoint, run: dict, state: dict | None, size: int) -> Result:
    content_full = images["content"]
    size = min(size, max(content_full.shape[:2]))      # 작은 그림을 키우지는 않음
    sizes = level_sizes(size, settings["coarse_to_fine"], content_full.shape)
    start_level = int(state.get("level", 0)) if state else 0
    styles_full = [images[key] for key in sorted(k for k in images if k.startswith("style"))]
    previous, results = None, []
    for level, level_size in enumerate(sizes):
        if level < start_level:
            continue
        last = level == len(sizes) - 1
        shape = _scaled_shape(content_full.shape, level_size)
        content = resize_to(content_full, shape)
        scale = level_size / max(content_full.shape[:2])
        styles = [resize_to(s, _scaled_shape(s.shape, _style_size(s.shape, scale))) for s in styles_full]
        loss_fn = _build_loss(settings, content, styles, pixel_ratio=(content_full.shape[0] * content_full.shape[1])
                              / (shape[0] * shape[1]))
        if previous is not None:
            start = resize_to(previous, shape)
        elif "init" in images:
            start = resize_to(images["init"], shape)
        else:
            start = initial_image(settings["init"], content, styles[0], settings["seed"])
        steps = settings["steps"] if last else max(settings["steps"] // 2, 1)
        if checkpoint is not None:
            checkpoint.level = level
        level_state = state if (state and level == start_level) else None
        result = optimize(loss_fn, start, steps, settings["learning_rate"], run.get("compiled", True),
                          run.get("snapshot_every", 0), run.get("callback"), run.get("callback_every", 1),
                          run.get("progress", True), optimizer=settings["optimizer"], xla=run.get("xla", False),
                          checkpoint=checkpoint, checkpoint_every=run.get("checkpoint_every", 0), state=level_state)
        results.append(result)
        previous = result.best_image
        if result.interrupted or result.stopped_reason:
            break
    result = _merge(results, content_full.shape) if len(results) > 1 else results[-1]
    result.settings = {k: v for k, v in settings.items() if k not in ("content_layers", "style_layers",
                                                                      "style_blend")}
    result.settings["size"] = size
    return result


def _merge(results: list, shape) -> Result:
    """크기 단계별 결과를 하나로: 단계 번호와 손실은 이어 붙이고, 스냅숏은 마지막 크기로 맞춥니다."""
    final = results[-1]
    history = {name: [] for name in LOSS_NAMES}
    snapshots, offset = [], 0
    for result in results:
        for name in LOSS_NAMES:
            history[name] += result.history[name]
        for step, image in result.snapshots:
            if not snapshots or snapshots[-1][0] != step + offset:
                snapshots.append((step + offset, resize_to(image, final.image.shape[:2])))
        offset += result.steps_done
    final.history, final.snapshots = history, snapshots
    final.best_step += offset - final.steps_done
    final.steps_done = offset
    final.elapsed = sum(r.elapsed for r in results)
    return final


def _build_loss(settings: dict, content: np.ndarray, styles: list, pixel_ratio: float = 1.0) -> StyleTransferLoss:
    """설정으로 손실 함수를 만듭니다. 논문식(mode='paper')의 콘텐츠 손실은 픽셀 수에 비례하므로, 작은 크기
    단계에서는 α 를 pixel_ratio 배 해 두 손실의 균형을 그대로 둡니다."""
    architecture, weights = settings["architecture"], settings["weights"]
    precision = settings.get("precision", "float32")

    def extractor_factory(layers):
        return feature_extractor(layers, architecture, weights, settings["pooling"], settings["seed"],
                                 precision=precision)

    alpha = settings["alpha"] * (pixel_ratio if settings["mode"] == "paper" else 1.0)
    return StyleTransferLoss.build(extractor_factory, content, styles, settings["style_blend"],
                                   settings["content_layers"], settings["style_layers"], alpha, settings["beta"],
                                   settings["tv_weight"], settings["mode"])


def reconstruct(image, *, content_layers=None, style_layers=None, size: int = DEFAULTS["size"],
                steps: int = DEFAULTS["steps"], learning_rate: float = 0.05, seed: int = DEFAULTS["seed"],
                **options) -> Result:
    """백색 잡음에서 시작해 한 이미지의 콘텐츠 표현만, 또는 스타일 표현만 되살립니다 (논문 그림 1).

    content_layers 를 주면 그 층의 특징을 맞추고(아래 줄), style_layers 를 주면 그 층들의 그램 행렬을
    맞춥니다(위 줄). 최적화는 논문처럼 L-BFGS 가 기본입니다: 잡음에서 시작하면 기울기가 아주 작은 픽셀이
    많은데, L-BFGS 는 곡률을 보고 걸음을 정해서 그 잡음까지 지워 냅니다 (Adam 은 작은 기울기의 픽셀을 거의
    움직이지 않아 잡음이 남음). 나머지 옵션은 `style_transfer` 와 같습니다.

    >>> reconstruct("building", content_layers=["conv4_2"], size=128, steps=100)   # doctest: +SKIP
    """
    if not content_layers and not style_layers:
        raise NSTError("되살릴 층을 content_layers 나 style_layers 로 하나 이상 고르세요 (예: ['conv4_2']).")
    # 쓰지 않는 쪽에는 가중치 0 인 층을 하나 둡니다: 이미 계산하는 층을 골라 신경망을 더 깊이 돌리지 않도록.
    unused = {next(iter(style_layers or content_layers)): 0.0}
    options.setdefault("init", "noise")
    options.setdefault("tv_weight", 0.0)
    options.setdefault("optimizer", "lbfgs")
    return style_transfer(image, image, size=size, steps=steps, learning_rate=learning_rate, seed=seed,
                          alpha=1.0 if content_layers else 0.0, beta=1.0 if style_layers else 0.0,
                          content_layers=content_layers or unused, style_layers=style_layers or unused, **options)
