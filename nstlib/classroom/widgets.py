"""위젯(widgets): 슬라이더와 버튼으로 스타일 전이를 해 보는 작은 화면들.

ipywidgets 7.7 (Colab) 과 8.x (JupyterLab) 에서 똑같이 동작하도록 두 버전에 다 있는 기능만 씁니다
(FloatLogSlider, IntSlider, Dropdown, Checkbox, Text, Button, FileUpload, Image, HTML, Output, VBox, HBox).

위젯이 하는 일은 모두 보통의 함수 호출로도 할 수 있습니다. 버튼을 누르는 것은 이것과 같습니다:

>>> panel = StyleTransferPanel("countryside", "swirl")                      # doctest: +SKIP
>>> panel                                    # 화면에 슬라이더와 [실행 ▶] 버튼   # doctest: +SKIP
>>> result = style_transfer("countryside", "swirl", **panel.settings())     # doctest: +SKIP
>>> print(panel.code())                      # 지금 설정을 파이썬 코드 한 줄로  # doctest: +SKIP

- `ImagePicker`: 예제 이미지를 고르거나, 내 파일을 올리거나(FileUpload), 경로를 적는 위젯.
- `StyleTransferPanel`: α/β·단계 수·크기·매끈함·시작 이미지·스타일 층·색 지키기를 고르고 실행하는 화면.
  실행 중에는 미리보기와 진행 막대가 보이고, ■(정지)로 멈추면 그때까지 가장 좋은 그림이 남습니다.
- `offer_download`: 저장한 파일을 내 컴퓨터로 내려받기 (Colab 에서는 바로, Jupyter 에서는 링크).
- `ratio_slider`, `describe_ratio`, `log_ratio_values`: α/β 를 10 의 거듭제곱으로 다루는 작은 도구.
"""

from __future__ import annotations

import base64
import html
import io
import datetime
import math
import threading
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import ipywidgets as w
import numpy as np

from . import display
from .errors import NSTError
from .examples import EXAMPLES, list_examples, open_image
from .images import save_image, to_uint8
from .losses import STYLE_LAYERS
from .optimization import DEFAULTS, device_defaults, style_transfer

__all__ = ["ImagePicker", "StyleTransferPanel", "ratio_slider", "describe_ratio", "log_ratio_values",
           "offer_download", "png_bytes", "image_from"]

_WIDE = {"description_width": "150px"}
_ROW = "470px"
PREVIEW_SIZE = 360           # 미리보기 그림의 긴 변 (px)
GIF_FRAMES = 20              # GIF 에 넣을 중간 그림의 수 (대략)
DOWNLOAD_LINK_LIMIT = 25 * 1024 * 1024   # 이보다 큰 파일은 내려받기 링크 대신 경로만 알려 줌

# 어림 속도: 한 단계에 픽셀 하나당 걸리는 초 (VGG, 앞으로 + 기울기). 한 번 실행하면 잰 값으로 바꿉니다.
_SECONDS_PER_PIXEL = {"CPU": 2.0e-5, "GPU": 3.0e-7}

_COLORS = {"info": "#1f5fa8", "ok": "#1e7a34", "warning": "#a85a00", "error": "#a81f1f"}


def _layout(width: str = _ROW) -> w.Layout:
    return w.Layout(width=width)


# ---------------------------------------------------------------------------------------------------
# 작은 도구들
# ---------------------------------------------------------------------------------------------------

def png_bytes(image, max_size: int | None = None) -> bytes:
    """이미지((H, W, 3) [0, 1] 배열)를 PNG 바이트로 (위젯 미리보기용). max_size 가 있으면 긴 변을 줄입니다.

    >>> png_bytes(np.zeros((8, 8, 3)))[:4]
    b'\\x89PNG'
    """
    from PIL import Image

    picture = Image.fromarray(to_uint8(np.squeeze(np.asarray(image))))
    if max_size and max(picture.size) > max_size:
        picture.thumbnail((max_size, max_size), Image.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def describe_ratio(ratio: float) -> str:
    """α/β 를 학생이 읽기 쉬운 말로: 10 의 몇 제곱인지, 분수로 얼마인지.

    >>> describe_ratio(1e-2)
    'α/β = 10^-2 = 1/100 : 스타일을 콘텐츠보다 100배 무겁게'
    >>> describe_ratio(10)
    'α/β = 10^1 = 10 : 콘텐츠를 스타일보다 10배 무겁게'
    """
    ratio = float(ratio)
    if not ratio > 0 or not math.isfinite(ratio):
        raise NSTError(f"α/β 는 0 보다 큰 수여야 합니다: {ratio!r}")
    exponent = math.log10(ratio)
    rounded = round(exponent)
    power = f"10^{rounded}" if abs(exponent - rounded) < 1e-6 else f"10^{exponent:.2f}"
    if ratio >= 1:
        times = ratio
        fraction = f"{times:,.0f}" if times >= 10 else f"{times:.3g}"
        meaning = "콘텐츠와 스타일을 같게" if abs(times - 1) < 1e-9 else f"콘텐츠를 스타일보다 {fraction}배 무겁게"
    else:
        times = 1 / ratio
        fraction = f"1/{times:,.0f}" if times >= 10 else f"1/{times:.3g}"
        meaning = f"스타일을 콘텐츠보다 {times:,.0f}배 무겁게" if times >= 10 else \
            f"스타일을 콘텐츠보다 {times:.3g}배 무겁게"
    approx = "" if abs(exponent - rounded) < 1e-6 else "≈ "
    return f"α/β = {power} = {approx}{fraction} : {meaning}"


def ratio_slider(value: float | None = None, low: float = -3, high: float = 2,
                 description: str = "α/β (콘텐츠/스타일)") -> w.FloatLogSlider:
    """α/β 를 로그 눈금(10 의 거듭제곱)으로 고르는 슬라이더. 눈금 하나(0.5)는 약 3.16 배.

    value 를 주지 않으면 `DEFAULTS['ratio']`. low, high 는 10 의 지수입니다 (기본 10^-3 … 10^2: 크기에 무관한
    손실에서 그림이 바뀌는 구간. 논문의 숫자 1e-3, 1e-4 는 논문의 식과 신경망의 것이라 여기서는 쓰지 않음).

    >>> ratio_slider(0.1).value
    0.1
    """
    value = DEFAULTS["ratio"] if value is None else float(value)
    low, high = _log_range(value, low, high)
    return w.FloatLogSlider(value=value, base=10, min=low, max=high, step=0.5, description=description,
                            readout_format=".0e", style=_WIDE, layout=_layout(), continuous_update=False)


def _log_range(value: float, low: float, high: float) -> tuple[float, float]:
    """로그 슬라이더의 지수 범위를 value 가 들어가도록 넓힙니다 (기본값이 바뀌어도 슬라이더가 값을 자르지 않게).

    >>> _log_range(1e-3, -2, 2)
    (-4, 2)
    """
    if not (value > 0 and math.isfinite(value)):
        raise NSTError(f"로그 눈금 슬라이더의 값은 0 보다 큰 수여야 합니다: {value!r}")
    exponent = math.log10(value)
    return min(low, math.floor(exponent) - 1), max(high, math.ceil(exponent) + 1)


def log_ratio_values(low: float, high: float, count: int) -> list[float]:
    """low 에서 high 까지 로그 눈금으로 고르게 count 개 (예: α/β 격자).

    >>> [f"{r:g}" for r in log_ratio_values(1e-4, 1e-1, 4)]
    ['0.0001', '0.001', '0.01', '0.1']
    """
    if not (low > 0 and high > 0) or int(count) < 1:
        raise NSTError("α/β 의 범위는 0 보다 큰 수, 개수(count)는 1 이상이어야 합니다.")
    return [float(10 ** x) for x in np.linspace(math.log10(low), math.log10(high), int(count))]


def _upload_name(value) -> str | None:
    """올린 파일 값에서 (첫) 파일 이름."""
    try:
        if isinstance(value, Mapping):
            if "content" in value:
                return value.get("name") or (value.get("metadata") or {}).get("name")
            return next(iter(value), None)
        if value:
            entry = value[0]
            return entry.get("name") or (entry.get("metadata") or {}).get("name")
    except Exception:
        return None
    return None


def image_from(source, size: int | None = None) -> np.ndarray:
    """무엇이든 (H, W, 3) [0, 1] 이미지로: 예제 이름, 파일 경로, 올린 파일 값(ipywidgets 7.7 의 dict,
    8.x 의 tuple, Colab `files.upload()` 의 dict), 배열, 또는 `ImagePicker`. 긴 변을 size 이하로 줄입니다.

    >>> image_from("klee", 64).shape
    (64, 64, 3)
    """
    if size is None:
        size = DEFAULTS["size"]
    if isinstance(source, ImagePicker):
        return source.image(size)
    return open_image(source, size)


def _html_box(text: str, level: str = "info") -> str:
    color = _COLORS.get(level, _COLORS["info"])
    body = html.escape(str(text)).replace("\n", "<br>")
    return f"<div style='color:{color};line-height:1.4;max-width:680px'>{body}</div>"


# ---------------------------------------------------------------------------------------------------
# 이미지 고르기
# ---------------------------------------------------------------------------------------------------

class ImagePicker(w.VBox):
    """예제 이미지를 고르거나, 내 파일을 올리거나(upload), 파일 경로를 적는 위젯.

    `.image(size)` 가 고른 이미지를 (H, W, 3) [0, 1] 로 돌려줍니다. 마지막으로 바꾼 것(예제·올린 파일·경로)을
    씁니다. 버튼을 누르지 않고 코드로 올릴 수도 있습니다: `picker.set_upload(값)` (ipywidgets 7.7 의 dict,
    8.x 의 tuple, Colab 의 `files.upload()` 가 돌려준 dict 모두 됨).

    >>> picker = ImagePicker("콘텐츠", kind="content", value="building")   # doctest: +SKIP
    >>> picker.image(256).shape                                            # doctest: +SKIP
    (192, 256, 3)
    """

    MINE = "📁 내 파일 (올리기 또는 경로)"

    def __init__(self, label: str = "이미지", kind: str | None = None, value: str | None = None,
                 name: str | None = None):
        names = list_examples(kind)
        if not names:
            raise NSTError(f"'{kind}' 종류의 예제 이미지가 없습니다.")
        self.kind = kind
        self.name = name or {"content": "content_picker", "style": "style_picker"}.get(kind or "", "picker")
        options = [(f"{EXAMPLES[n].title} ({n})", n) for n in names] + [(self.MINE, self.MINE)]
        self.dropdown = w.Dropdown(options=options, value=value if value in names else names[0],
                                   description=label, style=_WIDE, layout=_layout())
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="파일 올리기")
        self.path = w.Text(value="", placeholder="또는 파일 경로 (예: 내사진.jpg)", description="경로",
                           style=_WIDE, layout=_layout(), continuous_update=False)
        self.preview = w.Image(format="png", layout=w.Layout(max_width="200px"))
        self.message = w.HTML()
        self._uploaded = None          # 마지막으로 올린 (읽을 수 있는) 파일의 값
        self._path = None              # 마지막으로 적은 (읽을 수 있는) 경로
        self._mine = "upload"          # '내 파일' 에서 무엇을 쓸지: "upload" 또는 "path"
        self._changing = False
        super().__init__([self.dropdown, w.HBox([self.upload]), self.path, self.preview, self.message])
        self.dropdown.observe(self._on_dropdown, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.path.observe(self._on_path, names="value")
        self._refresh()

    # ---- 무엇을 골랐나
    def source(self):
        """고른 것: 예제 이름(str), 올린 파일의 값, 또는 경로(str)."""
        if self.dropdown.value != self.MINE:
            return self.dropdown.value
        if self._mine == "path" and self._path:
            return self._path
        if self._uploaded:
            return self._uploaded
        if self._path:
            return self._path
        colab = (" Colab 에서는 1MB 가 넘는 사진을 [파일 올리기] 로 올리면 조용히 실패할 수 있습니다: 그럴 때는 "
                 f"`from google.colab import files` 다음 `{self.name}.set_upload(files.upload())` 를 실행하세요."
                 if _in_colab() else "")
        raise NSTError("'내 파일' 을 골랐지만 아직 올린 파일이 없습니다. [파일 올리기] 를 눌러 그림을 고르거나, "
                       "'경로' 칸에 파일 이름(예: 내사진.jpg)을 적고 Enter 를 누르세요." + colab)

    def describe(self) -> str:
        """고른 것을 한국어로 (안내문용)."""
        source = self.source()
        if isinstance(source, str) and source in EXAMPLES:
            return f"예제 '{source}' ({EXAMPLES[source].title})"
        if isinstance(source, str):
            return f"파일 '{source}'"
        return f"올린 파일 '{_upload_name(source) or '?'}'"

    def code(self) -> str:
        """이 그림을 코드에서 가리키는 식: 예제 이름이나 경로는 글자 그대로, 올린 파일은 `picker.source()`."""
        source = self.source()
        if isinstance(source, str):
            return repr(source)
        return f"{self.name}.source()"

    def image(self, size: int | None = None) -> np.ndarray:
        """고른 이미지를 (H, W, 3) [0, 1] 로 불러옵니다 (긴 변 ≤ size, 기본 DEFAULTS['size'])."""
        return image_from(self.source(), size)

    def set_upload(self, value) -> None:
        """코드로 파일을 올립니다: ipywidgets 7.7 의 dict, 8.x 의 tuple, Colab `files.upload()` 의 dict.

        그림으로 읽을 수 없는 파일이면 화면에 한국어로 알리고, 전에 고른 그림을 그대로 씁니다.
        """
        if not value:
            raise NSTError("올린 파일이 없습니다. 그림 파일을 하나 골라 올리세요.")
        self._try_new_choice(value, f"올린 파일 '{_upload_name(value) or '?'}'", "upload")

    # ---- 바뀔 때
    def _select_mine(self):
        if self.dropdown.value != self.MINE:
            self._changing = True
            try:
                self.dropdown.value = self.MINE
            finally:
                self._changing = False

    def _on_dropdown(self, change):
        if not self._changing:
            self._refresh()

    def _on_upload(self, change):
        if change["new"]:
            self._try_new_choice(change["new"], f"올린 파일 '{_upload_name(change['new']) or '?'}'", "upload")

    def _on_path(self, change):
        if change["new"].strip():
            self._try_new_choice(change["new"].strip(), f"파일 '{change['new'].strip()}'", "path")

    def _try_new_choice(self, source, what: str, mine: str) -> None:
        """새로 올린 파일·경로를 먼저 읽어 보고, 읽히면 그것으로 바꾸고, 안 되면 알린 뒤 전에 고른 그림을 그대로 둡니다."""
        try:
            image_from(source, 256)
        except Exception as error:   # 깨진 파일, 그림이 아닌 파일, 없는 경로 ...
            try:
                kept = f"전에 고른 {self.describe()} 을(를) 그대로 씁니다."
            except NSTError:
                kept = "아직 고른 그림이 없습니다."
            reason = str(error) if isinstance(error, NSTError) else f"{type(error).__name__}: {error}"
            self.message.value = _html_box(f"⛔ {what} 을(를) 그림으로 읽을 수 없습니다. {reason}\n{kept} "
                                           f"JPG 나 PNG 그림 파일을 다시 올리세요.", "error")
            return
        if mine == "upload":
            self._uploaded = source
        else:
            self._path = source
        self._mine = mine
        self._select_mine()
        self._refresh()

    def _refresh(self):
        try:
            image = self.image(256)
        except Exception as error:   # NSTError 말고도(예: 아주 큰 그림) 화면에는 한국어 안내만
            text = str(error) if isinstance(error, NSTError) else \
                f"그림을 읽지 못했습니다 ({type(error).__name__}: {error}). 다른 그림 파일을 고르세요."
            self.preview.value = b""
            self.message.value = _html_box(text, "error" if self.dropdown.value != self.MINE or
                                           self._uploaded or self.path.value.strip() else "info")
            return
        self.preview.value = png_bytes(image, 200)
        self.message.value = _html_box(f"✔ {self.describe()}", "ok")


# ---------------------------------------------------------------------------------------------------
# 스타일 전이 화면
# ---------------------------------------------------------------------------------------------------

_LAYER_NAMES = list(STYLE_LAYERS)     # conv1_1 … conv5_1 (VGG16, VGG19 모두에 있음)
_LAYER_HINTS = {1: "가장 작은 붓질·색", 2: "작은 무늬", 3: "중간 무늬", 4: "큰 무늬", 5: "논문: 가장 큰 무늬까지"}


def _expr(source, default: str) -> str:
    """코드에 쓸 이미지 식: 예제 이름·경로는 글자 그대로, ImagePicker 는 그 식, 배열은 변수 이름."""
    if isinstance(source, ImagePicker):
        return source.code()
    if isinstance(source, (str, Path)):
        return repr(str(source))
    if isinstance(source, (list, tuple)):
        return "[" + ", ".join(_expr(s, f"{default}{i + 1}") for i, s in enumerate(source)) + "]"
    return default


def _value_code(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return repr(value)


class StyleTransferPanel(w.VBox):
    """α/β, 단계 수, 크기 등을 고르고 [실행 ▶] 을 누르면 스타일 전이를 하는 화면.

    - 실행 중에는 미리보기가 `preview_every` 단계마다 바뀌고 진행 막대가 보입니다.
    - ■(정지, 커널 중단)로 멈추면 그때까지 가장 좋은 그림이 남습니다.
    - 오류(`NSTError`)는 화면에 한국어로 보이고(추적 traceback 없음), 이미 만든 그림(`panel.result`)은 그대로입니다.
    - 결과는 `panel.result` 에, 지금까지의 결과들은 `panel.results` 에 있습니다. `panel.save(...)` 로 저장.
    - 버튼을 누르는 것 = `style_transfer(content, style, **panel.settings())` (`panel.code()` 가 그 코드).

    Args:
        content, style: 예제 이름, 경로, 배열 또는 `ImagePicker` (style 은 그 목록도 됨: 스타일 섞기).
        size, steps, ratio, tv_weight, init, layers: 슬라이더의 처음 값 (없으면 `DEFAULTS`; layers 는 스타일
            층의 수 1~5: conv1_1 까지 … conv5_1 까지).
        preview_every: 미리보기를 몇 단계마다 바꿀지 (단계 수가 적으면 더 자주: 적어도 열 번쯤).
        fixed: 슬라이더 없이 늘 같이 넘길 값 (예: weights="hed-vgg16", learning_rate=0.02, style_blend=[0.7, 0.3]).

    >>> panel = StyleTransferPanel("countryside", "swirl", size=128, steps=100)   # doctest: +SKIP
    >>> panel.ratio.value = 0.1; panel.run_button.click()                        # doctest: +SKIP
    """

    def __init__(self, content="countryside", style="swirl", *, size: int | None = None,
                 steps: int | None = None, ratio: float | None = None, tv_weight: float | None = None,
                 init: str | None = None, layers: int = 5, preview_every: int = 10, **fixed):
        for name in ("alpha", "beta", "callback", "callback_every", "progress"):
            if name in fixed:
                raise NSTError(f"'{name}' 는 화면이 정하는 값이라 StyleTransferPanel 에 줄 수 없습니다. "
                               f"α/β 는 ratio= 로 주세요.")
        self.content, self.style, self.fixed = content, style, dict(fixed)
        self.preview_every = max(int(preview_every), 1)
        self.result = None
        self.results: list = []
        self.content_image: np.ndarray | None = None
        self.last_error: BaseException | None = None
        self.last_message = ""
        self.last_image = None         # (단계, 그림): 마지막 실행에서 마지막으로 보여 준 미리보기 그림
        self._run_preview = None       # 이번 실행에서 만든 마지막 미리보기 (오류가 나도 남김)
        self.ignored_clicks = 0        # 실행 중에 눌러서 무시한 [실행 ▶] 의 수
        self._lock = threading.Lock()  # 한 번에 한 실행만
        self._last_click: tuple | None = None   # (누른 시각, 그 실행에 걸린 초): 실행 중에 눌린 클릭을 알아보려고
        self._measured: tuple[float, int] | None = None   # (초/단계, 픽셀 수) 지난 실행에서 잰 값

        self.ratio = ratio_slider(ratio)
        self.ratio_text = w.HTML(layout=_layout())
        defaults = device_defaults()   # GPU 512 px · 300단계, CPU 256 px · 200단계
        steps_value, size_value = int(steps or defaults["steps"]), int(size or defaults["size"])
        self.steps = w.IntSlider(value=steps_value, min=1, max=max(1000, steps_value), step=1,
                                 description="단계 수 (steps)", style=_WIDE, layout=_layout(),
                                 continuous_update=False)
        self.size = w.IntSlider(value=size_value, min=max(32, min(64, size_value)), max=max(1024, size_value),
                                step=32, description="크기 (긴 변, px)", style=_WIDE, layout=_layout(),
                                continuous_update=False)
        tv_value = float(tv_weight if tv_weight is not None else DEFAULTS["tv_weight"])
        tv_low, tv_high = _log_range(tv_value, -3, 2)
        self.tv = w.FloatLogSlider(value=tv_value, base=10, min=tv_low, max=tv_high, step=0.5,
                                   description="매끈함 (TV 가중치)",
                                   readout_format=".0e", style=_WIDE, layout=_layout(), continuous_update=False)
        self.init = w.Dropdown(options=[("그림의 색을 입힌 사진에서 (빠름)", "matched"),
                                        ("콘텐츠 사진에서", "content"), ("잡음에서 (논문)", "noise"),
                                        ("스타일 그림에서", "style")], value=init or DEFAULTS["init"],
                               description="시작 이미지", style=_WIDE, layout=_layout())
        layer_options = [(f"{_LAYER_NAMES[n - 1]} 까지 ({_LAYER_HINTS[n]})", n)
                         for n in range(1, len(_LAYER_NAMES) + 1)]
        self.layers = w.Dropdown(options=layer_options, value=min(max(int(layers), 1), len(_LAYER_NAMES)),
                                 description="스타일 층", style=_WIDE, layout=_layout())
        self.layers.disabled = "style_layers" in self.fixed     # 층을 직접 주었으면 목록은 쓰지 않음
        self.keep_colors = w.Checkbox(value=False, description="사진의 색 지키기 (colour preservation)",
                                      indent=False, layout=_layout())
        self.run_button = w.Button(description="실행 ▶", button_style="primary",
                                   tooltip="스타일 전이를 시작합니다. 멈추려면 ■ (커널 중단)",
                                   layout=w.Layout(width="140px"))
        self.estimate = w.HTML()
        self.status = w.HTML()
        self.alert = w.HTML()          # 실행 중에 또 누름 등, 진행 상황과 따로 보여 줄 말
        self.preview = w.Image(format="png", layout=w.Layout(max_width=f"{PREVIEW_SIZE}px"))
        self.code_view = w.HTML(layout=w.Layout(max_width="680px"))
        self.output = w.Output()
        self.run_button.on_click(self._on_click)

        pickers = [c for c in self._sources() if isinstance(c, w.Widget)]
        controls = w.VBox([self.ratio, self.ratio_text, self.steps, self.size, self.tv, self.init, self.layers,
                           self.keep_colors, w.HBox([self.run_button, self.estimate])])
        right = w.VBox([self.preview, self.status, self.alert])
        body = w.HBox([controls, right], layout=w.Layout(flex_flow="row wrap"))
        hint = w.HTML(_html_box("멈추려면: Jupyter 는 위쪽 ■ 버튼, Colab 은 [런타임] → [실행 중단]. "
                                "그때까지 가장 좋은 그림이 남습니다.", "info"))
        super().__init__(pickers + [body, hint, self.code_view, self.output])

        for control in (self.ratio, self.steps, self.size, self.tv, self.init, self.layers, self.keep_colors):
            control.observe(self._on_change, names="value")
        for picker in pickers:
            for control in (picker.dropdown, picker.upload, picker.path):
                control.observe(self._on_change, names="value")
        self._on_change()
        self._announce_network()

    # ---- 설정
    def _sources(self) -> list:
        styles = list(self.style) if isinstance(self.style, (list, tuple)) else [self.style]
        return [self.content] + styles

    def settings(self) -> dict:
        """지금 슬라이더 값들: `style_transfer(content, style, **panel.settings())` 에 그대로 넣을 수 있습니다.

        α 는 1 로 두고 β = 1 / (α/β 슬라이더) 로 정합니다. 색 지키기는 최적화가 끝난 뒤의 일이라 여기에 없습니다
        (`nst.preserve_colors(result.best_image, content)`, `code()` 참고).
        """
        for slider, name in ((self.ratio, "α/β"), (self.tv, "매끈함 (TV 가중치)")):
            if not (math.isfinite(slider.value) and slider.value > 0):
                raise NSTError(f"'{name}' 슬라이더의 값이 {slider.value!r} 입니다. 0 보다 큰 수여야 합니다: 슬라이더를 "
                               f"다시 움직이거나 코드로 {10 ** slider.min:g} ~ {10 ** slider.max:g} "
                               f"사이의 값을 넣으세요.")
        steps = int(self.steps.value)
        settings = {**self.fixed, "size": int(self.size.value), "steps": steps, "alpha": 1.0,
                    "beta": float(1.0 / self.ratio.value), "tv_weight": float(self.tv.value),
                    "init": self.init.value, "style_layers": _LAYER_NAMES[: int(self.layers.value)],
                    "snapshot_every": max(1, steps // GIF_FRAMES)}
        for key in ("style_layers", "snapshot_every"):     # 직접 준 값(예: 층마다 다른 가중치)이 이깁니다
            if key in self.fixed:
                settings[key] = self.fixed[key]
        return settings

    def code(self, content: str = "content", style: str = "style") -> str:
        """버튼을 누르는 것과 같은 파이썬 코드 (`import nstlib as nst` 뒤에 그대로 실행할 수 있음).

        content, style: 그림이 배열일 때 코드에 쓸 변수 이름.
        """
        args = ", ".join(f"{key}={_value_code(value)}" for key, value in self.settings().items())
        content_expr = _expr(self.content, content)
        lines = [f"result = nst.style_transfer({content_expr}, {_expr(self.style, style)}, {args})"]
        if self.keep_colors.value:
            lines.append(f"result.best_image = nst.preserve_colors(result.best_image, "
                         f"nst.widgets.image_from({content_expr}, {int(self.size.value)}))")
        return "\n".join(lines)

    def estimate_seconds(self) -> float:
        """지금 설정으로 걸릴 시간의 어림값(초). 한 번 실행한 뒤에는 이 컴퓨터에서 잰 속도를 씁니다."""
        size = int(self.size.value)
        pixels = size * size * 0.75          # 보통 사진은 4:3
        if self._measured is not None:
            per_step, measured_pixels = self._measured
            per_pixel = per_step / max(measured_pixels, 1)
        else:
            from .device import detect_device

            per_pixel = _SECONDS_PER_PIXEL["GPU" if detect_device().is_gpu else "CPU"]
        return per_pixel * pixels * int(self.steps.value)

    def _estimate_text(self) -> tuple[str, str]:
        """(걸릴 시간의 안내, 수준). 10분이 넘으면 줄이는 법도 말합니다."""
        seconds = self.estimate_seconds()
        when = (f"약 {seconds:.0f}초" if seconds < 90 else f"약 {seconds / 60:.0f}분" if seconds < 5400
                else f"약 {seconds / 3600:.1f}시간")
        basis = "지난 실행의 속도로 잰 값" if self._measured else "어림값"
        if seconds > 600:
            return (f"⏱ {when} ({basis}): 오래 걸립니다. 크기(px)나 단계 수를 줄이면 빨라집니다. "
                    f"실행 중에는 ■ 로 멈출 수 있습니다.", "warning")
        return f"⏱ {when} ({basis})", "info"

    def _on_change(self, change=None):
        # 슬라이더를 움직일 때마다 불림: 여기서 난 오류는 노트북에 추적(traceback)으로 보이므로 모두 잡습니다.
        try:
            self.ratio_text.value = _html_box(describe_ratio(self.ratio.value), "info")
        except Exception:
            self.ratio_text.value = _html_box(f"α/β 의 값이 {self.ratio.value!r} 입니다. 0 보다 큰 수가 되도록 "
                                              f"슬라이더를 다시 움직이세요.", "error")
        try:
            self.estimate.value = _html_box(*self._estimate_text())
        except Exception:
            self.estimate.value = ""
        try:
            code = self.code()
        except Exception as error:   # 아직 파일을 올리지 않음, 이상한 슬라이더 값
            code = f"# {error}"
        self.code_view.value = ("<details><summary>🐍 같은 일을 하는 코드 (code)</summary>"
                                f"<pre style='white-space:pre-wrap'>{html.escape(code)}</pre></details>")

    def _say(self, text: str, level: str = "info") -> None:
        self.last_message = str(text)
        self.status.value = _html_box(text, level)

    # ---- 실행
    def _load_images(self, size: int):
        content = image_from(self.content, size)
        styles = [image_from(s, size) for s in self._sources()[1:]]
        return content, (styles if isinstance(self.style, (list, tuple)) else styles[0])

    @property
    def running(self) -> bool:
        """지금 실행 중이면 True."""
        return self._lock.locked()

    def _ignore_click(self, why: str) -> None:
        self.ignored_clicks += 1
        self.alert.value = _html_box(f"✋ {why} 두 번째 실행은 시작하지 않았습니다. 지금 실행이 끝나거나 ■ 로 멈춘 뒤에 "
                                     f"다시 누르세요.", "warning")

    def _on_click(self, _button=None):
        """[실행 ▶] 을 눌렀을 때. 실행 중에 누른 것은 무시하고 화면에 알립니다.

        Jupyter 는 실행이 끝날 때까지 다음 클릭을 줄 세워 두었다가 끝나자마자 넘겨 줍니다. 그래서 클릭이 (브라우저
        시계로) 앞 실행을 누른 뒤 그 실행이 걸린 시간 안에 눌린 것이면, 끝난 뒤에 왔어도 실행 중에 누른 것으로 봅니다.
        """
        clicked = _click_time()
        if self.running:
            self._ignore_click("이미 실행 중입니다.")
            return None
        if clicked is not None and self._last_click is not None:
            before, seconds = self._last_click
            if seconds is not None and (clicked - before).total_seconds() < seconds:
                self._ignore_click("앞의 실행 중에 [실행 ▶] 을 한 번 더 눌렀습니다.")
                return None
        self._last_click = (clicked, None) if clicked is not None else None
        start = time.perf_counter()
        try:
            return self.run()
        finally:
            if clicked is not None:
                self._last_click = (clicked, time.perf_counter() - start)

    def run(self):
        """[실행 ▶] 버튼이 하는 일. 결과(Result)를 돌려주고 `self.result` 에도 둡니다.

        셀에서 `panel.run()` 으로 불러도 같습니다(그때는 셀의 ■ 버튼으로 멈출 수 있음).
        오류가 나면 화면에 한국어로 알리고 None 을 돌려줍니다. 이전 결과는 그대로 남습니다.
        이미 실행 중이면(다른 스레드, 두 번 누름) 새로 시작하지 않고 화면에 알린 뒤 None 을 돌려줍니다.
        """
        if not self._lock.acquire(blocking=False):
            self._ignore_click("이미 실행 중입니다.")
            return None
        self.run_button.disabled = True
        self.alert.value = ""
        self.output.clear_output()
        self.last_error = None
        try:
            # 오류는 `with self.output:` 안에서 잡습니다: 커널 안의 Output 위젯은 빠져나가는 예외를 삼키고
            # 추적(traceback)을 보여 주기 때문입니다 (학생에게는 한국어 안내만).
            with self.output:
                return self._guarded_run()
        finally:
            self.run_button.disabled = False
            self._lock.release()

    def _guarded_run(self):
        try:
            return self._run()
        except KeyboardInterrupt:
            self._stopped("아직 그림을 만들기 전에 멈췄습니다.")
        except NSTError as error:
            self.last_error = error
            self._failed(str(error))
        except Exception as error:   # 예상하지 못한 오류: 학생에게는 한국어로, 자세한 것은 panel.last_error
            self.last_error = error
            text = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
            advice = ("메모리가 부족합니다. 크기(px)를 줄여 다시 실행하세요."
                      if "ResourceExhausted" in type(error).__name__ or "OOM" in str(error)
                      else "설정(크기, 단계 수)을 바꿔 다시 실행해 보세요. 계속되면 panel.last_error 를 강사에게 보여 주세요.")
            self._failed(f"예상하지 못한 오류가 났습니다 ({type(error).__name__}: {text}). {advice}")
        return None

    def _run(self):
        self._run_preview = None
        settings = self.settings()
        steps = settings["steps"]
        self._say(f"⏳ 그림을 불러오는 중 … ({settings['size']} px)")
        content, style = self._load_images(settings["size"])
        estimate, level = self._estimate_text()
        self._say(f"⏳ 준비 중 (신경망, 목표 계산) … 모두 {steps}단계. {estimate}", level)

        seen = []     # (단계, 시각): 그래프를 만드는 첫 단계를 빼고 한 단계의 시간을 재려고

        def show(step, image, losses):
            seen.append((step, time.perf_counter()))
            self._run_preview = self.last_image = (step, image)
            self.preview.value = png_bytes(image, PREVIEW_SIZE)
            self._say(f"⏳ {step} / {steps} 단계 · 전체 손실 {losses['total']:.3g} "
                      f"(콘텐츠 {losses['content']:.3g}, 스타일 {losses['style']:.3g})")

        every = max(1, min(self.preview_every, steps // 10))     # 짧은 실행에서도 미리보기가 몇 번은 바뀌게
        result = style_transfer(content, style, callback=show, callback_every=every, **settings)
        if result.interrupted and result.steps_done == 0:
            self._stopped("첫 단계 전에 멈췄습니다.")
            return None
        if self.keep_colors.value:
            result = _keep_colors(result, content)
        self.result, self.content_image = result, content
        self.results.append(result)
        per_step = result.seconds_per_step
        if len(seen) >= 2 and seen[-1][0] > seen[0][0]:
            per_step = (seen[-1][1] - seen[0][1]) / (seen[-1][0] - seen[0][0])
        self._measured = (per_step, int(np.prod(content.shape[:2])))
        self.preview.value = png_bytes(result.best_image, PREVIEW_SIZE)
        if result.interrupted:
            self._say(f"■ 멈췄습니다: {result.steps_done}단계까지 했고, 가장 좋은 그림({result.best_step}단계)을 "
                      f"남겼습니다. panel.save(...) 로 저장할 수 있습니다.", "warning")
        elif result.stopped_reason:
            self._say(f"⚠️ {result.stopped_reason} 지금까지 가장 좋은 그림({result.best_step}단계)을 남겼습니다.",
                      "warning")
        elif result.best_step == 0:
            self._say("⚠️ 끝났지만 가장 좋은 그림이 시작 이미지 그대로입니다 (손실이 처음보다 줄지 않았어요). "
                      "α/β 를 작게(스타일 쪽으로) 하거나 단계 수를 늘려 다시 실행해 보세요.", "warning")
        else:
            self._say(f"✅ 완료: {result.summary()}", "ok")
        self._on_change()
        return result

    def _stopped(self, text: str) -> None:
        self._restore_preview()
        kept = " 이전 결과는 그대로 있습니다." if self.result is not None else ""
        self._say(f"■ {text}{kept}", "warning")

    def _failed(self, text: str) -> None:
        made = getattr(self, "_run_preview", None)
        if made is None:                         # 이번 실행에서 아직 그림을 못 만듦: 이전 결과를 보여 줌
            self._restore_preview()
        kept = ""
        if made is not None:
            kept += (f"\n미리보기는 오류 전에 마지막으로 만든 그림({made[0]}단계)입니다: panel.last_image[1] 로 "
                     f"쓰거나 nst.save_image(panel.last_image[1], '파일.png') 로 저장할 수 있습니다.")
        if self.result is not None:
            kept += "\n(이전 실행의 결과는 그대로 있습니다: panel.result)"
        self._say(f"⛔ {text}{kept}", "error")

    def _announce_network(self) -> None:
        """준비 셀(nst.course.setup)을 실행하지 않고 화면을 만들었으면, 어떤 신경망을 쓸지 화면에 알립니다."""
        from . import course
        from .network import default_architecture, default_weights, describe

        if course.current() is not None or "weights" in self.fixed:
            return
        weights = default_weights()
        architecture = self.fixed.get("architecture") or default_architecture(weights)
        offline = " 인터넷이 안 되면 준비 셀의 WEIGHTS 를 \"hed-vgg16\" 으로 바꿔 실행하세요." \
            if weights == "imagenet" else ""
        self._say(f"ℹ️ 준비 셀(nst.course.setup)을 아직 실행하지 않았습니다. 이대로 [실행 ▶] 을 누르면 "
                  f"{describe(architecture, weights)} 을(를) 씁니다. 수업의 설정을 쓰려면 노트북 맨 위의 준비 셀을 "
                  f"먼저 실행한 뒤 이 셀을 다시 실행하세요.{offline}", "warning")

    def _restore_preview(self) -> None:
        self.preview.value = png_bytes(self.result.best_image, PREVIEW_SIZE) if self.result is not None else b""

    # ---- 저장
    def save(self, path: str | Path = "outputs/내작품.png", gif: bool = True, overwrite: bool = False) -> list:
        """마지막 결과를 파일로 저장합니다: 그림(PNG/JPEG)과, gif=True 이면 만들어지는 과정의 GIF.

        있던 파일은 덮어쓰지 않고 '내작품-1.png' 처럼 새 이름을 고릅니다(overwrite=True 면 덮어씀).
        저장한 경로들의 목록을 돌려줍니다: `offer_download(panel.save())` 로 바로 내려받을 수 있습니다.
        """
        if self.result is None:
            raise NSTError("아직 결과가 없습니다. 먼저 [실행 ▶] 을 누르거나 panel.run() 을 실행하세요.")
        written = [save_image(self.result.best_image, path, overwrite=overwrite)]
        if gif and len(self.result.snapshots) > 1:
            from .pictures import save_gif

            frames = list(self.result.snapshots) + [(self.result.best_step, self.result.best_image)]
            written.append(save_gif(frames, Path(written[0]).with_suffix(".gif"), overwrite=overwrite,
                                    max_size=512))
        return written


def _click_time() -> datetime.datetime | None:
    """지금 처리하는 위젯 메시지(버튼 클릭)를 브라우저가 보낸 시각. 커널 밖(테스트, 터미널)이면 None."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        if kernel is None:
            return None
        parent = kernel.get_parent("shell") if hasattr(kernel, "get_parent") else kernel._parent_header
        date = parent["header"]["date"]
        if isinstance(date, str):
            date = datetime.datetime.fromisoformat(date.replace("Z", "+00:00"))
        return date if isinstance(date, datetime.datetime) else None
    except Exception:
        return None


def _keep_colors(result, content: np.ndarray):
    """결과의 밝기에 콘텐츠 사진의 색을 입힌 새 Result (최종 그림, 가장 좋은 그림, 중간 그림 모두)."""
    from .colors import preserve_colors

    return replace(result, image=preserve_colors(result.image, content),
                   best_image=preserve_colors(result.best_image, content),
                   snapshots=[(step, preserve_colors(image, content)) for step, image in result.snapshots],
                   settings={**result.settings, "keep_colors": True})


# ---------------------------------------------------------------------------------------------------
# 내려받기
# ---------------------------------------------------------------------------------------------------

def _in_colab() -> bool:
    from .device import in_colab

    return in_colab()


def offer_download(path) -> None:
    """저장한 파일을 내 컴퓨터로 받게 합니다. path 는 경로 하나 또는 경로의 목록(`panel.save()` 의 결과).

    Colab 에서는 브라우저가 바로 내려받고, Jupyter(Lab, VS Code) 에서는 누르면 받아지는 링크를 보여 줍니다.
    터미널에서는 파일이 어디 있는지만 알려 줍니다.
    """
    paths = [Path(p) for p in (path if isinstance(path, (list, tuple)) else [path])]
    for file in paths:
        if not file.is_file():
            raise NSTError(f"내려받을 파일이 없습니다: '{file}'. 먼저 저장하세요 (panel.save() 또는 nst.save_image).",
                           path=str(file))
    if _in_colab():
        try:
            from google.colab import files  # type: ignore

            for file in paths:
                files.download(str(file))
            names = ", ".join(f"'{file.name}'" for file in paths)
            display.notice(f"내려받기를 시작했습니다: {names} (브라우저의 다운로드 폴더를 보세요).")
            return
        except Exception:   # 위젯 버튼 안에서 부르는 등 Colab 이 막을 때가 있음: 아래 링크로
            pass
    if not display.in_notebook():
        for file in paths:
            display.notice(f"저장한 파일: {file.resolve()}")
        return
    from IPython.display import HTML, display as show

    links = []
    for file in paths:
        size = file.stat().st_size
        if size > DOWNLOAD_LINK_LIMIT:
            links.append(f"📄 {html.escape(file.name)} ({size / 1e6:.0f} MB): 파일 목록에서 "
                         f"'{html.escape(str(file))}' 을(를) 내려받으세요.")
            continue
        mime = {".png": "image/png", ".gif": "image/gif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".webp": "image/webp", ".mp4": "video/mp4"}.get(file.suffix.lower(), "application/octet-stream")
        data = base64.b64encode(file.read_bytes()).decode("ascii")
        links.append(f"<a download='{html.escape(file.name)}' href='data:{mime};base64,{data}' "
                     f"style='font-weight:bold'>⬇️ {html.escape(file.name)} 내려받기</a> "
                     f"<span style='color:#666'>({size / 1024:.0f} KB, {html.escape(str(file))})</span>")
    show(HTML("<br>".join(links)))
