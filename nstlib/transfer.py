"""스타일 전이(style transfer): 이미지를 읽고, 손실을 만들고, 최적화합니다.

`style_transfer` 가 하는 일은 차례로:

1. 설정(`Settings`)을 확인하고, 콘텐츠·스타일 이미지를 읽습니다.
2. 시작 이미지를 만듭니다 (`initial_image`: 사진을 그림의 색으로 칠한 것이 기본).
3. 손실 함수를 만들고 (`StyleTransferLoss`), `optimization.optimize` 로 줄입니다.

그 둘레의 일도 여기서 합니다: 작은 크기부터 그리기(``coarse_to_fine``), 메모리가 모자라면 크기를 줄여 다시
하기, 체크포인트와 이어 하기(`resume`), 논문 그림 1 의 되살리기(`reconstruct`).

>>> result = style_transfer("countryside", "swirl", size=128, steps=50)   # doctest: +SKIP
>>> result.best_image.shape                                               # doctest: +SKIP
(96, 128, 3)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tensorflow as tf

from . import display
from .errors import NSTError, option, spelled_as
from .losses import LOSS_NAMES, StyleTransferLoss
from .network import feature_extractor
from .optimization import OutOfMemory, Result, optimize
from .settings import (MIN_SHORT_SIDE, MIN_SIZE, RunOptions, Settings, check_blend_count, check_init, check_number,
                       resolve_options)

OOM_SHRINK = 0.7            # 메모리가 모자라면 긴 변을 0.7 배로 (픽셀 수는 약 절반)


def initial_image(init, content: np.ndarray, style: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
    """시작 이미지: "noise"(백색 잡음), "content", "style"(콘텐츠 크기로 맞춤), "matched" 또는 이미지 배열.

    "matched" 는 콘텐츠 사진의 색 분포(평균, 공분산)를 스타일 그림의 것으로 바꾼 그림입니다
    (`colors.match_colors`). 얕은 층의 스타일 손실(색)이 처음부터 작아서, 같은 손실에 훨씬 빨리 닿습니다.
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
        check_init(init)
        raise NSTError(f"시작 이미지(init) '{init}' 에는 스타일 이미지가 필요합니다.")
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


def build_loss(settings: Settings, content: np.ndarray, styles: list, pixel_ratio: float = 1.0):
    """설정으로 손실 함수를 만듭니다. 논문식(mode='paper')의 콘텐츠 손실은 픽셀 수에 비례하므로, 작은 크기
    단계에서는 α 를 pixel_ratio 배 해 두 손실의 균형을 그대로 둡니다."""
    def extractor_factory(layers):
        return feature_extractor(layers, settings.architecture, settings.weights, settings.pooling, settings.seed,
                                 precision=settings.precision)

    alpha = settings.alpha * (pixel_ratio if settings.mode == "paper" else 1.0)
    return StyleTransferLoss.build(extractor_factory, content, styles, settings.style_blend,
                                   settings.content_layers, settings.style_layers, alpha, settings.beta,
                                   settings.tv_weight, settings.mode)


def open_inputs(content, style, size: int) -> tuple[np.ndarray, list]:
    """콘텐츠 이미지와 스타일 이미지(들)를 긴 변 size 로 읽습니다."""
    from .examples import open_image

    with spelled_as({"max_size": "size"}):       # 그림이 너무 작다는 안내가 이 함수의 인자 이름(size)을 말하도록
        content_image = open_image(content, size, min_side=MIN_SHORT_SIDE)
        styles = [open_image(s, size, min_side=MIN_SHORT_SIDE)
                  for s in (style if isinstance(style, (list, tuple)) else [style])]
    return content_image, styles


def style_transfer(content, style, settings: Settings | None = None, **options) -> Result:
    """콘텐츠 이미지의 모습에 스타일 이미지의 화풍을 입힙니다 (Gatys et al. 2015).

    Args:
        content, style: 이미지 (경로, 예제 이름, 배열, 업로드한 파일 ...). style 은 목록이어도 됩니다.
        settings: `Settings` (없으면 기본값). 아래 이름들로 몇 가지만 바꿀 수도 있습니다.
        options: `Settings` 의 이름 — size, steps (주지 않으면 장치에 맞춰), alpha, beta (β 를 주지 않으면
            α/β = 0.5), tv_weight, learning_rate, init ("content", "noise", "style", "matched" 또는 이미지),
            seed, content_layers, style_layers, style_blend, weights, architecture, pooling, mode, optimizer,
            coarse_to_fine, precision — 과 `RunOptions` 의 이름 — compiled, xla, progress, snapshot_every,
            callback, callback_every, checkpoint_dir, checkpoint_every, name.

    메모리가 모자라면 크기를 0.7 배(픽셀 수 약 절반)로 줄여, 그때까지 가장 좋은 그림에서 이어 그립니다.

    >>> style_transfer("countryside", "swirl", size=128, steps=50, beta=1e3)   # doctest: +SKIP
    """
    settings, run, start = resolve_options(options, settings)
    content_image, style_images = open_inputs(content, style, settings.size)
    check_blend_count(settings.style_blend, len(style_images))   # 오래 걸리는 신경망을 만들기 전에
    images = {"content": content_image, "styles": style_images}
    if start is not None:
        images["init"] = initial_image(start, content_image)
    checkpoint = None
    if run.checkpoint_dir is not None:
        from .checkpoints import new_checkpoint_path

        checkpoint = _Checkpoint(new_checkpoint_path(run.checkpoint_dir, run.name), settings, images)
    return _transfer(settings, images, checkpoint, run)


def resume(path, *, steps: int | None = None, **run_options) -> Result:
    """체크포인트에서 이어서 그립니다. 같은 설정·같은 이미지로, 끊긴 단계부터 `steps`(처음 정한 단계 수)까지.

    >>> result = resume("outputs/checkpoints/nst-20261127-101500.npz")   # doctest: +SKIP

    steps 를 주면 처음 정한 것보다 더 (또는 덜) 그립니다. 나머지(callback, progress …)는 `RunOptions`.
    """
    from .checkpoints import load_checkpoint

    settings, images, state = load_checkpoint(path)
    if steps is not None:
        settings = settings.replace(steps=int(check_number(f"단계 수({option('steps')})", steps, 0, 1_000_000)))
    display.notice(f"체크포인트 '{Path(path).name}' 의 {state['step']}단계에서 이어서 {settings.steps}단계까지 "
                   "그립니다.", "info")
    checkpoint = _Checkpoint(Path(path).expanduser(), settings, images, int(state.get("level", 0)), announced=True)
    return _transfer(settings, images, checkpoint, RunOptions(**run_options).checked(), state)


def reconstruct(image, *, content_layers=None, style_layers=None, size: int = 256, steps: int = 200,
                learning_rate: float = 0.05, **options) -> Result:
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
    options = {"init": "noise", "tv_weight": 0.0, "optimizer": "lbfgs", **options}
    return style_transfer(image, image, size=size, steps=steps, learning_rate=learning_rate,
                          alpha=1.0 if content_layers else 0.0, beta=1.0 if style_layers else 0.0,
                          content_layers=content_layers or unused, style_layers=style_layers or unused, **options)


# ---------------------------------------------------------------------------------------------
# 둘레의 일: 체크포인트, 메모리가 모자랄 때, 작은 크기부터
# ---------------------------------------------------------------------------------------------

@dataclass
class _Checkpoint:
    """한 실행의 체크포인트 파일: 설정과 입력 이미지는 고정, 상태는 쓸 때마다 새로."""

    path: Path
    settings: Settings
    images: dict
    level: int = 0
    announced: bool = False

    def save(self, state: dict) -> None:
        from .checkpoints import announce, save_checkpoint

        save_checkpoint(self.path, self.settings, self.images, {**state, "level": self.level})
        if not self.announced:
            announce(self.path)
            self.announced = True


def _transfer(settings: Settings, images: dict, checkpoint, run: RunOptions, state: dict | None = None) -> Result:
    """크기 단계(coarse_to_fine)마다 손실을 만들어 최적화합니다. 메모리가 모자라면 크기를 줄여 다시 합니다."""
    size = min(settings.size, max(images["content"].shape[:2]))
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
            size, state = smaller, None
            if best is not None:
                images, settings = {**images, "init": best}, settings.replace(init="image")
            settings = settings.replace(size=size)
            if checkpoint is not None:
                checkpoint.settings, checkpoint.images, checkpoint.level = settings, images, 0
    raise AssertionError("unreachable")


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


def _start_image(settings: Settings, images: dict, content: np.ndarray, styles: list, previous) -> np.ndarray:
    """크기 단계의 시작 이미지: 앞 단계의 결과를 키운 것, 주어진 시작 이미지, 또는 `initial_image`.

    잡음은 가장 큰 크기에서 한 번 만들어 줄입니다: 작은 크기에서 새로 뽑으면 픽셀마다의 세기가 그대로라,
    줄인 잡음(이웃끼리 평균)보다 훨씬 거칩니다."""
    if previous is not None:
        return resize_to(previous, content.shape[:2])
    if "init" in images:
        return resize_to(images["init"], content.shape[:2])
    if settings.init == "noise":
        full = initial_image("noise", images["content"], seed=settings.seed)
        return resize_to(full, content.shape[:2])
    return initial_image(settings.init, content, styles[0], settings.seed)


def _run_levels(settings: Settings, images: dict, checkpoint, run: RunOptions, state: dict | None,
                size: int) -> Result:
    content_full = images["content"]
    size = min(size, max(content_full.shape[:2]))      # 작은 그림을 키우지는 않음
    sizes = level_sizes(size, settings.coarse_to_fine, content_full.shape)
    start_level = int(state.get("level", 0)) if state else 0
    previous, results = None, []
    for level, level_size in enumerate(sizes[start_level:], start_level):
        shape = _scaled_shape(content_full.shape, level_size)
        content = resize_to(content_full, shape)
        scale = level_size / max(content_full.shape[:2])
        styles = [resize_to(s, _scaled_shape(s.shape, _style_size(s.shape, scale))) for s in images["styles"]]
        loss_fn = build_loss(settings, content, styles,
                             pixel_ratio=(content_full.shape[0] * content_full.shape[1]) / (shape[0] * shape[1]))
        start = _start_image(settings, images, content, styles, previous)
        steps = settings.steps if level == len(sizes) - 1 else max(settings.steps // 2, 1)
        if checkpoint is not None:
            checkpoint.level = level
        result = optimize(loss_fn, start, steps, settings.learning_rate, optimizer=settings.optimizer,
                          checkpoint=checkpoint, state=state if level == start_level else None,
                          **{k: v for k, v in vars(run).items() if k not in ("checkpoint_dir", "name")})
        results.append(result)
        previous = result.best_image
        if result.interrupted or result.stopped_reason:
            break
    result = _merge(results) if len(results) > 1 else results[-1]
    result.settings = settings.replace(size=size)
    return result


def _merge(results: list) -> Result:
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
    final.levels = [r.steps_done for r in results]
    final.steps_done = offset
    final.elapsed = sum(r.elapsed for r in results)
    return final


def _style_size(shape, scale: float) -> int:
    """크기 단계에서 스타일 그림의 긴 변: 콘텐츠와 같은 비율로 줄이되 짧은 변이 MIN_SHORT_SIDE 보다 작아지지 않게."""
    long, short = max(shape[:2]), min(shape[:2])
    return min(long, max(round(long * scale), math.ceil(MIN_SHORT_SIDE * long / short)))


def _scaled_shape(shape, size: int) -> tuple[int, int]:
    """(높이, 너비) 를 긴 변이 size 가 되도록 (images 의 크기 규칙 그대로)."""
    from .images import _target_size

    width, height = _target_size(shape[1], shape[0], size)
    return height, width

