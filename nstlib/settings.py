"""설정(settings): 그림 한 장을 그리는 설정을 한 곳에 모으고, 한 곳에서 확인합니다.

- `Settings`: 그림이 달라지는 설정 (크기, 단계 수, α, β, TV, 학습률, 시작 이미지, 층, 신경망 …).
  체크포인트에 저장되고, 같은 설정이면 같은 그림이 나옵니다.
- `RunOptions`: 그림은 그대로이고 실행만 달라지는 설정 (빠른 경로, 진행 막대, 콜백, 스냅숏, 체크포인트).

`style_transfer`, `style_grid`, 명령줄(`python -m nstlib`), 슬라이더 화면이 모두 이 두 가지를 씁니다.
명령줄의 옵션도 아래 필드의 `flag` 와 `help` 로 만들어집니다. 값을 확인하는 곳은 `checked()` 하나입니다.

>>> Settings(size=128, steps=50).ratio        # β 를 주지 않으면 α/β = DEFAULT_RATIO
0.5
>>> Settings(learning_rate=5).checked()       # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
nstlib.errors.NSTError: 학습률(learning_rate) = 5 은(는) 쓸 수 없는 값입니다. 1e-06 과 1 사이로 정하세요.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import dataclass, field, fields

from . import display
from .errors import NSTError, option, particle

DEFAULT_RATIO = 0.5   # α/β. 크기에 무관한 손실에서 고른 값 (docs/defaults.md)
INITS = ("content", "noise", "style", "matched")
OPTIMIZERS = ("adam", "lbfgs")
PRECISIONS = ("float32", "mixed", "bfloat16")
MODES = ("relative", "paper")
POOLINGS = ("avg", "max")
ARCHITECTURES = ("vgg19", "vgg16")
MIN_SIZE = 32              # size(긴 변)의 최솟값
MAX_SIZE = 4096
MIN_SHORT_SIDE = 16
"""스타일 전이가 받는 그림의 가장 짧은 변(픽셀). VGG 는 conv5_1 앞에서 네 번 풀링해 가로·세로를 1/16 로
줄이므로, 16 픽셀이면 conv5_1 에 한 칸(1×1)이 남고 15 픽셀이면 하나도 남지 않습니다. 그래서 최솟값 32 는
긴 변(size)에 쓰고 (4:3 사진은 32×24), 길쭉한 그림의 짧은 변은 16 픽셀까지 받습니다."""
MAX_LEARNING_RATE = 1.0    # 픽셀 값이 [0, 1] 이므로, 한 단계에 1 보다 크게 움직이는 학습률은 뜻이 없음
MAX_SEED = 2**32 - 1
MAX_STEPS = 1_000_000
CPU_DEFAULTS = {"size": 256, "steps": 200, "precision": "float32"}
GPU_DEFAULTS = {"size": 512, "steps": 300, "precision": "float32"}   # GPU 는 훨씬 빨라서, 같은 기다림으로 더 큰 그림
BFLOAT16_CPU_DEFAULTS = {**CPU_DEFAULTS, "precision": "bfloat16"}
"""bfloat16 을 하드웨어로 계산하는 CPU (`device.cpu_has_bfloat16`): 합성곱을 bfloat16 으로, 그림은 float32 와 같음
(보정용 8쌍의 세 가지 잼이 소수 둘째 자리까지 같음: benchmarks/README.md)."""


def _field(default, label: str, flag: str | None = None, help: str = "", **rule):
    """설정 하나: 기본값, 안내문에서 부르는 이름(label), 명령줄 옵션(flag)과 도움말, 확인 규칙(rule)."""
    return field(default=default, metadata=dict(label=label, flag=flag, help=help, **rule))


@dataclass(frozen=True)
class Settings:
    """그림 한 장의 설정. 주지 않은 값은 기본값이고, `checked()` 가 확인하고 None 을 채운 사본을 돌려줍니다.

    >>> Settings(steps=100, beta=1e3).replace(steps=300).steps
    300
    """

    size: int | None = _field(None, "이미지 크기", "--size", "긴 변의 픽셀 수 (기본: GPU 512, CPU 256)",
                              kind=int, low=MIN_SIZE, high=MAX_SIZE, example=CPU_DEFAULTS["size"])
    steps: int | None = _field(None, "단계 수", "--steps", "최적화 단계 수 (기본: GPU 300, CPU 200)",
                               kind=int, low=0, high=MAX_STEPS, example=CPU_DEFAULTS["steps"])
    alpha: float = _field(1.0, "α", help="콘텐츠 손실의 가중치", kind=float, low=0.0, high=1e12)
    beta: float | None = _field(None, "β", help="스타일 손실의 가중치 (없으면 α / DEFAULT_RATIO)",
                                kind=float, low=0.0, high=1e12)
    tv_weight: float = _field(1.0, "TV 가중치", "--tv", "총 변위(TV) 가중치: 클수록 매끈함",
                              kind=float, low=0.0, high=1e12)
    learning_rate: float = _field(0.02, "학습률", "--lr", "학습률 (Adam)", kind=float, low=1e-6,
                                  high=MAX_LEARNING_RATE)
    init: str = _field("matched", "시작 이미지", "--init",
                       "시작 이미지: content, noise, style, matched(사진을 그림의 색으로) 또는 이미지 경로",
                       choices=(*INITS, "image"))
    seed: int = _field(0, "시드", "--seed", "잡음과 무작위 가중치의 시드 (같은 시드면 같은 그림)", kind="seed")
    content_layers: object = _field(None, "콘텐츠 층", help="층 목록 또는 {층: 가중치} (None: 논문의 conv4_2)")
    style_layers: object = _field(None, "스타일 층", help="층 목록 또는 {층: 가중치} (None: 논문의 다섯 층)")
    style_blend: tuple | None = _field(None, "스타일 섞는 비율", "--blend",
                                       "스타일이 여럿일 때 섞는 비율 (예: --blend 0.7 0.3)", kind="blend")
    weights: str | None = _field(None, "가중치", "--weights",
                                 "imagenet, hed-vgg16, random 또는 .h5 파일 (기본: $NSTLIB_WEIGHTS 또는 imagenet)")
    architecture: str | None = _field(None, "신경망", "--network", "신경망", choices=(*ARCHITECTURES, None))
    pooling: str = _field("avg", "풀링", "--pooling", "풀링 (논문: avg)", choices=POOLINGS)
    mode: str = _field("relative", "손실의 형태", "--mode",
                       "손실의 형태: relative(크기에 무관) 또는 paper(논문 그대로)", choices=MODES)
    optimizer: str = _field("adam", "최적화 방법", "--optimizer",
                            "최적화 방법: adam 또는 lbfgs (논문의 방법, 같은 손실에 더 빨리)", choices=OPTIMIZERS)
    coarse_to_fine: int = _field(0, "작은 크기부터 그리기", "--coarse-to-fine",
                                 "작은 크기에서 먼저 그릴 단계 수 (예: 1 이면 절반 크기부터)", kind=int, low=0, high=6)
    precision: str | None = _field(None, "정밀도", "--precision",
                                   "합성곱의 정밀도. 주지 않으면 장치에 맞춰: bfloat16 을 하드웨어로 계산하는 CPU 면 "
                                   "bfloat16, 아니면 float32. mixed: GPU 에서 float16", choices=(*PRECISIONS, None))

    @property
    def ratio(self) -> float:
        """α/β (β 가 0 이면 무한대)."""
        beta = self.alpha / DEFAULT_RATIO if self.beta is None else self.beta
        return self.alpha / beta if beta else math.inf

    def replace(self, **changes) -> "Settings":
        """몇 가지만 바꾼 사본."""
        return dataclasses.replace(self, **changes)

    def checked(self, device=None) -> "Settings":
        """모든 값을 확인하고 (잘못되면 한국어 `NSTError`), 비어 있는 값(크기, 단계 수, 정밀도, β, 신경망)을 채운
        사본."""
        values = {f.name: _check(f, getattr(self, f.name)) for f in fields(self)}
        if values["precision"] is None and values["optimizer"] == "lbfgs":
            values["precision"] = "float32"   # L-BFGS 의 선 탐색은 손실의 작은 차이를 비교: bfloat16 의 반올림에 약함
        if None in (values["size"], values["steps"], values["precision"]):
            defaults = device_defaults(device)
            for name in ("size", "steps", "precision"):
                values[name] = values[name] if values[name] is not None else defaults[name]
        if values["beta"] is None:
            values["beta"] = values["alpha"] / DEFAULT_RATIO
        if values["alpha"] == 0 and values["beta"] == 0:
            raise NSTError("α 와 β 가 모두 0 이면 바꿀 것이 없습니다. 둘 중 하나는 0 보다 크게 하세요.")
        from .network import default_architecture, default_weights

        values["weights"] = str(values["weights"] if values["weights"] is not None else default_weights())
        values["architecture"] = values["architecture"] or default_architecture(values["weights"])
        for name, kind in (("content_layers", "콘텐츠"), ("style_layers", "스타일")):
            if values[name] is not None:
                values[name] = layer_weights(values[name], kind)
        return Settings(**values)

    def to_dict(self) -> dict:
        """체크포인트에 쓸 수 있는 dict (JSON)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "Settings":
        """`to_dict` 의 반대. 모르는 키(다른 버전의 체크포인트)는 버립니다."""
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in values.items() if k in names}
        if values.get("style_blend") is not None:
            values["style_blend"] = tuple(values["style_blend"])
        return cls(**values)


@dataclass(frozen=True)
class RunOptions:
    """실행을 지켜보고 빠르게 하는 설정 (그림은 같음).

    compiled: True 면 빠른 경로(tf.function), False 면 가르치는 반복문(eager). xla: XLA 로 한 번 더 컴파일.
    progress: 진행 막대. snapshot_every: k 단계마다 이미지를 result.snapshots 에 (0 이면 처음과 끝만).
    callback: callback_every 단계마다 callback(step, image, losses). checkpoint_dir: 체크포인트 폴더
    (None 이면 쓰지 않음), checkpoint_every 단계마다. name: 체크포인트 파일 이름 (None 이면 시각).
    """

    compiled: bool = True
    xla: bool = _field(False, "XLA", "--xla", "XLA 로 컴파일 (GPU 용)", kind=bool)
    progress: bool = True
    snapshot_every: int = _field(0, "스냅숏 간격", "--snapshot-every", "GIF 에 담을 간격 (0 이면 단계 수/20)",
                                 kind=int, low=0, high=1e12)
    callback: object = None
    callback_every: int = _field(1, "콜백 간격", kind=int, low=0, high=1e12)
    checkpoint_dir: object = None
    checkpoint_every: int = _field(50, "체크포인트 간격", "--checkpoint-every",
                                   "이 단계마다 결과 폴더의 checkpoints/ 에 체크포인트를 씀 (0 이면 쓰지 않음)",
                                   kind=int, low=0, high=1e12)
    name: str | None = None

    def checked(self) -> "RunOptions":
        if self.callback is not None and not callable(self.callback):
            raise NSTError(f"callback 은 callback(step, image, losses) 처럼 부를 수 있는 함수여야 합니다 (받은 값: "
                           f"{self.callback!r}). 예: def show(step, image, losses): ...")
        values = {f.name: _check(f, getattr(self, f.name)) if f.metadata else getattr(self, f.name)
                  for f in fields(self)}
        for name in ("snapshot_every", "checkpoint_every"):
            values[name] = values[name] or 0
        values["callback_every"] = max(values["callback_every"] or 1, 1)
        return RunOptions(**values)


def split_options(options: dict, settings: Settings | None = None) -> tuple[Settings, RunOptions]:
    """키워드 인자들을 (Settings, RunOptions) 로 나눕니다. 모르는 이름이면 비슷한 이름을 알려 주는 NSTError.

    >>> split_options({"size": 128, "progress": False})[1].progress
    False
    """
    picture = {f.name for f in fields(Settings)}
    run = {f.name for f in fields(RunOptions)}
    for name in options:
        if name not in picture | run:
            close = difflib.get_close_matches(name, sorted(picture | run), n=1)
            hint = f" 혹시 '{close[0]}'?" if close else ""
            raise NSTError(f"'{name}' 은(는) 모르는 설정입니다.{hint} 쓸 수 있는 설정: {', '.join(sorted(picture))}")
    base = settings if settings is not None else Settings()
    return (base.replace(**{k: v for k, v in options.items() if k in picture}),
            RunOptions(**{k: v for k, v in options.items() if k in run}))


def resolve_options(options: dict, settings: Settings | None = None) -> tuple[Settings, RunOptions, object]:
    """`style_transfer`·`style_grid` 의 키워드 인자 → (확인한 Settings, 확인한 RunOptions, 시작 이미지).

    init 에 이미지(배열 등)를 주면 설정에는 "image" 라고 적고 그 이미지를 세 번째 값으로 따로 돌려줍니다
    (아니면 None). 설정은 체크포인트(JSON)에 들어가므로 이미지를 담지 않습니다.
    """
    options = dict(options)
    init = options.pop("init", None)
    picture, run = split_options(options, settings)
    start = None if isinstance(init, str) else init
    if init is not None:
        picture = picture.replace(init=init if start is None else "image")
    return _precision_for_this_device(picture.checked()), run.checked(), start


def _precision_for_this_device(settings: Settings) -> Settings:
    """precision='mixed'(float16)는 GPU 에서만 빨라지므로, GPU 가 없으면 그 CPU 의 기본 정밀도로 (알리고)."""
    from .device import detect_device

    if settings.precision != "mixed" or detect_device().is_gpu:
        return settings
    cpu = device_defaults()["precision"]      # bfloat16 을 하드웨어로 계산하는 CPU 면 bfloat16
    display.notice(f"precision='mixed'(float16)는 GPU 에서만 빨라집니다. GPU 가 없어 {cpu} 로 계산합니다.", "info")
    return settings.replace(precision=cpu)


def device_defaults(device=None) -> dict:
    """장치에 맞춘 기본 크기, 단계 수, 정밀도: GPU 면 512 px · 300단계, CPU 면 256 px · 200단계.
    정밀도는 float32, 단 bfloat16 을 하드웨어로 계산하는 CPU 에서는 bfloat16 (`BFLOAT16_CPU_DEFAULTS`)."""
    from .device import cpu_has_bfloat16, detect_device

    device = device or detect_device()
    if device.is_gpu:
        return dict(GPU_DEFAULTS)
    return dict(BFLOAT16_CPU_DEFAULTS if cpu_has_bfloat16() else CPU_DEFAULTS)


# ---------------------------------------------------------------------------------------------
# 값 하나씩 확인하기 (한국어 안내)
# ---------------------------------------------------------------------------------------------

def _check(f, value):
    rule = f.metadata
    name = f"{rule['label']}({option(f.name)})"
    if value is None and f.default is None:
        return None
    if "choices" in rule:
        if f.name == "init" and not isinstance(value, str):
            return value
        return check_choice(name, value, rule["choices"])
    kind = rule.get("kind")
    if kind == "seed":
        return check_seed(value)
    if kind == "blend":
        return check_blend(value)
    if kind is bool:
        return bool(value)
    if kind in (int, float):
        example = rule.get("example", f.default)
        number = check_number(name, value, rule["low"], rule["high"],
                              None if example is None else option(f.name, example))
        return int(number) if kind is int else number
    return value


def check_number(name: str, value, low: float, high: float, example=None) -> float:
    """low ≤ value ≤ high 인 수인지 확인합니다 (아니면 한국어 NSTError; example 이 있으면 예를 듦)."""
    tip = f" 예: {example}" if example is not None else ""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise NSTError(f"{name}에는 수를 넣어야 합니다 (받은 값: {value!r}).{tip}") from None
    if not (low <= value <= high) or math.isnan(value):
        raise NSTError(f"{particle(name)} {low:g} 이상 {high:g} 이하여야 합니다 (받은 값: {value:g}).{tip}")
    return value


def check_choice(name: str, value, choices):
    if value not in choices:
        shown = ", ".join(repr(c) for c in choices if c is not None)
        raise NSTError(f"{particle(name)} {shown} 중 하나여야 합니다 (받은 값: {value!r}).")
    return value


def check_init(init) -> None:
    """init 이 글자라면 INITS 중 하나인지 확인합니다. 이미지(배열, 경로가 아닌 것)는 그대로 통과."""
    if isinstance(init, str) and init not in INITS:
        names = ", ".join(f"'{name}'" for name in INITS)
        raise NSTError(f"시작 이미지(init)는 {names} 또는 이미지여야 합니다: '{init}'")


def check_seed(seed) -> int:
    """시드(seed)는 0 이상 2³²−1 이하의 정수 (numpy 의 난수 생성기가 받는 값). 아니면 한국어 NSTError."""
    import numpy as np

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise NSTError(f"시드({option('seed')})는 0 이상 {MAX_SEED} 이하의 정수여야 합니다 (받은 값: {seed!r}). "
                       f"같은 시드면 같은 그림이 나옵니다. 예: {option('seed', 0)}")
    return int(seed)


def check_blend(blend) -> tuple:
    """스타일 섞는 비율: 0 이상의 수들, 합이 0 보다 큼. 개수는 스타일 이미지를 읽은 뒤 `check_blend_count`."""
    numbers = _numbers(blend)
    if not numbers or not all(0 <= b < math.inf for b in numbers) or sum(numbers) <= 0:
        example = "--blend 0.7 0.3" if option("style_blend").startswith("-") else "style_blend=[0.7, 0.3]"
        raise NSTError(f"스타일 섞는 비율({option('style_blend')})은 0 이상의 수여야 하고 합이 0 보다 커야 합니다 "
                       f"(받은 값: {blend}). 예: {example}")
    return tuple(numbers)


def check_blend_count(blend, styles: int) -> list[float]:
    """스타일 이미지마다 비율이 하나씩 있는지 보고, 합이 1 이 되도록 나눈 비율을 돌려줍니다."""
    blend = [1.0] * styles if blend is None else list(check_blend(blend))
    if len(blend) != styles:
        raise NSTError(f"스타일 이미지는 {styles}개인데 섞는 비율({option('style_blend')})은 {len(blend)}개입니다. "
                       "스타일마다 비율을 하나씩 주세요 (예: 스타일 2개면 0.7 0.3).")
    return [b / sum(blend) for b in blend]


def check_ratios(ratios) -> list[float]:
    """격자의 열마다의 α/β: 0 보다 큰 수의 목록 (β = 1 / (α/β) 가 β 의 범위 안에 들도록 1e-12 ~ 1e12)."""
    numbers = _numbers(ratios)
    if not numbers:
        raise NSTError("α/β 비율(ratios)을 하나 이상 주세요 (예: ratios=[10, 1, 0.1]).")
    return [check_number("α/β 비율(ratios)", ratio, 1e-12, 1e12, "ratios=[10, 1, 0.1]") for ratio in numbers]


def _numbers(values) -> list[float]:
    """수의 목록으로 (수가 아닌 것은 NaN: 뒤의 검사가 한국어로 거절함)."""
    if isinstance(values, (int, float)):
        values = [values]
    try:
        values = list(values)
    except TypeError:
        return [math.nan]
    numbers = []
    for value in values:
        try:
            numbers.append(float(value))
        except (TypeError, ValueError):
            numbers.append(math.nan)
    return numbers


def layer_weights(layers, kind: str) -> dict:
    """층 목록이나 {층: 가중치} 를 {층: 가중치} 로. 목록이면 가중치를 똑같이 나눕니다 (합 1).

    >>> layer_weights(["conv1_1", "conv2_1"], "스타일")
    {'conv1_1': 0.5, 'conv2_1': 0.5}
    """
    example = "['conv1_1', 'conv2_1'] 또는 {'conv1_1': 0.5, 'conv2_1': 0.5}"
    if isinstance(layers, str):
        layers = [layers]
    if not isinstance(layers, dict):
        try:
            layers = list(layers)
        except TypeError:
            raise NSTError(f"{kind} 층은 층 이름의 목록이나 {{층: 가중치}} 여야 합니다 (받은 값: {layers!r}). "
                           f"예: {example}") from None
        layers = {layer: 1.0 / max(len(layers), 1) for layer in layers}
    if not layers:
        raise NSTError(f"{kind} 층을 하나 이상 고르세요. 예: {example}")
    checked = {}
    for layer, weight in layers.items():
        if not isinstance(layer, str):
            raise NSTError(f"{kind} 층의 이름은 글자여야 합니다 (받은 값: {layer!r}). 예: {example}")
        checked[layer] = _numbers([weight])[0]
        if not 0.0 <= checked[layer] < math.inf:
            raise NSTError(f"{kind} 층 '{layer}' 의 가중치는 0 이상의 보통 수여야 합니다: {weight!r}")
    return checked


DEFAULTS = Settings()
"""기본 설정. 고른 까닭은 docs/defaults.md 에 (그림과 함께) 적었습니다. 예: ``DEFAULTS.learning_rate``."""
