"""명령줄(python -m nstlib): 끝까지 실행해 보기(64 px, 무작위 가중치)와, 새 사용자가 칠 만한 잘못된 입력들.

잘못된 입력은 모두 표준 오류(stderr)에 한국어 안내, 파이썬 오류 추적(Traceback) 없음, 종료 코드 2 여야 하고,
신경망을 만들기 **전에** 끝나야 합니다 (몇 분을 기다린 뒤에 실패하지 않게). 대부분은 `main([...])` 을 같은
프로세스에서 불러 빠르게 보고, 실제 프로세스로도 한 번 확인합니다.
"""

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


BAD_INPUTS = [
    # (이름, 인자, stderr 에 들어 있어야 할 말)
    ("missing-file", ["없는파일.jpg", "klee"], ["없는파일.jpg", "찾을 수 없습니다"]),
    ("folder-as-content", ["{folder}", "klee"], ["폴더"]),
    ("text-file-as-style", ["{content}", "{text}"], ["notes.jpg", "텍스트"]),
    ("no-style", ["{content}"], ["스타일"]),
    ("nothing", [], ["콘텐츠"]),
    ("negative-size", ["{content}", "klee", "--size", "-5"], ["--size", "-5", "예: --size 256"]),
    ("size-0", ["{content}", "klee", "--size", "0"], ["--size", "32 이상"]),
    ("size-too-small", ["{content}", "klee", "--size", "8"], ["--size"]),
    ("size-not-integer", ["{content}", "klee", "--size", "2.5"], ["--size", "정수"]),
    ("size-without-value", ["{content}", "klee", "--size"], ["--size", "빠뜨렸습니다"]),
    ("steps-0", ["{content}", "klee", "--steps", "0"], ["--steps", "1 이상"]),
    ("negative-steps", ["{content}", "klee", "--steps", "-3"], ["--steps", "-3"]),
    ("steps-not-number", ["{content}", "klee", "--steps", "열"], ["--steps", "'열'"]),
    ("ratio-0", ["{content}", "klee", "--ratio", "0"], ["--ratio", "0 보다 커야"]),
    ("negative-ratio", ["{content}", "klee", "--ratio", "-1"], ["--ratio"]),
    ("ratio-nan", ["{content}", "klee", "--ratio", "nan"], ["--ratio", "NaN"]),
    ("ratio-not-number", ["{content}", "klee", "--ratio", "강하게"], ["--ratio", "수를 넣어야"]),
    ("negative-lr", ["{content}", "klee", "--lr", "-0.1"], ["--lr"]),
    ("negative-tv", ["{content}", "klee", "--tv", "-1"], ["--tv"]),
    ("unknown-option", ["{content}", "klee", "--colour"], ["--colour", "알 수 없는 옵션"]),
    ("misspelt-option", ["{content}", "klee", "--stepz", "5"], ["--stepz", "혹시 --steps"]),
    ("ambiguous-option", ["{content}", "klee", "--s", "5"], ["--s", "끝까지"]),
    ("bad-choice", ["{content}", "klee", "--pooling", "min"], ["--pooling", "avg", "max", "min"]),
    ("value-on-flag", ["{content}", "klee", "--overwrite=yes"], ["--overwrite"]),
    ("output-txt", ["{content}", "klee", "-o", "{tmp}/result.txt"], [".txt", ".png"]),
    ("output-no-extension", ["{content}", "klee", "-o", "{tmp}/result"], ["(없음)", ".png"]),
    ("output-is-folder", ["{content}", "klee", "-o", "{folder}"], ["폴더", "파일 이름"]),
    ("output-under-a-file", ["{content}", "klee", "-o", "{text}/result.png"], ["폴더가 아니라 파일"]),
    ("gif-wrong-extension", ["{content}", "klee", "--gif", "{tmp}/process.png"], ["--gif", ".gif"]),
    ("blend-count", ["{content}", "klee", "swirl", "--blend", "1"], ["--blend", "2개", "1개"]),
    ("blend-count-one-style", ["{content}", "klee", "--blend", "0.5", "0.5"], ["--blend"]),
    ("negative-blend", ["{content}", "klee", "swirl", "--blend", "-1", "2"], ["--blend", "0 이상"]),
    ("missing-weights", ["{content}", "klee", "--weights", "없는가중치.h5"], ["없는가중치.h5"]),
    ("missing-init", ["{content}", "klee", "--init", "없는시작.png"], ["없는시작.png"]),
]



@pytest.mark.parametrize("case, args, words", BAD_INPUTS, ids=[case for case, _, _ in BAD_INPUTS])
def test_bad_input_exits_2_with_korean_message(case, args, words, photo, tmp_path, capsys, monkeypatch, request):
    if case != "missing-weights":               # 가중치 파일은 신경망 모듈이 불러오기 전에 직접 확인합니다
        request.getfixturevalue("no_network")
    folder = tmp_path / "폴더"
    folder.mkdir()
    text = tmp_path / "notes.jpg"
    text.write_text("이것은 그림이 아니라 메모입니다.\n", encoding="utf-8")
    args = [a.format(content=photo, folder=folder, text=text, tmp=tmp_path) for a in args]
    monkeypatch.delenv("NSTLIB_WEIGHTS", raising=False)
    monkeypatch.chdir(tmp_path)
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err
    assert has_hangul(err) and err.startswith("오류: "), err
    assert "Traceback" not in err and "usage:" not in err
    for word in words:
        assert word in err, (word, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["폴더", "notes.jpg", photo.name])   # 아무것도 쓰지 않음


def test_bad_input_in_a_real_process(tmp_path, photo):
    """실제 `python -m nstlib`: 영어 오류 추적 없이 한국어 안내와 종료 코드 2."""
    proc = run_cli(str(photo), "klee", "--steps", "0", "--size", "abc", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "usage:" not in proc.stderr
    assert "--size" in proc.stderr and "정수" in proc.stderr and "오류: " in proc.stderr


def test_output_in_a_missing_folder_is_created(tmp_path, photo, capsys, monkeypatch):
    """없는 폴더에 저장하라고 하면 만들고, 만들었다고 알립니다 (실패로 끝내지 않음)."""
    monkeypatch.setenv("NSTLIB_WEIGHTS", "random")
    target = tmp_path / "결과들" / "오늘" / "결과.png"
    code = main([str(photo), "klee", "-o", str(target), "--size", "64", "--steps", "2", "--weights", "random"])
    err = capsys.readouterr().err
    assert code == 0, err
    with Image.open(target) as saved:
        assert saved.size == (64, 48)
    assert "만들었습니다" in err and "결과들" in err


def test_help_is_korean(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("사용법: python -m nstlib") and "옵션" in out and "도움말을 보여" in out
    assert "show this help" not in out and "positional arguments" not in out


def test_options_between_image_names(photo, monkeypatch):
    """옵션이 이미지 이름 사이에 끼어 있어도 이미지들을 모두 알아봅니다 (예: 사진.jpg --size 64 klee swirl)."""
    import nstlib.cli as cli

    seen = {}
    monkeypatch.setattr(cli, "run", lambda args: seen.setdefault("args", args) and 0)
    assert main([str(photo), "--size", "64", "klee", "--steps", "3", "swirl"]) == 0
    args = seen["args"]
    assert (args.content, args.style, args.size, args.steps) == (str(photo), ["klee", "swirl"], 64, 3)



def test_list_examples(capsys):
    assert main(["--list-examples"]) == 0
    out = capsys.readouterr().out
    assert "swirl" in out and "countryside" in out and has_hangul(out)


def test_ctrl_c_saves_the_best_picture_and_resume_finishes_the_same_picture(tmp_path, photo, capsys,
                                                                            monkeypatch):
    """Ctrl-C: 종료 코드 130, 가장 좋은 그림과 체크포인트가 남고 어디 있는지 말함. --resume 으로 이어 그리면
    한 번도 멈추지 않은 실행과 같은 그림."""
    from nstlib import optimization

    common = [str(photo), "klee", "--size", "48", "--steps", "6", "--weights", "random", "--checkpoint-every", "2"]
    assert main([*common, "-o", str(tmp_path / "끝까지.png")]) == 0
    assert "checkpoints" in capsys.readouterr().err.split("만들었습니다")[0]   # checkpoints/ 를 만들었다고 말함

    record = optimization._Run.record

    def ctrl_c_at_step_3(self, *args, **kwargs):
        record(self, *args, **kwargs)
        if self.step == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(optimization._Run, "record", ctrl_c_at_step_3)
    stopped = tmp_path / "멈춤.png"
    assert main([*common, "-o", str(stopped)]) == 130
    err = capsys.readouterr().err
    checkpoint = tmp_path / "checkpoints" / "멈춤.npz"
    assert checkpoint.exists() and str(stopped) in err and "--resume" in err and str(checkpoint) in err
    assert "nst.resume" not in err                            # 명령줄의 말로 (--resume)
    with Image.open(stopped) as saved:
        assert saved.size == (48, 36)

    monkeypatch.setattr(optimization._Run, "record", record)
    resumed = tmp_path / "이어서.png"
    assert main(["--resume", str(checkpoint), "-o", str(resumed)]) == 0
    np.testing.assert_array_equal(np.asarray(Image.open(resumed)), np.asarray(Image.open(tmp_path / "끝까지.png")))


def test_speed_options_reach_the_library(photo, monkeypatch):
    import nstlib.transfer as transfer
    from nstlib.settings import device_defaults

    seen = {}

    def fake(content, style, settings, **kwargs):
        seen.update(vars(settings), **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(transfer, "style_transfer", fake)
    main([str(photo), "klee", "--optimizer", "lbfgs", "--coarse-to-fine", "1", "--precision", "mixed", "--xla",
          "--checkpoint-every", "0", "--size", "64"])
    assert (seen["optimizer"], seen["coarse_to_fine"], seen["precision"], seen["xla"]) == ("lbfgs", 1, "mixed", True)
    assert seen["checkpoint_dir"] is None and seen["steps"] == device_defaults()["steps"]   # 장치에 맞춘 기본값
