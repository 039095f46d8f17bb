"""`import nstlib` 과 명령줄이 수업용 모듈(nstlib/classroom/: 그림, 위젯, 준비 셀)을 불러오지 않는지.

그림(matplotlib)과 위젯(ipywidgets)은 노트북에서만 쓰므로, 명령줄이나 다른 프로그램의 `import nstlib` 이 그것들을
불러올 까닭이 없습니다. 노트북의 `nst.show_images(...)`, `nst.course.setup()` 은 처음 쓸 때 불러옵니다.
이 테스트 프로세스는 이미 모두 불러왔으므로 새 파이썬 프로세스에서 봅니다.

matplotlib 은 sys.modules 만으로는 가릴 수 없습니다: TensorFlow 가 불러오는 Keras 3 가 설치된 matplotlib 을
스스로 불러오기 때문입니다 (keras.visualization). 그래서 matplotlib 과 ipywidgets 를 설치되지 않은 것처럼 막은
프로세스에서 `import nstlib`, `--help`, GIF 까지 쓰는 실행이 모두 되는지 봅니다: nstlib 의 어느 모듈이든 그것을
import 하면 거기서 ImportError 가 납니다.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import nstlib as nst

CHILD = r'''
import json, sys

if sys.argv[1] == "blocked":                  # 설치되지 않은 것처럼: import 하면 ImportError
    sys.modules["matplotlib"] = None
    sys.modules["ipywidgets"] = None
loaded = {}


def note(when):
    loaded[when] = sorted(name for name, module in sys.modules.items() if module is not None and (
        name.split(".")[0] in ("matplotlib", "ipywidgets") or name.startswith("nstlib.classroom")))


import nstlib

note("import")
from nstlib.cli import main

codes = {"help": main(["--help"]), "bad input": main(["countryside", "swirl", "--steps", "0"])}
note("arguments")
if len(sys.argv) > 2:
    codes["run"] = main(sys.argv[2:])
    note("run")
print(json.dumps({"loaded": loaded, "codes": codes}))
'''


def child(mode: str, *cli_args: str, cwd: Path) -> dict:
    """새 파이썬 프로세스에서 `import nstlib`, 명령줄의 인자 읽기(`--help`, 잘못된 값), 그리고 cli_args 가 있으면
    그 실행까지 하고, 그때마다 불러온 수업용 모듈들을 돌려줍니다."""
    here = str(Path(nst.__file__).resolve().parents[1])        # 테스트하는 바로 그 nstlib 을 쓰도록
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", NSTLIB_WEIGHTS="",
               PYTHONPATH=os.pathsep.join([here, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", CHILD, mode, *cli_args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_and_command_line_load_no_widgets_and_no_classroom(tmp_path):
    seen = child("plain", cwd=tmp_path)
    assert seen["codes"] == {"help": 0, "bad input": 2}
    for when, modules in seen["loaded"].items():
        assert modules == [], when          # matplotlib 도: Keras 가 TensorFlow 와 함께 미리 부르지 않도록 했음


def test_import_prints_no_english_start_up_lines_and_matplotlib_still_works_later(tmp_path):
    """TensorFlow 의 C++ 가 쓰는 줄(absl, oneDNN, cuda)이 학생 화면(stderr)에 없고, 그 뒤의 그림은 그려짐."""
    here = str(Path(nst.__file__).resolve().parents[1])
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    env["PYTHONPATH"] = os.pathsep.join([here, os.environ.get("PYTHONPATH", "")])
    code = ("import nstlib as nst, numpy as np, sys; nst.detect_device(); "
            "print('matplotlib' in sys.modules); fig = nst.show_images([np.zeros((8, 8, 3))], ['검정']); "
            "print(type(fig).__name__)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, "MPLBACKEND": "Agg"},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[0] == "False"
    for english in ("absl", "oneDNN", "cuda", "cuInit", "cpu_feature_guard"):
        assert english not in done.stderr, done.stderr


def test_import_and_a_gif_run_work_without_matplotlib_and_ipywidgets(tmp_path):
    seen = child("blocked", "countryside", "swirl", "--size", "32", "--steps", "2", "--weights", "random",
                 "--network", "vgg16", "-o", "결과.png", "--gif", "과정.gif", cwd=tmp_path)
    assert seen["codes"] == {"help": 0, "bad input": 2, "run": 0}
    assert (tmp_path / "결과.png").is_file() and (tmp_path / "과정.gif").is_file()
    assert seen["loaded"]["import"] == seen["loaded"]["arguments"] == []
    assert seen["loaded"]["run"] == ["nstlib.classroom", "nstlib.classroom.animation", "nstlib.classroom.frames"]


# ---------------------------------------------------------------- nst.이름 은 그대로

CLASSROOM_NAMES = ["course", "widgets", "pictures", "show_images", "compare_grid", "plot_losses", "save_gif",
                   "save_mp4", "setup_korean_font", "show_feature_maps", "show_gram_matrix", "show_snapshots"]


@pytest.mark.parametrize("name", CLASSROOM_NAMES)
def test_classroom_names_are_reachable_from_nst_and_listed(name):
    from nstlib import classroom

    value = getattr(nst, name)
    assert name in nst.__all__ and name in dir(nst)
    module = value if name in ("course", "widgets", "pictures") else sys.modules[value.__module__]
    assert module.__name__.startswith(classroom.__name__ + ".")
    assert getattr(nst, name) is value


def test_everything_in_all_resolves_and_unknown_names_still_fail():
    assert all(getattr(nst, name) is not None for name in nst.__all__)
    from nstlib import course, widgets   # noqa: F401  (from 패키지 import 이름: __getattr__ 를 거침)

    assert course.check is nst.course.check and widgets.describe_ratio is nst.widgets.describe_ratio
    with pytest.raises(AttributeError, match="no_such_name"):
        nst.no_such_name    # noqa: B018


def test_every_package_folder_is_installed():
    """Colab 의 `pip install git+…` 는 pyproject.toml 의 packages 에 적힌 폴더만 설치합니다 (하위 폴더 포함 아님)."""
    tomllib = pytest.importorskip("tomllib")
    root = Path(nst.__file__).resolve().parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(init.parent.relative_to(root).parts) for init in (root / "nstlib").rglob("__init__.py")}
    assert folders - listed == set(), "pyproject.toml 의 [tool.setuptools] packages 에 더해야 하는 폴더"
