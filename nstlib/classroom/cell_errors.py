"""셀에서 난 오류를 한국어로(cell errors): 답 셀의 실수, 준비 셀이 끝나지 않았을 때.

`nst.course.setup` 이 IPython 에 거는 오류 안내(`course._explain_errors_in_korean`)가 이 모듈로 무엇을 말할지
정합니다: 무슨 일이 났는지, 몇째 줄인지, 무엇을 하면 되는지, 그리고 원래 오류를 한 줄로. 학생의 줄에서 난
오류만 풀어 말하고, 다른 코드 깊은 곳에서 난 오류는 보통의 추적(traceback)을 그대로 둡니다.
"""

from __future__ import annotations

import difflib
import os
import re
import traceback
from collections.abc import Callable, Mapping

import numpy as np

from ..errors import NSTError
from .answers import shorten, with_particle


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
    return shorten(f"{type(error).__name__}: {text}", 160)


def _raised_in_students_line(frames, is_cell) -> bool:
    """오류가 셀의 줄에서 (또는 그 줄이 바로 부른 numpy 안에서) 났는지."""
    cells = [i for i, frame in enumerate(frames) if is_cell(frame.filename)]
    return bool(cells) and all(any(p in frame.filename for p in _PACKAGES_STUDENTS_CALL)
                               for frame in frames[cells[-1] + 1:])


def _students_line(frames, is_cell) -> str:
    cell_frames = [frame for frame in frames if is_cell(frame.filename)]
    if not cell_frames or not (cell_frames[-1].line or "").strip():
        return ""
    return f"{cell_frames[-1].lineno}번째 줄: {shorten(cell_frames[-1].line.strip(), 120)}"


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
    line = f"   {error.lineno}번째 줄: {shorten(text, 120)}" if text and error.lineno else ""
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
