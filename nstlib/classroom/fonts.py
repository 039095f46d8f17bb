"""한글 글꼴(Korean font): 그림의 한글 제목이 네모(□)로 깨지지 않게.

matplotlib 이 이미 아는 한글 글꼴을 고르고, 없으면 koreanize-matplotlib 패키지 안의 나눔고딕을 등록합니다.
준비 셀(`nst.course.setup()`)과 그림을 그리는 함수(`nstlib/classroom/pictures.py`)가 저절로 부릅니다.

>>> setup_korean_font()  # doctest: +SKIP
'NanumGothic'
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from .. import display

__all__ = ["setup_korean_font", "chosen_font", "KOREAN_FONT_NAMES", "FALLBACK_FONT"]

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
    합니다. 그림을 그리는 함수(`pictures`)는 모두 이 함수를 저절로 부릅니다.

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


def chosen_font() -> str | None:
    """`setup_korean_font` 가 고른 한글 글꼴의 이름 (아직 고르지 않았거나 찾지 못했으면 None)."""
    return _font_name
