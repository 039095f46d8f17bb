"""스타일 전이 화면(panel): α/β·단계 수·크기·매끈함·시작 이미지·스타일 층·색 지키기를 고르고 실행하는 위젯.

실행 중에는 미리보기와 진행 막대가 보이고, ■(정지)로 멈추면 그때까지 가장 좋은 그림이 남습니다.
화면을 이루는 슬라이더와 그림 고르기(`ImagePicker`)는 `nstlib/classroom/widgets.py` 에 있습니다.

위젯이 하는 일은 모두 보통의 함수 호출로도 할 수 있습니다. 버튼을 누르는 것은 이것과 같습니다:

>>> panel = StyleTransferPanel("countryside", "swirl")                      # doctest: +SKIP
>>> panel                                    # 화면에 슬라이더와 [실행 ▶] 버튼   # doctest: +SKIP
>>> result = style_transfer("countryside", "swirl", panel.settings())     # doctest: +SKIP
>>> print(panel.code())                      # 지금 설정을 파이썬 코드 한 줄로  # doctest: +SKIP
"""

from __future__ import annotations

import html
import math
import threading
import time
from dataclasses import replace
from pathlib import Path

import ipywidgets as w
import numpy as np

from ..colors import preserve_colors
from ..errors import NSTError
from ..images import save_image
from ..losses import STYLE_LAYERS
from ..settings import DEFAULTS, Settings, device_defaults, split_options
from ..transfer import style_transfer
from .animation import save_gif
from .widgets import (LABEL_STYLE, ImagePicker, click_time, describe_ratio, html_box, image_from, log_range,
                      png_bytes, ratio_slider, row_layout)

__all__ = ["StyleTransferPanel"]

PREVIEW_SIZE = 360           # 미리보기 그림의 긴 변 (px)
GIF_FRAMES = 20              # GIF 에 넣을 중간 그림의 수 (대략)

# 어림 속도: 한 단계에 픽셀 하나당 걸리는 초 (VGG, 앞으로 + 기울기). 한 번 실행하면 잰 값으로 바꿉니다.
_SECONDS_PER_PIXEL = {"CPU": 2.0e-5, "GPU": 3.0e-7}

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
    - 버튼을 누르는 것 = `style_transfer(content, style, panel.settings())` (`panel.code()` 가 그 코드).

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

        self._make_controls(size, steps, ratio, tv_weight, init, layers)
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
        super().__init__(pickers + self._arrange())
        for control in (self.ratio, self.steps, self.size, self.tv, self.init, self.layers, self.keep_colors):
            control.observe(self._on_change, names="value")
        for picker in pickers:
            for control in (picker.dropdown, picker.upload, picker.path):
                control.observe(self._on_change, names="value")
        self._on_change()
        self._announce_network()

    def _make_controls(self, size, steps, ratio, tv_weight, init, layers) -> None:
        """슬라이더와 고르는 칸들. 처음 값을 주지 않은 것은 기본값(`DEFAULTS`, `device_defaults()`)에서 시작합니다."""
        self.ratio = ratio_slider(ratio)
        self.ratio_text = w.HTML(layout=row_layout())
        defaults = device_defaults()   # 크기와 단계 수는 장치(GPU, CPU)에 맞춰
        steps_value, size_value = int(steps or defaults["steps"]), int(size or defaults["size"])
        self.steps = w.IntSlider(value=steps_value, min=1, max=max(1000, steps_value), step=1,
                                 description="단계 수 (steps)", style=LABEL_STYLE, layout=row_layout(),
                                 continuous_update=False)
        self.size = w.IntSlider(value=size_value, min=max(32, min(64, size_value)), max=max(1024, size_value),
                                step=32, description="크기 (긴 변, px)", style=LABEL_STYLE, layout=row_layout(),
                                continuous_update=False)
        tv_value = float(tv_weight if tv_weight is not None else DEFAULTS.tv_weight)
        tv_low, tv_high = log_range(tv_value, -3, 2)
        self.tv = w.FloatLogSlider(value=tv_value, base=10, min=tv_low, max=tv_high, step=0.5,
                                   description="매끈함 (TV 가중치)", readout_format=".0e", style=LABEL_STYLE,
                                   layout=row_layout(), continuous_update=False)
        self.init = w.Dropdown(options=[("그림의 색을 입힌 사진에서 (빠름)", "matched"),
                                        ("콘텐츠 사진에서", "content"), ("잡음에서 (논문)", "noise"),
                                        ("스타일 그림에서", "style")], value=init or DEFAULTS.init,
                               description="시작 이미지", style=LABEL_STYLE, layout=row_layout())
        layer_options = [(f"{_LAYER_NAMES[n - 1]} 까지 ({_LAYER_HINTS[n]})", n)
                         for n in range(1, len(_LAYER_NAMES) + 1)]
        self.layers = w.Dropdown(options=layer_options, value=min(max(int(layers), 1), len(_LAYER_NAMES)),
                                 description="스타일 층", style=LABEL_STYLE, layout=row_layout())
        self.layers.disabled = "style_layers" in self.fixed     # 층을 직접 주었으면 목록은 쓰지 않음
        self.keep_colors = w.Checkbox(value=False, description="사진의 색 지키기 (colour preservation)",
                                      indent=False, layout=row_layout())

    def _arrange(self) -> list:
        """화면의 배치: 왼쪽에 슬라이더와 [실행 ▶], 오른쪽에 미리보기와 안내, 그 아래에 멈추는 법·코드·출력."""
        controls = w.VBox([self.ratio, self.ratio_text, self.steps, self.size, self.tv, self.init, self.layers,
                           self.keep_colors, w.HBox([self.run_button, self.estimate])])
        right = w.VBox([self.preview, self.status, self.alert])
        body = w.HBox([controls, right], layout=w.Layout(flex_flow="row wrap"))
        hint = w.HTML(html_box("멈추려면: Jupyter 는 위쪽 ■ 버튼, Colab 은 [런타임] → [실행 중단]. "
                               "그때까지 가장 좋은 그림이 남습니다.", "info"))
        return [body, hint, self.code_view, self.output]

    # ---- 설정
    def _sources(self) -> list:
        styles = list(self.style) if isinstance(self.style, (list, tuple)) else [self.style]
        return [self.content] + styles

    def settings(self) -> Settings:
        """지금 슬라이더 값들의 `Settings`: `style_transfer(content, style, panel.settings())` 에 그대로 넣습니다.

        α 는 1 로 두고 β = 1 / (α/β 슬라이더) 로 정합니다. 색 지키기는 최적화가 끝난 뒤의 일이라 여기에 없습니다
        (`nst.preserve_colors(result.best_image, content)`, `code()` 참고).
        """
        for slider, name in ((self.ratio, "α/β"), (self.tv, "매끈함 (TV 가중치)")):
            if not (math.isfinite(slider.value) and slider.value > 0):
                raise NSTError(f"'{name}' 슬라이더의 값이 {slider.value!r} 입니다. 0 보다 큰 수여야 합니다: 슬라이더를 "
                               f"다시 움직이거나 코드로 {10 ** slider.min:g} ~ {10 ** slider.max:g} "
                               f"사이의 값을 넣으세요.")
        fixed, _ = split_options(self.fixed)
        layers = fixed.style_layers if fixed.style_layers is not None else _LAYER_NAMES[: int(self.layers.value)]
        return fixed.replace(size=int(self.size.value), steps=int(self.steps.value), alpha=1.0,
                             beta=float(1.0 / self.ratio.value), tv_weight=float(self.tv.value),
                             init=self.init.value, style_layers=layers)   # 직접 준 층(예: 층마다 다른 가중치)이 이김

    def run_options(self) -> dict:
        """실행의 설정 (`RunOptions` 의 이름들): 직접 준 것과, GIF 에 담을 간격."""
        _, run = split_options(self.fixed)
        given = {k: v for k, v in self.fixed.items() if hasattr(run, k)}
        return {"snapshot_every": max(1, int(self.steps.value) // GIF_FRAMES), **given}

    def code(self, content: str = "content", style: str = "style") -> str:
        """버튼을 누르는 것과 같은 파이썬 코드 (`import nstlib as nst` 뒤에 그대로 실행할 수 있음).

        content, style: 그림이 배열일 때 코드에 쓸 변수 이름. 기본값과 같은 설정은 적지 않습니다.
        """
        settings = self.settings()
        shown = {k: v for k, v in vars(settings).items() if k in ("size", "steps") or v != getattr(DEFAULTS, k)}
        args = ", ".join(f"{key}={_value_code(value)}" for key, value in {**shown, **self.run_options()}.items())
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
            from ..device import detect_device

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
            self.ratio_text.value = html_box(describe_ratio(self.ratio.value), "info")
        except Exception:
            self.ratio_text.value = html_box(f"α/β 의 값이 {self.ratio.value!r} 입니다. 0 보다 큰 수가 되도록 "
                                             f"슬라이더를 다시 움직이세요.", "error")
        try:
            self.estimate.value = html_box(*self._estimate_text())
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
        self.status.value = html_box(text, level)

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
        self.alert.value = html_box(f"✋ {why} 두 번째 실행은 시작하지 않았습니다. 지금 실행이 끝나거나 ■ 로 멈춘 뒤에 "
                                    f"다시 누르세요.", "warning")

    def _on_click(self, _button=None):
        """[실행 ▶] 을 눌렀을 때. 실행 중에 누른 것은 무시하고 화면에 알립니다.

        Jupyter 는 실행이 끝날 때까지 다음 클릭을 줄 세워 두었다가 끝나자마자 넘겨 줍니다. 그래서 클릭이 (브라우저
        시계로) 앞 실행을 누른 뒤 그 실행이 걸린 시간 안에 눌린 것이면, 끝난 뒤에 왔어도 실행 중에 누른 것으로 봅니다.
        """
        clicked = click_time()
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
        steps = settings.steps
        self._say(f"⏳ 그림을 불러오는 중 … ({settings.size} px)")
        content, style = self._load_images(settings.size)
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
        result = style_transfer(content, style, settings, callback=show, callback_every=every, **self.run_options())
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
        from ..network import default_architecture, default_weights, describe
        from . import course

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
            frames = list(self.result.snapshots) + [(self.result.best_step, self.result.best_image)]
            written.append(save_gif(frames, Path(written[0]).with_suffix(".gif"), overwrite=overwrite,
                                    max_size=512))
        return written


def _keep_colors(result, content: np.ndarray):
    """결과의 밝기에 콘텐츠 사진의 색을 입힌 새 Result (최종 그림, 가장 좋은 그림, 중간 그림 모두)."""
    return replace(result, image=preserve_colors(result.image, content),
                   best_image=preserve_colors(result.best_image, content),
                   snapshots=[(step, preserve_colors(image, content)) for step, image in result.snapshots])

