"""nstlib.classroom 의 그림 테스트: 한글 글꼴(fonts), 그림의 축 개수와 크기(pictures), GIF/MP4 저장(animation).

기준은 코드 밖에서 정합니다: 글꼴 파일에 글자가 있는지는 FT2Font 로 직접 묻고, GIF 는 PIL 로 다시 읽어
넣은 색(단색·그러데이션)과 비교합니다.
"""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from nstlib import display  # noqa: E402
from nstlib.classroom import animation, fonts, pictures  # noqa: E402
from nstlib.errors import NSTError  # noqa: E402

MINUS = "\u2212"


@pytest.fixture(autouse=True)
def _clean_matplotlib():
    """테스트마다 rcParams 를 되돌리고 그림을 닫습니다."""
    with matplotlib.rc_context():
        yield
    plt.close("all")


@pytest.fixture
def fresh_font_state(monkeypatch):
    """setup_korean_font 가 처음 불린 것처럼 (끝나면 원래 상태로)."""
    monkeypatch.setattr(fonts, "_font_checked", False)
    monkeypatch.setattr(fonts, "_font_name", None)
    monkeypatch.setattr(fonts, "_font_warned", False)


def _draw_and_collect(fig: Figure) -> list[str]:
    """그림을 실제로 그려(PNG, PDF, SVG) 나온 경고 메시지를 모읍니다."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
        for fmt in ("png", "pdf", "svg"):
            fig.savefig(io.BytesIO(), format=fmt)
    return [str(w.message) for w in caught]


def _glyph_problems(messages: list[str], caplog) -> list[str]:
    bad = [m for m in messages if "missing from font" in m or "Glyph" in m]
    bad += [r.getMessage() for r in caplog.records if "does not have a glyph" in r.getMessage()]
    return bad


def _image(height=24, width=32, seed=0):
    return np.random.default_rng(seed).random((height, width, 3)).astype(np.float32)


# ---------------------------------------------------------------- 한글 글꼴


def test_korean_font_found_and_really_has_hangul(fresh_font_state, record_property):
    name = fonts.setup_korean_font()
    record_property("korean_font", name)
    print(f"\n한글 글꼴: {name}")
    assert name is not None, "이 환경에서는 koreanize-matplotlib 의 나눔고딕이라도 찾아야 합니다"
    path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    font = font_manager.get_font(path)
    assert font.get_char_index(ord("한")) != 0 and font.get_char_index(ord("글")) != 0
    assert list(matplotlib.rcParams["font.family"]) == [name, "DejaVu Sans"]
    assert matplotlib.rcParams["axes.unicode_minus"] is True
    # 두 번째 글꼴에는 빼기 기호가 반드시 있어야 대신 쓸 수 있습니다.
    dejavu = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    assert font_manager.get_font(dejavu).get_char_index(0x2212) != 0


def test_korean_title_and_negative_ticks_render_without_missing_glyphs(fresh_font_state, caplog):
    name = fonts.setup_korean_font()
    fig, ax = plt.subplots()
    ax.plot([-3, -1, 2], [-2.5, 0.5, 1.5])
    ax.set_title("한글 제목: 콘텐츠와 스타일")
    ax.set_xlabel("단계 (step)")
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        messages = _draw_and_collect(fig)
    assert _glyph_problems(messages, caplog) == [], f"글꼴 {name}"
    labels = [t.get_text() for t in ax.get_yticklabels()] + [t.get_text() for t in ax.get_xticklabels()]
    assert any(MINUS in label for label in labels), labels
    assert not any(label.startswith("-") for label in labels), "빼기 기호가 하이픈(-)이면 안 됩니다"


def test_nanumgothic_lacks_unicode_minus_so_fallback_matters(fresh_font_state):
    """측정: 나눔고딕에는 U+2212 가 없습니다. 그래서 DejaVu Sans 로 글자마다 넘겨받는 것이 필요합니다."""
    name = fonts.setup_korean_font()
    if name != "NanumGothic":
        pytest.skip(f"이 환경의 한글 글꼴은 {name}")
    path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    fonttools = pytest.importorskip("fontTools.ttLib")
    cmap = fonttools.TTFont(path, lazy=True).getBestCmap()
    assert 0x2212 not in cmap and ord("-") in cmap and ord("한") in cmap


def test_log_axis_exponents_do_not_become_dummy_symbols(fresh_font_state, caplog):
    """로그 눈금 10^{-2} 은 수식(mathtext)이라 글자별 대체가 안 됩니다. plot_losses 는 그래도 깨지지 않아야 합니다."""
    history = {"content": list(np.geomspace(1.0, 1e-3, 30)), "style": list(np.geomspace(5.0, 1e-2, 30))}
    fig = pictures.plot_losses(history)
    with caplog.at_level(logging.INFO, logger="matplotlib"):
        messages = _draw_and_collect(fig)
    assert _glyph_problems(messages, caplog) == []
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("{-" in label for label in labels), labels   # 음수 지수가 실제로 있는 그림인지


def test_no_korean_font_warns_once_in_korean_and_english(fresh_font_state, monkeypatch):
    monkeypatch.setattr(fonts, "_font_known_to_matplotlib", lambda: None)
    monkeypatch.setattr(fonts, "_font_from_koreanize_matplotlib", lambda: None)
    notices = []
    monkeypatch.setattr(display, "notice", lambda text, level="info": notices.append((text, level)))
    before = list(matplotlib.rcParams["font.family"])

    assert fonts.setup_korean_font() is None
    assert fonts.setup_korean_font() is None
    fig = pictures.show_images(_image(), ["제목"])     # 그리는 함수도 멈추지 않아야
    assert isinstance(fig, Figure)

    assert len(notices) == 1
    text, level = notices[0]
    assert level == "warning"
    assert "한글 글꼴을 찾지 못했습니다" in text and "No Korean font found" in text
    assert list(matplotlib.rcParams["font.family"]) == before


def test_setup_is_idempotent_and_reapplies_after_style_reset(fresh_font_state):
    name = fonts.setup_korean_font()
    assert fonts.setup_korean_font() == name
    matplotlib.rcdefaults()
    assert fonts.setup_korean_font() == name
    assert matplotlib.rcParams["font.family"][0] == name


def test_koreanize_font_is_registered_without_importing_the_package(fresh_font_state, monkeypatch):
    import sys

    monkeypatch.setattr(fonts, "_font_known_to_matplotlib", lambda: None)
    sys.modules.pop("koreanize_matplotlib", None)
    name = fonts.setup_korean_font()
    assert name == "NanumGothic"
    assert "koreanize_matplotlib" not in sys.modules    # 그 __init__ 은 distutils 를 불러 3.12 에서 깨집니다


# ---------------------------------------------------------------- 그림


def _image_sizes(fig):
    return [im.get_array().shape for ax in fig.axes for im in ax.get_images()]


def test_show_images_accepts_numpy_tf_and_batched_images():
    tf = pytest.importorskip("tensorflow")
    images = [_image(), _image(seed=1)[None], tf.constant(_image(seed=2))]
    fig = pictures.show_images(images, ["콘텐츠", "스타일", "결과"])
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["콘텐츠", "스타일", "결과"]
    assert _image_sizes(fig) == [(24, 32, 3)] * 3
    shown = fig.axes[0].get_images()[0].get_array()
    np.testing.assert_array_equal(shown, np.rint(images[0] * 255).astype(np.uint8))


def test_show_images_grid_and_single_image():
    fig = pictures.show_images([_image()] * 5, ncols=2)
    assert len(fig.axes) == 5            # 빈 칸은 지움
    fig = pictures.show_images(_image())
    assert len(fig.axes) == 1


def test_show_images_clips_nan_and_out_of_range_values():
    image = np.full((4, 4, 3), 0.5, np.float32)
    image[0, 0] = [np.nan, -3.0, 7.0]
    fig = pictures.show_images(image)
    shown = fig.axes[0].get_images()[0].get_array()
    assert shown.dtype == np.uint8
    assert list(shown[0, 0]) == [0, 0, 255] and list(shown[1, 1]) == [128, 128, 128]


def test_show_feature_maps_normalises_each_channel():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(1, 10, 12, 40)) * np.arange(1, 41)   # 채널마다 크기가 다름
    features[..., 3] = 7.0                                            # 상수 채널
    fig = pictures.show_feature_maps(features, max_maps=16, ncols=8, title="block1_conv1")
    assert len(fig.axes) == 16
    assert fig.get_suptitle() == "block1_conv1"
    for ax, channel in zip(fig.axes, range(16)):
        plane = ax.get_images()[0].get_array()
        assert plane.shape == (10, 12)
        if channel == 3:
            assert np.all(plane == 0)
        else:
            expected = features[0, ..., channel]
            expected = (expected - expected.min()) / (expected.max() - expected.min())
            np.testing.assert_allclose(plane, expected, atol=1e-5)
    fig = pictures.show_feature_maps(features[0], channels=[0, 39])
    assert [ax.get_title() for ax in fig.axes] == ["채널 0", "채널 39"]


def test_show_gram_matrix_has_colour_bar_and_crops():
    gram = np.random.default_rng(0).random((100, 100))
    fig = pictures.show_gram_matrix(gram, max_channels=64)
    assert len(fig.axes) == 2                       # 그림 + 색 막대
    assert _image_sizes(fig)[0] == (64, 64)
    fig = pictures.show_gram_matrix(gram[None, :10, :10], title="스타일 그람 행렬")
    assert _image_sizes(fig)[0] == (10, 10) and fig.axes[0].get_title() == "스타일 그람 행렬"


def test_show_snapshots_titles_are_steps():
    snapshots = [(0, _image()), (50, _image(seed=1)[None]), (100, _image(seed=2))]
    fig = pictures.show_snapshots(snapshots, ncols=2, title="최적화 과정")
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["0단계", "50단계", "100단계"]
    assert fig.get_suptitle() == "최적화 과정"


def test_plot_losses_labels_and_skips_zero_series_on_log_scale():
    n = 20
    history = {"content": list(np.linspace(2, 1, n)), "style": list(np.linspace(9, 3, n)),
               "tv": [0.0] * n, "total": list(np.linspace(11, 4, n))}
    fig = pictures.plot_losses(history)
    ax = fig.axes[0]
    assert len(fig.axes) == 1
    assert [line.get_label() for line in ax.get_lines()] == ["콘텐츠 손실", "스타일 손실", "전체 손실"]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "단계 (step)"
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), np.arange(1, n + 1))

    fig = pictures.plot_losses(history, log=False)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == ["콘텐츠 손실", "스타일 손실", "총 변위 손실 (TV)", "전체 손실"]
    assert fig.axes[0].get_yscale() == "linear"

    fig = pictures.plot_losses({"style": [1.0, 0.5]})        # 없는 이름은 건너뜀
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["스타일 손실"]


def test_compare_grid_labels_rows_and_columns():
    images = [[_image(seed=r * 3 + c) for c in range(3)] for r in range(2)]
    fig = pictures.compare_grid(images, ["conv1_1", "conv2_1"], ["α/β = 1e−5", "α/β = 1e−4", "α/β = 1e−3"])
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[:3]] == ["α/β = 1e−5", "α/β = 1e−4", "α/β = 1e−3"]
    assert [fig.axes[0].get_ylabel(), fig.axes[3].get_ylabel()] == ["conv1_1", "conv2_1"]
    with pytest.raises(NSTError, match="행 이름"):
        pictures.compare_grid(images, ["conv1_1"], ["a", "b", "c"])


def test_notebook_shows_once_per_cell(monkeypatch):
    """노트북(inline)에서: 지금 한 번 보여 주고, 셀 마지막 줄의 Figure 를 Jupyter 가 또 그리지 않게."""
    import IPython
    import IPython.display

    class FakeShell:
        execution_count = 7

    shown = []
    monkeypatch.setattr(display, "in_notebook", lambda: True)
    monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://matplotlib_inline.backend_inline")
    monkeypatch.setattr(IPython, "get_ipython", lambda: FakeShell)
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    fig = pictures.show_images(_image(), ["제목"])
    assert shown == [fig]
    assert not plt.fignum_exists(fig.number)        # pyplot 이 셀 끝에 또 그리지 않도록 닫힘
    fig._ipython_display_()                          # Jupyter 가 돌려받은 Figure 를 그리려 할 때
    assert shown == [fig]


@pytest.mark.parametrize("call", [
    lambda: pictures.show_images([]),
    lambda: pictures.show_images(np.zeros((8, 8))),
    lambda: pictures.show_images(np.zeros((2, 8, 8, 3))[None]),
    lambda: pictures.show_images([_image()], ["하나", "둘"]),
    lambda: pictures.show_snapshots([]),
    lambda: pictures.show_feature_maps(np.zeros((8, 8))),
    lambda: pictures.show_gram_matrix(np.zeros((3, 4))),
    lambda: pictures.plot_losses({}),
    lambda: pictures.plot_losses([1, 2, 3]),
    lambda: animation.save_gif([], "x.gif"),
    lambda: animation.save_gif([_image()], "x.png"),
])
def test_wrong_inputs_raise_korean_nst_error(call):
    with pytest.raises(NSTError) as info:
        call()
    assert any("\uac00" <= ch <= "\ud7a3" for ch in str(info.value)), str(info.value)


# ---------------------------------------------------------------- GIF


def _solid_quadrants(height=32, width=48):
    frame = np.zeros((height, width, 3), np.float32)
    frame[: height // 2, : width // 2] = [1, 0, 0]
    frame[: height // 2, width // 2:] = [0, 1, 0]
    frame[height // 2:, : width // 2] = [0, 0, 1]
    frame[height // 2:, width // 2:] = [1, 1, 1]
    return frame


def _gradient(height=32, width=48):
    ramp = np.linspace(0, 1, width, dtype=np.float32)
    return np.stack([np.tile(ramp, (height, 1)), np.tile(ramp[::-1], (height, 1)),
                     np.full((height, width), 0.3, np.float32)], axis=-1)


def _read_gif(path):
    with Image.open(path) as gif:
        frames, durations = [], []
        for index in range(gif.n_frames):
            gif.seek(index)
            frames.append(np.asarray(gif.convert("RGB"), np.float32) / 255)
            durations.append(gif.info.get("duration"))
        return gif.size, frames, durations, gif.info.get("loop")


def test_save_gif_frames_size_and_colours(tmp_path):
    snapshots = [(0, _solid_quadrants()), (10, _gradient()[None]), (20, 1 - _gradient())]
    path = animation.save_gif(snapshots, tmp_path / "과정.gif", duration_ms=100, last_frame_ms=900)
    assert path == tmp_path / "과정.gif" and path.is_file()
    size, frames, durations, loop = _read_gif(path)
    assert size == (48, 32) and len(frames) == 3
    np.testing.assert_allclose(frames[0], _solid_quadrants(), atol=2 / 255)     # 단색은 (거의) 그대로
    assert np.abs(frames[1] - _gradient()).mean() < 3 / 255                       # 그러데이션도 가깝게
    assert np.abs(frames[2] - (1 - _gradient())).mean() < 3 / 255
    assert durations == [100, 100, 900] and loop == 0


def test_save_gif_plain_images_and_max_size(tmp_path):
    images = [_gradient(64, 96), _solid_quadrants(64, 96)]
    path = animation.save_gif(images, tmp_path / "작게", max_size=48)
    assert path.suffix == ".gif"
    size, frames, _, _ = _read_gif(path)
    assert size == (48, 32) and len(frames) == 2


def test_save_gif_never_overwrites_unless_asked(tmp_path):
    target = tmp_path / "out.gif"
    target.write_bytes(b"teacher's file")
    first = animation.save_gif([_gradient(), _solid_quadrants()], target)
    second = animation.save_gif([_gradient(), _solid_quadrants()], target)
    assert (first.name, second.name) == ("out-1.gif", "out-2.gif")
    assert target.read_bytes() == b"teacher's file"
    again = animation.save_gif([_gradient(), _solid_quadrants()], target, overwrite=True)
    assert again == target and target.read_bytes()[:3] == b"GIF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out-1.gif", "out-2.gif", "out.gif"]


def test_save_gif_is_atomic_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "out.gif"
    target.write_bytes(b"old")

    def broken_save(self, fp, *args, **kwargs):
        Path(fp).write_bytes(b"GIF89a partial")
        raise OSError("디스크가 가득 찼습니다 (simulated)")

    monkeypatch.setattr(Image.Image, "save", broken_save)
    with pytest.raises(NSTError) as info:
        animation.save_gif([_gradient(), _solid_quadrants()], target, overwrite=True)
    assert "out.gif" in str(info.value) and info.value.path == str(target)
    assert [p.name for p in tmp_path.iterdir()] == ["out.gif"]      # 임시 파일 없음
    assert target.read_bytes() == b"old"                              # 있던 파일 그대로


# ---------------------------------------------------------------- MP4


def test_save_mp4_writes_video_when_an_encoder_is_available(tmp_path):
    if animation._find_ffmpeg() is None:
        pytest.skip("ffmpeg 인코더가 없는 환경 (save_mp4 는 None 을 돌려줌)")
    images = [_gradient(31, 45), _solid_quadrants(31, 45), 1 - _gradient(31, 45)]   # 홀수 크기
    path = animation.save_mp4(images, tmp_path / "과정.mp4", fps=4)
    assert path == tmp_path / "과정.mp4" and path.stat().st_size > 0
    assert path.read_bytes()[4:8] == b"ftyp"
    again = animation.save_mp4(images, tmp_path / "과정.mp4")
    assert again.name == "과정-1.mp4"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["과정-1.mp4", "과정.mp4"]


def test_save_mp4_returns_none_without_an_encoder(tmp_path, monkeypatch):
    monkeypatch.setattr(animation, "_find_ffmpeg", lambda: None)
    assert animation.save_mp4([_gradient(), _solid_quadrants()], tmp_path / "x.mp4") is None
    assert list(tmp_path.iterdir()) == []
