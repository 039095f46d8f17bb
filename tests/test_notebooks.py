"""수업 노트북의 모양을 확인합니다 (docs/notebooks.md 의 규칙). 실행은 nbval 이 따로 합니다."""

import json
import re
from pathlib import Path

import pytest

from nstlib.project import COLAB_URL, PIP_URL

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
SETUP = f'''# 준비: Colab에서는 nstlib를 설치하고, 내 컴퓨터에서는 불러오기만 합니다.
import os, sys
if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
    %pip install -q "{PIP_URL}"
WEIGHTS = None  # None: VGG19 + ImageNet 가중치(기본). 인터넷이 안 되는 교실에서는 "hed-vgg16"
import nstlib as nst  # 여기서 오류가 나면: Colab은 인터넷을 확인하고 이 셀을 다시, 내 컴퓨터는 README의 설치 명령부터
course = nst.course.setup(WEIGHTS)'''


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def test_the_course_has_all_lessons():
    names = [p.name[:2] for p in NOTEBOOKS]
    assert names == [f"{i:02d}" for i in range(8)], names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_form(path):
    nb = cells(path)
    markdown = [source(c) for c in nb if c["cell_type"] == "markdown"]
    h1 = [line for text in markdown for line in text.splitlines() if re.match(r"^# \S", line)]
    assert len(h1) == 1 and source(nb[0]).startswith("# "), "one H1 title, in the first cell"
    assert f"{COLAB_URL}/{path.name}" in source(nb[1]), "Colab badge with the project's URL under the title"
    code = [source(c) for c in nb if c["cell_type"] == "code"]
    assert code[0] == SETUP, "the first code cell is the shared setup cell"
    assert any("직접 해보기" in text for text in markdown) or path.name.startswith("00"), "exercises"
    text = "".join(markdown)
    letters = re.findall(r"[A-Za-z\uac00-\ud7a3]", text)
    hangul = sum(1 for ch in letters if "\uac00" <= ch <= "\ud7a3")
    assert hangul / len(letters) > 0.5, "prose is Korean"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_slide_metadata(path):
    for i, cell in enumerate(cells(path)):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"cell {i} has no slide type"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_outputs_except_checked_ones(path):
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code" and cell.get("outputs"):
            assert "NBVAL_CHECK_OUTPUT" in source(cell), f"cell {i} stores outputs without NBVAL_CHECK_OUTPUT"
            for output in cell["outputs"]:
                assert "image/png" not in output.get("data", {}), f"cell {i} stores a picture"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_heavy_settings_shrink_in_smoke_mode(path):
    code = "".join(source(c) for c in cells(path) if c["cell_type"] == "code")
    if "style_transfer(" in code or "reconstruct(" in code:
        assert "course.pick(" in code, "sizes and steps go through course.pick(normal, smoke=...)"


def test_repository_url_is_the_same_everywhere():
    """저장소 주소는 nstlib/project.py 한 곳에서 정하고, README 와 pyproject 도 같은 주소를 씁니다."""
    from nstlib.project import REPO

    root = Path(__file__).resolve().parent.parent
    for name in ("README.md", "pyproject.toml"):
        text = (root / name).read_text(encoding="utf-8")
        found = set(re.findall(r"github\.com/([\w.-]+/[\w.-]+?)(?:\.git|/|\"|\)|$)", text, re.M))
        found.discard("jupyterlab-contrib/rise")   # 다른 프로젝트를 가리키는 링크
        assert found == {REPO}, f"{name}: {found}"
