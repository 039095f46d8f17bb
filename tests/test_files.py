"""파일을 저장할 때의 사고(file faults): 쓸 수 없는 폴더, 없는 폴더, 가득 찬 디스크, 이미 있는 이름, 동시 저장.

`save_image` 와 그 밑의 `write_atomically` (GIF·MP4 저장도 같은 함수), 그리고 명령줄이 그 실패를 어떻게
알리는지를 봅니다. 기대하는 것: 한국어 안내(무엇을 할지), 반쯤 쓴 파일·임시 파일이 남지 않음, 있던 파일은
그대로, 어떤 그림도 다른 그림을 덮어쓰지 않음.

테스트가 root 로 돌면 chmod 로는 쓰기를 막을 수 없으므로, 그때는 쓰기·링크 호출이 PermissionError 를 던지게
바꿔(monkeypatch) 같은 상황을 흉내 냅니다.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import time

import numpy as np
import pytest
from PIL import Image

from conftest import assert_korean
from nstlib import _files, images
from nstlib.cli import main
from nstlib.errors import NSTError
from nstlib.images import save_image, write_atomically


def gray(value: int, size: int = 40) -> np.ndarray:
    """값이 모두 value/255 인 회색 그림 (저장한 뒤 어느 그림인지 알아볼 수 있게)."""
    return np.full((size, size, 3), value / 255.0, np.float32)


def stored_value(path) -> int:
    """저장된 회색 그림의 값 (모든 픽셀이 같아야 함)."""
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"))
    assert (pixels == pixels.flat[0]).all(), path
    return int(pixels.flat[0])


def names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def can_write_despite_chmod(folder) -> bool:
    """chmod 로 막은 폴더에 그래도 쓸 수 있는가 (root, 일부 파일 시스템)."""
    probe = folder / "probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return False
    probe.unlink()
    return True


@pytest.fixture
def locked_folder(tmp_path, monkeypatch):
    """쓸 수 없는 폴더. chmod 가 통하지 않으면(root) 파일 만들기·링크·이름 바꾸기가 PermissionError 를 던지게."""
    folder = tmp_path / "잠긴 폴더"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if can_write_despite_chmod(folder):
        denied = PermissionError(errno.EACCES, "Permission denied")

        def refuse(*args, **kwargs):
            raise denied

        real_open = open

        def open_refusing_folder(file, *args, **kwargs):
            if str(file).startswith(str(folder)):
                raise denied
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(images, "open", open_refusing_folder, raising=False)
        monkeypatch.setattr(_files.os, "link", refuse)
        monkeypatch.setattr(_files.os, "replace", refuse)
    yield folder
    folder.chmod(stat.S_IRWXU)


# --------------------------------------------------------------------------------------------
# 쓸 수 없는 폴더
# --------------------------------------------------------------------------------------------

def test_unwritable_folder_says_so_in_korean(locked_folder):
    with pytest.raises(NSTError) as excinfo:
        save_image(gray(10), locked_folder / "result.png")
    message = assert_korean(excinfo.value)
    assert "result.png" in message and "권한" in message and "다른 폴더" in message
    assert excinfo.value.path.endswith("result.png")
    locked_folder.chmod(stat.S_IRWXU)
    assert names(locked_folder) == []                       # 임시 파일도 남지 않음


def test_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("폴더가 아니라 파일")
    with pytest.raises(NSTError) as excinfo:
        save_image(gray(10), blocker / "sub" / "result.png")
    message = assert_korean(excinfo.value)
    assert "result.png" in message and "sub" in message


def test_output_path_that_is_a_folder(tmp_path):
    (tmp_path / "results.png").mkdir()                      # 이름이 .png 로 끝나는 폴더
    with pytest.raises(NSTError) as excinfo:
        save_image(gray(10), tmp_path / "results.png")
    assert "폴더" in assert_korean(excinfo.value)


# --------------------------------------------------------------------------------------------
# 없는 폴더: 만들고, 만들었다고 알림
# --------------------------------------------------------------------------------------------

def test_missing_folder_is_created_and_announced(tmp_path, notices):
    target = tmp_path / "새 폴더" / "오늘" / "result.png"
    written = save_image(gray(77), target)
    assert written == target and stored_value(target) == 77
    assert [level for level, _ in notices] == ["info"]
    assert "만들었습니다" in notices[0][1] and str(target.parent) in notices[0][1]
    save_image(gray(78), target)                            # 두 번째에는 폴더가 있으므로 폴더 안내 없음
    assert not any("만들었습니다" in text for _, text in notices[1:])


# --------------------------------------------------------------------------------------------
# 가득 찬 디스크 (ENOSPC)
# --------------------------------------------------------------------------------------------

@pytest.fixture
def disk_fills_up(monkeypatch):
    """PIL 이 픽셀을 반쯤 쓴 뒤 ENOSPC 로 실패하게 합니다."""
    def half_then_full(self, fp, *args, **kwargs):
        fp.write(b"\x89PNG\r\n\x1a\n half written")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", half_then_full)


@pytest.mark.parametrize("overwrite", [False, True])
def test_disk_full_leaves_nothing_behind_and_keeps_the_old_file(tmp_path, disk_fills_up, overwrite):
    existing = tmp_path / "result.png"
    existing.write_bytes(b"the earlier result")
    with pytest.raises(NSTError) as excinfo:
        save_image(gray(10), existing, overwrite=overwrite)
    message = assert_korean(excinfo.value)
    assert "result.png" in message and "가득" in message and "지워" in message
    assert existing.read_bytes() == b"the earlier result"          # 있던 파일은 그대로
    assert names(tmp_path) == ["result.png"]                       # 반쯤 쓴 파일·임시 파일 없음


def test_disk_full_while_claiming_the_name(tmp_path, monkeypatch):
    """다 쓴 뒤 이름을 붙이는 순간(os.link) 디스크가 가득 차도 임시 파일이 남지 않습니다."""
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_files.os, "link", full)
    with pytest.raises(NSTError) as excinfo:
        save_image(gray(10), tmp_path / "result.png")
    assert "가득" in assert_korean(excinfo.value)
    assert names(tmp_path) == []


def test_write_atomically_cleans_up_after_any_error(tmp_path):
    """GIF·MP4 도 쓰는 write_atomically: 쓰는 함수가 어떤 예외를 던져도 임시 파일을 지우고 예외는 그대로."""
    def broken(temporary):
        temporary.write_bytes(b"partial")
        raise RuntimeError("encoder crashed")

    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "movie.mp4", broken, overwrite=False)
    assert names(tmp_path) == []


# --------------------------------------------------------------------------------------------
# 이미 있는 이름: 덮어쓰지 않고 result-1.png, result-2.png ...
# --------------------------------------------------------------------------------------------

def test_existing_names_are_never_overwritten(tmp_path, notices):
    target = tmp_path / "result.png"
    written = [save_image(gray(value), target) for value in (11, 22, 33)]
    assert [p.name for p in written] == ["result.png", "result-1.png", "result-2.png"]
    assert [stored_value(p) for p in written] == [11, 22, 33]
    assert sum("result-2.png" in text for _, text in notices) == 1


def test_link_free_drive_still_does_not_overwrite(tmp_path, monkeypatch):
    """하드 링크를 못 쓰는 드라이브(FAT 등, os.link 가 EPERM)에서도 이름을 먼저 차지해 덮어쓰지 않습니다."""
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(_files.os, "link", no_links)
    target = tmp_path / "result.png"
    target.write_bytes(b"keep me")
    written = save_image(gray(44), target)
    assert written.name == "result-1.png" and stored_value(written) == 44
    assert target.read_bytes() == b"keep me"
    assert names(tmp_path) == ["result-1.png", "result.png"]


# --------------------------------------------------------------------------------------------
# 두 실행이 같은 폴더, 같은 이름에 동시에 저장
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("links", [True, False])
def test_concurrent_saves_each_get_their_own_file(tmp_path, monkeypatch, notices, links):
    if not links:
        def no_links(*args, **kwargs):
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(_files.os, "link", no_links)
    real_unused_path = _files.unused_path

    def slow_unused_path(path):                        # 이름을 고른 뒤 잠깐 쉬어 경쟁(race)의 틈을 넓힘
        chosen = real_unused_path(path)
        time.sleep(0.005)
        return chosen

    monkeypatch.setattr(_files, "unused_path", slow_unused_path)
    count = 8
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait()
            results[index] = save_image(gray(10 * (index + 1)), tmp_path / "result.png")
        except BaseException as error:                 # 어느 스레드의 실패도 놓치지 않음
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(set(results)) == count                                   # 모두 다른 파일
    assert {stored_value(p) for p in results} == {10 * (i + 1) for i in range(count)}   # 잃은 그림 없음
    for index, path in enumerate(results):
        assert stored_value(path) == 10 * (index + 1)                  # 각자 자기 그림
    expected = ["result.png"] + [f"result-{n}.png" for n in range(1, count)]
    assert names(tmp_path) == sorted(expected)                          # 임시 파일 없음


# --------------------------------------------------------------------------------------------
# 명령줄: 저장할 곳의 문제는 오래 걸리는 계산 **전에** 알림
# --------------------------------------------------------------------------------------------

def test_cli_refuses_an_unwritable_output_folder_before_running(tmp_path, capsys, monkeypatch):
    import nstlib.cli as cli

    def never_run(args):
        raise AssertionError("스타일 전이를 시작함")

    folder = tmp_path / "잠김"
    folder.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(cli.tempfile, "TemporaryFile", refuse)       # chmod 가 통하지 않는 root 에서도 같게
    monkeypatch.setattr("nstlib.transfer.style_transfer", never_run)
    code = main(["klee", "swirl", "-o", str(folder / "out.png"), "--size", "64", "--steps", "2",
                 "--weights", "random"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and "잠김" in err and "쓸 수 없습니다" in assert_korean(err)


def test_cli_reports_disk_full_at_save_time(tmp_path, capsys, monkeypatch):
    """계산 뒤 저장에서 디스크가 가득 차면: 한국어 안내, 종료 코드 2, 파일 없음."""
    import types

    import nstlib.transfer as optimization

    def fake_transfer(*args, **kwargs):
        return types.SimpleNamespace(best_image=gray(5, 48), interrupted=False, snapshots=[],
                                     summary=lambda: "가짜 결과")

    def half_then_full(self, fp, *args, **kwargs):
        fp.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(optimization, "style_transfer", fake_transfer)
    monkeypatch.setattr(Image.Image, "save", half_then_full)
    code = main(["klee", "swirl", "-o", str(tmp_path / "out.png"), "--size", "64", "--steps", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert "가득" in assert_korean(err) and "Traceback" not in err
    assert names(tmp_path) == []
    assert os.listdir(tmp_path) == []
