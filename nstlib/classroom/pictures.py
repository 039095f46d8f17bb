"""그림(pictures): matplotlib 으로 그리는 수업의 그림.

이미지 나란히 보기, 특징 맵(feature map), 그람 행렬(Gram matrix), 최적화 중간 그림(snapshot),
손실 곡선(loss curve), 논문 Fig. 3 같은 비교 격자가 모두 여기에서 나옵니다.
움직이는 그림(GIF, MP4)은 `animation.py`, 한글 글꼴은 `fonts.py` 에 있습니다.

- 그리는 함수는 matplotlib `Figure` 를 돌려주고 화면에도 보여 줍니다. 노트북에서는 한 셀에 한 번만 보이고,
  Agg 백엔드(CI, 터미널)에서는 아무것도 뜨지 않습니다.
- 입력 이미지는 [0, 1] 범위의 float 배열, 모양은 (높이, 너비, 3) 또는 (1, 높이, 너비, 3) 입니다
  (numpy 배열이나 TensorFlow 텐서).
- 한글 제목이 네모(□)로 깨지지 않도록 그리기 전에 `setup_korean_font()` 를 저절로 부릅니다.

>>> import numpy as np
>>> fig = show_images([np.zeros((8, 8, 3)), np.ones((8, 8, 3))], ["검정", "흰색"])  # doctest: +SKIP
"""

from __future__ import annotations

import numbers
from typing import Any, Mapping, Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import display
from ..errors import NSTError
from ..images import to_uint8
from .fonts import FALLBACK_FONT, chosen_font, setup_korean_font
from .frames import as_array, as_frames, as_image, to_numpy

__all__ = [
    "show_images",
    "show_feature_maps",
    "show_gram_matrix",
    "show_snapshots",
    "plot_losses",
    "compare_grid",
]

_NON_INTERACTIVE = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}


class _ShownFigure(Figure):
    """노트북에서 이미 보여 준 그림을 같은 셀에서 또 그리지 않는 Figure.

    그리는 함수는 그림을 보여 주고 Figure 도 돌려줍니다. 셀의 마지막 줄이 그 함수이면 Jupyter 가
    돌려받은 Figure 를 한 번 더 그리려 하는데, 같은 셀 안이면 건너뜁니다. 다른 셀에서 `fig` 를 쓰면 보입니다.
    """

    _shown_in_cell: int | None = None

    def _ipython_display_(self) -> None:
        from IPython import get_ipython
        from IPython.display import publish_display_data

        shell = get_ipython()
        if shell is None or self._shown_in_cell == shell.execution_count:
            return
        formatter = shell.display_formatter     # 보통의 그림 표시 (_ipython_display_ 만 건너뜀)
        data, metadata = {}, {}
        for mime, format_fn in formatter.formatters.items():
            if mime not in formatter.active_types:
                continue
            result = format_fn(self)
            if isinstance(result, tuple):
                result, metadata[mime] = result
            if result is not None:
                data[mime] = result
        publish_display_data(data, metadata)


def _new_figure(nrows: int = 1, ncols: int = 1, figsize: tuple[float, float] = (6.0, 4.0), **kwargs):
    setup_korean_font()
    return plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, layout="constrained",
                        FigureClass=_ShownFigure, **kwargs)


def _finish(fig: Figure) -> Figure:
    """그림을 보여 주고 돌려줍니다. 노트북(inline)에서는 지금 한 번 보여 주고 pyplot 목록에서 닫습니다."""
    # 눈금 글자는 숫자와 수식($10^{-2}$)뿐입니다. 수식(mathtext)은 글자마다 글꼴을 바꾸지 못하고 첫 글꼴만
    # 써서, 나눔고딕이 먼저면 로그 눈금의 빼기 기호가 ¤ 로 나옵니다. 눈금만 DejaVu Sans 를 먼저 씁니다.
    font = chosen_font()
    if font is not None:
        for ax in fig.axes:
            try:
                ax.tick_params(which="both", labelfontfamily=[FALLBACK_FONT, font])
            except (TypeError, ValueError):     # matplotlib < 3.8
                break
    backend = matplotlib.get_backend().lower()
    if display.in_notebook() and "inline" in backend:
        from IPython import get_ipython
        from IPython.display import display as ipython_display

        ipython_display(fig)
        fig._shown_in_cell = get_ipython().execution_count
        plt.close(fig)
    elif backend not in _NON_INTERACTIVE:
        plt.show()
    return fig


def _bare(ax) -> None:
    """이미지 칸: 눈금과 테두리를 숨기되 ylabel(행 이름)은 보이게."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _grid(count: int, ncols: int | None) -> tuple[int, int]:
    if ncols is not None and (not isinstance(ncols, numbers.Integral) or ncols < 1):
        raise NSTError(f"열의 개수(ncols)는 1 이상의 정수여야 합니다: {ncols!r}")
    ncols = min(count, ncols or count)
    return -(-count // ncols), ncols


def _drop_unused(fig: Figure, axes: np.ndarray, used: int) -> None:
    for ax in axes.flat[used:]:
        fig.delaxes(ax)


def show_images(images: Any, titles: Sequence[str] | None = None, *, ncols: int | None = None,
                size: float = 4.0) -> Figure:
    """이미지 여러 장을 나란히 보여 줍니다 (한글 제목).

    Args:
        images: 이미지 하나, 또는 이미지 목록. 각 이미지는 [0,1] float, (H,W,3) 또는 (1,H,W,3).
        titles: 이미지마다 제목 (같은 개수).
        ncols: 한 줄에 몇 장 (기본: 모두 한 줄).
        size: 한 칸의 너비(인치).

    >>> fig = show_images([content, style, result], ["콘텐츠", "스타일", "결과"])  # doctest: +SKIP
    """
    frames = as_frames(images, "보여 줄 이미지")
    if titles is not None:
        titles = [titles] if isinstance(titles, str) else list(titles)
        if len(titles) != len(frames):
            raise NSTError(f"이미지는 {len(frames)}장인데 제목(titles)은 {len(titles)}개입니다. 개수를 맞춰 주세요.")
    nrows, ncols = _grid(len(frames), ncols)
    height, width = frames[0][1].shape[:2]
    fig, axes = _new_figure(nrows, ncols, (size * ncols, size * nrows * height / width + 0.4 * nrows))
    for index, (ax, (_, image)) in enumerate(zip(axes.flat, frames)):
        ax.imshow(to_uint8(image))
        ax.set_axis_off()
        if titles is not None:
            ax.set_title(str(titles[index]))
    _drop_unused(fig, axes, len(frames))
    return _finish(fig)


def show_feature_maps(features: Any, *, max_maps: int = 16, ncols: int = 8, title: str | None = None,
                      channels: Sequence[int] | None = None, cmap: str = "viridis") -> Figure:
    """한 층(layer)의 특징 맵(feature map)에서 채널 몇 개를 격자로 보여 줍니다.

    채널마다 가장 작은 값이 0, 가장 큰 값이 1 이 되도록 따로 늘려서(정규화) 보여 줍니다. 그래서 칸끼리
    밝기를 비교할 수는 없고, 각 채널이 이미지의 *어디에* 반응하는지를 봅니다.

    Args:
        features: (H,W,C) 또는 (1,H,W,C) 특징 맵.
        max_maps: 보여 줄 채널의 최대 개수 (앞에서부터).
        ncols: 한 줄에 몇 칸.
        title: 그림 제목 (기본: "특징 맵 (feature map): 채널 n / C개").
        channels: 보여 줄 채널 번호를 직접 고를 때 (예: [0, 5, 17]).
        cmap: 색 지도 ("viridis", 흑백은 "gray").

    >>> fig = show_feature_maps(extractor(image)["block1_conv1"], max_maps=8)  # doctest: +SKIP
    """
    array = as_array(features, "특징 맵", 3)
    if array.ndim != 3 or 0 in array.shape:
        raise NSTError(f"특징 맵의 모양(shape)이 {tuple(array.shape)} 입니다. (높이, 너비, 채널) 또는 "
                       f"(1, 높이, 너비, 채널) 모양이어야 합니다.")
    total = array.shape[-1]
    if channels is None:
        channels = list(range(min(total, int(max_maps))))
    else:
        channels = [int(c) for c in channels]
        wrong = [c for c in channels if not 0 <= c < total]
        if wrong or not channels:
            raise NSTError(f"채널 번호 {wrong or channels} 는 쓸 수 없습니다. 이 특징 맵의 채널은 0 ~ {total - 1} 입니다.")
    if not channels:
        raise NSTError(f"보여 줄 채널이 없습니다 (max_maps={max_maps}). 1 이상으로 정해 주세요.")
    nrows, ncols = _grid(len(channels), ncols)
    height, width = array.shape[:2]
    cell = 1.6
    fig, axes = _new_figure(nrows, ncols, (cell * ncols, cell * nrows * height / width + 0.6))
    for ax, channel in zip(axes.flat, channels):
        plane = np.nan_to_num(array[..., channel].astype(np.float32))
        low, high = float(plane.min()), float(plane.max())
        plane = (plane - low) / (high - low) if high > low else np.zeros_like(plane)
        ax.imshow(plane, cmap=cmap, vmin=0.0, vmax=1.0)
        ax.set_title(f"채널 {channel}", fontsize=9)
        ax.set_axis_off()
    _drop_unused(fig, axes, len(channels))
    fig.suptitle(title if title is not None else f"특징 맵 (feature map): 채널 {len(channels)} / {total}개")
    return _finish(fig)


def show_gram_matrix(gram: Any, *, title: str | None = None, max_channels: int = 64,
                     cmap: str = "viridis") -> Figure:
    """그람 행렬(Gram matrix) G 를 색 지도(heat map)와 색 막대(colour bar)로 보여 줍니다.

    G[i, j] 는 채널 i 와 채널 j 가 함께 켜지는 정도(내적)입니다. 채널이 많으면 앞의 `max_channels` 개만 봅니다.

    >>> fig = show_gram_matrix(gram_matrix(features), max_channels=32)  # doctest: +SKIP
    """
    array = as_array(gram, "그람 행렬", 2)
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] == 0:
        raise NSTError(f"그람 행렬의 모양(shape)이 {tuple(array.shape)} 입니다. (채널, 채널) 모양의 "
                       f"정사각 행렬이어야 합니다 (gram_matrix 의 결과).")
    total = array.shape[0]
    shown = max(1, min(total, int(max_channels)))
    fig, axes = _new_figure(1, 1, (5.6, 4.8))
    ax = axes[0, 0]
    picture = ax.imshow(np.asarray(array[:shown, :shown], np.float32), cmap=cmap, interpolation="nearest")
    fig.colorbar(picture, ax=ax, label="값 (내적)")
    ax.set_xlabel("채널 j")
    ax.set_ylabel("채널 i")
    ax.set_title(title if title is not None else
                 f"그람 행렬 (Gram matrix): 채널 {shown} / {total}개" if shown < total else "그람 행렬 (Gram matrix)")
    return _finish(fig)


def show_snapshots(snapshots: Any, *, ncols: int = 5, title: str | None = None, size: float = 2.6) -> Figure:
    """최적화 중간 그림(snapshot)을 격자로 보여 줍니다. 각 칸의 제목은 "n단계".

    Args:
        snapshots: [(단계, 이미지), ...] (예: `result.snapshots`). 단계 없이 이미지만 넣으면 순서대로 번호를 붙입니다.

    >>> fig = show_snapshots(result.snapshots, ncols=4)  # doctest: +SKIP
    """
    frames = as_frames(snapshots, "중간 그림(snapshots)")
    nrows, ncols = _grid(len(frames), ncols)
    height, width = frames[0][1].shape[:2]
    fig, axes = _new_figure(nrows, ncols, (size * ncols, (size * height / width + 0.35) * nrows + 0.4))
    for index, (ax, (step, image)) in enumerate(zip(axes.flat, frames)):
        ax.imshow(to_uint8(image))
        ax.set_title(f"{step}단계" if step is not None else f"{index + 1}번째")
        ax.set_axis_off()
    _drop_unused(fig, axes, len(frames))
    if title is not None:
        fig.suptitle(title)
    return _finish(fig)


#: 손실 이름 → 그래프에 쓰는 한국어 이름.
LOSS_LABELS = {
    "content": "콘텐츠 손실",
    "style": "스타일 손실",
    "tv": "총 변위 손실 (TV)",
    "total": "전체 손실",
}


def plot_losses(history: Mapping[str, Sequence[float]], *, log: bool = True,
                title: str | None = "손실의 변화 (loss)") -> Figure:
    """단계마다 기록한 손실을 선 그래프로 그립니다.

    Args:
        history: {'content': [...], 'style': [...], 'tv': [...], 'total': [...]} (예: `result.history`).
            없는 이름은 건너뜁니다. 'step' 목록이 있으면 가로축으로 씁니다 (없으면 1, 2, 3, …).
        log: 세로축을 로그 눈금으로. 로그 눈금에서는 0 이하인 값은 그리지 않고, 모두 0 인 손실(예: TV 가중치가
            0)은 빼고 그립니다. 그릴 것이 하나도 없으면 보통 눈금으로 그립니다.

    >>> fig = plot_losses(result.history)  # doctest: +SKIP
    """
    if not isinstance(history, Mapping):
        raise NSTError(f"손실 기록(history)은 {{'content': [...], 'style': [...]}} 같은 dict 여야 합니다 "
                       f"({type(history).__name__} 을(를) 받았습니다).")
    series = {}
    for name in LOSS_LABELS:
        if name in history and history[name] is not None:
            try:
                values = np.array([float(v) for v in history[name]], np.float64)
            except (TypeError, ValueError):
                raise NSTError(f"손실 기록(history)의 '{name}' 에 숫자가 아닌 값이 있습니다.") from None
            if values.size:
                series[name] = values
    if not series:
        raise NSTError("그릴 손실이 없습니다. history 에 'content', 'style', 'tv', 'total' 중 하나 이상의 "
                       "숫자 목록을 넣어 주세요 (예: result.history).")
    if log:
        positive = {name: v for name, v in series.items() if np.any(np.isfinite(v) & (v > 0))}
        log = bool(positive)
        series = positive or series
    fig, axes = _new_figure(1, 1, (7.0, 4.2))
    ax = axes[0, 0]
    for name, values in series.items():
        steps = history.get("step")
        x = (np.asarray(steps, np.float64) if steps is not None and len(steps) == len(values)
             else np.arange(1, len(values) + 1))
        y = np.where(values > 0, values, np.nan) if log else values
        ax.plot(x, y, label=LOSS_LABELS[name], linewidth=2.2 if name == "total" else 1.5)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("단계 (step)")
    ax.set_ylabel("손실 (로그 눈금)" if log else "손실")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return _finish(fig)


def compare_grid(images_2d: Sequence[Sequence[Any]], row_titles: Sequence[str], col_titles: Sequence[str], *,
                 size: float = 2.6, title: str | None = None) -> Figure:
    """이미지를 행 × 열 격자로 비교합니다 (논문 Fig. 3: 행은 층, 열은 α/β 같은 비교).

    Args:
        images_2d: images_2d[행][열] 이 이미지인 2차원 목록. 비운 칸은 None.
        row_titles: 행마다 왼쪽에 쓰는 이름 (예: ["conv1_1", "conv2_1", …]).
        col_titles: 열마다 위에 쓰는 이름 (예: ["α/β = 10⁻⁵", "α/β = 10⁻⁴", …]).

    >>> fig = compare_grid([[a, b], [c, d]], ["conv1_1", "conv2_1"], ["α/β = 1e−4", "α/β = 1e−3"])  # doctest: +SKIP
    """
    if isinstance(images_2d, np.ndarray) or hasattr(images_2d, "shape"):
        array = to_numpy(images_2d)
        if array.ndim != 5:
            raise NSTError(f"비교 격자(images_2d)의 모양이 {tuple(array.shape)} 입니다. "
                           f"(행, 열, 높이, 너비, 3) 배열이나 이미지의 2차원 목록을 넣어 주세요.")
        images_2d = [list(row) for row in array]
    try:
        rows = [list(row) for row in images_2d]
    except TypeError:
        raise NSTError("비교 격자(images_2d)는 images_2d[행][열] 이 이미지인 2차원 목록이어야 합니다.") from None
    if not rows or not rows[0]:
        raise NSTError("비교 격자(images_2d)가 비어 있습니다. 이미지를 하나 이상 넣어 주세요.")
    ncols = len(rows[0])
    if any(len(row) != ncols for row in rows):
        raise NSTError(f"비교 격자의 행마다 이미지 개수가 다릅니다: {[len(row) for row in rows]}. 모두 같게 맞춰 주세요.")
    row_titles, col_titles = list(row_titles), list(col_titles)
    if len(row_titles) != len(rows) or len(col_titles) != ncols:
        raise NSTError(f"격자는 {len(rows)}행 × {ncols}열인데 행 이름은 {len(row_titles)}개, 열 이름은 "
                       f"{len(col_titles)}개입니다. 개수를 맞춰 주세요.")
    cells = [[None if image is None else as_image(image, f"{r + 1}행 {c + 1}열의 이미지")
              for c, image in enumerate(row)] for r, row in enumerate(rows)]
    first = next(image for row in cells for image in row if image is not None) if any(
        image is not None for row in cells for image in row) else None
    if first is None:
        raise NSTError("비교 격자(images_2d)의 칸이 모두 비어 있습니다(None).")
    ratio = first.shape[0] / first.shape[1]
    fig, axes = _new_figure(len(rows), ncols, (size * ncols + 0.6, (size * ratio + 0.3) * len(rows) + 0.4))
    for r, row in enumerate(cells):
        for c, image in enumerate(row):
            ax = axes[r, c]
            _bare(ax)
            if image is not None:
                ax.imshow(to_uint8(image))
            if r == 0:
                ax.set_title(str(col_titles[c]))
            if c == 0:
                ax.set_ylabel(str(row_titles[r]))
    if title is not None:
        fig.suptitle(title)
    return _finish(fig)

