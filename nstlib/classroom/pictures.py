"""그림(pictures): matplotlib 으로 그리는 모든 것과 움직이는 그림(GIF, MP4) 저장.

수업의 그림은 모두 여기에서 나옵니다: 이미지 나란히 보기, 특징 맵(feature map), 그람 행렬(Gram matrix),
최적화 중간 그림(snapshot), 손실 곡선(loss curve), 논문 Fig. 3 같은 비교 격자, 그리고 GIF/MP4.

- 그리는 함수는 matplotlib `Figure` 를 돌려주고 화면에도 보여 줍니다. 노트북에서는 한 셀에 한 번만 보이고,
  Agg 백엔드(CI, 터미널)에서는 아무것도 뜨지 않습니다.
- 입력 이미지는 [0, 1] 범위의 float 배열, 모양은 (높이, 너비, 3) 또는 (1, 높이, 너비, 3) 입니다
  (numpy 배열이나 TensorFlow 텐서).
- 한글 제목이 네모(□)로 깨지지 않도록 그리기 전에 `setup_korean_font()` 를 저절로 부릅니다.

>>> import numpy as np
>>> fig = show_images([np.zeros((8, 8, 3)), np.ones((8, 8, 3))], ["검정", "흰색"])  # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
import numbers
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from PIL import Image

from . import display
from .errors import NSTError
from .images import to_uint8, write_atomically

__all__ = [
    "setup_korean_font",
    "show_images",
    "show_feature_maps",
    "show_gram_matrix",
    "show_snapshots",
    "plot_losses",
    "compare_grid",
    "save_gif",
    "save_mp4",
]

# ---------------------------------------------------------------------------------------------------------
# 한글 글꼴 (Korean font)
# ---------------------------------------------------------------------------------------------------------

#: matplotlib 이 이미 알고 있으면 이 순서로 고르는 한글 글꼴 이름.
KOREAN_FONT_NAMES = (
    "NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic",
    "AppleGothic", "Apple SD Gothic Neo", "Source Han Sans KR",
    # Noto CJK 의 .ttc 는 matplotlib 에 첫 글꼴(JP 등)의 이름으로 등록되지만 한글도 모두 들어 있습니다.
    "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC",
)
#: 한글 글꼴에 없는 글자(예: 진짜 빼기 기호 U+2212)를 가져올 두 번째 글꼴 (matplotlib 에 들어 있음).
FALLBACK_FONT = "DejaVu Sans"

_HANGUL_PROBE = 0xD55C          # '한'
_MINUS_SIGN = 0x2212            # '−' (axes.unicode_minus 가 눈금에 쓰는 빼기 기호)

_font_checked = False
_font_name: str | None = None
_font_warned = False


def _font_path(name: str) -> str | None:
    """matplotlib 이 아는 글꼴 이름 → 글꼴 파일 경로 (없으면 None)."""
    try:
        return font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    except Exception:
        return None


def _has_glyph(path: str, codepoint: int) -> bool:
    """글꼴 파일에 그 글자(codepoint)의 모양(glyph)이 있는지. matplotlib 의 FT2Font 로 확인합니다."""
    try:
        return font_manager.get_font(path).get_char_index(codepoint) != 0
    except Exception:
        return False


def _font_known_to_matplotlib() -> str | None:
    """이미 설치되어 matplotlib 이 아는 한글 글꼴의 이름 (없으면 None)."""
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for name in KOREAN_FONT_NAMES:
        if name in known:
            path = _font_path(name)
            if path and _has_glyph(path, _HANGUL_PROBE):
                return name
    return None


def _font_from_koreanize_matplotlib() -> str | None:
    """PyPI 패키지 koreanize-matplotlib 에 들어 있는 나눔고딕을 matplotlib 에 등록하고 이름을 돌려줍니다.

    그 패키지를 import 하지는 않습니다: 그 __init__ 은 Python 3.12 부터 없는 distutils 를 불러 Colab 에서
    오류가 납니다. 대신 패키지 폴더만 찾아 글꼴 파일을 직접 등록합니다.
    """
    try:
        spec = importlib.util.find_spec("koreanize_matplotlib")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        fonts = Path(folder) / "fonts"
        regular = fonts / "NanumGothic.ttf"
        if not regular.is_file() or not _has_glyph(str(regular), _HANGUL_PROBE):
            continue
        for ttf in sorted(fonts.glob("NanumGothic*.ttf")):   # 굵은 글씨(Bold) 제목도 나눔고딕으로
            try:
                font_manager.fontManager.addfont(str(ttf))
            except Exception:
                continue
        cached = getattr(font_manager.fontManager, "_findfont_cached", None)
        if cached is not None and hasattr(cached, "cache_clear"):   # matplotlib 3.7 은 스스로 비우지 않음
            cached.cache_clear()
        return font_manager.FontProperties(fname=str(regular)).get_name()
    return None


def _find_korean_font() -> str | None:
    return _font_known_to_matplotlib() or _font_from_koreanize_matplotlib()


def _apply_font(name: str) -> None:
    # 한글 글꼴을 먼저, DejaVu Sans 를 뒤에: 한글 글꼴에 없는 글자는 글자마다 DejaVu 에서 가져옵니다
    # (matplotlib >= 3.6 의 font fallback). 나눔고딕에는 U+2212(−)가 없지만 이렇게 하면 눈금에 진짜
    # 빼기 기호가 보이므로 axes.unicode_minus 를 끌 필요가 없습니다.
    matplotlib.rcParams["font.family"] = [name, FALLBACK_FONT]
    matplotlib.rcParams["axes.unicode_minus"] = True


def setup_korean_font() -> str | None:
    """그림의 한글이 네모(□)로 깨지지 않게 한글 글꼴을 정하고, 그 글꼴 이름을 돌려줍니다.

    찾는 순서:
      1. matplotlib 이 이미 아는 한글 글꼴 (`KOREAN_FONT_NAMES` 순서: 나눔고딕, Noto Sans CJK KR, 맑은 고딕 …)
      2. nstlib 과 함께 설치되는 PyPI 패키지 koreanize-matplotlib 안의 NanumGothic.ttf (Colab, CI)

    `rcParams['font.family']` 를 ``[한글 글꼴, 'DejaVu Sans']`` 로 정합니다. 한글 글꼴에 없는 글자
    (나눔고딕에는 빼기 기호 U+2212 가 없습니다)는 DejaVu Sans 에서 가져오므로 `axes.unicode_minus` 는
    True 로 둡니다. 한글 글꼴을 찾지 못하면 한 번만 경고하고 None 을 돌려줍니다(오류는 내지 않습니다).

    여러 번 불러도 됩니다: 처음에만 찾고, 그다음에는 설정이 지워졌을 때(예: `plt.style.use`) 다시 적용만
    합니다. 이 모듈의 그리는 함수는 모두 이 함수를 저절로 부릅니다.

    >>> setup_korean_font()  # doctest: +SKIP
    'NanumGothic'
    """
    global _font_checked, _font_name, _font_warned
    if not _font_checked:
        _font_name = _find_korean_font()
        _font_checked = True
    if _font_name is None:
        if not _font_warned:
            _font_warned = True
            display.notice(
                "한글 글꼴을 찾지 못했습니다. 그림의 한글이 네모(□)로 보일 수 있습니다. "
                "'pip install koreanize-matplotlib' 으로 나눔고딕을 설치한 뒤 커널(런타임)을 다시 시작하세요.\n"
                "No Korean font found: Korean text in figures may show as boxes. "
                "Install one with 'pip install koreanize-matplotlib' and restart the kernel (runtime).",
                "warning")
        return None
    family = matplotlib.rcParams["font.family"]
    if not family or family[0] != _font_name:
        _apply_font(_font_name)
    return _font_name


# ---------------------------------------------------------------------------------------------------------
# 입력 다듬기 (inputs)
# ---------------------------------------------------------------------------------------------------------

def _to_numpy(value: Any) -> np.ndarray:
    if hasattr(value, "numpy"):          # TensorFlow 텐서
        value = value.numpy()
    return np.asarray(value)


def _as_image(image: Any, what: str = "이미지") -> np.ndarray:
    """(H,W,3) 또는 (1,H,W,3) 이미지 → float32 (H,W,3). uint8 이미지(0~255)도 받아 [0,1] 로 바꿉니다."""
    try:
        array = _to_numpy(image)
    except Exception as error:
        raise NSTError(f"{what}을(를) 배열로 바꿀 수 없습니다 ({type(image).__name__}): {error}") from None
    if array.ndim == 4 and array.shape[0] == 1:
        array = array[0]
    if array.ndim != 3 or array.shape[-1] != 3 or 0 in array.shape:
        raise NSTError(f"{what}의 모양(shape)이 {tuple(array.shape)} 입니다. (높이, 너비, 3) 또는 "
                       f"(1, 높이, 너비, 3) 모양의 RGB 이미지를 넣어 주세요.")
    if array.dtype == np.uint8:
        return array.astype(np.float32) / 255.0
    if not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise NSTError(f"{what}의 자료형(dtype)이 {array.dtype} 입니다. [0, 1] 범위의 float 이미지를 넣어 주세요.")
    return array.astype(np.float32)


def _is_step(value: Any) -> bool:
    """(단계, 이미지) 쌍의 첫 값처럼 보이는지: 숫자 하나 (bool 은 아님)."""
    if isinstance(value, np.ndarray):
        return value.ndim == 0
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _frames(items: Any, what: str) -> list[tuple[int | None, np.ndarray]]:
    """(단계, 이미지) 쌍, 이미지 목록, {단계: 이미지} 또는 (N,H,W,3) 배열 → [(단계 또는 None, 이미지)]."""
    if isinstance(items, Mapping):
        items = sorted(items.items(), key=lambda pair: pair[0])
    elif hasattr(items, "shape"):                     # numpy 배열이나 텐서: (H,W,3) 한 장 또는 (N,H,W,3)
        array = _to_numpy(items)
        items = list(array) if array.ndim == 4 else [array]
    elif not isinstance(items, Iterable) or isinstance(items, (str, bytes)):
        raise NSTError(f"{what}에는 이미지 목록이나 (단계, 이미지) 쌍의 목록을 넣어 주세요 "
                       f"({type(items).__name__} 을(를) 받았습니다).")
    frames = []
    for index, item in enumerate(items):
        step = None
        if isinstance(item, (tuple, list)) and len(item) == 2 and _is_step(item[0]):
            step, item = int(item[0]), item[1]
        frames.append((step, _as_image(item, f"{what}의 {index + 1}번째 이미지")))
    if not frames:
        raise NSTError(f"{what}이(가) 비어 있습니다. 이미지를 하나 이상 넣어 주세요.")
    return frames


def _same_size(images: list[np.ndarray]) -> list[np.ndarray]:
    """크기가 다른 이미지는 첫 이미지의 크기로 맞춥니다 (GIF/MP4 의 모든 프레임은 크기가 같아야 함)."""
    height, width = images[0].shape[:2]
    out = []
    for image in images:
        if image.shape[:2] != (height, width):
            image = np.asarray(Image.fromarray(image).resize((width, height), Image.Resampling.LANCZOS))
        out.append(image)
    return out


# ---------------------------------------------------------------------------------------------------------
# 그림을 만들고 보여 주기 (figures)
# ---------------------------------------------------------------------------------------------------------

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
    if _font_name is not None:
        for ax in fig.axes:
            try:
                ax.tick_params(which="both", labelfontfamily=[FALLBACK_FONT, _font_name])
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
    frames = _frames(images, "보여 줄 이미지")
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
    try:
        array = _to_numpy(features)
    except Exception as error:
        raise NSTError(f"특징 맵을 배열로 바꿀 수 없습니다: {error}") from None
    if array.ndim == 4 and array.shape[0] == 1:
        array = array[0]
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
    try:
        array = _to_numpy(gram)
    except Exception as error:
        raise NSTError(f"그람 행렬을 배열로 바꿀 수 없습니다: {error}") from None
    if array.ndim == 3 and array.shape[0] == 1:
        array = array[0]
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
    frames = _frames(snapshots, "중간 그림(snapshots)")
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
        array = _to_numpy(images_2d)
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
    cells = [[None if image is None else _as_image(image, f"{r + 1}행 {c + 1}열의 이미지")
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


# ---------------------------------------------------------------------------------------------------------
# 움직이는 그림 저장 (GIF, MP4)
# ---------------------------------------------------------------------------------------------------------

def _output_path(path: str | os.PathLike, suffix: str) -> Path:
    target = Path(path).expanduser()
    if target.suffix == "":
        target = target.with_name(target.name + suffix)
    elif target.suffix.lower() != suffix:
        raise NSTError(f"'{target}' 의 확장자가 {target.suffix} 입니다. {suffix} 로 끝나는 이름을 써 주세요 "
                       f"(예: '{target.with_suffix(suffix).name}').", path=str(target))
    return target


def _frames_uint8(items: Any, what: str, max_size: int | None = None) -> list[np.ndarray]:
    images = _same_size([to_uint8(image) for _, image in _frames(items, what)])
    if max_size is not None:
        if not isinstance(max_size, numbers.Integral) or max_size < 1:
            raise NSTError(f"max_size 는 1 이상의 정수(픽셀)여야 합니다: {max_size!r}")
        height, width = images[0].shape[:2]
        scale = max_size / max(height, width)
        if scale < 1:
            new = (max(1, round(width * scale)), max(1, round(height * scale)))
            images = [np.asarray(Image.fromarray(image).resize(new, Image.Resampling.LANCZOS)) for image in images]
    return images


def _shared_palette(images: list[np.ndarray], colors: int = 256, max_pixels: int = 400_000) -> Image.Image:
    """모든 프레임에서 고르게 뽑은 픽셀로 256색 팔레트 하나를 만듭니다 (프레임마다 색이 튀지 않게)."""
    pixels = np.concatenate([image.reshape(-1, 3) for image in images])
    pixels = pixels[:: max(1, len(pixels) // max_pixels)]
    sample = Image.fromarray(np.ascontiguousarray(pixels[None, :, :]), "RGB")
    return sample.quantize(colors=colors, method=Image.Quantize.MEDIANCUT)


def save_gif(snapshots_or_images: Any, path: str | os.PathLike, *, duration_ms: int = 120, loop: int = 0,
             overwrite: bool = False, max_size: int | None = None, last_frame_ms: int = 1500) -> Path:
    """움직이는 GIF 를 저장하고 실제로 저장한 경로를 돌려줍니다.

    모든 프레임이 같이 쓰는 256색 팔레트를 만들고 플로이드-스타인버그 디더링(dithering)으로 색을 옮겨
    그러데이션이 계단처럼 끊기지 않게 합니다. 마지막 프레임은 `last_frame_ms` 동안 멈춰 보여 줍니다.

    Args:
        snapshots_or_images: [(단계, 이미지), ...] (예: `result.snapshots`) 또는 이미지 목록.
            크기가 다른 이미지는 첫 이미지의 크기로 맞춥니다.
        path: 저장할 파일 이름 (.gif). 확장자가 없으면 .gif 를 붙입니다.
        duration_ms: 프레임 하나를 보여 주는 시간 (밀리초).
        loop: 반복 횟수 (0 = 끝없이 반복).
        overwrite: False(기본)면 있는 파일을 덮어쓰지 않고 out-1.gif, out-2.gif … 로 저장합니다.
        max_size: 긴 변을 이 픽셀 수 이하로 줄입니다 (파일을 작게).
        last_frame_ms: 마지막 프레임을 보여 주는 시간 (밀리초).

    >>> save_gif(result.snapshots, "과정.gif", max_size=256)  # doctest: +SKIP
    PosixPath('과정.gif')
    """
    for name, value in (("duration_ms", duration_ms), ("last_frame_ms", last_frame_ms)):
        if not isinstance(value, numbers.Real) or not value > 0:
            raise NSTError(f"{name} 은(는) 0보다 큰 밀리초여야 합니다: {value!r}")
    if not isinstance(loop, numbers.Integral) or loop < 0:
        raise NSTError(f"loop 는 0(끝없이) 이상의 정수여야 합니다: {loop!r}")
    target = _output_path(path, ".gif")
    images = _frames_uint8(snapshots_or_images, "GIF 로 만들 이미지", max_size)
    palette = _shared_palette(images)
    frames = [Image.fromarray(image, "RGB").quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
              for image in images]
    durations = [int(duration_ms)] * (len(frames) - 1) + [int(max(duration_ms, last_frame_ms))]

    def write(temp: Path) -> None:
        frames[0].save(temp, format="GIF", save_all=True, append_images=frames[1:], duration=durations,
                       loop=int(loop), disposal=1)

    return write_atomically(target, write, overwrite=overwrite)


def _find_ffmpeg() -> str | None:
    """MP4 를 만들 ffmpeg 실행 파일: 시스템의 ffmpeg(matplotlib 이 찾는 것), 없으면 imageio-ffmpeg 의 것."""
    from matplotlib import animation

    writer = animation.FFMpegWriter
    available = getattr(writer, "isAvailable", None) or getattr(writer, "is_available", None)
    try:
        if available is not None and available():
            binary = matplotlib.rcParams["animation.ffmpeg_path"]
            return shutil.which(binary) or binary
    except Exception:
        pass
    if importlib.util.find_spec("imageio_ffmpeg") is not None:
        try:
            import imageio_ffmpeg

            return imageio_ffmpeg.get_ffmpeg_exe()
        except Exception:
            return None
    return None


def _even(image: np.ndarray) -> np.ndarray:
    """H.264(yuv420p) 는 높이·너비가 짝수여야 하므로 가장자리 한 줄을 복사해 붙입니다."""
    height, width = image.shape[:2]
    return np.pad(image, ((0, height % 2), (0, width % 2), (0, 0)), mode="edge")


def save_mp4(snapshots_or_images: Any, path: str | os.PathLike, *, fps: float = 8,
             overwrite: bool = False, hold_last_s: float = 1.0) -> Path | None:
    """MP4 동영상(H.264)을 저장하고 저장한 경로를 돌려줍니다. **인코더가 없으면 아무것도 하지 않고 None.**

    인코더는 시스템의 ffmpeg(matplotlib 이 찾는 것, Colab 에는 있음) 또는 imageio-ffmpeg 패키지의 ffmpeg
    입니다. 둘 다 없으면 None 을 돌려주니, 그럴 때는 `save_gif` 를 쓰세요. 높이·너비가 홀수이면 가장자리를
    한 줄 늘려 짝수로 맞춥니다. 마지막 프레임은 `hold_last_s` 초 동안 멈춰 보여 줍니다.

    Args:
        snapshots_or_images: [(단계, 이미지), ...] 또는 이미지 목록.
        path: 저장할 파일 이름 (.mp4). 확장자가 없으면 .mp4 를 붙입니다.
        fps: 1초에 보여 줄 프레임 수.
        overwrite: False(기본)면 있는 파일을 덮어쓰지 않고 out-1.mp4 … 로 저장합니다.

    >>> save_mp4(result.snapshots, "과정.mp4") or save_gif(result.snapshots, "과정.gif")  # doctest: +SKIP
    """
    if not isinstance(fps, numbers.Real) or not 0 < fps <= 120:
        raise NSTError(f"fps 는 0보다 크고 120 이하인 수여야 합니다: {fps!r}")
    target = _output_path(path, ".mp4")
    images = [_even(image) for image in _frames_uint8(snapshots_or_images, "MP4 로 만들 이미지")]
    ffmpeg = _find_ffmpeg()
    if ffmpeg is None:
        return None
    images += [images[-1]] * max(0, round(fps * hold_last_s) - 1)
    height, width = images[0].shape[:2]
    raw = b"".join(np.ascontiguousarray(image).tobytes() for image in images)

    def write(temp: Path) -> None:
        messages = []
        for codec in (["-c:v", "libx264", "-preset", "medium", "-crf", "18"], ["-c:v", "mpeg4", "-q:v", "2"]):
            command = [ffmpeg, "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
                       "-s", f"{width}x{height}", "-r", f"{fps:g}", "-i", "-", "-an", *codec,
                       "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", str(temp)]
            done = subprocess.run(command, input=raw, capture_output=True, check=False)
            if done.returncode == 0 and temp.exists() and temp.stat().st_size > 0:
                return
            messages.append(done.stderr.decode(errors="replace").strip()[-300:])
        raise NSTError(f"ffmpeg 로 '{target.name}' 을(를) 만들지 못했습니다: {messages[-1]} "
                       f"대신 save_gif 를 써 보세요.", path=str(target))

    return write_atomically(target, write, overwrite=overwrite)
