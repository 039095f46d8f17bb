"""L-BFGS: 논문의 원래 구현이 쓴 최적화 방법 (scipy 의 L-BFGS-B).

Adam 은 한 단계에 기울기 하나만 봅니다. L-BFGS 는 지난 몇(`MEMORY`) 단계의 기울기 변화로 손실의 곡률(얼마나
휘었는지)을 어림해, 어느 방향으로 얼마나 갈지 스스로 정합니다(학습률이 없음). 그래서 같은 손실에 훨씬 적은
단계로 닿습니다. "B" 는 bound: 픽셀 값을 [0, 1] 안에 두는 조건을 잘라 내기(clip) 대신 방법 자체가 지킵니다.

한 단계(반복)에 손실과 기울기를 보통 한 번, 가끔 두세 번 계산합니다(선 탐색, line search).
scipy 가 float64 로 다루므로, 손실·기울기는 TensorFlow 에서 float32 로 계산해 넘깁니다.
"""

from __future__ import annotations

import math

import numpy as np
import tensorflow as tf

from . import display
from .errors import option

MEMORY = 20   # 곡률을 어림할 때 기억하는 지난 단계의 수 (scipy 기본 10; 그림이 커서 기억을 조금 더 둠)


class _NotFinite(Exception):
    pass


def make_value_and_gradient(loss_fn, compiled: bool = True):
    """이미지 → (손실들, 전체 손실의 기울기). compiled=True 면 tf.function 으로 한 번 그래프로."""
    scale = getattr(getattr(loss_fn, "extractor", None), "loss_scale", 1.0)

    def value_and_gradient(image):
        with tf.GradientTape() as tape:
            tape.watch(image)
            losses = loss_fn(image)
            scaled = losses["total"] * scale
        return losses, tape.gradient(scaled, image) / scale

    return tf.function(value_and_gradient, autograph=False) if compiled else value_and_gradient


def run_lbfgs(loss_fn, run, compiled: bool = True) -> str:
    """L-BFGS-B 로 run.steps 번 반복할 때까지. 멈춘 까닭(정상이면 "")을 돌려줍니다.

    `run` 은 optimization._Run: 반복마다 run.record(그 반복을 마친 이미지의 손실, 이미지, 이미지).
    """
    from scipy.optimize import Bounds, minimize

    shape = run.image.shape
    value_and_gradient = make_value_and_gradient(loss_fn, compiled)
    last = {}

    def fun(flat):
        image = tf.constant(flat.reshape(shape).astype(np.float32))
        losses, gradient = value_and_gradient(image)
        losses = {name: float(value) for name, value in losses.items()}
        gradient = gradient.numpy()
        if not all(map(math.isfinite, losses.values())) or not np.isfinite(gradient).all():
            raise _NotFinite
        last.update(x=flat.copy(), losses=losses)
        return losses["total"], gradient.astype(np.float64).ravel()

    def callback(flat):
        if "x" not in last or not np.array_equal(last["x"], flat):
            fun(flat)
        image = flat.reshape(shape).astype(np.float32)
        run.record(last["losses"], image, image)

    remaining = run.steps - run.step
    if remaining <= 0:
        return ""
    start = np.asarray(run.image, np.float64).ravel()
    size = start.size
    try:
        outcome = minimize(fun, start, jac=True, method="L-BFGS-B", callback=callback,
                           bounds=Bounds(np.zeros(size), np.ones(size)),
                           options=dict(maxiter=remaining, maxfun=4 * remaining + 20, maxcor=MEMORY,
                                        ftol=0.0, gtol=0.0))
    except _NotFinite:
        reason = (f"손실이 NaN/무한대가 되어 {run.step}단계에서 멈췄습니다. 지금까지 가장 좋은 이미지를 "
                  f"돌려줍니다. 가중치(α, β, TV)를 줄이거나 {option('optimizer', 'adam')} 으로 해 보세요.")
        display.notice(reason, "error")
        return reason
    if run.step < run.steps and outcome.nit < remaining:
        # 더 내려갈 곳을 찾지 못함 (이미 아주 잘 맞았거나, 수치가 불안정). 그림은 그대로 씀.
        display.notice(f"L-BFGS 가 {run.step}단계에서 더 나아지지 못해 멈췄습니다 ({outcome.message}). "
                       "가장 좋은 이미지를 돌려줍니다.", "info")
    return ""
