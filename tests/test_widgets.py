"""nstlib.classroom 의 위젯(widgets.py)과 스타일 전이 화면(panel.py)의 테스트: 화면 없이(headless) 움직여 봅니다.

슬라이더 값을 바꾸고, 예제를 고르고, FileUpload 에 파일을 넣고(설치된 ipywidgets 의 형식으로: 8.x 는 tuple,
7.7 은 data/metadata/_counter), 버튼을 누른 뒤(`button.click()`) 나온 것을 확인합니다. 기준은 코드 밖에서:
올린 PNG 는 테스트가 직접 그린 색(왼쪽 빨강, 오른쪽 파랑)과, 결과는 같은 설정의 보통 함수 호출과, 색 지키기는
NTSC YIQ 식으로 직접 계산한 색과 비교합니다.

빠르게 돌도록 무작위 가중치 VGG16(weights="random"), 64 px, 2~3 단계, 그래프 없이(compiled=False) 실행합니다.
ipywidgets 7.7 (Colab) 에서도 같은 테스트가 돕니다: PYTHONPATH=<ipywidgets 7.7.5 를 설치한 폴더> pytest ...
"""

from __future__ import annotations

import datetime
import io

import ipywidgets
import numpy as np
import pytest
from PIL import Image

import nstlib as nst
from nstlib.classroom import panel as panel_module
from nstlib.classroom import widgets
from nstlib.classroom.panel import PREVIEW_SIZE, StyleTransferPanel
from nstlib.errors import NSTError

from conftest import assert_korean

IPYWIDGETS_MAJOR = int(ipywidgets.__version__.split(".")[0])
SIZE = 64
FAST = dict(weights="random", architecture="vgg16", compiled=False)   # 테스트용: 빠르고 인터넷 없이


def red_blue_png(width: int = 96, height: int = 64) -> bytes:
    """왼쪽 절반은 빨강, 오른쪽 절반은 파랑인 PNG 파일의 내용."""
    pixels = np.zeros((height, width, 3), np.uint8)
    pixels[:, : width // 2] = (255, 0, 0)
    pixels[:, width // 2:] = (0, 0, 255)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def assert_red_blue(image: np.ndarray, shape: tuple) -> None:
    assert image.shape == shape
    assert np.allclose(image[:, 0], (1, 0, 0), atol=0.02)      # 왼쪽 끝은 빨강
    assert np.allclose(image[:, -1], (0, 0, 1), atol=0.02)     # 오른쪽 끝은 파랑


def upload_with_widget(picker: widgets.ImagePicker, name: str, content: bytes) -> None:
    """브라우저에서 파일을 올린 것처럼 FileUpload 의 값을 바꿉니다 (설치된 ipywidgets 버전의 방식으로)."""
    if IPYWIDGETS_MAJOR >= 8:
        picker.upload.value = ({"name": name, "type": "image/png", "size": len(content),
                                "content": memoryview(content),
                                "last_modified": datetime.datetime.now(datetime.timezone.utc)},)
    else:   # 7.7: 브라우저가 metadata 와 data 를 보내고 _counter 를 올리면 value 가 만들어짐
        picker.upload.metadata = [{"name": name, "type": "image/png", "size": len(content),
                                   "lastModified": 0}]
        picker.upload.data = [content]
        picker.upload._counter += 1


# ---------------------------------------------------------------------------------------------------
# α/β 를 읽고 고르는 도구
# ---------------------------------------------------------------------------------------------------

def test_ratio_slider_is_logarithmic_and_starts_at_default():
    slider = widgets.ratio_slider()
    assert isinstance(slider, ipywidgets.FloatLogSlider)
    assert slider.base == 10 and slider.value == pytest.approx(nst.DEFAULTS.ratio)
    slider.value = 0.1
    assert slider.value == pytest.approx(0.1)
    ratio = nst.DEFAULTS.ratio                                  # 기본값의 1/100 … 100 배를 고를 수 있음
    assert 10 ** slider.min <= ratio / 100 * 1.0001 and 10 ** slider.max >= ratio * 100 / 1.0001


def test_sliders_never_cut_off_their_starting_value():
    for value in (1e-4, 0.5, 300.0):
        slider = widgets.ratio_slider(value)
        assert slider.value == pytest.approx(value)
    panel = StyleTransferPanel("countryside", "klee", ratio=1e-4, tv_weight=1e-5, **FAST)
    assert panel.ratio.value == pytest.approx(1e-4) and panel.tv.value == pytest.approx(1e-5)


@pytest.mark.parametrize("ratio, words", [(1e-2, ["10^-2", "1/100", "스타일"]), (1e-4, ["10^-4", "1/10,000"]),
                                          (10.0, ["10^1", "콘텐츠"]), (1.0, ["10^0", "같게"])])
def test_describe_ratio_reads_powers_of_ten(ratio, words):
    text = assert_korean(widgets.describe_ratio(ratio))
    for word in words:
        assert word in text


def test_describe_ratio_rejects_zero():
    with pytest.raises(NSTError) as error:
        widgets.describe_ratio(0)
    assert_korean(str(error.value))


def test_log_ratio_values_are_evenly_spaced_powers():
    values = widgets.log_ratio_values(1e-5, 1e-2, 4)
    assert np.allclose(values, [1e-5, 1e-4, 1e-3, 1e-2])


# ---------------------------------------------------------------------------------------------------
# ImagePicker: 예제, 올린 파일 (8.x tuple, 7.7 dict, Colab files.upload), 경로
# ---------------------------------------------------------------------------------------------------

def test_picker_example_matches_load_example():
    picker = widgets.ImagePicker("콘텐츠", kind="content")
    picker.dropdown.value = "building"
    assert picker.source() == "building"
    np.testing.assert_array_equal(picker.image(SIZE), nst.load_example("building", max_size=SIZE))
    assert picker.preview.value[:4] == b"\x89PNG"
    assert "building" in picker.message.value
    assert picker.code() == "'building'"


def test_picker_upload_through_the_widget():
    picker = widgets.ImagePicker("콘텐츠", kind="content")
    upload_with_widget(picker, "빨강파랑.png", red_blue_png())
    assert picker.dropdown.value == picker.MINE                 # 올리면 '내 파일' 로 바뀜
    assert_red_blue(picker.image(48), (32, 48, 3))
    assert "빨강파랑.png" in picker.message.value
    assert picker.code() == "content_picker.source()"
    with Image.open(io.BytesIO(picker.preview.value)) as preview:
        assert preview.size == (96, 64)                         # 미리보기는 200 px 이하


def test_picker_accepts_ipywidgets_77_dict_and_colab_files_dict():
    content = red_blue_png()
    value_77 = {"a.png": {"metadata": {"name": "a.png", "type": "image/png", "size": len(content)},
                          "content": content}}
    assert_red_blue(widgets.image_from(value_77, 48), (32, 48, 3))
    picker = widgets.ImagePicker("스타일", kind="style")
    picker.set_upload(value_77)
    assert picker.dropdown.value == picker.MINE
    assert_red_blue(picker.image(48), (32, 48, 3))
    picker.set_upload({"b.png": content})                      # google.colab.files.upload() 의 모양
    assert_red_blue(picker.image(48), (32, 48, 3))
    assert "b.png" in picker.message.value


def test_picker_path_and_last_choice_wins(tmp_path):
    path = tmp_path / "내사진.png"
    path.write_bytes(red_blue_png())
    picker = widgets.ImagePicker("콘텐츠", kind="content")
    picker.path.value = str(path)
    assert picker.dropdown.value == picker.MINE and picker.source() == str(path)
    assert_red_blue(picker.image(48), (32, 48, 3))
    picker.dropdown.value = "countryside"                       # 다시 예제를 고르면 예제
    assert picker.source() == "countryside"


def test_picker_without_file_or_with_broken_file_explains_in_korean():
    picker = widgets.ImagePicker("콘텐츠", kind="content")
    picker.dropdown.value = picker.MINE
    with pytest.raises(NSTError) as error:
        picker.image(SIZE)
    assert "올린 파일이 없습니다" in str(error.value)
    assert_korean(picker.message.value)
    picker.set_upload({"깨진.png": b"this is not a picture"})   # 오류는 화면에 (예외로 멈추지 않음)
    assert "깨진.png" in picker.message.value and picker.preview.value == b""


# ---------------------------------------------------------------------------------------------------
# StyleTransferPanel
# ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def panel():
    """한 번 실행해 둔 화면 (예제 'countryside' + 'klee')."""
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=2, preview_every=1, **FAST)
    panel.run_button.click()
    return panel


def test_settings_follow_the_sliders():
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=2, **FAST)
    panel.ratio.value = 0.1
    panel.steps.value = 40
    panel.size.value = 128
    panel.tv.value = 1e-3
    panel.init.value = "noise"
    panel.layers.value = 3
    settings = panel.settings()
    assert settings.alpha == 1.0 and settings.beta == pytest.approx(10)     # α/β = 0.1
    assert (settings.steps, settings.size, settings.init) == (40, 128, "noise")
    assert settings.tv_weight == pytest.approx(1e-3)
    assert settings.style_layers == ["conv1_1", "conv2_1", "conv3_1"]
    assert settings.weights == "random"                                        # 고정 옵션도 함께
    assert "1/10 " in panel.ratio_text.value                                      # 슬라이더 옆의 설명
    assert "beta=10," in panel.code_view.value and "steps=40" in panel.code_view.value


def test_style_layers_given_directly_win_over_the_list():
    panel = StyleTransferPanel("countryside", "klee", style_layers={"conv1_1": 0.5, "conv3_1": 0.5}, **FAST)
    assert panel.settings().style_layers == {"conv1_1": 0.5, "conv3_1": 0.5}
    assert panel.layers.disabled


def test_click_makes_a_picture_of_the_chosen_size(panel):
    result = panel.result
    assert result is not None and panel.results == [result]
    assert result.best_image.shape == (48, 64, 3)            # 긴 변 = 크기 슬라이더 (64), 4:3
    assert result.steps_done == 2 and not result.interrupted
    with Image.open(io.BytesIO(panel.preview.value)) as preview:
        assert preview.size == (64, 48)
    assert "완료" in assert_korean(panel.last_message)
    assert "완료" in panel.status.value


def test_button_equals_the_plain_function_call(panel):
    namespace = {"nst": nst}
    exec(panel.code(), namespace)                            # result = nst.style_transfer(...)
    np.testing.assert_allclose(namespace["result"].best_image, panel.result.best_image, atol=1e-5)
    assert namespace["result"].settings.beta == pytest.approx(1 / panel.ratio.value)


def test_absurd_value_shows_korean_message_and_keeps_the_picture(panel):
    before, preview = panel.result, panel.result.best_image
    panel.fixed["learning_rate"] = 1e3                       # 슬라이더로는 못 넣는 엉뚱한 값
    try:
        panel.run_button.click()
    finally:
        del panel.fixed["learning_rate"]
    assert "학습률" in assert_korean(panel.last_message) and "⛔" in panel.last_message
    assert "Traceback" not in panel.status.value
    assert panel.result is before and panel.results == [before]
    assert isinstance(panel.last_error, NSTError)
    assert panel.preview.value == widgets.png_bytes(preview, PREVIEW_SIZE)
    assert panel.run_button.disabled is False                # 다시 누를 수 있음


class KernelLikeOutput(ipywidgets.Output):
    """커널 안의 Output 위젯처럼 동작: 빠져나가는 예외를 삼키고 추적(traceback)을 보여 줌 (여기서는 기록만)."""

    swallowed = None

    def __exit__(self, etype, evalue, tb):
        if etype is not None:
            self.swallowed = etype
        return True


def test_errors_are_caught_before_the_output_widget_swallows_them(panel):
    """노트북에서는 `with output:` 밖으로 나간 예외가 추적으로 보이므로, 패널이 그 안에서 먼저 잡아야 합니다."""
    before, output = panel.result, panel.output
    panel.output = KernelLikeOutput()
    panel.fixed["learning_rate"] = -1.0
    try:
        panel.run_button.click()
        assert panel.output.swallowed is None                 # 추적이 나갈 예외가 없었음
    finally:
        del panel.fixed["learning_rate"]
        panel.output = output
    assert "학습률" in assert_korean(panel.last_message)
    assert panel.result is before


def test_missing_file_shows_korean_message_and_keeps_the_picture(panel):
    before, content = panel.result, panel.content
    panel.content = "없는그림.jpg"
    try:
        assert panel.run() is None
    finally:
        panel.content = content
    assert "없는그림.jpg" in assert_korean(panel.last_message)
    assert panel.result is before


def test_stop_keeps_the_best_picture(monkeypatch):
    """■(커널 중단) = 실행 중의 KeyboardInterrupt. 두 번째 미리보기 때 멈추게 합니다."""
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=3, preview_every=1, **FAST)
    calls = {"n": 0}
    real = widgets.png_bytes

    def interrupting(image, max_size=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(image, max_size)

    monkeypatch.setattr(panel_module, "png_bytes", interrupting)
    panel.run_button.click()
    result = panel.result
    assert result is not None and result.interrupted and result.steps_done < 3
    assert result.best_image.shape == (48, 64, 3)
    assert "멈췄습니다" in assert_korean(panel.last_message)


def test_keep_colors_uses_the_photo_colours():
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=2, **FAST)
    panel.keep_colors.value = True
    assert "preserve_colors" in panel.code()
    panel.run()
    rgb_to_iq = np.array([[0.595716, -0.274453, -0.321263], [0.211456, -0.522591, 0.311135]])   # NTSC I, Q
    image, content = panel.result.best_image, panel.content_image
    inside = np.all((image > 0.02) & (image < 0.98), axis=-1)                     # 잘리지 않은 픽셀
    assert inside.mean() > 0.5
    np.testing.assert_allclose((image @ rgb_to_iq.T)[inside], (content @ rgb_to_iq.T)[inside], atol=0.01)


def test_panel_with_pickers_and_uploaded_file():
    content_picker = widgets.ImagePicker("콘텐츠", kind="content")
    style_picker = widgets.ImagePicker("스타일", kind="style", value="monet")
    panel = StyleTransferPanel(content_picker, style_picker, size=SIZE, steps=1, **FAST)
    assert content_picker in panel.children and style_picker in panel.children
    upload_with_widget(content_picker, "빨강파랑.png", red_blue_png())
    assert "content_picker.source()" in panel.code() and "'monet'" in panel.code()
    assert "content_picker.source()" in panel.code_view.value                    # 화면의 코드도 따라 바뀜
    content, style = panel._load_images(SIZE)
    assert_red_blue(content, (43, 64, 3))
    np.testing.assert_array_equal(style, nst.load_example("monet", max_size=SIZE))


def test_values_the_panel_owns_cannot_be_fixed():
    with pytest.raises(NSTError) as error:
        StyleTransferPanel("countryside", "klee", alpha=2.0)
    assert_korean(str(error.value))


def test_save_and_offer_download(panel, tmp_path, notices):
    written = panel.save(tmp_path / "내작품.png")
    assert [p.suffix for p in written] == [".png", ".gif"]
    with Image.open(written[0]) as png:
        assert png.size == (64, 48)
    with Image.open(written[1]) as gif:
        assert gif.n_frames >= 2
    again = panel.save(tmp_path / "내작품.png", gif=False)        # 덮어쓰지 않고 새 이름
    assert again[0].name == "내작품-1.png"
    widgets.offer_download(written)                              # 터미널: 경로를 알려 줌
    assert any(str(written[1].resolve()) in text for _, text in notices)
    with pytest.raises(NSTError) as error:
        widgets.offer_download(tmp_path / "없음.png")
    assert_korean(str(error.value))


def test_save_before_running_says_what_to_do():
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, **FAST)
    with pytest.raises(NSTError) as error:
        panel.save("outputs/x.png")
    assert "실행" in assert_korean(str(error.value))


# ---------------------------------------------------------------------------------------------------
# 믿을 만한가: 슬라이더의 끝값, 두 번 누르기, 준비 셀 없이, 깨진 파일, 실행 중의 오류
# ---------------------------------------------------------------------------------------------------

def assert_no_traceback(panel) -> None:
    for text in (panel.status.value, panel.alert.value, panel.ratio_text.value, panel.code_view.value):
        assert "Traceback" not in text and "File \"" not in text


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_its_end_then_run(end):
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, **FAST)
    pick = (lambda s: s.min) if end == "min" else (lambda s: s.max)
    panel.ratio.value = 10 ** pick(panel.ratio)
    panel.tv.value = 10 ** pick(panel.tv)
    panel.layers.value = 1 if end == "min" else 5
    panel.init.value = "noise" if end == "min" else "style"
    panel.run_button.click()
    assert_no_traceback(panel)
    assert_korean(panel.last_message)
    assert panel.result is not None and panel.result.best_image.shape == (48, 64, 3)
    assert panel.result.settings.beta == pytest.approx(1 / 10 ** pick(panel.ratio))
    assert np.isfinite(panel.result.best_image).all()


def test_values_beyond_the_range_are_clamped_and_a_long_run_is_announced(monkeypatch):
    """코드로 범위 밖의 값을 넣으면 슬라이더 끝값이 되고, 1024 px × 1000 단계는 오래 걸린다고 말합니다.
    실행 자체는 64 px, 1 단계로 줄여 (style_transfer 에 간 값만 확인)."""
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, **FAST)
    panel.size.value, panel.steps.value = 10 ** 6, 10 ** 9
    panel.ratio.value, panel.tv.value = 1e30, -5.0
    assert (panel.size.value, panel.steps.value) == (panel.size.max, panel.steps.max) == (1024, 1000)
    assert panel.tv.value == pytest.approx(10 ** panel.tv.min)
    assert "오래 걸립니다" in assert_korean(panel.estimate.value)
    seen = {}
    real = panel_module.style_transfer

    def small(content, style, settings, **run):
        seen.update(vars(settings), content_shape=content.shape)
        return real(content, style, settings.replace(size=SIZE, steps=1), **run)

    monkeypatch.setattr(panel_module, "style_transfer", small)
    panel.run_button.click()
    assert_no_traceback(panel)
    assert (seen["size"], seen["steps"]) == (1024, 1000) and max(seen["content_shape"]) <= 1024
    assert seen["beta"] == pytest.approx(10.0 ** -panel.ratio.max)
    assert panel.result is not None


def test_a_broken_slider_value_is_a_korean_message_not_a_traceback():
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, **FAST)
    panel.ratio.value = float("nan")                       # FloatLogSlider 는 NaN 을 자르지 않음
    assert "α/β" in assert_korean(panel.ratio_text.value)
    assert panel.run() is None
    assert "α/β" in assert_korean(panel.last_message) and "⛔" in panel.last_message
    assert isinstance(panel.last_error, NSTError)
    assert_no_traceback(panel)


def quick_result(content) -> "nst.Result":
    """클릭만 시험할 때 style_transfer 대신 돌려줄 작은 결과 (1 단계, 콘텐츠 그대로)."""
    image = np.asarray(content, np.float32)
    return nst.Result(image=image, best_image=image, best_step=1, history={"total": [1.0]},
                      snapshots=[(0, image), (1, image)], elapsed=0.01, device="CPU", network="", steps_done=1)


def test_second_click_while_running_is_ignored_and_said(monkeypatch):
    import threading

    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, **FAST)
    started, release, calls = threading.Event(), threading.Event(), []

    def blocked(content, style, *settings, **run):
        calls.append(1)
        started.set()
        assert release.wait(30)
        return quick_result(content)

    monkeypatch.setattr(panel_module, "style_transfer", blocked)
    first = threading.Thread(target=panel.run_button.click)
    first.start()
    try:
        assert started.wait(30)
        assert panel.running and panel.run_button.disabled
        panel.run_button.click()                            # 두 번째 클릭: 실행 중
        assert panel.run() is None                          # 코드로 불러도 같음
        assert len(calls) == 1 and panel.ignored_clicks == 2
        assert "이미 실행 중" in assert_korean(panel.alert.value)
    finally:
        release.set()
        first.join(60)
    assert len(panel.results) == 1 and "완료" in panel.last_message and not panel.running
    panel.run_button.click()                                # 끝난 뒤에는 다시 됨
    assert len(calls) == 2 and len(panel.results) == 2 and panel.alert.value == ""


def test_click_queued_during_a_run_is_ignored_afterwards(monkeypatch):
    """Jupyter 는 실행 중의 클릭을 줄 세웠다가 끝난 뒤 넘겨 줌: 브라우저 시각으로 실행 중에 눌린 것이면 무시."""
    import time

    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, **FAST)
    start = datetime.datetime(2024, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)
    clicks = iter([start, start + datetime.timedelta(seconds=0.2), start + datetime.timedelta(minutes=5)])
    monkeypatch.setattr(panel_module, "click_time", lambda: next(clicks))
    calls = []

    def slow(content, style, *settings, **run):
        calls.append(1)
        time.sleep(0.5)                                     # 실행이 0.5 초 걸림
        return quick_result(content)

    monkeypatch.setattr(panel_module, "style_transfer", slow)
    panel.run_button.click()
    panel.run_button.click()                                # 0.2 초 뒤에 누른 것 (실행 중)
    assert len(calls) == 1 and panel.ignored_clicks == 1
    assert "한 번 더" in assert_korean(panel.alert.value)
    panel.run_button.click()                                # 5 분 뒤에 누른 것
    assert len(calls) == 2 and len(panel.results) == 2


@pytest.fixture
def no_setup(monkeypatch, tmp_path):
    """준비 셀을 실행하지 않은 커널: setup() 이 정한 것 없음, 환경 변수 없음, 인터넷 없음, 빈 Keras 캐시."""
    import keras

    from nstlib import network
    from nstlib.classroom import course

    monkeypatch.setattr(course, "_CURRENT", [])
    monkeypatch.setattr(network, "_CHOSEN", {})
    monkeypatch.delenv("NSTLIB_WEIGHTS", raising=False)
    monkeypatch.delenv("NSTLIB_NETWORK", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setattr(network, "_BASES", {})

    def no_network(*args, **kwargs):
        raise Exception("URL fetch failure on https://storage.googleapis.com/x.h5: None -- "
                        "[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras.utils, "get_file", no_network)


def test_panel_before_the_setup_cell_says_which_network_and_never_a_traceback(no_setup):
    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, compiled=False)
    notice = assert_korean(panel.status.value)
    assert "준비 셀" in notice and "VGG19" in notice and "ImageNet" in notice
    panel.run_button.click()                                # 인터넷 없음: ImageNet 가중치를 못 받음
    assert panel.result is None and "⛔" in panel.last_message
    assert "hed-vgg16" in assert_korean(panel.last_message) and "인터넷" in panel.last_message
    assert_no_traceback(panel)


def test_panel_after_setup_or_with_chosen_weights_says_nothing_extra(no_setup, monkeypatch):
    from nstlib.classroom import course

    assert StyleTransferPanel("countryside", "klee", **FAST).status.value == ""
    monkeypatch.setenv("NSTLIB_WEIGHTS", "random")
    assert "무작위" in StyleTransferPanel("countryside", "klee").status.value
    monkeypatch.setattr(course, "_CURRENT", [object()])
    assert StyleTransferPanel("countryside", "klee").status.value == ""


def test_broken_upload_keeps_the_previous_picture():
    picker = widgets.ImagePicker("콘텐츠", kind="content")
    upload_with_widget(picker, "빨강파랑.png", red_blue_png())
    good_preview = picker.preview.value
    upload_with_widget(picker, "깨진.png", b"\x89PNG\r\n\x1a\n but the rest is missing")
    message = assert_korean(picker.message.value)
    assert "깨진.png" in message and "빨강파랑.png" in message and "그대로" in message
    assert picker.preview.value == good_preview
    assert_red_blue(picker.image(48), (32, 48, 3))
    picker.path.value = "없는사진.jpg"                       # 틀린 경로도 같음
    assert "없는사진.jpg" in assert_korean(picker.message.value)
    assert_red_blue(picker.image(48), (32, 48, 3))


def test_broken_upload_after_an_example_keeps_the_example():
    picker = widgets.ImagePicker("콘텐츠", kind="content", value="building")
    picker.set_upload({"깨진.jpg": b"GIF89a garbage"})
    assert picker.dropdown.value == "building" and picker.source() == "building"
    assert "building" in assert_korean(picker.message.value)
    np.testing.assert_array_equal(picker.image(SIZE), nst.load_example("building", max_size=SIZE))


def test_failure_in_the_middle_keeps_the_preview_and_the_previous_result(monkeypatch):
    import tensorflow as tf

    panel = StyleTransferPanel("countryside", "klee", size=SIZE, steps=1, preview_every=1, **FAST)
    panel.run()
    before = panel.result
    panel.steps.value = 3
    real, made = panel_module.style_transfer, {}

    def fails_at_step_2(content, style, settings, callback=None, **run):
        def watch(step, image, losses):
            callback(step, image, losses)
            made[step] = image
            if step == 2:
                raise tf.errors.ResourceExhaustedError(None, None, "OOM when allocating tensor")
        return real(content, style, settings, callback=watch, **run)

    monkeypatch.setattr(panel_module, "style_transfer", fails_at_step_2)
    assert panel.run() is None
    assert sorted(made) == [1, 2]
    assert panel.result is before and panel.results == [before]
    assert panel.last_image[0] == 2 and panel.last_image[1] is made[2]
    assert panel.preview.value == widgets.png_bytes(made[2], PREVIEW_SIZE)
    assert panel.preview.value != widgets.png_bytes(before.best_image, PREVIEW_SIZE)
    message = assert_korean(panel.last_message)
    assert "메모리" in message and "2단계" in message and "panel.result" in message
    assert_no_traceback(panel)
