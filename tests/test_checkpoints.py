"""끊긴 실행 이어 하기(체크포인트)와 메모리 부족(OOM) 때 크기를 줄여 다시 하기.

기대값은 코드와 무관하게 정해진 것입니다: 끊기지 않은 같은 실행의 이미지·손실(같은 seed, CPU),
파일 시스템에 남은 파일, 요청한 크기에 0.7 을 곱한 크기.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import tensorflow as tf

from conftest import LIGHT, assert_korean
from nstlib import optimization, transfer
from nstlib.checkpoints import load_checkpoint
from nstlib.errors import NSTError
from nstlib.transfer import resume, style_transfer

pytestmark = pytest.mark.usefixtures("clean_env")

SETTINGS = dict(size=64, weights="random", architecture="vgg19", progress=False, beta=10.0, **LIGHT)


def run(content, style, **kwargs):
    return style_transfer(content, style, **{**SETTINGS, **kwargs})


def stop_at(step_to_stop):
    def callback(step, image, losses):
        if step == step_to_stop:
            raise KeyboardInterrupt
    return callback


@pytest.fixture(scope="module")
def uninterrupted(content_64, style_64):
    return run(content_64, style_64, steps=10, init="noise", seed=3)


def test_resume_after_an_interrupt_gives_the_same_image(uninterrupted, content_64, style_64, tmp_path, notices):
    first = run(content_64, style_64, steps=10, init="noise", seed=3, checkpoint_dir=tmp_path,
                checkpoint_every=4, callback=stop_at(6))
    assert first.interrupted and first.steps_done == 6
    assert first.checkpoint and first.checkpoint.startswith(str(tmp_path))
    assert any(first.checkpoint in text for _, text in notices)        # 어디에 있는지 말함
    assert list(tmp_path.iterdir()) == [tmp_path / first.checkpoint.split("/")[-1]]   # 임시 파일 없음

    resumed = resume(first.checkpoint, progress=False)
    assert resumed.steps_done == 10 and not resumed.interrupted
    np.testing.assert_allclose(resumed.image, uninterrupted.image, atol=1e-6)
    np.testing.assert_allclose(resumed.best_image, uninterrupted.best_image, atol=1e-6)
    for name in ("total", "content", "style"):
        np.testing.assert_allclose(resumed.history[name], uninterrupted.history[name], rtol=1e-5)
    assert resumed.best_step == uninterrupted.best_step


def test_resume_from_a_periodic_checkpoint_after_the_process_died(uninterrupted, content_64, style_64,
                                                                  tmp_path):
    """실행이 갑자기 죽은 경우: 4단계에 쓴 체크포인트 파일만 남았다고 보고 거기서 이어 합니다."""
    saved = tmp_path / "saved.npz"

    def copy_at_5(step, image, losses):
        if step == 5:
            shutil.copy(next((tmp_path / "run").glob("*.npz")), saved)

    run(content_64, style_64, steps=10, init="noise", seed=3, checkpoint_dir=tmp_path / "run",
        checkpoint_every=4, callback=copy_at_5)
    settings, images, state = load_checkpoint(saved)
    assert state["step"] == 4 and settings.steps == 10
    np.testing.assert_array_equal(images["content"], content_64)   # 입력 이미지도 파일 안에
    resumed = resume(saved, progress=False)
    np.testing.assert_allclose(resumed.image, uninterrupted.image, atol=1e-6)
    assert len(resumed.history["total"]) == 10


def test_resume_with_more_steps_continues_the_same_run(content_64, style_64, tmp_path):
    longer = run(content_64, style_64, steps=8, seed=1)
    short = run(content_64, style_64, steps=5, seed=1, checkpoint_dir=tmp_path, name="짧게")
    assert short.checkpoint.endswith("짧게.npz")
    extended = resume(short.checkpoint, steps=8, progress=False)
    np.testing.assert_allclose(extended.image, longer.image, atol=1e-6)


def test_two_runs_in_one_folder_get_their_own_checkpoints(content_64, style_64, tmp_path):
    a = run(content_64, style_64, steps=2, checkpoint_dir=tmp_path, name="같은이름")
    b = run(content_64, style_64, steps=2, checkpoint_dir=tmp_path, name="같은이름")
    assert a.checkpoint != b.checkpoint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["같은이름-1.npz", "같은이름.npz"]


def test_a_checkpoint_that_cannot_be_written_does_not_stop_the_picture(content_64, style_64, tmp_path,
                                                                      monkeypatch, notices):
    def full_disk(*args, **kwargs):
        raise NSTError("저장 공간이 모자랍니다.")

    monkeypatch.setattr("nstlib.checkpoints.save_checkpoint", full_disk)
    result = run(content_64, style_64, steps=4, checkpoint_dir=tmp_path, checkpoint_every=2)
    assert result.steps_done == 4 and np.isfinite(result.image).all()
    warnings = [text for level, text in notices if level == "warning" and "체크포인트" in text]
    assert len(warnings) == 1, notices    # 한 번만 알리고 계속


def test_broken_or_missing_checkpoint_gives_korean_advice(tmp_path, content_64, style_64):
    good = run(content_64, style_64, steps=2, checkpoint_dir=tmp_path, name="좋은것").checkpoint
    broken = tmp_path / "망가짐.npz"
    broken.write_bytes(open(good, "rb").read()[:500])
    with pytest.raises(NSTError) as excinfo:
        resume(broken)
    assert "망가짐.npz" in assert_korean(excinfo.value)
    with pytest.raises(NSTError) as excinfo:
        resume(tmp_path / "없는것.npz")
    message = assert_korean(excinfo.value)
    assert "좋은것.npz" in message and "Google Drive" in message     # 그 폴더에 있는 것을 알려 줌


def test_lbfgs_run_can_be_resumed_too(content_64, style_64, tmp_path):
    first = run(content_64, style_64, steps=6, optimizer="lbfgs", checkpoint_dir=tmp_path,
                callback=stop_at(3))
    assert first.interrupted and first.steps_done == 3
    resumed = resume(first.checkpoint, progress=False)
    assert resumed.steps_done == 6 and resumed.history["total"][-1] <= first.history["total"][-1]


# ------------------------------------------------------------------ 메모리 부족

class OutOfMemoryAbove:
    """긴 변이 `limit` 픽셀 이상인 이미지에서 `after` 번 부른 뒤부터 메모리 부족(ResourceExhaustedError)을 냄."""

    def __init__(self, inner, limit: int, after: int = 0):
        self.inner, self.limit, self.after, self.calls = inner, limit, after, 0
        self.extractor = inner.extractor

    def __call__(self, image):
        if max(image.shape[-3:-1]) >= self.limit:
            self.calls += 1
            if self.calls > self.after:
                raise tf.errors.ResourceExhaustedError(None, None, "OOM when allocating tensor")
        return self.inner(image)


def fail_above(monkeypatch, limit, after=0):
    build = transfer.build_loss
    monkeypatch.setattr(transfer, "build_loss",
                        lambda *a, **k: OutOfMemoryAbove(build(*a, **k), limit, after))


@pytest.mark.parametrize("optimizer", ["adam", "lbfgs"])
def test_out_of_memory_retries_smaller_and_keeps_the_picture(content_64, style_64, monkeypatch, notices,
                                                             optimizer):
    kept = {}

    def remember(step, image, losses):
        if image.shape[0] == 64:
            kept[step] = image

    fail_above(monkeypatch, limit=64, after=4)     # 64 px 에서 몇 단계 한 뒤 메모리 부족
    result = run(content_64, style_64, steps=5, optimizer=optimizer, callback=remember, compiled=False)
    assert result.image.shape == (44, 44, 3) and result.settings.size == 44    # int(64 × 0.7)
    message = " ".join(text for level, text in notices if level == "warning")
    assert "64px" in message and "44px" in message
    assert kept, "64 px 에서 몇 단계는 그렸어야 함"
    # 작아진 실행은 그때까지의 그림에서 시작 (콘텐츠 이미지에서 다시 시작하지 않음)
    start = result.snapshots[0][1]
    assert not np.allclose(start, transfer.resize_to(content_64, (44, 44)), atol=1e-3)


def test_out_of_memory_at_every_size_ends_in_a_korean_message(content_64, style_64, monkeypatch):
    fail_above(monkeypatch, limit=1)
    with pytest.raises(NSTError) as excinfo:
        run(content_64, style_64, steps=2, size=200)
    assert "메모리" in assert_korean(excinfo.value)


def test_out_of_memory_on_the_command_line_ends_in_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    from PIL import Image

    from nstlib.cli import main

    photo = tmp_path / "사진.png"
    Image.fromarray(np.full((48, 48, 3), 120, np.uint8)).save(photo)
    fail_above(monkeypatch, limit=1)
    code = main([str(photo), "klee", "--size", "48", "--steps", "2", "--weights", "random", "-o",
                 str(tmp_path / "결과.png")])
    err = capsys.readouterr().err
    assert code == 2 and "메모리" in err and "Traceback" not in err
    assert "48px" in err and "33px" in err            # 줄여서 다시 해 본 것도 말함
