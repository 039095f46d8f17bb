"""최적화(the optimisation): 손실이 줄어드는 쪽으로 이미지의 픽셀을 조금씩 바꿉니다.

신경망의 가중치는 그대로 두고, **이미지 자체가 학습되는 변수**입니다. 한 단계(step)는 이렇습니다:

1. `tf.GradientTape` 안에서 손실을 계산하고,
2. 손실을 이미지에 대해 미분한 기울기(gradient)를 얻고,
3. Adam 이 그 기울기로 픽셀을 고치고,
4. 픽셀 값을 [0, 1] 로 잘라 둡니다.

같은 단계를 두 가지로 돌릴 수 있습니다. 결과는 같습니다 (같은 seed, CPU).

- **가르치는 반복문** (``compiled=False``): 파이썬이 한 줄씩 실행합니다 (eager). 읽고 고치기 쉽습니다.
- **빠른 경로** (``compiled=True``, 기본값): 같은 `train_step` 을 `tf.function` 으로 한 번 그래프로 만들어
  되풀이합니다.

``optimizer="lbfgs"`` 는 논문의 원래 구현처럼 L-BFGS 로 같은 손실을 줄입니다 (`nstlib.lbfgs`).
이미지를 읽고, 크기 단계(coarse-to-fine)와 체크포인트를 다루는 곳은 `nstlib.transfer` 입니다.

>>> result = optimize(loss_fn, start_image, steps=50)   # doctest: +SKIP
>>> result.best_image.shape                             # doctest: +SKIP
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
from .errors import NSTError, option
from .losses import LOSS_NAMES
from .settings import DEFAULTS, MAX_LEARNING_RATE, OPTIMIZERS, RunOptions, check_choice, check_number

ADAM_EPSILON = 0.1   # 기울기를 시작 기울기의 크기(RMS)로 나눈 단위에서 (docs/defaults.md)

# 실행마다 새 tf.function 을 만드는 것은 일부러입니다 (손실 함수가 실행마다 다름). 그래서 몇 번 실행하면 TensorFlow
# 가 내는 영어 경고 "... triggered tf.function retracing ..." 는 학생이 할 일이 없는 말이라 화면에 내지 않습니다.
tf.get_logger().addFilter(lambda record: "triggered tf.function retracing" not in record.getMessage())


@dataclass(kw_only=True)
class RunReport:
    """한 번의 실행(그림 한 장이든 격자든)의 공통 기록: 걸린 시간(초), 장치, 신경망, 중간에 멈췄는지와 그 까닭,
    그린 설정 (`nstlib.settings.Settings`; `optimize` 만 부르면 None)."""

    elapsed: float
    device: str
    network: str
    interrupted: bool = False
    stopped_reason: str = ""
    settings: object = None

    @property
    def computed_on(self) -> str:
        """요약 줄에 쓰는 장치와, float32 가 아니면 정밀도 (예: 'CPU (GPU 없음) · bfloat16 계산')."""
        precision = getattr(self.settings, "precision", None)
        return self.device + (f" · {precision} 계산" if precision not in (None, "float32") else "")


@dataclass(kw_only=True)
class Result(RunReport):
    """최적화의 결과.

    image: 마지막 이미지, best_image: 전체 손실이 가장 낮았던 이미지 (둘 다 (H, W, 3) float32 [0, 1];
    묶음이면 (B, H, W, 3) 이고 best_step 도 칸마다).
    history: {'content': [...], 'style': [...], 'tv': [...], 'total': [...]} 단계마다의 손실.
    snapshots: [(단계, 이미지), ...] — 0단계(시작 이미지)부터 `snapshot_every` 단계마다, 그리고 마지막.
    checkpoint: 체크포인트 파일 경로 (체크포인트를 쓰지 않았으면 ""). levels: 크기 단계마다의 단계 수.
    """

    image: np.ndarray
    best_image: np.ndarray
    best_step: int
    history: dict
    snapshots: list
    steps_done: int
    checkpoint: str = ""
    levels: list = field(default_factory=list)

    @property
    def seconds_per_step(self) -> float:
        return self.elapsed / max(self.steps_done, 1)

    def summary(self) -> str:
        """결과를 한 줄로 (한국어)."""
        state = " (중간에 멈춤)" if self.interrupted else ""
        sizes = f" (크기별 {' + '.join(map(str, self.levels))}단계)" if len(self.levels) > 1 else ""
        return (f"{self.steps_done}단계{sizes}{state}, {self.elapsed:.1f}초 ({self.seconds_per_step:.2f}초/단계), "
                f"장치: {self.computed_on}, 가장 좋은 단계: {self.best_step}")


# ---------------------------------------------------------------------------------------------
# 한 단계
# ---------------------------------------------------------------------------------------------

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
    묶음이면 'total' 은 칸마다의 손실 (B,) 이고, 그것을 미분하면 TensorFlow 는 합 Σ_b L_b 를 미분합니다.
    칸 b 의 픽셀은 L_b 에만 들어 있으므로, 칸마다 따로 미분한 것과 같습니다.
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

    xla=True 면 XLA 로 한 번 더 컴파일합니다 (GPU 에서 빨라질 수 있음).
    """
    gradient_scale = tf.constant(gradient_scale, tf.float32)

    def step(image):
        return train_step(image, loss_fn, optimizer, gradient_scale)

    if not compiled:
        return step
    return tf.function(step, autograph=False, jit_compile=bool(xla))


# ---------------------------------------------------------------------------------------------
# 한 번의 실행에서 기록하는 것들 (Adam 과 L-BFGS 가 함께 씀)
# ---------------------------------------------------------------------------------------------

class OutOfMemory(Exception):
    """메모리가 모자라 멈춤. `best_image` 에 그때까지 가장 좋은 이미지를 담아 올려 보냅니다."""

    def __init__(self, best_image: np.ndarray, step: int):
        super().__init__("out of memory")
        self.best_image, self.step = best_image, step


class _Run:
    """손실의 역사, 가장 좋은 이미지(묶음이면 칸마다), 스냅숏, 진행 막대, 콜백, 체크포인트."""

    def __init__(self, init: np.ndarray, steps: int, options: RunOptions, checkpoint=None,
                 state: dict | None = None):
        self.steps, self.options, self.checkpoint = steps, options, checkpoint
        self.history = {name: [] for name in LOSS_NAMES}
        self.image = self.best_image = init
        cells = init.shape[:1] if init.ndim == 4 else ()
        self.best_loss, self.best_step, self.step = np.full(cells, np.inf), np.zeros(cells, int), 0
        self.snapshots = [(0, init)]
        self.elapsed_before = 0.0
        self.optimizer_values = []     # 마지막으로 기록한 단계의 Adam 상태 (체크포인트를 쓸 때만)
        self.gradient_scale = None     # Adam 이 기울기를 나누는 값 (시작 이미지에서 잼, 이어 하면 체크포인트의 값)
        if state:
            self._restore(state)
        self.bar = display.progress(steps, "스타일 전이") if options.progress and steps > self.step else None
        if self.bar is not None and self.step:
            self.bar.update(self.step)
        self.start = time.perf_counter()

    def _restore(self, state: dict) -> None:
        if "gradient_scale" in state:
            self.gradient_scale = float(state["gradient_scale"])
        self.step, self.best_step = int(state["step"]), np.asarray(int(state["best_step"]))
        self.best_loss, self.elapsed_before = np.asarray(float(state["best_loss"])), float(state.get("elapsed", 0.0))
        self.image, self.best_image = state["image"], state["best_image"]
        self.history = {name: list(state["history"].get(name, [])) for name in LOSS_NAMES}
        self.snapshots = list(state["snapshots"]) or [(self.step, self.image)]

    @property
    def elapsed(self) -> float:
        return self.elapsed_before + time.perf_counter() - self.start

    def keep_if_better(self, total, image: np.ndarray, step: int) -> None:
        """전체 손실이 지금까지보다 낮으면 그 이미지를 가장 좋은 것으로 (묶음이면 칸마다 따로)."""
        better = np.asarray(total) < self.best_loss
        if better.ndim:
            self.best_image = np.where(better[:, None, None, None], image, self.best_image)
        elif better:
            self.best_image = image
        self.best_loss = np.where(better, total, self.best_loss)
        self.best_step = np.where(better, step, self.best_step)

    def record(self, losses: dict, scored: np.ndarray, image: np.ndarray, optimizer_state=None) -> None:
        """한 단계를 기록합니다. losses 는 `scored` 이미지의 손실, `image` 는 이 단계를 마친 이미지."""
        options = self.options
        self.keep_if_better(losses["total"], scored, self.step)
        for name in LOSS_NAMES:
            self.history[name].append(losses[name])
        self.step += 1
        self.image = image
        if self.checkpoint is not None and optimizer_state is not None:
            self.optimizer_values = optimizer_state()   # 이미지와 같은 단계의 상태 (멈춰도 어긋나지 않게)
        if options.snapshot_every and self.step % options.snapshot_every == 0:
            self.snapshots.append((self.step, image))
        if self.checkpoint is not None and options.checkpoint_every and self.step % options.checkpoint_every == 0:
            self.save()
        if options.callback is not None and self.step % options.callback_every == 0:
            options.callback(self.step, image, losses)
        if self.bar is not None:
            self.bar.set_postfix(전체=f"{np.mean(losses['total']):.3g}", 콘텐츠=f"{np.mean(losses['content']):.3g}",
                                 스타일=f"{np.mean(losses['style']):.3g}", refresh=False)
            self.bar.update(1)

    def state(self) -> dict:
        return dict(step=self.step, best_step=int(self.best_step), best_loss=float(self.best_loss),
                    elapsed=self.elapsed, image=self.image, best_image=self.best_image, history=self.history,
                    snapshots=self.snapshots, optimizer=self.optimizer_values,
                    **({} if self.gradient_scale is None else {"gradient_scale": float(self.gradient_scale)}))

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

def _numbers(losses: dict) -> dict:
    """텐서의 손실들을 파이썬 수로 (묶음이면 칸마다의 numpy 배열로)."""
    return {name: float(value) if np.ndim(value) == 0 else np.asarray(value, np.float64)
            for name, value in losses.items()}


def _finite(losses: dict, image: np.ndarray) -> bool:
    return all(np.isfinite(value).all() for value in losses.values()) and np.isfinite(image).all()


def _run_adam(loss_fn, run: _Run, learning_rate: float, max_retries: int, optimizer_values=None) -> str:
    """Adam 으로 run.steps 단계까지. 멈춘 까닭(정상이면 "")을 돌려줍니다."""
    options = run.options
    image = tf.Variable(np.asarray(run.image, np.float32))
    if run.gradient_scale is None:          # 이어 하기가 아니면 시작 이미지에서 한 번 잼
        run.gradient_scale = gradient_scale(loss_fn, run.image)
    optimizer = make_optimizer(learning_rate, image)
    for variable, value in zip(optimizer.variables, optimizer_values or []):
        variable.assign(value)
    step_fn = make_step(loss_fn, optimizer, options.compiled, options.xla, run.gradient_scale)
    retries = 0
    while run.step < run.steps:
        losses = _numbers(step_fn(image))
        current = image.numpy()
        if not _finite(losses, current):
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
            step_fn = make_step(loss_fn, optimizer, options.compiled, options.xla, run.gradient_scale)
            continue
        # losses 는 이번 단계를 시작할 때의 이미지(run.image)의 손실입니다.
        run.record(losses, run.image, current, lambda: [v.numpy() for v in optimizer.variables])
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


def optimize(loss_fn, init: np.ndarray, steps: int = 200, learning_rate: float = DEFAULTS.learning_rate,
             *, optimizer: str = DEFAULTS.optimizer, max_retries: int = 3, checkpoint=None,
             state: dict | None = None, **run_options) -> Result:
    """`init` 에서 시작해 `loss_fn` 의 전체 손실을 줄입니다.

    Args:
        loss_fn: 이미지 → {'content','style','tv','total'} 인 함수 (보통 `StyleTransferLoss`).
        init: 시작 이미지 (H, W, 3) [0, 1], 또는 묶음 (B, H, W, 3) (칸마다의 손실을 주는 loss_fn 과 함께; Adam 만).
        optimizer: "adam" 또는 "lbfgs" (steps 는 L-BFGS 의 반복 수).
        max_retries: 손실이 NaN/inf 가 되면 마지막 좋은 이미지로 돌아가 학습률을 반으로 줄여 다시 합니다.
            그것을 몇 번까지 할지. 넘으면 멈추고 알립니다.
        checkpoint: `transfer` 가 만든 체크포인트 (`RunOptions.checkpoint_every` 단계마다 씀).
        state: 체크포인트에서 읽은 상태 (이어 하기).
        run_options: `nstlib.settings.RunOptions` 의 이름들 (compiled, snapshot_every, callback, progress …).
            callback(step, image, losses) 의 image 는 step 번 고친 뒤의 이미지, losses 는 기록된 손실입니다
            (Adam 은 그 단계를 시작할 때 이미지의 손실, L-BFGS 는 그 단계를 마친 이미지의 손실).

    Ctrl-C (노트북의 ■ 정지 버튼)로 멈추면 오류 대신 지금까지 가장 좋은 이미지를 담은 결과를 돌려줍니다.
    메모리가 모자라면(OOM) 가장 좋은 이미지를 담은 `OutOfMemory` 를 올려 보냅니다 (transfer 가 크기를
    줄여 다시 함).
    """
    steps = int(check_number(f"단계 수({option('steps')})", steps, 0, 1_000_000))
    learning_rate = check_number(f"학습률({option('learning_rate')})", learning_rate, 1e-6, MAX_LEARNING_RATE)
    check_choice("optimizer", optimizer, OPTIMIZERS)
    options = RunOptions(**run_options).checked()
    device = detect_device()
    run = _Run(np.asarray(init, np.float32), steps, options, checkpoint, state)
    interrupted, reason = False, ""
    try:
        with tf.device(device.tf_device):
            if optimizer == "adam":
                reason = _run_adam(loss_fn, run, learning_rate, max_retries, (state or {}).get("optimizer"))
            else:
                from .lbfgs import run_lbfgs

                reason = run_lbfgs(loss_fn, run, options.compiled)
    except KeyboardInterrupt:
        interrupted = True
        reason = f"{run.step}단계에서 멈췄습니다. 지금까지 가장 좋은 이미지({run.best_step}단계)를 돌려줍니다."
        display.notice(reason, "warning")
    except (tf.errors.ResourceExhaustedError, MemoryError):
        raise OutOfMemory(run.best_image, run.step) from None
    finally:
        run.close()
    _finish(run, loss_fn, device, optimizer, learning_rate, interrupted or bool(reason))
    return Result(image=run.image, best_image=run.best_image, best_step=run.best_step.tolist(),
                  history=run.history, snapshots=run.snapshots, elapsed=run.elapsed, device=device.summary,
                  network=getattr(getattr(loss_fn, "extractor", None), "description", ""),
                  steps_done=run.step, interrupted=interrupted, stopped_reason=reason,
                  checkpoint=str(run.checkpoint.path) if run.checkpoint is not None else "")


def _finish(run: _Run, loss_fn, device, optimizer: str, learning_rate: float, stopped: bool) -> None:
    """마지막 이미지도 점수를 매기고 (Adam 은 손실을 한 단계 늦게 알기 때문), 나아지지 않았으면 알리고, 체크포인트를
    씁니다."""
    if run.snapshots[-1][0] != run.step:
        run.snapshots.append((run.step, run.image))
    totals = list(run.history["total"])
    if not stopped and run.step > 0 and optimizer == "adam":
        with tf.device(device.tf_device):
            final = _numbers(loss_fn(tf.constant(run.image)))["total"]
        totals.append(final)
        run.keep_if_better(final, run.image, run.step)
    if run.step > 0 and run.best_step.ndim == 0 and run.best_step == 0 and not stopped:
        display.notice(no_progress_advice(totals, learning_rate, optimizer, getattr(loss_fn, "alpha", None)),
                       "warning")
    if run.checkpoint is not None:
        run.save()
