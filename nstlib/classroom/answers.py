"""학생의 답 읽기(answers): '직접 해보기' 의 답이 맞는지, 아니면 무엇을 고치면 되는지 (셀의 오류는 `cell_errors`).

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
import re
from collections.abc import Callable
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
        return shorten(f"({items})" if isinstance(value, tuple) else f"[{items}]")
    if hasattr(value, "shape") and hasattr(value, "dtype"):          # numpy 배열, TensorFlow 텐서
        try:
            array = np.asarray(value)
        except Exception:  # noqa: BLE001 - 보여 주기만 하므로 무엇이든 글자로
            return shorten(repr(value))
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
    return shorten(repr(value))


def shorten(text: str, limit: int = 100) -> str:
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
