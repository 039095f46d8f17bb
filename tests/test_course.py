"""nstlib.classroom.course: 준비 셀(setup)이 한 일을 기억하는지, check 가 노트북에 True/False 를 찍지 않는지.

기준은 코드 밖에서: IPython 의 진짜 셸(InteractiveShell)이 셀의 마지막 값을 어떻게 보여 주는지(같은 셸에서
보통의 True 는 찍히는 것과 비교), 그리고 노트북에 실제로 적힌 check 의 쓰임새.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import nstlib as nst
from conftest import assert_korean
from nstlib import network
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
