"""위젯(widgets): 슬라이더, 그림 고르기, 내려받기처럼 노트북 화면의 작은 조각들.

ipywidgets 7.7 (Colab) 과 8.x (JupyterLab) 에서 똑같이 동작하도록 두 버전에 다 있는 기능만 씁니다
(FloatLogSlider, IntSlider, Dropdown, Checkbox, Text, Button, FileUpload, Image, HTML, Output, VBox, HBox).
이 조각들로 만든 스타일 전이 화면 `StyleTransferPanel` 은 `nstlib/classroom/panel.py` 에 있습니다.

- `ImagePicker`: 예제 이미지를 고르거나, 내 파일을 올리거나(FileUpload), 경로를 적는 위젯.
- `offer_download`: 저장한 파일을 내 컴퓨터로 내려받기 (Colab 에서는 바로, Jupyter 에서는 링크).
- `ratio_slider`, `describe_ratio`, `log_ratio_values`: α/β 를 10 의 거듭제곱으로 다루는 작은 도구.
- `image_from`, `png_bytes`: 무엇이든 (H, W, 3) 그림으로, 그림을 미리보기용 PNG 로.

>>> describe_ratio(1e-2)
'α/β = 10^-2 = 1/100 : 스타일을 콘텐츠보다 100배 무겁게'
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import math
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as w
import numpy as np

from .. import display
from ..errors import NSTError
from ..examples import EXAMPLES, list_examples, open_image
from ..images import to_uint8
from ..settings import DEFAULTS, device_defaults

__all__ = ["ImagePicker", "ratio_slider", "describe_ratio", "log_ratio_values", "offer_download", "png_bytes",
           "image_from"]

LABEL_STYLE = {"description_width": "150px"}     # 설명 글자(한국어)가 잘리지 않는 너비
_ROW = "470px"
DOWNLOAD_LINK_LIMIT = 25 * 1024 * 1024   # 이보다 큰 파일은 내려받기 링크 대신 경로만 알려 줌

_COLORS = {"info": "#1f5fa8", "ok": "#1e7a34", "warning": "#a85a00", "error": "#a81f1f"}


def row_layout(width: str = _ROW) -> w.Layout:
    """위젯 한 줄(슬라이더, 고르는 칸)의 너비: 모든 줄의 끝을 맞춥니다."""
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

    value 를 주지 않으면 `DEFAULTS.ratio`. low, high 는 10 의 지수입니다 (기본 10^-3 … 10^2: 크기에 무관한
    손실에서 그림이 바뀌는 구간. 논문의 숫자 1e-3, 1e-4 는 논문의 식과 신경망의 것이라 여기서는 쓰지 않음).

    >>> ratio_slider(0.1).value
    0.1
    """
    value = DEFAULTS.ratio if value is None else float(value)
    low, high = log_range(value, low, high)
    return w.FloatLogSlider(value=value, base=10, min=low, max=high, step=0.5, description=description,
                            readout_format=".0e", style=LABEL_STYLE, layout=row_layout(), continuous_update=False)


def log_range(value: float, low: float, high: float) -> tuple[float, float]:
    """로그 슬라이더의 지수 범위를 value 가 들어가도록 넓힙니다 (기본값이 바뀌어도 슬라이더가 값을 자르지 않게).

    >>> log_range(1e-3, -2, 2)
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
        size = device_defaults()["size"]
    if isinstance(source, ImagePicker):
        return source.image(size)
    return open_image(source, size)


def html_box(text: str, level: str = "info") -> str:
    """위젯 안에 보여 줄 한 덩어리의 안내문 (HTML, level 에 맞는 색)."""
    color = _COLORS.get(level, _COLORS["info"])
    body = html.escape(str(text)).replace("\n", "<br>")
    return f"<div style='color:{color};line-height:1.4;max-width:680px'>{body}</div>"


def click_time() -> datetime.datetime | None:
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
                                   description=label, style=LABEL_STYLE, layout=row_layout())
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="파일 올리기")
        self.path = w.Text(value="", placeholder="또는 파일 경로 (예: 내사진.jpg)", description="경로",
                           style=LABEL_STYLE, layout=row_layout(), continuous_update=False)
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
        """고른 이미지를 (H, W, 3) [0, 1] 로 불러옵니다 (긴 변 ≤ size, 기본은 장치에 맞춘 크기)."""
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
            self.message.value = html_box(f"⛔ {what} 을(를) 그림으로 읽을 수 없습니다. {reason}\n{kept} "
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
            self.message.value = html_box(text, "error" if self.dropdown.value != self.MINE or
                                          self._uploaded or self.path.value.strip() else "info")
            return
        self.preview.value = png_bytes(image, 200)
        self.message.value = html_box(f"✔ {self.describe()}", "ok")


# ---------------------------------------------------------------------------------------------------
# 내려받기
# ---------------------------------------------------------------------------------------------------

def _in_colab() -> bool:
    from ..device import in_colab

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
