"""명령줄(python -m nstlib)을 실제 프로세스로 끝까지 실행해 봅니다 (64 px, 무작위 가중치)."""

import os
import subprocess
import sys
import unicodedata

import numpy as np
import pytest
from PIL import Image

from nstlib.cli import main


def run_cli(*args, cwd):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", NSTLIB_WEIGHTS="")
    return subprocess.run([sys.executable, "-m", "nstlib", *args], cwd=cwd, env=env, capture_output=True,
                           text=True, timeout=600)


def has_hangul(text):
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@pytest.fixture
def photo(tmp_path):
    rng = np.random.default_rng(0)
    pixels = (rng.uniform(size=(48, 64, 3)) * 255).astype(np.uint8)
    path = tmp_path / unicodedata.normalize("NFD", "내 사진.png")
    Image.fromarray(pixels).save(path)
    return path


def test_end_to_end_writes_result_and_gif(tmp_path, photo):
    out = tmp_path / "결과.png"
    gif = tmp_path / "과정.gif"
    proc = run_cli(str(photo), "klee", "-o", str(out), "--size", "64", "--steps", "6", "--weights", "random",
                   "--gif", str(gif), "--snapshot-every", "2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "무작위 가중치" in proc.stderr          # random weights are announced on screen
    assert "스타일 전이" in proc.stderr            # the progress bar
    result = Image.open(out)
    assert result.size == (64, 48)
    frames = Image.open(gif)
    assert frames.n_frames == 4                      # steps 0, 2, 4, 6

    again = run_cli(str(photo), "klee", "-o", str(out), "--size", "64", "--steps", "1", "--weights", "random",
                    cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "결과-1.png").exists()      # the earlier result is not overwritten


@pytest.mark.parametrize("args, words", [
    (["없는파일.jpg", "klee"], "없는파일.jpg"),
    (["{content}", "klee", "--steps", "열"], "--steps"),
    (["{content}", "klee", "--ratio", "-1"], "ratio"),
    (["{content}", "klee", "--size", "8", "--weights", "random"], "size"),
    (["{content}"], "스타일"),
    ([], "콘텐츠"),
    (["{content}", "klee", "--weights", "없는가중치.h5"], "없는가중치.h5"),
    (["{content}", "klee", "--pooling", "min"], "min"),
])
def test_bad_input_exits_2_with_korean_message(args, words, photo, capsys, monkeypatch):
    args = [a.format(content=photo) for a in args]
    monkeypatch.delenv("NSTLIB_WEIGHTS", raising=False)
    with pytest.raises(SystemExit) as stop:
        raise SystemExit(main(args))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert has_hangul(err) and words in err


def test_list_examples(capsys):
    assert main(["--list-examples"]) == 0
    out = capsys.readouterr().out
    assert "swirl" in out and "countryside" in out and has_hangul(out)
