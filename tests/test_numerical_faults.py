"""말이 안 되는 설정(α/β 1e-12 나 1e12, 학습률 1e4, 1 픽셀 너비의 띠 그림)에서도 NaN 그림은 나오지 않습니다:
실행이 끝까지 가거나 한국어 안내와 함께 멈추고, 저장되는 그림은 늘 올바른 그림입니다."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from conftest import LIGHT, assert_korean
from nstlib.cli import main
from nstlib.errors import NSTError
from nstlib.images import save_image
from nstlib.transfer import style_transfer

pytestmark = pytest.mark.usefixtures("clean_env")

TINY = dict(size=32, steps=3, weights="random", architecture="vgg19", progress=False, **LIGHT)


def valid(image, shape=(32, 32, 3)):
    return (image.shape == shape and image.dtype == np.float32 and np.isfinite(image).all()
            and image.min() >= 0 and image.max() <= 1)


@pytest.mark.parametrize("optimizer", ["adam", "lbfgs"])
@pytest.mark.parametrize("mode", ["relative", "paper"])
@pytest.mark.parametrize("alpha, beta", [(1.0, 1e12), (1e12, 1.0), (1e-12, 1.0), (1.0, 1e-12)])
def test_extreme_ratios_give_a_valid_picture(image_32, content_64, alpha, beta, mode, optimizer, tmp_path):
    result = style_transfer(image_32, content_64, alpha=alpha, beta=beta, mode=mode, optimizer=optimizer, **TINY)
    assert valid(result.image) and valid(result.best_image)
    assert all(np.isfinite(v).all() for v in result.history.values()) or result.stopped_reason
    with Image.open(save_image(result.best_image, tmp_path / "결과.png")) as saved:
        assert saved.size == (32, 32)


@pytest.mark.parametrize("learning_rate", [1e4, 0.0, -1.0, float("nan")])
def test_absurd_learning_rate_is_refused_in_korean(image_32, learning_rate):
    with pytest.raises(NSTError) as excinfo:
        style_transfer(image_32, image_32, learning_rate=learning_rate, **TINY)
    assert "학습률" in assert_korean(excinfo.value)


def test_learning_rate_1e4_on_the_command_line(tmp_path, capsys):
    photo = tmp_path / "사진.png"
    Image.fromarray(np.full((40, 40, 3), 128, np.uint8)).save(photo)
    assert main([str(photo), "klee", "--lr", "1e4", "--size", "32", "--steps", "2", "--weights", "random",
                 "-o", str(tmp_path / "결과.png")]) == 2
    err = capsys.readouterr().err
    assert "학습률" in err and "Traceback" not in err
    assert not (tmp_path / "결과.png").exists()


@pytest.mark.parametrize("shape", [(1, 300, 3), (300, 1, 3), (1, 1, 3)])
def test_one_pixel_strip_is_refused_with_advice(shape, tmp_path):
    strip = np.random.default_rng(0).uniform(size=shape).astype(np.float32)
    path = tmp_path / "띠.png"
    Image.fromarray((strip * 255).astype(np.uint8)).save(path)
    for source in (strip, path):
        with pytest.raises(NSTError) as excinfo:
            style_transfer(source, "klee", **TINY)
        assert_korean(excinfo.value)


def test_loss_that_explodes_keeps_the_last_good_picture(image_32, content_64, monkeypatch, notices):
    """손실이 계속 무한대가 되면 (여기서는 일부러) 마지막으로 괜찮았던 그림을 돌려주고 까닭을 알립니다."""
    from nstlib import transfer

    build = transfer.build_loss

    class Exploding:
        def __init__(self, inner):
            self.inner, self.extractor, self.calls = inner, inner.extractor, 0

        def __call__(self, image):
            self.calls += 1
            out = dict(self.inner(image))
            if self.calls > 2:
                out["total"] = out["total"] * float("inf")
            return out

    monkeypatch.setattr(transfer, "build_loss", lambda *a, **k: Exploding(build(*a, **k)))
    result = style_transfer(image_32, content_64, compiled=False, **{**TINY, "steps": 10})
    assert result.steps_done < 10 and assert_korean(result.stopped_reason)
    assert valid(result.image) and valid(result.best_image)
