"""위젯(widgets): 슬라이더와 버튼으로 스타일 전이를 해 보는 작은 화면들.

ipywidgets 7.7 (Colab) 과 8.x (JupyterLab) 에서 똑같이 동작하도록 두 버전에 다 있는 기능만 씁니다.
위젯이 하는 일은 모두 보통의 함수 호출로도 할 수 있습니다:

>>> panel = StyleTransferPanel("countryside", "swirl")         # doctest: +SKIP
>>> panel                                                     # 화면에 슬라이더와 [실행] 버튼  # doctest: +SKIP
>>> # 버튼을 누르는 것은 다음과 같습니다:
>>> result = style_transfer("countryside", "swirl", **panel.settings())   # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import ipywidgets as w
import numpy as np

from . import display
from .errors import NSTError
from .examples import EXAMPLES, list_examples, load_example
from .images import load_image, save_image, to_uint8
from .optimize import DEFAULTS, style_transfer

_WIDE = {"description_width": "140px"}
_LAYOUT = w.Layout(width="460px")


def png_bytes(image, max_size: int | None = None) -> bytes:
    """이미지를 PNG 바이트로 (위젯 미리보기용)."""
    from PIL import Image

    picture = Image.fromarray(to_uint8(np.squeeze(np.asarray(image))))
    if max_size and max(picture.size) > max_size:
        picture.thumbnail((max_size, max_size), Image.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def ratio_slider(value: float = DEFAULTS["ratio"], low: int = -4, high: int = 2) -> w.FloatLogSlider:
    """α/β 를 로그 눈금(10 의 거듭제곱)으로 고르는 슬라이더."""
    return w.FloatLogSlider(value=value, base=10, min=low, max=high, step=0.25, description="α/β (콘텐츠/스타일)",
                            readout_format=".0e", style=_WIDE, layout=_LAYOUT, continuous_update=False)


class ImagePicker(w.VBox):
    """예제 이미지를 고르거나 내 파일을 올리는(upload) 위젯. `.image(size)` 가 고른 이미지를 돌려줍니다.

    >>> picker = ImagePicker("콘텐츠", kind="content")   # doctest: +SKIP
    >>> picker.image(256).shape                          # doctest: +SKIP
    """

    UPLOAD = "📁 내 파일 올리기"

    def __init__(self, label: str, kind: str | None = None, value: str | None = None):
        names = list_examples(kind)
        options = [(f"{EXAMPLES[n][1]} ({n})", n) for n in names] + [(self.UPLOAD, self.UPLOAD)]
        self.dropdown = w.Dropdown(options=options, value=value if value in names else names[0],
                                   description=label, style=_WIDE, layout=_LAYOUT)
        self.upload = w.FileUpload(accept="image/*", multiple=False, description="파일 올리기")
        self.path = w.Text(placeholder="또는 파일 경로 (예: 내사진.jpg)", description="경로", style=_WIDE,
                           layout=_LAYOUT)
        self.preview = w.Image(format="png", layout=w.Layout(max_width="200px"))
        self.message = w.HTML()
        super().__init__([self.dropdown, self.upload, self.path, self.preview, self.message])
        for control in (self.dropdown, self.upload, self.path):
            control.observe(self._refresh, names="value")
        self._refresh()

    def source(self):
        """고른 것: 올린 파일, 경로, 또는 예제 이름 (이 순서로 먼저 있는 것)."""
        if self.dropdown.value == self.UPLOAD:
            if self.upload.value:
                return self.upload.value
            if self.path.value.strip():
                return self.path.value.strip()
            raise NSTError("'내 파일 올리기' 를 골랐지만 아직 올린 파일이 없습니다. [파일 올리기] 를 누르거나 경로를 적으세요.")
        return self.dropdown.value

    def image(self, size: int | None = DEFAULTS["size"]) -> np.ndarray:
        """고른 이미지를 (H, W, 3) [0, 1] 로 불러옵니다."""
        source = self.source()
        if isinstance(source, str) and source in EXAMPLES:
            return load_example(source, max_size=size)
        return load_image(source, max_size=size)

    def _refresh(self, change=None):
        if change is not None and change["owner"] is not self.dropdown:
            self.dropdown.value = self.UPLOAD
        try:
            self.preview.value = png_bytes(self.image(256), 200)
            self.message.value = ""
        except NSTError as error:
            self.message.value = f"<span style='color:#a81f1f'>{error}</span>"


class StyleTransferPanel(w.VBox):
    """α/β, 단계 수, 크기 등을 슬라이더로 고르고 [실행] 을 누르면 스타일 전이를 하는 화면.

    실행 중에는 미리보기가 바뀌고 진행 막대가 보입니다. ■(정지) 버튼으로 멈추면 그때까지 가장 좋은 그림이
    남습니다. 결과는 `panel.result` 에, 지금까지의 결과들은 `panel.results` 에 있습니다.

    content, style: 예제 이름, 경로, 배열 또는 ImagePicker.
    """

    def __init__(self, content="countryside", style="swirl", *, size: int = DEFAULTS["size"],
                 steps: int = DEFAULTS["steps"], ratio: float = DEFAULTS["ratio"], preview_every: int = 10,
                 **fixed):
        self.content, self.style, self.fixed = content, style, fixed
        self.preview_every = preview_every
        self.ratio = ratio_slider(ratio)
        self.steps = w.IntSlider(value=steps, min=1, max=1000, description="단계 수 (steps)", style=_WIDE,
                                 layout=_LAYOUT, continuous_update=False)
        self.size = w.IntSlider(value=size, min=64, max=1024, step=32, description="크기 (긴 변, px)",
                                style=_WIDE, layout=_LAYOUT, continuous_update=False)
        self.tv = w.FloatLogSlider(value=DEFAULTS["tv_weight"], base=10, min=-5, max=1, step=0.5,
                                   description="매끈함 (TV 가중치)", readout_format=".0e", style=_WIDE,
                                   layout=_LAYOUT, continuous_update=False)
        self.init = w.Dropdown(options=[("콘텐츠 사진에서", "content"), ("잡음에서 (논문)", "noise"),
                                        ("스타일 그림에서", "style")], value=DEFAULTS["init"],
                               description="시작 이미지", style=_WIDE, layout=_LAYOUT)
        self.keep_colors = w.Checkbox(value=False, description="사진의 색 지키기")
        self.run_button = w.Button(description="실행 ▶", button_style="primary", icon="play")
        self.preview = w.Image(format="png", layout=w.Layout(max_width="360px"))
        self.output = w.Output()
        self.result = None
        self.results: list = []
        self.run_button.on_click(lambda _button: self.run())
        controls = [c for c in (self.content, self.style) if isinstance(c, w.Widget)]
        super().__init__(controls + [self.ratio, self.steps, self.size, self.tv, self.init, self.keep_colors,
                                     self.run_button, self.preview, self.output])

    def settings(self) -> dict:
        """지금 슬라이더 값들: `style_transfer(content, style, **panel.settings())` 에 그대로 넣을 수 있습니다."""
        return {**self.fixed, "size": int(self.size.value), "steps": int(self.steps.value), "alpha": 1.0,
                "beta": 1.0 / float(self.ratio.value), "tv_weight": float(self.tv.value), "init": self.init.value}

    def _image(self, source, size):
        if isinstance(source, ImagePicker):
            return source.image(size)
        if isinstance(source, str) and source in EXAMPLES:
            return load_example(source, max_size=size)
        return load_image(source, max_size=size)

    def run(self):
        """[실행] 버튼이 하는 일. 결과(Result)를 돌려주고 `self.result` 에도 둡니다. 오류는 한국어로 보여 줌."""
        self.run_button.disabled = True
        self.output.clear_output()
        try:
            with self.output:
                settings = self.settings()
                content = self._image(self.content, settings["size"])
                style = self._image(self.style, settings["size"])

                def show(step, image, losses):
                    self.preview.value = png_bytes(image, 360)

                result = style_transfer(content, style, callback=show, callback_every=self.preview_every,
                                        **settings)
                if self.keep_colors.value:
                    from .colors import preserve_colors

                    result.best_image = preserve_colors(result.best_image, content)
                self.preview.value = png_bytes(result.best_image, 360)
                self.result = result
                self.results.append(result)
                display.notice(f"완료: {result.summary()}")
                return result
        except NSTError as error:
            with self.output:
                display.notice(str(error), "error")
            return None
        finally:
            self.run_button.disabled = False

    def save(self, path: str | Path = "outputs/내작품.png", gif: bool = True, overwrite: bool = False) -> list:
        """마지막 결과를 파일로 저장합니다 (있던 파일은 덮어쓰지 않음). 저장한 경로들을 돌려줍니다."""
        if self.result is None:
            raise NSTError("아직 결과가 없습니다. 먼저 [실행 ▶] 을 누르세요.")
        written = [save_image(self.result.best_image, path, overwrite=overwrite)]
        if gif and len(self.result.snapshots) > 1:
            from .pictures import save_gif

            written.append(save_gif(self.result.snapshots, Path(path).with_suffix(".gif"), overwrite=overwrite))
        return written


def offer_download(path: str | Path) -> None:
    """파일을 내 컴퓨터로 받게 합니다: Colab 에서는 바로 내려받기, Jupyter 에서는 링크."""
    path = Path(path)
    if not path.exists():
        raise NSTError(f"내려받을 파일이 없습니다: '{path}'. 먼저 저장하세요.", path=str(path))
    try:
        from google.colab import files  # type: ignore

        files.download(str(path))
        return
    except ImportError:
        pass
    from IPython.display import FileLink, display as show

    show(FileLink(str(path), result_html_prefix="내려받기: "))


def log_ratio_values(low: float, high: float, count: int) -> list[float]:
    """low 에서 high 까지 로그 눈금으로 고르게 count 개 (예: α/β 격자)."""
    if low <= 0 or high <= 0 or count < 1:
        raise NSTError("α/β 의 범위는 0 보다 큰 수여야 합니다.")
    return [float(10 ** x) for x in np.linspace(math.log10(low), math.log10(high), count)]
