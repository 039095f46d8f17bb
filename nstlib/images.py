"""이미지를 읽고 저장하기 (images in, images out).

스타일 전이에 쓰는 그림은 언제나 `float32` 배열 `(높이 H, 너비 W, 3)`, 값은 [0, 1] 범위의 RGB 입니다.
`load_image` 는 학생이 가져오는 거의 모든 것(파일 경로, 업로드한 파일, 인터넷 주소, 배열, PIL 그림)을
이 모양으로 바꾸고, `save_image` 는 결과를 PNG/JPEG/WebP 파일로 안전하게 저장합니다.

학생이 올리는 사진에는 함정이 많습니다: 휴대폰 사진의 회전 정보(EXIF orientation), 투명한 배경,
인쇄용 CMYK, 16비트 PNG, 움직이는 GIF, 아이폰의 HEIC, 중간에 끊긴 업로드. 이 모듈이 그런 경우를 처리하거나,
무엇이 문제이고 어떻게 고치면 되는지 한국어로 알려 줍니다 (`NSTError`). 그 일을 하는 도우미는 옆의 비공개
모듈에 있습니다: 바이트를 그림으로 풀기 `_decode.py`, 어디에서 읽을지 `_sources.py`, 인터넷 주소
`_download.py`, 경로 찾기와 안전한 저장 `_files.py`.

>>> image = load_image(np.zeros((64, 96, 3), np.uint8))
>>> image.shape, image.dtype
((64, 96, 3), dtype('float32'))
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import numpy as np
from PIL import Image

from . import display
from ._decode import (_HIGH_DEPTH_MODES, _decode_pixels, _flatten_to_rgb, _high_depth_to_float, _open_image,
                      _pil_warnings_as_notice)
from ._files import _as_path, _is_dir, _quote, _shorten, check_file_name, write_atomically
from ._sources import _read_source
from .errors import NSTError, option

__all__ = ["MIN_SIDE", "MAX_PIXELS", "load_image", "save_image", "to_uint8", "resize_long_side"]

MIN_SIDE = 32
"""이미지의 짧은 변이 가져야 하는 최소 픽셀 수.

VGG 는 풀링(pooling) 층마다 그림의 가로·세로를 절반으로 줄입니다. 가장 깊은 스타일 층 conv5_1 은
네 번의 풀링 뒤에 있으므로 그 층의 특징 지도(feature map)는 원래 크기의 1/16 입니다.
16 픽셀이면 1×1 한 칸만 남아 스타일(그람 행렬, Gram matrix)을 잴 위치가 하나뿐이므로,
conv5_1 에 적어도 2×2 위치가 남도록 32 픽셀을 요구합니다.
"""

MAX_PIXELS = 100_000_000
"""이보다 많은 픽셀(1억 = 100 메가픽셀)의 그림은 거절합니다 (압축 폭탄, decompression bomb 방지).

휴대폰 사진은 12~50 메가픽셀이라 넉넉합니다. PIL 의 전역 설정(`Image.MAX_IMAGE_PIXELS`)에 기대지 않고
파일 머리(header)에 적힌 크기를 이 값과 직접 비교합니다.
"""

URL_TIMEOUT = 15.0
"""인터넷 주소 하나를 내려받는 데(연결부터 마지막 바이트까지) 기다리는 최대 시간(초)."""

URL_MAX_BYTES = 20 * 1024 * 1024
"""인터넷 주소에서 내려받을 수 있는 최대 크기(바이트, 20 MB)."""

SAVE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
"""`save_image` 가 아는 확장자와 파일 형식."""

ImageSource = Union[str, os.PathLike, bytes, bytearray, memoryview, np.ndarray, Image.Image,
                    Mapping[str, Any], Sequence[Mapping[str, Any]]]
"""`load_image` 에 넣을 수 있는 것 (그 밖에 TensorFlow 텐서와 ipywidgets 의 FileUpload 위젯도 됩니다)."""


# ---------------------------------------------------------------------------------------------
# 공개 함수 (public API)
# ---------------------------------------------------------------------------------------------

def load_image(source: ImageSource, max_size: int | None = 512, *, name: str | None = None,
               min_side: int = MIN_SIDE, max_pixels: int = MAX_PIXELS,
               timeout: float = URL_TIMEOUT, max_bytes: int = URL_MAX_BYTES) -> np.ndarray:
    """그림 하나를 읽어 float32 `(H, W, 3)`, 값 [0, 1] 의 RGB 배열로 돌려줍니다.

    Args:
        source: 다음 중 하나.
            - 파일 경로 (`str` 또는 `pathlib.Path`). 한글 파일 이름은 NFC·NFD 어느 쪽으로 적혀 있어도 찾습니다.
            - `http://`, `https://` 로 시작하는 인터넷 주소 (URL).
            - 파일 내용 (`bytes`, `bytearray`, `memoryview`).
            - ipywidgets 의 `FileUpload` 위젯, 그 `.value` (7.x 의 dict, 8.x 의 tuple), 또는 그 안의 파일 하나.
              여러 파일이 올라와 있으면 첫 번째 파일을 씁니다.
            - 배열 (NumPy 또는 TensorFlow 텐서): `(H, W)`, `(H, W, 1)`, `(H, W, 3)`, `(H, W, 4)`, `(1, H, W, 3)`.
              uint8 은 0~255, uint16 은 0~65535, 실수(float)는 [0, 1] 로 보고 그 밖의 값은 잘라 냅니다.
            - `PIL.Image.Image`.
        max_size: 긴 변이 이보다 크면 이 길이로 줄입니다 (고품질 LANCZOS 필터). 작은 그림을 키우지는 않습니다.
            `None` 이면 크기를 그대로 둡니다.
        name: 안내문에 쓸 파일 이름 (주지 않으면 경로나 업로드의 파일 이름을 씁니다).
        min_side: 줄인 뒤 짧은 변의 최소 픽셀 수 (기본 `MIN_SIDE` = 32). 더 작으면 거절합니다.
        max_pixels: 이보다 픽셀이 많은 그림은 거절합니다 (기본 `MAX_PIXELS` = 1억).
        timeout, max_bytes: 인터넷 주소에서 내려받을 때 기다리는 시간(초; 연결부터 다 받을 때까지 전체)과 최대
            크기(바이트).

    투명한 부분은 흰 배경 위에 얹고, 휴대폰 사진의 회전 정보(EXIF)를 따라 돌리며, 움직이는 그림은 첫 장면만
    씁니다. 읽을 수 없으면 무엇을 하면 되는지 알려 주는 `NSTError` 를 던집니다.

    >>> load_image(np.full((600, 800, 3), 255, np.uint8), max_size=400).shape
    (300, 400, 3)
    >>> image = load_image("고양이.jpg")  # doctest: +SKIP
    """
    _check_size_argument("max_size", max_size, allow_none=True)
    _check_size_argument("min_side", min_side, allow_none=False)
    _check_size_argument("max_pixels", max_pixels, allow_none=False)
    _check_size_argument("max_bytes", max_bytes, allow_none=False, unit="바이트 수")
    _check_timeout(timeout)
    if name is not None and not isinstance(name, str):
        raise NSTError(f"name(안내문에 쓸 파일 이름)은 글자여야 합니다 (받은 값: {_shorten(repr(name), 40)}). "
                       "예: name='고양이.jpg'")
    label = _quote(name) if name else None

    if isinstance(source, Image.Image):
        label = label or _pil_label(source)
        with _pil_warnings_as_notice(label):
            image, original = _from_pil(source, label, max_size, max_pixels, may_draft=False)
    elif _is_array_like(source):
        image, original = _from_array(source, label or "입력한 배열(array)", max_size)
    else:
        data, label, filename, content_type = _read_source(source, name, label, timeout, max_bytes)
        with _pil_warnings_as_notice(label):
            with _open_image(data, label, filename, content_type, max_pixels) as pil_image:
                image, original = _from_pil(pil_image, label, max_size, max_pixels, may_draft=True)

    _check_min_side(image, original, label, max_size, min_side)
    return image


def save_image(image: Any, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """[0, 1] 범위의 그림을 파일로 저장하고, 실제로 쓴 경로를 돌려줍니다.

    - `image`: float 배열 `(H, W, 3)` 또는 `(1, H, W, 3)` (NumPy 또는 TensorFlow 텐서). uint8 배열도 됩니다.
      NaN 은 0, +∞ 는 1, −∞ 는 0 이 되고, 값을 [0, 1] 로 자른 뒤 0~255 로 반올림합니다 (`to_uint8`).
    - 파일 형식은 확장자로 정합니다: `.png`, `.jpg`/`.jpeg` (품질 95), `.webp` (품질 95).
    - 같은 이름의 파일이 있으면 덮어쓰지 않고 `result-1.png`, `result-2.png` ... 처럼 새 이름을 고릅니다.
      덮어쓰려면 `overwrite=True` 를 주세요. 없는 폴더는 만들고 그렇다고 알려 줍니다.
    - 먼저 같은 폴더의 임시 파일에 쓴 뒤 이름을 바꾸므로(`os.replace`), 저장이 중간에 실패해도
      반쯤 쓰인 파일이 남지 않습니다.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> save_image(np.zeros((32, 32, 3)), folder / "result.png").name
    'result.png'
    >>> save_image(np.zeros((32, 32, 3)), folder / "result.png").name  # 이미 있으므로 새 이름
    'result-1.png'
    """
    target = _as_path(path, None)
    label = _quote(_shorten(target.name, 60))
    check_file_name(target)
    if _is_dir(target):
        raise NSTError(f"{label}: 폴더입니다. 그 폴더 안의 파일 이름을 주세요 (예: '{target / 'result.png'}').",
                       path=str(target))
    file_format = SAVE_FORMATS.get(target.suffix.lower())
    if file_format is None:
        known = ", ".join(SAVE_FORMATS)
        raise NSTError(f"{label}: 확장자 '{target.suffix or '(없음)'}' 로는 저장할 수 없습니다. "
                       f"이름 끝을 {known} 중 하나로 바꾸세요 (예: 'result.png').", path=str(target))
    pixels = _float_to_uint8(_as_rgb(_to_numpy(image), label, warn=True))
    options = {"JPEG": {"quality": 95, "subsampling": 0}, "WEBP": {"quality": 95}}.get(file_format, {})

    def write(temporary: Path) -> None:
        with open(temporary, "xb") as file:
            Image.fromarray(pixels).save(file, format=file_format, **options)
            file.flush()
            try:
                os.fsync(file.fileno())
            except OSError:  # 일부 네트워크 드라이브는 fsync 를 지원하지 않습니다
                pass

    return write_atomically(target, write, overwrite=overwrite)


def to_uint8(image: Any) -> np.ndarray:
    """[0, 1] 범위의 그림을 0~255 의 uint8 로 바꿉니다 (모양은 그대로).

    NaN → 0, +∞ → 1, −∞ → 0 으로 바꾸고 [0, 1] 로 자른 **뒤에** 255 를 곱해 반올림합니다
    (`floor(x·255 + 0.5)`, 정확히 .5 이면 올림). 그래서 1.2 는 255, −0.1 은 0, 0.5 는 128 이 되며,
    uint8 로 바꿀 때 값이 한 바퀴 돌아 엉뚱한 색이 되는 일(wrap-around)이 없습니다.
    uint8 배열은 그대로, uint16 은 0~65535 를 0~255 로, bool 은 0 또는 255 로 바꿉니다.

    >>> to_uint8(np.array([-0.1, 0.0, 0.25, 0.5, 1.0, 1.2, np.nan, np.inf]))
    array([  0,   0,  64, 128, 255, 255,   0, 255], dtype=uint8)
    """
    array = _to_numpy(image)
    if array.dtype == np.uint8:
        return array.copy()
    return _float_to_uint8(_to_float(array, "입력한 배열(array)", warn=False))


def resize_long_side(image: np.ndarray, max_size: int) -> np.ndarray:
    """배열 그림의 긴 변이 `max_size` 보다 크면 그 길이로 줄입니다 (고품질 LANCZOS 필터, 비율 유지).

    `(H, W)` 또는 `(H, W, C)` 배열을 받습니다. uint8 은 uint8 로, 그 밖의 값은 float32 로 돌려줍니다.
    LANCZOS 가 가장자리에서 살짝 넘치는 값은 입력의 최솟값·최댓값 사이로 잘라 냅니다.
    긴 변이 이미 `max_size` 이하이면 그대로 돌려줍니다 (키우지 않습니다).

    >>> resize_long_side(np.zeros((300, 600, 3), np.float32), 200).shape
    (100, 200, 3)
    """
    _check_size_argument("max_size", max_size, allow_none=False)
    array = _to_numpy(image)
    if array.ndim not in (2, 3):
        raise NSTError(f"resize_long_side 는 (H, W) 또는 (H, W, C) 배열을 받습니다 (받은 모양: {array.shape}).")
    height, width = array.shape[:2]
    if max(height, width) <= max_size:
        return array
    size = _target_size(width, height, max_size)
    values = array.astype(np.float32)
    channels = values[..., None] if values.ndim == 2 else values
    resized = np.stack([np.asarray(_resize(Image.fromarray(np.ascontiguousarray(channels[..., c])), size))
                        for c in range(channels.shape[-1])], axis=-1)
    resized = np.clip(resized, values.min(), values.max())
    if array.ndim == 2:
        resized = resized[..., 0]
    if array.dtype == np.uint8:
        return np.floor(resized + 0.5).astype(np.uint8)
    return resized.astype(np.float32)


# ---------------------------------------------------------------------------------------------
# 크기 규칙
# ---------------------------------------------------------------------------------------------

def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """고품질 축소: 큰 비율은 먼저 정수배로 빠르게 줄이고(reduce) 마지막을 LANCZOS 로 합니다."""
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _target_size(width: int, height: int, max_size: int) -> tuple[int, int]:
    """긴 변이 정확히 max_size 가 되도록 비율을 유지한 (너비, 높이)."""
    scale = max_size / max(width, height)
    if width >= height:
        return max_size, max(1, round(height * scale))
    return max(1, round(width * scale)), max_size


def _check_size_argument(what: str, value: Any, allow_none: bool, unit: str = "픽셀 수") -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise NSTError(f"{option(what)} 는 1 이상의 정수({unit})여야 합니다 (받은 값: {_shorten(repr(value), 40)}).")


MAX_TIMEOUT = 3600.0


def _check_timeout(timeout: Any) -> None:
    """내려받기를 기다리는 시간(초): 0 보다 크고 한 시간(MAX_TIMEOUT) 이하의 수."""
    ok = isinstance(timeout, (int, float, np.integer, np.floating)) and not isinstance(timeout, bool)
    if not ok or not 0 < float(timeout) <= MAX_TIMEOUT:
        raise NSTError(f"timeout(내려받기를 기다리는 초)은 0 보다 크고 {MAX_TIMEOUT:g} 이하의 수여야 합니다 "
                       f"(받은 값: {_shorten(repr(timeout), 40)}). 예: timeout=15")


def _check_min_side(image: np.ndarray, original: tuple[int, int], label: str,
                    max_size: int | None, min_side: int) -> None:
    height, width = image.shape[:2]
    if min(height, width) >= min_side:
        return
    if (width, height) != tuple(original) and min(original) >= min_side:
        needed = math.ceil(min_side * max(original) / min(original))
        where = (f"원래 {original[0]}×{original[1]} 픽셀을 {option('max_size', max_size)} 로 줄였더니 {width}×{height} "
                 f"픽셀이 되었습니다. {option('max_size')} 를 {needed} 이상으로 키우거나, 너무 길쭉하지 않게 잘라서 쓰세요.")
    else:
        where = f"크기가 {original[0]}×{original[1]} 픽셀입니다. 더 큰 그림을 쓰세요."
    raise NSTError(f"{label}: 그림이 너무 작습니다. {where} 짧은 변이 적어도 {min_side} 픽셀이어야 합니다 — VGG 가 "
                   "풀링(pooling)으로 그림을 여러 번 절반으로 줄여서, 깊은 층(conv5_1)에 특징이 거의 남지 않기 때문입니다.")


# ---------------------------------------------------------------------------------------------
# 배열 입력
# ---------------------------------------------------------------------------------------------

def _is_array_like(source: Any) -> bool:
    if isinstance(source, np.ndarray) or hasattr(source, "numpy"):
        return True
    return isinstance(source, (list, tuple)) and len(source) > 0 and not isinstance(source[0], Mapping)


def _to_numpy(image: Any) -> np.ndarray:
    if hasattr(image, "numpy"):  # TensorFlow 텐서·변수
        image = image.numpy()
    try:
        return np.asarray(image)
    except (TypeError, ValueError):           # 줄마다 길이가 다른 목록 등
        raise NSTError(f"{type(image).__name__} 을(를) 그림 배열로 바꿀 수 없습니다 (모든 줄의 길이가 같은 "
                       "(높이, 너비, 3) 모양이어야 합니다). numpy 배열이나 PIL 그림을 넣으세요.") from None


def _from_array(source: Any, label: str, max_size: int | None) -> tuple[np.ndarray, tuple[int, int]]:
    array = _as_rgb(_to_numpy(source), label, warn=True)
    original = (array.shape[1], array.shape[0])
    if max_size is not None:
        array = resize_long_side(array, max_size)
    return np.ascontiguousarray(np.clip(array, 0.0, 1.0), dtype=np.float32), original


def _as_rgb(array: np.ndarray, label: str, warn: bool) -> np.ndarray:
    """배열을 float32 `(H, W, 3)`, [0, 1] 로 바꿉니다. 알파 채널은 흰 배경 위에 얹습니다."""
    if array.ndim == 4 and array.shape[0] == 1:
        array = array[0]
    shape = array.shape
    if array.ndim == 4:
        raise NSTError(f"{label}: 그림 {shape[0]}장이 묶인 배열입니다 (모양 {shape}). 한 장씩 넣으세요 (예: images[0]).")
    if array.ndim == 3 and shape[0] in (1, 3, 4) and shape[-1] not in (1, 3, 4):
        raise NSTError(f"{label}: 채널이 맨 앞에 있는 배열입니다 (모양 {shape}, channels-first). "
                       "np.transpose(x, (1, 2, 0)) 으로 (높이, 너비, 채널) 순서로 바꿔 넣으세요.")
    if array.ndim not in (2, 3) or (array.ndim == 3 and shape[-1] not in (1, 3, 4)) or 0 in shape:
        raise NSTError(f"{label}: 그림 배열의 모양이 맞지 않습니다 ({shape}). (높이, 너비) 또는 "
                       "(높이, 너비, 3) 모양의 배열을 넣으세요.")
    values = _to_float(array, label, warn)
    if values.ndim == 2:
        values = values[..., None]
    if values.shape[-1] == 4:
        alpha = values[..., 3:]
        values = values[..., :3] * alpha + (1.0 - alpha)
    elif values.shape[-1] == 1:
        values = np.repeat(values, 3, axis=-1)
    return values.astype(np.float32)


def _to_float(array: np.ndarray, label: str, warn: bool) -> np.ndarray:
    """자료형(dtype)에 맞게 [0, 1] 실수로 바꿉니다: uint8 ÷255, uint16 ÷65535, bool, 실수는 자르기."""
    if array.dtype == np.bool_:
        return array.astype(np.float32)
    if array.dtype == np.uint8:
        return array.astype(np.float32) / 255.0
    if array.dtype == np.uint16:
        return array.astype(np.float32) / 65535.0
    if np.issubdtype(array.dtype, np.integer):
        low, high = int(array.min(initial=0)), int(array.max(initial=0))
        if 0 <= low and high <= 255:
            return array.astype(np.float32) / 255.0
        raise NSTError(f"{label}: 정수 배열의 값({low}~{high})이 0~255 를 벗어나 어떻게 읽을지 알 수 없습니다. "
                       "0~255 의 uint8 이나 [0, 1] 의 실수(float) 배열로 바꿔 넣으세요.")
    if np.issubdtype(array.dtype, np.floating):
        # float64 의 아주 큰 값을 float32 로 먼저 바꾸면 넘침(overflow) 경고가 나므로, 자른 뒤에 바꿉니다
        values = np.nan_to_num(array, nan=0.0, posinf=1.0, neginf=0.0)
        if warn and values.size and float(values.max()) > 2.0:
            display.notice(f"{label}: 실수(float) 배열의 값이 [0, 1] 을 크게 넘습니다 (최댓값 {float(values.max()):.1f}). "
                           "0~255 값이라면 255 로 나누어 넣으세요. 지금은 [0, 1] 로 잘라서 씁니다.", "warning")
        return np.clip(values, 0.0, 1.0).astype(np.float32)
    raise NSTError(f"{label}: {array.dtype} 자료형의 배열은 그림으로 쓸 수 없습니다. uint8 이나 float 배열을 넣으세요.")


def _float_to_uint8(values: np.ndarray) -> np.ndarray:
    """[0, 1] 실수 → 0~255, 반올림 (floor(x·255 + 0.5)). 입력은 이미 잘려 있어야 합니다."""
    return np.floor(values.astype(np.float32) * 255.0 + 0.5).astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# PIL 그림 → 배열
# ---------------------------------------------------------------------------------------------

def _from_pil(image: Image.Image, label: str, max_size: int | None, max_pixels: int,
              may_draft: bool) -> tuple[np.ndarray, tuple[int, int]]:
    """PIL 그림을 (float32 RGB 배열, 원래 (너비, 높이)) 로 바꿉니다."""
    image, original = _decode_pixels(image, label, max_size, max_pixels, may_draft)
    if image.mode in _HIGH_DEPTH_MODES:
        gray = _high_depth_to_float(image)
        array = np.repeat(gray[..., None], 3, axis=2)
        if max_size is not None:
            array = resize_long_side(array, max_size)
        return np.ascontiguousarray(array, dtype=np.float32), original
    rgb = _flatten_to_rgb(image, label)
    if max_size is not None and max(rgb.size) > max_size:
        rgb = _resize(rgb, _target_size(rgb.width, rgb.height, max_size))
    return np.asarray(rgb, dtype=np.float32) / 255.0, original


def _pil_label(image: Image.Image) -> str:
    filename = getattr(image, "filename", "")
    return _quote(Path(filename).name) if filename else "입력한 PIL 그림(Image)"
