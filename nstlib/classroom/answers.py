"""학생의 답 읽기(answers): '직접 해보기' 의 답이 맞는지, 아니면 무엇을 고치면 되는지. 셀의 오류도 한국어로.

`nst.course.check` 와 준비 셀이 켜 두는 오류 안내(`nst.course.setup`)가 이 모듈을 씁니다. 둘 다

- 학생이 쓴 값을 그대로 보여 주고 (배열이면 모양도): ``지금 답: '100'``
- 무엇이 다른지, 어떻게 고치면 되는지 말하며: ``따옴표 없이 숫자로 쓰세요: 100``
- 정답 자체는 알려 주지 않습니다 (정답은 노트북의 '정답 보기' 에 있음).

같은 뜻인 답은 맞다고 봅니다: 목록 ``[32, 32, 512]`` 과 괄호 ``(32, 32, 512)``, 라이브러리가 합이 1 이 되게 나누는
스타일 섞는 비율 ``[50, 50]`` 과 ``[0.5, 0.5]`` (`blend_shares`).

>>> judge("100", 100).advice
"따옴표 없이 숫자로 쓰세요: 100 (따옴표로 감싼 '100'은 글자(str)라서 계산할 수 없어요)."
>>> judge([50, 50], [0.5, 0.5], same=blend_shares).correct
True
>>> judge((1, 32, 32, 512), (32, 32, 512)).advice
'맨 앞의 1(그림 수)은 빼고 숫자 3개만 쓰세요.'
>>> with_particle("흐림 필터", "을를"), with_particle("β", "을를"), with_particle("conv4_1", "은는")
('흐림 필터를', 'β를', 'conv4_1은')
"""

from __future__ import annotations

import ast
import difflib
import os
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import NSTError, particle
from ..settings import check_blend, check_blend_count

# ---------------------------------------------------------------------------------------------------------
# 조사: 한글로 끝나지 않는 이름(β, conv4_1, (3, 2), 'photo')은 읽는 소리의 마지막 글자로 고릅니다.

_READINGS = dict(zip("0123456789₀₁₂₃₄₅₆₇₈₉", "영일이삼사오육칠팔구" * 2))
_READINGS.update({"α": "알파", "β": "베타", "γ": "감마", "λ": "람다", "×": "곱하기", "÷": "나누기"})
_READINGS.update(zip("abcdefghijklmnopqrstuvwxyz",
                     ["에이", "비", "씨", "디", "이", "에프", "지", "에이치", "아이", "제이", "케이", "엘", "엠", "엔",
                      "오", "피", "큐", "알", "에스", "티", "유", "브이", "더블유", "엑스", "와이", "제트"]))
_CLOSING = "'\"`)]}>.,!? \u00a0"


def _last_syllable(word: str) -> str | None:
    """조사를 정하는 마지막 소리의 한글 글자. 괄호 앞이 한글이면 괄호 안은 건너뜁니다 (`errors.particle` 처럼)."""
    head = word.split("(")[0].rstrip(_CLOSING)
    if re.search("[가-힣]$", head):
        return head[-1]
    tail = word.rstrip(_CLOSING) or word
    return _READINGS.get(tail[-1:].lower(), "")[-1:] or None


def with_particle(word: str, pair: str = "은는") -> str:
    """`errors.particle` 처럼 받침에 맞는 조사를 붙이되, 한글로 끝나지 않는 이름은 읽는 소리로 고릅니다.

    >>> with_particle("G₀₁", "을를"), with_particle("(3, 2)", "이가"), with_particle("반반 섞는 style_blend", "을를")
    ('G₀₁을', '(3, 2)가', '반반 섞는 style_blend를')
    >>> with_particle("conv5_1 의 높이(= 너비)", "을를")
    'conv5_1 의 높이(= 너비)를'
    """
    syllable = _last_syllable(word)
    return word + particle(syllable, pair)[1:] if syllable else f"{word}{pair[0]}({pair[1]})"


def _with_ro(word: str) -> str:
    """'으로' 또는 '로' (받침이 없거나 ㄹ 받침이면 '로'): '[0.7, 0.3]으로', '(2, 1)로'."""
    syllable = _last_syllable(word)
    final = (ord(syllable) - ord("가")) % 28 if syllable else 0
    return word + ("로" if final in (0, 8) else "으로")


def _josa(word: str, with_final: str, without_final: str) -> str:
    """받침이 있으면 with_final, 없으면 without_final 을 붙입니다 (예: '(3, 3)이에요', '(3, 2)예요')."""
    return word + (with_final if with_particle(word, "은는").endswith("은") else without_final)


# ---------------------------------------------------------------------------------------------------------
# 값 보여 주기


def show(value) -> str:
    """학생이 쓴 값을 한 줄로: 글자는 따옴표째로, 배열은 모양과 (작으면) 값까지.

    >>> show("100"), show(0.1 + 0.2), show([1 / 3, 2 / 3]), show(np.ones((2, 2)) / 4)
    ("'100'", '0.3', '[0.333333, 0.666667]', '모양 (2, 2)인 배열 [[0.25, 0.25], [0.25, 0.25]]')
    """
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        return repr(value) if not isinstance(value, np.bool_) else repr(bool(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (tuple, list)) and len(value) <= 16:
        items = ", ".join(show(item) for item in value) + ("," if isinstance(value, tuple) and len(value) == 1 else "")
        return _short(f"({items})" if isinstance(value, tuple) else f"[{items}]")
    if hasattr(value, "shape") and hasattr(value, "dtype"):          # numpy 배열, TensorFlow 텐서
        try:
            array = np.asarray(value)
        except Exception:  # noqa: BLE001 - 보여 주기만 하므로 무엇이든 글자로
            return _short(repr(value))
        if array.ndim == 0:
            return show(array.item())
        shape = tuple(int(n) for n in array.shape)
        if array.size <= 16:
            values = np.array2string(array, precision=3, separator=", ", max_line_width=10_000)
            return f"모양 {shape}인 배열 {' '.join(values.split())}"
        if array.dtype.kind in "biuf" and array.size:
            return f"모양 {shape}인 배열 (값 {array.min():.3g} ~ {array.max():.3g})"
        return f"모양 {shape}인 배열"
    if callable(value):
        return f"함수 {getattr(value, '__name__', '')}".strip()
    return _short(repr(value))


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------------------
# 답 판정


@dataclass(frozen=True)
class Verdict:
    """`judge` 의 판정. advice 는 무엇을 고치면 되는지 (없으면 ''), about_form 이면 값이 아니라 쓰는 꼴이
    틀린 것(따옴표, 괄호, 개수)이라 내용 힌트보다 이 안내가 먼저입니다. note 는 맞았을 때 덧붙이는 말."""

    correct: bool
    shown: str
    advice: str = ""
    about_form: bool = False
    note: str = ""


def blend_shares(blend) -> list[float]:
    """스타일 섞는 비율을 라이브러리가 읽는 대로: 합이 1 이 되게 나눈 몫 (`style_blend` 와 같은 규칙).

    >>> blend_shares([50, 50]), blend_shares((7, 3))
    ([0.5, 0.5], [0.7, 0.3])
    """
    return check_blend_count(blend, len(check_blend(blend)))


def judge(answer, expected, *, atol: float = 1e-6, same: Callable | None = None) -> Verdict:
    """answer 가 expected 와 같은지 보고, 다르면 무엇이 다른지 한국어로 (정답은 말하지 않음).

    expected 의 종류가 답의 꼴을 정합니다: True/False, 글자, 숫자 하나, 숫자 몇 개(모양 같은 괄호나 목록),
    배열. same 을 주면, 꼴은 맞는데 값이 다를 때 둘 다 same 으로 바꿔 한 번 더 비교합니다 (같은 뜻인 다른
    표기를 맞다고 보기, 예: `blend_shares`).
    """
    verdict = _judge_as_written(answer, expected, atol)
    if same is None or verdict.correct or verdict.about_form:
        return verdict
    try:
        canonical = same(answer)
    except NSTError as error:                 # 라이브러리가 거절하는 답: 그 한국어 안내가 곧 고칠 점
        return Verdict(False, verdict.shown, str(error), True)
    if _judge_as_written(canonical, same(expected), atol).correct:
        return Verdict(True, verdict.shown, note=f"{verdict.shown} → 라이브러리가 읽으면 {show(canonical)}: "
                                                 f"같은 뜻이에요.")
    read_as = f"라이브러리는 이 답을 {_with_ro(show(canonical))} 읽어요."
    return Verdict(False, verdict.shown, " ".join(filter(None, [verdict.advice, read_as])))


def _judge_as_written(answer, expected, atol: float) -> Verdict:
    shown = show(answer)
    if answer is None:
        return Verdict(False, shown, "답이 비어 있어요(None). = 오른쪽에 값을 쓰세요 "
                                     "(print(...)는 보여 주기만 하고 값을 돌려주지 않아요).", True)
    if callable(answer) and not hasattr(answer, "shape"):
        return Verdict(False, shown, "함수 자체가 아니라 함수를 불러서 얻은 값을 쓰세요: 이름 뒤에 괄호 ( )를 붙입니다.", True)
    if isinstance(expected, (bool, np.bool_)):
        return _judge_truth(answer, bool(expected), shown)
    if isinstance(expected, str):
        return _judge_word(answer, expected, shown)
    if _number(expected) is not None:
        return _judge_number(answer, _number(expected), atol, shown)
    if isinstance(expected, (tuple, list)):
        return _judge_numbers(answer, expected, atol, shown)
    return _judge_array(answer, expected, atol, shown)


def _number(value) -> float | None:
    """value 가 수 하나이면 float, 아니면 None (True/False 와 글자는 수로 보지 않음)."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        return None
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001
        return None
    return float(array) if array.ndim == 0 and array.dtype.kind in "iuf" else None


def _numbers(value) -> list[float] | None:
    """value 가 숫자 몇 개(괄호, 목록, 1차원 배열)이면 float 의 목록, 아니면 None."""
    if isinstance(value, (tuple, list)) or (hasattr(value, "shape") and len(getattr(value, "shape", ())) == 1):
        values = [_number(v) for v in value]
        return None if any(v is None for v in values) else values
    return None


def _close(a: float, b: float, atol: float) -> bool:
    return abs(a - b) <= atol + 1e-5 * abs(b)


def _judge_truth(answer, expected: bool, shown: str) -> Verdict:
    if isinstance(answer, (bool, np.bool_)):
        return Verdict(bool(answer) == expected, shown)
    if isinstance(answer, str) and answer.strip().lower() in ("true", "false"):
        word = answer.strip().capitalize()
        return Verdict(False, shown, f"따옴표 없이 {word}로 쓰세요. 따옴표로 감싼 {with_particle(shown)} "
                                     f"글자(str)예요.", True)
    if _number(answer) in (0.0, 1.0):
        return Verdict(False, shown, "1이나 0 대신 True 또는 False로 쓰세요 (따옴표 없이).", True)
    return Verdict(False, shown, "True(예) 또는 False(아니요)로 쓰세요: 따옴표 없이, 첫 글자는 대문자.", True)


def _judge_word(answer, expected: str, shown: str) -> Verdict:
    if isinstance(answer, str):
        return Verdict(answer.strip().strip("'\"").strip() == expected.strip(), shown)
    return Verdict(False, shown, '글자로 쓰세요: 따옴표로 감싸서 "…" 처럼 씁니다.', True)


def _judge_number(answer, expected: float, atol: float, shown: str) -> Verdict:
    if isinstance(answer, (bool, np.bool_)):
        return Verdict(False, shown, "True나 False가 아니라 숫자를 쓰세요.", True)
    if isinstance(answer, str):
        text = answer.strip()
        try:
            float(text.replace(",", "").replace("_", ""))
        except ValueError:
            return Verdict(False, shown, "숫자로 쓰세요 (따옴표 없이).", True)
        return Verdict(False, shown, f"따옴표 없이 숫자로 쓰세요: {text} (따옴표로 감싼 {with_particle(shown)} "
                                     f"글자(str)라서 계산할 수 없어요).", True)
    value = _number(answer)
    if value is None:
        size = np.size(answer) if isinstance(answer, (tuple, list)) or hasattr(answer, "shape") else None
        if size == 1:
            return Verdict(False, shown, "숫자 하나만 쓰세요: 괄호 ( )나 대괄호 [ ] 없이.", True)
        return Verdict(False, shown, "숫자 하나를 쓰세요.", True)
    if _close(value, expected, atol):
        return Verdict(True, shown)
    if value and expected and _close(1 / value, expected, atol):
        return Verdict(False, shown, "정답을 뒤집은 값(1 ÷ 정답) 같아요: 무엇을 무엇으로 나누는지 다시 보세요.")
    return Verdict(False, shown)


_ORDINALS = ["첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째"]


def _judge_numbers(answer, expected, atol: float, shown: str) -> Verdict:
    want = _numbers(expected)
    if want is None:                                          # 숫자가 아닌 것이 든 목록: 그대로 비교
        return Verdict(isinstance(answer, (tuple, list)) and tuple(answer) == tuple(expected), shown)
    n = len(want)
    if isinstance(answer, str):
        try:
            written = ast.literal_eval(answer.strip())
        except (ValueError, SyntaxError):
            written = None
        if _numbers(written) is not None:
            return Verdict(False, shown, f"따옴표 없이 쓰세요: {answer.strip()} (따옴표로 감싸면 글자(str)예요).", True)
        return Verdict(False, shown, f"따옴표 없이, 괄호 안에 숫자 {n}개를 쉼표로 나누어 쓰세요.", True)
    if hasattr(answer, "shape") and len(getattr(answer, "shape", ())) >= 2:
        return Verdict(False, shown, f"배열 자체가 아니라 숫자 {n}개를 괄호 안에 쉼표로 나누어 쓰세요 "
                                     f"(배열의 모양은 .shape로 볼 수 있어요).", True)
    got = _numbers(answer)
    if got is None:
        if _number(answer) is not None:
            return Verdict(False, shown, f"숫자 {n}개를 괄호 안에 쉼표로 나누어 쓰세요.", True)
        return Verdict(False, shown, "괄호 안에는 숫자만 쓰세요 (따옴표 없이).", True)
    if len(got) == n + 1 and got[0] == 1:
        return Verdict(False, shown, f"맨 앞의 1(그림 수)은 빼고 숫자 {n}개만 쓰세요.", True)
    if len(got) + 1 == n and want[0] == 1:
        return Verdict(False, shown, f"맨 앞에 그림 수 1을 넣어 숫자 {n}개로 쓰세요.", True)
    if len(got) != n:
        return Verdict(False, shown, f"숫자가 {len(got)}개예요. {n}개를 쓰세요.", True)
    wrong = [i for i, (g, w) in enumerate(zip(got, want)) if not _close(g, w, atol)]
    if not wrong:
        return Verdict(True, shown)
    if sorted(got) == sorted(want):
        return Verdict(False, shown, "숫자는 다 맞는데 순서가 달라요: 어떤 차례로 써야 하는지 다시 보세요.")
    names = "·".join(_ORDINALS[i] if i < len(_ORDINALS) else f"{i + 1}번째" for i in wrong)
    return Verdict(False, shown, f"{names} 숫자가 아직 아니에요." if len(wrong) < n else "")


def _judge_array(answer, expected, atol: float, shown: str) -> Verdict:
    want = np.asarray(expected, dtype=float)
    if isinstance(answer, str):
        return Verdict(False, shown, "따옴표 없이 코드로 쓰세요: 따옴표로 감싸면 배열이 아니라 글자(str)예요.", True)
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Verdict(False, shown, "숫자로 된 배열이어야 해요.", True)
    if got.shape != want.shape:
        now, need = tuple(got.shape), tuple(want.shape)
        return Verdict(False, shown, f"모양이 {_josa(str(now), '이에요', '예요')}. {_josa(str(need), '이어야', '여야')} "
                                     f"해요.", True)
    if np.allclose(got, want, atol=atol):
        return Verdict(True, shown)
    gap = float(np.nanmax(np.abs(got - want))) if np.isfinite(got).any() else float("nan")
    return Verdict(False, shown, f"모양은 맞아요. 값이 달라요 (가장 크게 다른 칸의 차이 {gap:.3g}).")


# ---------------------------------------------------------------------------------------------------------
# 셀에서 난 오류를 한국어로

SETUP_NAMES = frozenset({"nst", "course", "WEIGHTS", "os", "sys"})   # 준비 셀이 만드는 이름
_EXPLAINED = (NameError, TypeError, ValueError, IndexError, AttributeError, KeyError, ZeroDivisionError)
_PACKAGES_STUDENTS_CALL = (f"{os.sep}numpy{os.sep}",)                  # 답 셀에서 바로 부르는 것 (np.ones ...)


def explain_error(error: BaseException, frames: list, *, is_cell: Callable[[str], bool],
                  names: Mapping = {}, setup: str = "done") -> tuple[str | None, bool]:
    """셀에서 난 오류를 학생이 고칠 수 있게 한국어로. (안내문, 원래 추적도 보여 줄지) 를 돌려줍니다.

    안내문이 None 이면 IPython 의 보통 추적(traceback)을 그대로 둡니다: 학생의 줄이 아니라 라이브러리 깊은 곳에서
    난 오류(라이브러리의 버그일 수 있어 강사가 봐야 함).

    frames: `traceback.extract_tb` 의 결과. is_cell(파일 이름): 노트북 셀의 코드인지. names: 셀의 이름들
    (비슷한 이름 찾기). setup: 준비 셀의 상태. "done" (끝남), "failed" (실패해서 끝나지 않음: 뒤 셀의 오류는 모두
    "준비 셀을 먼저 고치세요", 문법 오류만 빼고), "running" (준비 셀 자체의 줄에서 난 오류), "inside" (setup() 안).
    """
    short = _one_line(error)
    if setup == "inside":
        if isinstance(error, NSTError):
            return f"⛔ {error}", False
        return ("⛔ 준비 셀(맨 위 셀)에서 예상하지 못한 오류가 났어요.\n"
                "👉 이 셀을 한 번 더 실행해 보세요. 그래도 나면 아래의 영어 메시지를 강사에게 보여 주세요.", True)
    if setup == "failed" and not isinstance(error, SyntaxError):    # 문법 오류는 준비 셀과 상관없이 그 셀의 일
        return ("⛔ 준비 셀(맨 위 셀)이 끝나지 않아서 이 셀을 실행할 수 없어요.\n"
                "👉 준비 셀(맨 위 셀)을 먼저 고쳐서 다시 실행하세요 (그 셀 아래의 안내를 보세요). 그다음 이 셀까지 "
                f"위에서부터 차례로 실행합니다.\n   (원래 오류: {short})"), False
    if isinstance(error, NSTError):
        return f"⛔ {error}", False
    if isinstance(error, SyntaxError):
        filename = error.filename or ""
        if is_cell(filename) or not os.path.isfile(filename):
            return _explain_syntax(error, short), False
        return None, False
    if isinstance(error, NameError) and _missing_name(error) in SETUP_NAMES:
        return (f"⛔ '{_missing_name(error)}' 이름이 없어요: 준비 셀(맨 위 셀)이 만드는 이름이에요.\n"
                "👉 준비 셀을 먼저 실행하고, 그다음 이 셀까지 위에서부터 차례로 실행하세요.\n"
                f"   (원래 오류: {short})"), False
    if not isinstance(error, _EXPLAINED) or not _raised_in_students_line(frames, is_cell):
        return None, False
    line = _students_line(frames, is_cell)
    what, todo = _explain_runtime(error, names)
    return "\n".join(filter(None, [f"⛔ {what}", line and f"   {line}", f"👉 {todo}",
                                   f"   (원래 오류: {short} · 자세히: %tb)"])), False


def _one_line(error: BaseException) -> str:
    text = error.msg if isinstance(error, SyntaxError) else str(error)
    return _short(f"{type(error).__name__}: {text}", 160)


def _raised_in_students_line(frames, is_cell) -> bool:
    """오류가 셀의 줄에서 (또는 그 줄이 바로 부른 numpy 안에서) 났는지."""
    cells = [i for i, frame in enumerate(frames) if is_cell(frame.filename)]
    return bool(cells) and all(any(p in frame.filename for p in _PACKAGES_STUDENTS_CALL)
                               for frame in frames[cells[-1] + 1:])


def _students_line(frames, is_cell) -> str:
    cell_frames = [frame for frame in frames if is_cell(frame.filename)]
    if not cell_frames or not (cell_frames[-1].line or "").strip():
        return ""
    return f"{cell_frames[-1].lineno}번째 줄: {_short(cell_frames[-1].line.strip(), 120)}"


def _missing_name(error: NameError) -> str:
    name = getattr(error, "name", None)
    if name:
        return name
    found = re.search(r"name '(.+?)' is not defined", str(error))
    return found.group(1) if found else ""


def _unquoted_hangul(code: str) -> bool:
    """줄에 따옴표 밖의 한글이 있는지 (주석은 빼고)."""
    code = re.sub(r"\"[^\"]*\"|'[^']*'", "", code).split("#")[0]
    return bool(re.search("[가-힣]", code))


def _explain_syntax(error: SyntaxError, short: str) -> str:
    message, text = error.msg or "", (error.text or "").strip()
    line = f"   {error.lineno}번째 줄: {_short(text, 120)}" if text and error.lineno else ""
    character = re.search(r"invalid character '(.)'", message)
    if isinstance(error, IndentationError):
        what, todo = ("줄의 맨 앞 빈칸(들여쓰기)이 맞지 않아요.",
                      "답을 쓰는 줄은 맨 앞에 빈칸 없이 시작하세요. if·for 아래의 줄만 빈칸 4개로 들여 씁니다.")
    elif character and character.group(1) in "×÷":
        what, todo = (f"{with_particle(repr(character.group(1)))} 파이썬이 모르는 기호예요.",
                      "곱하기는 *, 나누기는 /로 쓰세요.")
    elif character:
        what, todo = (f"코드에 쓸 수 없는 글자가 있어요: '{character.group(1)}' (한글 자판의 기호일 수 있어요).",
                      "따옴표 밖에서는 영문 자판의 기호(쉼표 , 괄호 ( ) 따옴표 \" 등)로 쓰세요.")
    elif "unterminated string" in message or "EOL while scanning" in message:
        what, todo = "따옴표가 열리고 닫히지 않았어요.", "따옴표는 짝으로 씁니다: \"그림\"처럼 앞뒤에 하나씩."
    elif _unquoted_hangul(text):
        what, todo = ("따옴표 없이 쓴 한글이 있어요: 파이썬은 그것을 코드로 읽어요.",
                      "글자는 따옴표로 감싸세요: \"그림\"처럼.")
    elif "forgot a comma" in message:
        what, todo = "쉼표가 빠진 것 같아요.", "숫자나 값 사이에 쉼표(,)를 넣으세요: (4, 5)처럼."
    elif any(key in message for key in ("never closed", "unmatched", "does not match", "unexpected EOF")):
        what, todo = "괄호의 짝이 맞지 않아요.", "여는 괄호 ( [ 와 닫는 괄호 ) ]의 수를 세어 짝을 맞추세요."
    elif "assign to" in message:
        what, todo = "= 왼쪽에는 이름만 올 수 있어요.", "'이름 = 값' 차례로 쓰세요: answer = 100처럼."
    elif "expected ':'" in message:
        what, todo = "if, for, def 줄의 끝에 쌍점(:)이 빠졌어요.", "그 줄의 끝에 쌍점(:)을 붙이세요."
    elif "decimal literal" in message:
        what, todo = "숫자 바로 뒤에 글자가 붙어 있어요.", "곱하기는 *를 써서 3 * 3처럼 쓰세요."
    else:
        what, todo = ("파이썬 문법에 맞지 않는 곳이 있어요.",
                      "괄호와 따옴표의 짝, 값 사이의 쉼표, 곱하기가 *인지 보세요.")
    return "\n".join(filter(None, [f"⛔ {what}", line, f"👉 {todo}", f"   (원래 오류: {short})"]))


def _explain_runtime(error: BaseException, names: Mapping) -> tuple[str, str]:
    message = str(error)
    if isinstance(error, NameError):
        name = _missing_name(error)
        if re.search("[가-힣]", name):
            return (f"'{name}'에 따옴표가 없어서 파이썬이 이름(변수)으로 읽었어요.",
                    f"글자는 따옴표로 감싸세요: \"{name}\"")
        if name.lower() in ("true", "false", "none") and name != name.capitalize():
            return f"{with_particle(name)} 파이썬이 모르는 이름이에요.", f"첫 글자를 대문자로: {name.capitalize()}"
        quoted = with_particle(f"'{name}'", "이가")
        close = difflib.get_close_matches(name, [n for n in names if not str(n).startswith("_")], n=1)
        if close:
            return (f"{quoted} 없어요.", f"혹시 '{close[0]}'인가요? 이름은 철자와 대소문자까지 같아야 해요.")
        return (f"{quoted} 아직 없어요.",
                "철자를 확인하고, 그 이름을 만드는 위쪽 셀을 먼저 실행했는지 보세요 (위에서부터 차례로).")
    if isinstance(error, TypeError):
        if re.search(r"'str'|\bstr\b", message) and re.search("operand|concatenate|multiply|can't|must be", message):
            return ("글자(따옴표 안의 값)와 숫자를 함께 계산했어요.",
                    "숫자는 따옴표 없이 쓰세요: '100'이 아니라 100.")
        if "as a data type" in message:
            return ("np.ones(3, 3) 처럼 쓰면 둘째 숫자를 자료형(dtype)으로 읽어요.",
                    "모양은 괄호로 한 번 더 묶어 한 덩어리로 주세요: 숫자 두 개가 아니라 모양 하나.")
        if "slice indices" in message or "interpreted as an integer" in message or "only integers" in message:
            return ("자리 번호(인덱스)와 개수는 정수여야 해요.", "나눗셈은 / 대신 //를 쓰면 정수가 나와요.")
        if "not callable" in message:
            return ("괄호 ( ) 앞의 값이 함수가 아니에요.",
                    "값 사이의 쉼표(,)나 곱하기(*)가 빠지지 않았는지 보세요: 2(3)이 아니라 2 * 3.")
        if "not subscriptable" in message:
            return ("대괄호 [ ]를 쓸 수 없는 값이에요.", "함수를 부를 때는 ( )를, 배열이나 목록에서 고를 때만 [ ]를 씁니다.")
        if "argument" in message:
            return ("함수에 준 값의 개수나 이름이 맞지 않아요.", "위 셀의 예와 같은 차례로 값을 주세요.")
        return ("값의 종류(자료형, type)가 맞지 않는 계산이에요.",
                "숫자, 글자(따옴표), 목록 [ ], 배열을 섞어 쓰지 않았는지 보세요.")
    if isinstance(error, ValueError):
        if "broadcast" in message:
            return "모양이 다른 배열끼리 계산했어요.", "두 배열의 .shape를 print 해서 모양을 비교해 보세요."
        if "could not convert string" in message:
            return "글자를 숫자로 바꿀 수 없어요.", "숫자는 따옴표 없이 쓰세요."
        return "값이 이 계산에 맞지 않아요.", "값과 모양(.shape)을 print 해서 확인해 보세요."
    if isinstance(error, IndexError):
        return ("자리 번호(인덱스)가 배열 밖이에요.", "번호는 0부터 셉니다. 배열의 크기는 .shape로 볼 수 있어요.")
    if isinstance(error, AttributeError):
        attribute, owner = getattr(error, "name", None), getattr(error, "obj", None)
        close = difflib.get_close_matches(attribute or "", [a for a in dir(owner) if not a.startswith("_")], n=1) \
            if attribute and owner is not None else []
        todo = f"혹시 .{close[0]}인가요?" if close else "점(.) 뒤 이름의 철자를 확인하세요."
        return "점(.) 뒤의 이름이 이 값에는 없어요.", todo
    if isinstance(error, KeyError):
        return f"[ ] 안의 이름이 없어요: {message}", "철자를 확인하세요 (예: 'conv4_2'처럼 따옴표째로)."
    return "0으로 나눌 수 없어요.", "나누는 수가 0이 아닌지 보세요."


def frames_of(tb) -> list:
    """추적(traceback) 객체를 `explain_error` 가 읽는 틀(frame) 목록으로."""
    return traceback.extract_tb(tb) if tb is not None else []
