"""nstlib.classroom.course 와 answers: 준비 셀(setup), '직접 해보기' 의 확인(check), 셀의 오류를 한국어로.

- check 가 노트북에 True/False 를 찍지 않고, 틀린 답에는 학생의 값(배열이면 모양)과 고칠 점을 보이며, 같은 뜻인
  답([50, 50] 과 [0.5, 0.5])은 맞다고, 따옴표로 감싼 '100'·'True' 는 틀렸다고 하는지. 이름 뒤의 조사.
- 준비 셀이 실패하면 뒤의 모든 셀이 "준비 셀을 먼저 고치세요" 를, 답 셀의 NameError·TypeError·SyntaxError 가
  한국어 안내를 보이는지 (영어 추적 없이).

기준은 코드 밖에서: IPython 의 진짜 셸(InteractiveShell)이 셀을 실행하고 보여 주는 것(같은 셸에서 보통의 True 는
찍히는 것과 비교), 노트북에 실제로 적힌 확인 셀과 '정답 보기', 손으로 적은 조사와 numpy 로 옮긴 비율 규칙.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import nstlib as nst
from conftest import assert_korean
from nstlib import network
from nstlib.errors import NSTError
from nstlib.classroom import course

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("answer, expected, correct", [((2, 3), (2, 3), True), ((3, 2), (2, 3), False),
                                                       (0.1 + 0.2, 0.3, True), ("스타일", "콘텐츠", False)])
def test_check_is_usable_as_a_truth_value(notices, answer, expected, correct):
    result = course.check(answer, expected, what="답", hint="다시 보세요.")
    assert bool(result) is correct and (result == correct) and (result == (not correct)) is False
    assert sum([result, result]) == 2 * correct                   # 맞힌 수를 셀 수 있음
    assert "True" not in repr(result) and "False" not in repr(result)
    assert_korean(repr(result))
    assert [level for level, _ in notices] == ["info" if correct else "warning"]


def test_check_not_answered_yet(notices):
    result = course.check(..., (2, 3), what="모양")
    assert not result and "모양" in assert_korean(notices[0][1])


def test_a_cell_ending_with_check_shows_no_true_or_false(notices):
    """Jupyter/Colab 커널의 진짜 displayhook(ipykernel)에 셀의 마지막 값을 넘겨, 보내는 메시지를 봅니다."""
    from IPython.core.interactiveshell import InteractiveShell
    from ipykernel.displayhook import ZMQShellDisplayHook
    from jupyter_client.session import Session

    sent = []

    class RecordingSession(Session):
        def send(self, stream, msg, ident=None, **kwargs):
            sent.append(msg["content"]["data"])

    shell = InteractiveShell.instance()
    hook = ZMQShellDisplayHook(shell=shell, session=RecordingSession(), pub_socket=None)
    hook(True)                                                 # 보통의 bool 은 셀 아래에 찍힘 (비교 기준)
    assert sent == [{"text/plain": "True"}]
    sent.clear()
    hook(course.check((2, 3), (2, 3), what="모양"))
    hook(course.check(1, 2))
    assert sent == []                                          # 안내 상자만, True/False 는 없음
    shell.user_ns["nst"] = nst
    result = shell.run_cell("correct = nst.course.check(5, 5)\nif nst.course.check(5, 5):\n    answer = 'yes'\n"
                            "answer, bool(correct)")
    assert result.result == ("yes", True)


def test_notebooks_use_check_only_as_a_truth_value():
    """노트북의 check 는 `x = check(...)`, `if check(...):`, 또는 셀의 마지막 줄로만 씀 (`is True` 는 안 됨)."""
    uses = []
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] != "code" or "course.check(" not in text:
                continue
            for line in text.splitlines():
                if "course.check(" in line:
                    uses.append(line)
                    assert re.match(r"^(\w+ = |if )?nst\.course\.check\(", line.strip()), (path.name, line)
            assert not re.search(r"\b(correct|check\(.*\))\s+is\s+(True|False)", text), path.name
    assert len(uses) >= 10


def test_setup_is_remembered(monkeypatch, tmp_path, notices):
    monkeypatch.setattr(course, "_CURRENT", [])
    monkeypatch.setattr(network, "_CHOSEN", {})
    monkeypatch.setattr(course, "detect_device", nst.detect_device)
    assert course.current() is None
    made = course.setup("random", output_dir=tmp_path / "outputs", load_network=False)
    assert course.current() is made and made.weights == "random" and (tmp_path / "outputs").is_dir()
    assert network.default_weights() == "random"


# --- '직접 해보기' 확인: 학생의 값, 같은 뜻인 답, 따옴표, 모양, 조사 ------------------------------------------------

def _warning(notices) -> str:
    (level, text), = notices
    assert level == "warning", text
    return assert_korean(text)


@pytest.mark.parametrize("answer, expected, shown", [
    (np.ones(3) / 9, np.full((3, 3), 1 / 9), ["모양 (3,)", "(3, 3)"]),            # 배열: 학생의 모양과 필요한 모양
    (np.ones((3, 3)), np.full((3, 3), 1 / 9), ["모양 (3, 3)", "[[1., 1., 1.]"]),  # 모양은 맞고 값이 다름: 값을 보임
    ((3, 2), (2, 3), ["(3, 2)"]),
    (0.01, 100, ["0.01"]),
    ("콘텐츠", "스타일", ["'콘텐츠'"]),
])
def test_a_wrong_answer_shows_the_students_value(notices, answer, expected, shown):
    assert not course.check(answer, expected, what="답", hint="생각해 보세요.")
    text = _warning(notices)
    assert "지금 답:" in text
    for piece in shown:
        assert piece in text, (piece, text)


@pytest.mark.parametrize("blend", [[50, 50], (1, 1), [0.5, 0.5], np.array([2.0, 2.0])])
def test_a_blend_that_means_half_and_half_is_right(notices, blend):
    assert course.check(blend, [0.5, 0.5], what="반반 섞는 style_blend", same=course.blend_shares)
    assert notices[0][0] == "info"


@pytest.mark.parametrize("blend", [[1, 2], [7, 3], (0.2, 0.5, 0.3), [0, 0, 5]])
def test_blend_shares_divide_by_the_sum(blend):
    """라이브러리가 읽는 몫 = 각 수 ÷ 합 (numpy 로 옮긴 규칙과 비교)."""
    assert np.allclose(course.blend_shares(blend), np.asarray(blend, float) / np.sum(blend))


def test_a_blend_the_library_reads_differently_is_wrong_and_says_how_it_is_read(notices):
    assert not course.check([70, 30], [0.5, 0.5], what="반반 섞는 style_blend", same=course.blend_shares)
    assert "[0.7, 0.3]" in _warning(notices)


@pytest.mark.parametrize("answer, expected, advice", [
    ("100", 100, "따옴표 없이 숫자로 쓰세요: 100"),
    (" 1e4 ", 1e4, "따옴표 없이 숫자로 쓰세요: 1e4"),
    ("True", True, "따옴표 없이 True로 쓰세요"),
    ("true", True, "따옴표 없이 True로 쓰세요"),
    ("False", False, "따옴표 없이 False로 쓰세요"),
    ("(32, 32, 512)", (32, 32, 512), "따옴표 없이 쓰세요: (32, 32, 512)"),
    (1, True, "True 또는 False로"),
    (100, "스타일", "따옴표로 감싸서"),
])
def test_a_quoted_answer_is_not_right_and_says_to_drop_the_quotes(notices, answer, expected, advice):
    assert not course.check(answer, expected, what="답", hint="값의 힌트")
    text = _warning(notices)
    assert advice in text and "값의 힌트" not in text, text          # 꼴을 고치라는 말이 먼저, 내용 힌트는 나중


@pytest.mark.parametrize("answer, expected, advice", [
    ((1, 32, 32, 512), (32, 32, 512), "맨 앞의 1(그림 수)은 빼고 숫자 3개만"),
    ((24, 32, 512), (1, 24, 32, 512), "맨 앞에 그림 수 1을 넣어 숫자 4개로"),
    ((32, 32), (32, 32, 512), "숫자가 2개예요. 3개를 쓰세요"),
    ((256, 192, 3), (192, 256, 3), "순서가 달라요"),
    ((32, 32, 256), (32, 32, 512), "셋째 숫자가 아직 아니에요"),
    (np.zeros((3, 2)), (3, 2), "배열 자체가 아니라 숫자 2개"),
])
def test_a_shape_answer_says_what_to_add_or_leave_out(notices, answer, expected, advice):
    assert not course.check(answer, expected, what="conv4_1 의 모양")
    assert advice in _warning(notices)


@pytest.mark.parametrize("answer, expected", [([32, 32, 512], (32, 32, 512)), (np.array([3, 2]), (3, 2)),
                                              (np.float32(1e4), 1 / 1e-4), (np.True_, True), (" 스타일", "스타일")])
def test_equivalent_spellings_are_right(notices, answer, expected):
    assert course.check(answer, expected, what="답")


@pytest.mark.parametrize("what, written", [("흐림 필터", "흐림 필터를"), ("β", "β를"), ("G₀₁", "G₀₁을"),
                                           ("conv4_1 의 모양", "모양을"), ("conv5_1의 높이(= 너비)", "높이(= 너비)를"),
                                           ("반반 섞는 style_blend", "style_blend를"), ("β를 키울 때 가까워지는 쪽", "쪽을"),
                                           ("위쪽 절반", "절반을"), ("흑백 사진", "사진을")])
def test_the_particle_after_the_name_fits_the_name(notices, what, written):
    course.check(..., 1, what=what)
    assert written in notices[0][1] and "을(를)" not in notices[0][1]


def _check_calls(cell_source: str):
    import ast

    for node in ast.walk(ast.parse(cell_source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "check":
            yield node


def test_every_exercise_name_in_the_notebooks_takes_a_fitting_particle():
    from nstlib.classroom.answers import with_particle

    names = []
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code" and "course.check(" in "".join(cell["source"]):
                for call in _check_calls("".join(cell["source"])):
                    what = {k.arg: k.value.value for k in call.keywords if k.arg == "what"}.get("what", "답")
                    names.append(what)
                    assert "(를)" not in with_particle(what, "을를"), (path.name, what)
    assert len(names) >= 10


def _revealed_answers(markdown: str, name: str) -> list[str]:
    """'정답 보기' 에 적힌 `name = 값` 의 값들."""
    shown = markdown.split("정답 보기", 1)[-1]
    code = re.findall(r"```[a-z]*\n(.*?)```|`([^`]+)`", shown, flags=re.S)
    lines = [line for block in code for part in block for line in part.splitlines()]
    return [m.group(1).split("#")[0].strip() for line in lines if (m := re.match(rf"\s*{name}\s*=\s*(.+)", line))]


def test_hints_guide_and_do_not_hand_over_the_answer():
    """확인 셀의 hint 에 '정답 보기' 의 답(또는 그 12 글자 이상의 조각)이 들어 있지 않음.

    틀렸을 때 보이는 hint 는 생각할 거리여야 합니다: 답은 노트북의 '정답 보기' 를 스스로 열어 봅니다."""
    seen = 0
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or "course.check(" not in source:
                continue
            reveal = next("".join(c["source"]) for c in reversed(cells[:i])
                          if c["cell_type"] == "markdown" and "정답 보기" in "".join(c["source"]))
            for call in _check_calls(source):
                hint = {k.arg: k.value.value for k in call.keywords if k.arg == "hint"}.get("hint", "")
                name = getattr(call.args[0], "id", "")
                for answer in _revealed_answers(reveal, name):
                    seen += 1
                    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
                    answer, hint = squeeze(answer), squeeze(hint)
                    pieces = {answer[k:k + 12] for k in range(max(1, len(answer) - 11))}
                    assert not any(piece in hint for piece in pieces), (path.name, i, answer, hint)
    assert seen >= 10


def _run_check_cell(notebook: str, marker: str, **names) -> dict:
    """노트북의 확인 셀(marker 가 든 셀)을 주어진 이름들로 실행하고 그 이름공간을 돌려줍니다."""
    path = next(p for p in NOTEBOOKS if p.name.startswith(notebook))
    sources = ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
               if c["cell_type"] == "code"]
    source = next(text for text in sources if "course.check(" in text and marker in text)
    namespace = {"nst": nst, "np": np, **names}
    exec(compile(source, f"{notebook}-check", "exec"), namespace)
    return namespace


def test_02_positions_is_not_passed_by_the_image_size_alone(notices):
    """conv5_1 의 위치 수(16 × 16 = 256)는 그림의 크기(256)와 같은 수: 높이도 맞혀야 정답."""
    extractor = lambda image: {"conv5_1": np.zeros((1, image.shape[0] // 16, image.shape[1] // 16, 512))}  # noqa: E731
    square = np.zeros((256, 256, 3), np.float32)
    space = _run_check_cell("02", "conv5_1", side=256, positions=256, extractor=extractor, square=square)
    assert not space.get("correct") and [level for level, _ in notices] == ["warning"]
    notices.clear()
    space = _run_check_cell("02", "conv5_1", side=16, positions=256, extractor=extractor, square=square)
    assert space["correct"] and [level for level, _ in notices] == ["info", "info"]


def test_07_half_and_half_as_fifty_fifty_is_right(notices):
    _run_check_cell("07", "style_blend", answer=[50, 50])
    assert notices[0][0] == "info" and "정답" in notices[0][1]


def test_04_a_quoted_true_is_not_right(notices):
    _run_check_cell("04", "대칭", answer="True")
    assert "따옴표 없이 True로" in _warning(notices)


def test_answers_examples_run():
    import doctest

    from nstlib.classroom import answers

    assert doctest.testmod(answers).failed == 0


# --- 셀의 오류를 한국어로: 준비 셀이 실패했을 때, 답 셀의 실수 ---------------------------------------------------

READY = 'import nstlib as nst\ncourse = nst.course.setup("random", load_network=False)'   # 준비가 끝난 교실
SETUP_CELL = next("".join(c["source"]) for c in json.loads(NOTEBOOKS[1].read_text(encoding="utf-8"))["cells"]
                  if c["cell_type"] == "code")


@pytest.fixture
def shell(monkeypatch, clean_env, tmp_path):
    """IPython 의 진짜 셸 (노트북 커널과 같은 실행 경로). 끝나면 오류 안내를 떼고 만든 이름을 지웁니다.

    준비 셀이 만드는 outputs/ 는 임시 폴더에 생기도록 그 폴더에서 실행합니다."""
    from IPython.core.interactiveshell import InteractiveShell

    def take_off():
        shell.set_custom_exc((), None)
        for patched in ("showsyntaxerror", "_nstlib_earlier_custom_exc", "_nstlib_custom_tb"):
            shell.__dict__.pop(patched, None)

    monkeypatch.chdir(tmp_path)
    shell = InteractiveShell.instance()
    take_off()                                   # 다른 테스트의 setup() 이 이 셸에 걸어 두었을 수 있음
    before = set(shell.user_ns)
    for name in ("nst", "course", "WEIGHTS", "SIZE"):
        shell.user_ns.pop(name, None)
    monkeypatch.setattr(course, "_CURRENT", [])
    monkeypatch.setattr(network, "_CHOSEN", {})
    monkeypatch.setattr(course, "detect_device", nst.detect_device)
    yield shell
    take_off()
    for name in set(shell.user_ns) - before:
        del shell.user_ns[name]


def _run(shell, capsys, cell: str):
    capsys.readouterr()
    result = shell.run_cell(cell, store_history=True)
    captured = capsys.readouterr()
    return result, captured.out + captured.err


def test_after_a_failed_setup_every_cell_says_to_fix_the_setup_cell_first(shell, capsys, monkeypatch):
    def no_weights(*args, **kwargs):
        raise NSTError("ImageNet 가중치를 내려받을 수 없습니다 (인터넷 연결 없음).")

    monkeypatch.setattr(course, "load_vgg", no_weights)
    result, out = _run(shell, capsys, SETUP_CELL)                     # 노트북의 진짜 준비 셀
    assert not result.success and "Traceback" not in out
    assert "인터넷 연결 없음" in out and 'WEIGHTS = "hed-vgg16"' in assert_korean(out)
    for cell, missing in [("SIZE = course.pick(256, smoke=64)", "course"),
                          ("photo = nst.load_example('grace_hopper', max_size=SIZE)", "SIZE")]:
        result, out = _run(shell, capsys, cell)
        assert not result.success, cell                                # 노트북과 nbval 에는 실패한 셀로 남음
        assert "준비 셀(맨 위 셀)" in out and "고쳐서 다시 실행" in out, out
        assert f"NameError: name '{missing}' is not defined" in out and "Traceback" not in out
        assert len(out.strip().splitlines()) <= 4, out                 # 원래 오류는 짧은 한 줄로
    result, out = _run(shell, capsys, "answer = (32, 32 512)")           # 문법 오류는 준비 셀과 상관없이 그 셀의 일
    assert "쉼표" in out and "준비 셀" not in out


@pytest.mark.parametrize("cell, advice", [
    ("answer = 스타일", '따옴표로 감싸세요: "스타일"'),
    ("answer = (32, 32 512)", "쉼표"),
    ("answer = 16 × 16", "곱하기는 *"),
    ("answer = 콘텐츠 또는 스타일", "따옴표로 감싸세요"),
    ('answer = "스타일', "따옴표는 짝으로"),
    ("answer = '100' + 1", "숫자는 따옴표 없이"),
    ("import numpy as np\nblur = np.ones(3, 3) / 9", "괄호로 한 번 더 묶어"),
    ("import numpy as np\nphoto = np.zeros((4, 4, 3))\ntop_half = photo[: photo.shape[0] / 2]", "// 를"),
    ("answer = true", "True"),
    ("import numpy as np\nphoto = np.zeros((4, 4, 3))\nphoto.shap", ".shape"),
])
def test_a_mistake_in_an_answer_cell_is_explained_in_korean(shell, capsys, cell, advice):
    _run(shell, capsys, READY)
    result, out = _run(shell, capsys, cell)
    assert not result.success
    assert "Traceback" not in out and advice.replace(" ", "") in out.replace(" ", ""), out
    assert "👉" in assert_korean(out) and "원래 오류:" in out


def test_the_full_traceback_is_still_there_with_percent_tb(shell, capsys):
    _run(shell, capsys, READY)
    _run(shell, capsys, "answer = 스타일")
    result, out = _run(shell, capsys, "%tb")
    assert result.success and "Traceback" in out and "NameError" in out


def test_an_error_deep_in_other_code_keeps_its_traceback(shell, capsys):
    """학생의 줄이 아니라 다른 코드 깊은 곳에서 난 오류는 강사가 볼 수 있게 원래 추적을 그대로 둠."""
    _run(shell, capsys, READY)
    result, out = _run(shell, capsys, "import json\njson.dumps(object())")
    assert not result.success and "Traceback" in out and "json" in out


def test_a_syntax_error_sent_straight_to_showsyntaxerror_is_explained(shell, capsys):
    """IPython 의 버전에 따라 문법 오류는 set_custom_exc 를 거치지 않고 showsyntaxerror 로 바로 감."""
    _run(shell, capsys, READY)
    capsys.readouterr()
    try:
        compile("answer = (32, 32 512)", "<ipython-input-9-0123456789ab>", "exec")
    except SyntaxError:
        shell.showsyntaxerror()
    out = capsys.readouterr().out
    assert "쉼표" in out and "Traceback" not in out


def test_an_error_handler_installed_before_still_gets_its_errors(shell, capsys):
    """Colab 은 ImportError 에 자기 안내를 겁니다: 우리가 설명하지 않는 오류는 그 처리로 넘어가야 함."""
    seen = []
    shell.set_custom_exc((ImportError,), lambda shell, etype, value, tb, tb_offset=None: seen.append(etype))
    _run(shell, capsys, READY)
    _run(shell, capsys, 'course = nst.course.setup("random", load_network=False)')        # 두 번 불러도 한 번만 이어짐
    result, out = _run(shell, capsys, "import no_such_module_for_nstlib_tests")
    assert not result.success and seen == [ModuleNotFoundError]


def test_an_nst_error_in_a_cell_is_shown_as_its_korean_message(shell, capsys):
    _run(shell, capsys, READY)
    result, out = _run(shell, capsys, "nst.load_example('이런 그림은 없음')")
    assert not result.success and "Traceback" not in out and "⛔" in assert_korean(out)
