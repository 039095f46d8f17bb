"""새 사용자처럼 써 보다가 찾은 일곱 가지 고장 (issue 14). 고장마다 그 고장을 다시 일으키는 테스트입니다.

1. 너무 긴 결과 파일 이름 → 영어 `OSError: [Errno 36]` 대신 한국어 안내 (명령줄은 계산을 시작하기 전에).
2. `seed=-1` 과 잡음 시작 → numpy 의 영어 `ValueError` 대신 한국어 안내.
3. 1바이트씩 흘려 보내는 인터넷 주소 → `timeout` 은 한 번 읽기가 아니라 **내려받기 전체**의 한도.
4. TensorFlow 를 불러오는 동안 누른 Ctrl-C → 85줄 영어 오류 추적 대신 한 줄 안내와 종료 코드 130.
5. `--size 32` 와 가로로 긴 사진 → 그려짐. 안내는 부른 쪽에 없는 이름(`max_size`)을 말하지 않음.
6. 발산한 실행(학습률 최대, α = 0) → "학습률을 키우라" 가 아니라 줄이라고 안내.
7. 명령줄의 "파일이 이미 있음" 안내 → `overwrite=True` 가 아니라 `--overwrite`.
"""

from __future__ import annotations

import os
import shutil
import socketserver
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import assert_korean
from nstlib.cli import main


def tiny_photo(path, size=(64, 48), seed=0):
    """(너비, 높이) 의 잡음 사진을 PNG 로 씁니다."""
    rng = np.random.default_rng(seed)
    Image.fromarray((rng.uniform(size=(size[1], size[0], 3)) * 255).astype(np.uint8)).save(path)
    return path


@pytest.fixture
def random_weights(monkeypatch):
    monkeypatch.setenv("NSTLIB_WEIGHTS", "random")
    monkeypatch.delenv("NSTLIB_NETWORK", raising=False)


# --------------------------------------------------------------------------------------------
# 7. 명령줄의 "파일이 이미 있음" 안내는 명령줄의 옵션 이름을 말합니다
# --------------------------------------------------------------------------------------------

def test_cli_file_exists_notice_names_the_flag(tmp_path, capsys, monkeypatch, random_weights):
    photo = tiny_photo(tmp_path / "사진.png")
    existing = tmp_path / "결과.png"
    existing.write_bytes(b"earlier result")
    monkeypatch.chdir(tmp_path)
    code = main([str(photo), "klee", "-o", str(existing), "--size", "48", "--steps", "1", "--checkpoint-every", "0"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert existing.read_bytes() == b"earlier result" and (tmp_path / "결과-1.png").exists()
    assert "--overwrite" in err and "overwrite=True" not in err, err


def test_library_file_exists_notice_names_the_keyword(tmp_path, notices):
    from nstlib.images import save_image

    save_image(np.zeros((8, 8, 3)), tmp_path / "a.png")
    save_image(np.zeros((8, 8, 3)), tmp_path / "a.png")
    texts = " ".join(text for _, text in notices)
    assert "overwrite=True" in texts and "--overwrite" not in texts


# --------------------------------------------------------------------------------------------
# 1. 너무 긴 결과 파일 이름
# --------------------------------------------------------------------------------------------

LONG_NAME = "가" * 90 + ".png"          # 274바이트 (UTF-8 에서 한글 한 글자는 3바이트): 255바이트 한도를 넘음



def test_cli_refuses_a_too_long_output_name_before_running(tmp_path, capsys, monkeypatch, no_network):
    assert len(LONG_NAME.encode()) > 255
    photo = tiny_photo(tmp_path / "사진.png")
    monkeypatch.chdir(tmp_path)
    code = main([str(photo), "klee", "-o", LONG_NAME, "--size", "48", "--steps", "1"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("오류: -o/--output") and "너무 깁니다" in err and "바이트" in err
    assert "Traceback" not in err and "Errno" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["사진.png"]


@pytest.mark.parametrize("where", ["file", "folder"])
def test_save_image_refuses_a_too_long_name_and_leaves_nothing(tmp_path, where):
    from nstlib.errors import NSTError
    from nstlib.images import save_image

    path = tmp_path / LONG_NAME if where == "file" else tmp_path / ("나" * 90) / "result.png"
    with pytest.raises(NSTError) as excinfo:
        save_image(np.zeros((8, 8, 3)), path)
    assert "너무 깁니다" in assert_korean(excinfo.value)
    assert list(tmp_path.iterdir()) == []


def test_a_long_name_under_the_limit_is_saved_twice_without_leftovers(tmp_path):
    """249바이트까지는 저장되고, 같은 이름이 있으면 '-1' 을 붙인 이름(251바이트)에 저장됩니다. 임시 파일은 남지 않음."""
    from nstlib.images import save_image

    name = "가" * 81 + ".png"                   # 247바이트
    assert len(name.encode()) == 247
    first = save_image(np.zeros((8, 8, 3)), tmp_path / name)
    second = save_image(np.ones((8, 8, 3)), tmp_path / name)
    assert first.name == name and second.name == "가" * 81 + "-1.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])
    with Image.open(second) as saved:
        assert saved.size == (8, 8) and np.asarray(saved).min() == 255


# --------------------------------------------------------------------------------------------
# 2. 음수 시드와 잡음 시작
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "0", True])
def test_bad_seed_is_refused_in_korean_before_running(seed, no_network):
    from nstlib import style_grid, style_transfer
    from nstlib.errors import NSTError

    image = np.full((40, 48, 3), 0.5, np.float32)
    for call in (lambda: style_transfer(image, image, seed=seed, init="noise", size=48, steps=1),
                 lambda: style_grid(image, image, [1.0], seed=seed, init="noise", size=48, steps=1)):
        with pytest.raises(NSTError) as excinfo:
            call()
        message = assert_korean(excinfo.value)
        assert "seed=0" in message and "--seed" not in message, message


def test_cli_negative_seed_names_the_flag(tmp_path, capsys, monkeypatch, no_network):
    photo = tiny_photo(tmp_path / "사진.png")
    monkeypatch.chdir(tmp_path)
    code = main([str(photo), "klee", "--seed", "-1", "--init", "noise", "--size", "48", "--steps", "1"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "--seed 0" in err and "seed=" not in err and "Traceback" not in err and "ValueError" not in err


def test_largest_seed_still_draws(random_weights):
    """경계 안쪽 끝(2³²−1)은 받아들입니다: 잡음 시작 그림을 만들 수 있어야 합니다."""
    from nstlib.settings import MAX_SEED
    from nstlib.transfer import initial_image

    assert MAX_SEED == 4294967295
    noise = initial_image("noise", np.zeros((16, 16, 3), np.float32), seed=MAX_SEED)
    assert noise.shape == (16, 16, 3) and 0 <= noise.min() and noise.max() <= 1


# --------------------------------------------------------------------------------------------
# 3. 1바이트씩 흘려 보내는 인터넷 주소: timeout 은 내려받기 전체의 한도
# --------------------------------------------------------------------------------------------

TRICKLE_SECONDS = 0.2          # 바이트 사이의 간격: 한 번 읽기의 한도(timeout)보다 훨씬 짧음


class TrickleHandler(socketserver.BaseRequestHandler):
    """머리말(또는 내용)을 한 바이트씩 TRICKLE_SECONDS 마다 보내는 HTTP 서버. 한 연결은 길어야 200바이트."""

    def handle(self):
        head = b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: 200\r\n\r\n"
        request = self.request.recv(4096)
        try:
            if b"/slow-head" in request:
                data = head + b"\x00" * 200
            else:
                self.request.sendall(head)
                data = b"\x00" * 200
            for byte in data[:200]:
                self.request.sendall(bytes([byte]))
                time.sleep(TRICKLE_SECONDS)
        except OSError:                        # 받는 쪽이 시간 초과로 끊음
            pass


@pytest.fixture(scope="module")
def trickle_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), TrickleHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def timed(call, limit: float):
    """call() 을 다른 스레드에서 부르고 (결과나 예외, 걸린 초) 를 돌려줍니다. limit 초가 지나도 안 끝나면 실패."""
    outcome = {}

    def work():
        start = time.monotonic()
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 (무엇이든 돌려받아 확인)
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"{limit}초가 지나도 끝나지 않음 (멈춤)"
    return outcome


@pytest.mark.parametrize("route", ["/slow-body.png", "/slow-head.png"])
def test_url_trickle_is_timed_out_for_the_whole_download(trickle_server, route, monkeypatch):
    from nstlib.errors import NSTError
    from nstlib.images import load_image

    monkeypatch.setenv("no_proxy", "127.0.0.1")
    outcome = timed(lambda: load_image(trickle_server + route, timeout=1.0), limit=15)
    assert isinstance(outcome.get("error"), NSTError), outcome
    assert "시간 초과" in assert_korean(outcome["error"]) and "1초" in str(outcome["error"])
    assert 0.9 <= outcome["seconds"] < 3.0, outcome["seconds"]      # 40초(200바이트 × 0.2초)가 아니라 약 1초


def test_cli_trickle_url_ends_with_korean_message(trickle_server, tmp_path, capsys, monkeypatch, no_network):
    """명령줄은 기본 한도(URL_TIMEOUT)를 씁니다. 테스트에서는 그 기본값을 1초로 줄여 봅니다."""
    from nstlib import images

    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setitem(images.load_image.__kwdefaults__, "timeout", 1.0)
    monkeypatch.chdir(tmp_path)
    outcome = timed(lambda: main([trickle_server + "/cat.png", "klee", "--size", "48", "--steps", "1"]), limit=15)
    err = capsys.readouterr().err
    assert outcome.get("value") == 2, (outcome, err)
    assert "시간 초과" in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------
# 4. TensorFlow 를 불러오는 동안 누른 Ctrl-C
# --------------------------------------------------------------------------------------------

def wait_until_loading_tensorflow(pid: int, limit: float = 60.0) -> bool:
    """프로세스가 TensorFlow 의 공유 라이브러리를 메모리에 올리기 시작할 때까지 기다립니다 (Linux 의 /proc)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            with open(f"/proc/{pid}/maps") as maps:
                if "tensorflow" in maps.read():
                    return True
        except FileNotFoundError:               # 이미 끝남
            return False
        time.sleep(0.02)
    return False


def default_ctrl_c():
    """자식 프로세스에서 Ctrl-C(SIGINT)를 기본 동작으로. 셸이 백그라운드(&)로 띄운 테스트 실행은 SIGINT 를 무시하는
    상태를 물려주고, 그러면 파이썬은 Ctrl-C 를 받지 않습니다 (터미널에서 직접 띄운 명령줄에서는 그렇지 않음)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="Linux 의 /proc 이 있어야 함")
def test_ctrl_c_while_tensorflow_loads_gives_one_korean_line(tmp_path):
    import signal
    import subprocess
    import sys

    import nstlib

    here = str(Path(nstlib.__file__).resolve().parents[1])     # 테스트하는 바로 그 nstlib 을 쓰도록
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", NSTLIB_WEIGHTS="random",
               PYTHONPATH=os.pathsep.join([here, os.environ.get("PYTHONPATH", "")]))
    # 부하가 큰 기계에서 신호가 늦게 닿아 프로그램이 이미 끝났다면 (종료 코드 0) 조금 더 늦게 눌러 다시 해 봅니다.
    # 어느 때에 눌러도 영어 오류 추적은 안 되고, 그림을 그리기 시작한 뒤라면 그리던 중의 Ctrl-C 안내(130)가 나옵니다.
    for delay in (0.1, 0.5, 1.0, 2.0, 3.0):
        for leftover in tmp_path.iterdir():
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        process = subprocess.Popen([sys.executable, "-m", "nstlib", "countryside", "swirl", "--size", "48",
                                    "--steps", "1"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, preexec_fn=default_ctrl_c)
        try:
            assert wait_until_loading_tensorflow(process.pid), "TensorFlow 를 불러오기 전에 끝남"
            time.sleep(delay)
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
        finally:
            process.kill()
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        if process.returncode != 0:
            break
    assert process.returncode == 130, err
    assert "멈췄습니다" in err, err
    if "준비하던 중" in err:                       # TensorFlow 를 불러오던 중: 한 줄 안내, 만든 파일 없음
        korean = [line for line in err.splitlines() if any("가" <= ch <= "힣" for ch in line)]
        assert len(korean) == 1, err
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv0, command, expected", [
    ("-m", ["python", "-m", "nstlib", "a.jpg", "swirl"], True),
    ("-m", ["python3", "-u", "-X", "utf8", "-mnstlib", "a.jpg"], True),
    ("-m", ["python", "-m", "pytest", "-m", "nstlib"], False),     # pytest 의 -m 선택지 (nstlib 은 pytest 가 불러옴)
    ("/usr/lib/python3/site-packages/ipykernel_launcher.py", ["python", "-m", "ipykernel_launcher"], False),
    ("-c", ["python", "-c", "import nstlib"], False),
])
def test_only_the_command_line_turns_ctrl_c_into_an_exit(argv0, command, expected, monkeypatch):
    """노트북이나 다른 프로그램의 `import nstlib` 에서는 Ctrl-C 가 그대로 KeyboardInterrupt 로 올라가야 합니다."""
    import sys

    from nstlib import cli

    monkeypatch.setattr(sys, "argv", [argv0])
    monkeypatch.setattr(sys, "orig_argv", command, raising=False)
    assert cli._starting_the_command_line() is expected
    with pytest.raises(SystemExit if expected else KeyboardInterrupt):
        with cli.ctrl_c_while_starting():
            raise KeyboardInterrupt


# --------------------------------------------------------------------------------------------
# 5. 가장 작은 크기(32)와 가로로 긴 사진
# --------------------------------------------------------------------------------------------

def test_vgg_needs_16_pixels_for_one_conv5_1_position(random_extractor):
    """짧은 변의 규칙이 어디서 오는지: 네 번 풀링한 conv5_1 은 16 픽셀이면 한 칸, 15 픽셀이면 0칸."""
    from nstlib.settings import MIN_SHORT_SIDE

    extractor = random_extractor(["conv5_1"])
    assert MIN_SHORT_SIDE == 16
    assert extractor(np.zeros((16, 32, 3), np.float32))["conv5_1"].shape[1:3] == (1, 2)
    assert extractor(np.zeros((15, 32, 3), np.float32))["conv5_1"].shape[1:3] == (0, 2)


@pytest.mark.parametrize("example", ["countryside", "building", "grace_hopper"])
def test_size_32_draws_every_content_example(example, random_weights):
    from nstlib import load_example, style_transfer

    height, width = load_example(example, max_size=None).shape[:2]
    expected = (round(height * 32 / max(height, width)), round(width * 32 / max(height, width)))
    assert min(expected) < 32                        # 세 예제 모두 정사각형이 아님 (짧은 변 < 32)
    result = style_transfer(example, "swirl", size=32, steps=1, progress=False, checkpoint_dir=None)
    assert result.best_image.shape == (*expected, 3)
    assert np.isfinite(result.history["total"]).all()


def test_cli_size_32_with_a_landscape_photo_and_coarse_to_fine(tmp_path, capsys, monkeypatch, random_weights):
    monkeypatch.chdir(tmp_path)
    code = main(["countryside", "swirl", "--size", "32", "--steps", "2", "--coarse-to-fine", "2", "--preserve-colors",
                 "--checkpoint-every", "0"])
    err = capsys.readouterr().err
    assert code == 0, err
    with Image.open(tmp_path / "결과.png") as saved:
        assert saved.size == (32, 24)                 # 512×384 의 긴 변을 32 로


def test_coarse_levels_keep_16_pixels_on_the_short_side():
    """길쭉한 그림(3:1)에서는 절반으로 줄인 단계의 짧은 변이 16 보다 작아지므로 그 단계를 건너뜁니다."""
    from nstlib.transfer import level_sizes

    assert level_sizes(128, 2, (96, 128, 3)) == [32, 64, 128]     # 4:3 → 짧은 변 24, 48, 96
    assert level_sizes(128, 2, (40, 120, 3)) == [64, 128]         # 3:1 → 32 단계면 짧은 변 11


def test_style_transfer_on_a_long_thin_photo(random_weights, tmp_path):
    """3:1 사진, 2:7 스타일 그림, 작은 크기부터(coarse-to-fine): 어느 단계에서도 conv5_1 이 비지 않습니다."""
    from nstlib import style_transfer

    photo = np.asarray(Image.open(tiny_photo(tmp_path / "띠.png", size=(120, 40)))) / 255.0
    style = np.asarray(Image.open(tiny_photo(tmp_path / "세로.png", size=(20, 70), seed=1))) / 255.0
    result = style_transfer(photo, style, size=96, steps=2, coarse_to_fine=2, progress=False)
    assert result.best_image.shape == (32, 96, 3)
    assert np.isfinite(result.history["total"]).all()


@pytest.mark.parametrize("where", ["library", "cli"])
def test_too_thin_at_this_size_names_the_callers_own_setting(where, tmp_path, capsys, monkeypatch, no_network):
    """1000×40 의 띠를 긴 변 256 으로 줄이면 256×10: 안내는 부른 쪽의 이름(size / --size)을 말합니다."""
    from nstlib import style_transfer
    from nstlib.errors import NSTError

    banner = tiny_photo(tmp_path / "띠.png", size=(1000, 40))
    needed = "400"                                # 짧은 변 16 = 40 × 400/1000
    if where == "library":
        with pytest.raises(NSTError) as excinfo:
            style_transfer(str(banner), "swirl", size=256, steps=1)
        message = assert_korean(excinfo.value)
        assert f"size 를 {needed} 이상으로" in message and "size=256" in message
    else:
        monkeypatch.chdir(tmp_path)
        assert main([str(banner), "swirl", "--size", "256", "--steps", "1"]) == 2
        message = capsys.readouterr().err
        assert f"--size 를 {needed} 이상으로" in message and "--size 256" in message
    assert "max_size" not in message


# --------------------------------------------------------------------------------------------
# 6. 발산한 실행의 안내: 학습률을 줄이라고
# --------------------------------------------------------------------------------------------

RAISE_LEARNING_RATE = ("학습률(learning_rate)을 키우", "학습률(--lr)을 키우", "학습률·단계 수를 늘려")


def test_divergent_run_advises_a_smaller_learning_rate(random_weights, notices):
    """학습률 최대(1), α = 0: 손실이 시작보다 크게 오릅니다. 안내는 학습률을 줄이고 α 를 0 보다 크게 하라고."""
    from nstlib import style_transfer

    result = style_transfer("countryside", "swirl", size=48, steps=8, learning_rate=1.0, alpha=0.0, beta=1.0,
                            progress=False)
    totals = result.history["total"]
    assert max(totals) > 2 * totals[0] and result.best_step == 0         # 정말로 발산했는지 (안내와 따로 확인)
    advice = " ".join(text for level, text in notices if "나아지지 않았습니다" in text)
    assert "발산" in advice and "learning_rate=0.1" in advice and "alpha=1.0" in advice, notices
    assert not any(words in advice for words in RAISE_LEARNING_RATE) and "α/β 를 줄여" not in advice


class Diverging:
    """시작 그림에서 한 걸음이라도 벗어나면 전체 손실이 100 배가 되는 손실 함수 (발산을 일부러 일으킴).
    기울기의 방향은 그대로라 최적화는 평소처럼 움직이고, 기록되는 손실만 시작의 100 배가 됩니다."""

    def __init__(self, inner, start):
        import tensorflow as tf

        self.inner, self.extractor, self.start = inner, inner.extractor, tf.constant(start)

    def __call__(self, image):
        import tensorflow as tf

        out = dict(self.inner(image))
        moved = tf.cast(tf.reduce_any(tf.not_equal(image, self.start)), tf.float32)
        out["total"] = out["total"] * (1.0 + 99.0 * moved)
        return out


def test_cli_divergent_run_names_the_flag(tmp_path, capsys, monkeypatch, random_weights):
    """명령줄에서 발산하면 안내는 --lr 로 말합니다 (발산은 `Diverging` 으로 일으킴)."""
    from nstlib import transfer

    build = transfer.build_loss
    monkeypatch.setattr(transfer, "build_loss", lambda settings, content, styles, **kwargs: Diverging(
        build(settings, content, styles, **kwargs), content))
    monkeypatch.chdir(tmp_path)
    code = main(["countryside", "swirl", "--size", "48", "--steps", "4", "--lr", "1", "--init", "content",
                 "--checkpoint-every", "0"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "발산" in err and "--lr 0.1" in err and "learning_rate" not in err, err


@pytest.mark.parametrize("totals, learning_rate, optimizer, alpha, wanted, unwanted", [
    ([1.0, 1.01, 1.02], 0.02, "adam", 1.0, ["α/β 를 줄여", "학습률(learning_rate)을 키우", "단계 수(steps)"], ["발산"]),
    ([1.0, 1.01, 1.02], 1.0, "adam", 1.0, ["α/β 를 줄여", "단계 수"], ["키우", "발산"]),         # 이미 최대
    ([1.0, 1.01, 1.02], 0.02, "adam", 0.0, ["학습률(learning_rate)을 키우"], ["α/β"]),          # α = 0: α/β 는 이미 0
    ([1.0, 3.0, 2.5], 0.5, "adam", 1.0, ["발산", "learning_rate=0.05"], ["키우", "alpha"]),
    ([1.0, 1.0], 0.02, "lbfgs", 1.0, ["α/β 를 줄여", "단계 수"], ["학습률", "발산"]),              # L-BFGS 는 학습률 없음
])
def test_no_progress_advice_follows_what_happened(totals, learning_rate, optimizer, alpha, wanted, unwanted):
    from nstlib.optimization import no_progress_advice

    advice = assert_korean(no_progress_advice(totals, learning_rate, optimizer, alpha))
    assert all(word in advice for word in wanted), advice
    assert not any(word in advice for word in unwanted), advice


def test_grid_cells_that_diverge_get_the_same_advice(random_weights, notices, monkeypatch):
    from nstlib import grid, style_grid

    build = grid.build_loss

    class DivergingCells:
        def __init__(self, inner, content):
            self.inner, self.content = inner, content

        def for_cells(self, cells):
            batch = np.repeat(self.content[np.newaxis], len(cells), axis=0)
            return Diverging(self.inner.for_cells(cells), batch)

    monkeypatch.setattr(grid, "build_loss", lambda settings, content, styles, **kwargs: DivergingCells(
        build(settings, content, styles, **kwargs), content))
    result = style_grid("countryside", "swirl", ratios=[1.0], layer_sets=[["conv1_1"]], size=32, steps=4,
                        learning_rate=0.5, init="content", progress=False)
    totals = result.histories[0][0]["total"]
    assert max(totals) > 2 * totals[0] and result.best_steps[0][0] == 0
    advice = " ".join(text for level, text in notices if "나아지지 않았습니다" in text)
    assert "1행 1열" in advice and "발산" in advice and "learning_rate=0.05" in advice and "키우" not in advice, notices


# --------------------------------------------------------------------------------------------
# 그 밖에 퍼징이 보여 준 것: 여러 번 실행할 때의 영어 경고와 메모리
# --------------------------------------------------------------------------------------------

def test_many_runs_show_no_english_retracing_warning(random_weights):
    """수업의 격자처럼 여러 번 실행해도 TensorFlow 의 영어 경고("triggered tf.function retracing")가 나오지 않음.
    (TensorFlow 의 로거에 붙인 처리기가 받는 것을 봅니다: 로거에서 걸러진 말은 어느 화면에도 나가지 않음.)"""
    import logging

    import tensorflow as tf

    from nstlib import style_transfer

    class Collect(logging.Handler):
        def __init__(self):
            super().__init__()
            self.messages = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    collect = Collect()
    tf.get_logger().addHandler(collect)
    try:
        image = np.random.default_rng(0).uniform(size=(24, 32, 3)).astype(np.float32)
        for _ in range(7):
            style_transfer(image, image, size=32, steps=2, progress=False, style_layers=["conv1_1"],
                           content_layers=["conv1_1"])
    finally:
        tf.get_logger().removeHandler(collect)
    assert not [m for m in collect.messages if "retracing" in m], collect.messages


def test_feature_extractors_share_the_flipped_kernels(random_weights):
    """특징 추출기를 새로 만들 때마다 512 채널 층의 뒤집은 가중치(층마다 9.4 MB)를 새로 만들지 않습니다."""
    from nstlib.network import feature_extractor

    first = feature_extractor(["conv5_1"], weights="random", fast_conv=True)
    second = feature_extractor(["conv5_1"], weights="random", fast_conv=True)
    flipped = [[layer.flipped for layer in extractor.model.layers if hasattr(layer, "flipped")]
               for extractor in (first, second)]
    assert len(flipped[0]) >= 2 and all(a is b for a, b in zip(*flipped))
