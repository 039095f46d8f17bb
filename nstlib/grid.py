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

묶음은 신경망과 그래프를 한 번만 만들고, GPU 에서는 여러 장을 한꺼번에 계산하므로 빠릅니다. 대신 메모리를
더 씁니다. 잰 값은 ``benchmarks/bench_grid.py`` 와 benchmarks/README.md 에 있습니다.

>>> grid = style_grid("countryside", "swirl", ratios=[10, 1, 0.1],
...                   layer_sets=[["conv1_1", "conv2_1"], list(STYLE_LAYERS)], size=128, steps=100)  # doctest: +SKIP
>>> fig = grid.figure(title="α/β × 스타일 층")     # nstlib.classroom.pictures.compare_grid 로 그린 격자           # doctest: +SKIP
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import tensorflow as tf

from . import display
from .device import detect_device
from .errors import NSTError
from .losses import LOSS_NAMES, STYLE_LAYERS, Cell
from .optimization import RunReport, no_progress_advice, optimize
from .settings import Settings, check_ratios, layer_weights, resolve_options
from .transfer import build_loss, initial_image, open_inputs, style_transfer


# ---------------------------------------------------------------- 결과

@dataclass(kw_only=True)
class GridResult(RunReport):
    """격자의 결과. 행(row) = 스타일 층 묶음, 열(column) = α/β.

    images[행][열]: 칸마다 전체 손실이 가장 낮았던 이미지 ((H, W, 3) float32 [0, 1]; 멈춘 칸은 None).
        `nstlib.classroom.pictures.compare_grid(images, row_titles, col_titles)` 에 그대로 넣을 수 있습니다.
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
    batched: bool
    step_seconds: list

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
                f"{self.elapsed:.1f}초 (격자 한 단계 {self.seconds_per_step:.2f}초), 장치: {self.computed_on}")

    def figure(self, **options):
        """`nstlib.classroom.pictures.compare_grid` 로 격자를 그립니다 (옵션은 그대로 넘김: title, size)."""
        from .classroom.pictures import compare_grid

        return compare_grid(self.images, self.row_titles, self.col_titles, **options)


# ---------------------------------------------------------------- 입력 확인과 이름

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
        checked.append(layer_weights(layers if layers is not None else STYLE_LAYERS, "스타일"))
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

def style_grid(content, style, ratios, layer_sets=None, *, settings: Settings | None = None,
               batched: bool = True, **options) -> GridResult:
    """α/β × 스타일 층의 격자 (논문 그림 3): 행마다 층 묶음 하나, 열마다 α/β 하나.

    칸 (행 r, 열 c) 는 ``style_transfer(content, style, alpha=1, beta=1/ratios[c], style_layers=layer_sets[r],
    ...)`` 와 같은 그림입니다. batched=True (기본) 면 모든 칸을 한 묶음으로 `optimize` 에 넣어 함께 최적화하고,
    False 면 `style_transfer` 로 하나씩 합니다. 두 방법의 결과는 (부동소수점 오차 안에서) 같습니다.

    Args:
        content, style: 이미지 (경로, 예제 이름, 배열 ...). style 은 목록이어도 됩니다 (style_blend 로 섞음).
        ratios: 열마다의 α/β (0 보다 큰 수의 목록). α = 1, β = 1 / (α/β).
        layer_sets: 행마다의 스타일 층 (목록 또는 {층: 가중치}) 의 목록. None 이면 논문의 층으로 한 행.
        settings, options: `style_transfer` 와 같음 (모든 칸이 같은 값을 씀; alpha, beta, style_layers 는 칸마다
            정해지므로 무시). L-BFGS 나 작은 크기부터 그리기(coarse_to_fine)를 고르면 하나씩 합니다.
        batched: True 면 한 묶음으로 (빠른 길), False 면 하나씩 (기준).

    >>> grid = style_grid("countryside", "swirl", [1, 0.1], [["conv1_1", "conv2_1"], None],
    ...                   size=128, steps=100)                                   # doctest: +SKIP
    >>> len(grid.images), len(grid.images[0])                                    # doctest: +SKIP
    (2, 2)
    """
    settings, run, init = resolve_options(options, settings)
    ratios, sets = check_ratios(ratios), _check_layer_sets(layer_sets)
    titles = dict(row_titles=[row_title(layers) for layers in sets], col_titles=[col_title(r) for r in ratios],
                  ratios=ratios, layer_sets=sets, settings=settings)
    start = time.perf_counter()
    batched = batched and settings.optimizer == "adam" and not settings.coarse_to_fine
    if batched:
        result = _optimize_batch(content, style, init, settings, run, ratios, sets, start)
        return GridResult(**result, **titles, batched=True)
    cells = {key: value for key, value in vars(settings).items() if key not in ("alpha", "beta", "style_layers")}
    cells.update(compiled=run.compiled, xla=run.xla)
    if init is not None:
        cells["init"] = init
    result = _one_after_another(content, style, ratios, sets, cells, run.progress, start)
    return GridResult(**result, **titles, batched=False)


def _optimize_batch(content, style, init, settings: Settings, run, ratios: list, sets: list, start: float) -> dict:
    """모든 칸을 한 묶음 (B, H, W, 3) 으로, `style_transfer` 와 같은 손실(`StyleTransferLoss`)과 같은 반복문
    (`optimize`)으로 최적화합니다. 칸마다 α, β, 층 가중치만 다릅니다."""
    content_image, style_images = open_inputs(content, style, settings.size)
    union = list(dict.fromkeys(layer for layers in sets for layer in layers))   # 모든 칸이 쓰는 층을 한 번에
    cells = [Cell(1.0, 1.0 / ratio, layers) for layers in sets for ratio in ratios]   # 행 우선 (row-major)
    loss_fn = build_loss(settings.replace(style_layers=union), content_image, style_images).for_cells(cells)
    first = initial_image(settings.init if init is None else init, content_image, style_images[0], settings.seed)
    times, tick = [], [start]

    def timed(step, image, losses):
        now = time.perf_counter()
        times.append(now - tick[0])
        tick[0] = now
        if run.callback is not None and step % run.callback_every == 0:
            run.callback(step, image, losses)

    result = optimize(loss_fn, np.repeat(first[np.newaxis], len(cells), axis=0), settings.steps,
                      settings.learning_rate, compiled=run.compiled, xla=run.xla, progress=run.progress,
                      callback=timed)
    if result.steps_done and not result.interrupted and not result.stopped_reason:
        totals = [np.asarray(t) for t in result.history["total"]]
        _warn_no_progress(result.best_step, len(ratios), totals, settings.learning_rate)
    cols = len(ratios)

    def as_rows(values):      # 칸 b = 행 r · 열 수 + 열 c
        return [list(values[r * cols:(r + 1) * cols]) for r in range(len(cells) // cols)]

    histories = [{name: [float(h[b]) for h in result.history[name]] for name in LOSS_NAMES}
                 for b in range(len(cells))]
    return dict(images=as_rows(list(result.best_image)), final_images=as_rows(list(result.image)),
                histories=as_rows(histories), best_steps=as_rows([int(s) for s in result.best_step]),
                elapsed=time.perf_counter() - start, device=result.device, network=result.network,
                step_seconds=[times], interrupted=result.interrupted, stopped_reason=result.stopped_reason)


def _warn_no_progress(best_steps, cols: int, totals: list, learning_rate: float) -> None:
    """가장 좋은 것이 0단계인 칸들을, 일어난 일(발산 또는 멈춤)에 맞는 안내(`no_progress_advice`)별로 알립니다."""
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
