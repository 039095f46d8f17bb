"""이미지를 읽고 저장하기 (images in, images out).

스타일 전이에 쓰는 그림은 언제나 `float32` 배열 `(높이 H, 너비 W, 3)`, 값은 [0, 1] 범위의 RGB 입니다.
`load_image` 는 학생이 가져오는 거의 모든 것(파일 경로, 업로드한 파일, 인터넷 주소, 배열, PIL 그림)을
이 모양으로 바꾸고, `save_image` 는 결과를 PNG/JPEG/WebP 파일로 안전하게 저장합니다.

학생이 올리는 사진에는 함정이 많습니다: 휴대폰 사진의 회전 정보(EXIF orientation), 투명한 배경,
인쇄용 CMYK, 16비트 PNG, 움직이는 GIF, 아이폰의 HEIC, 중간에 끊긴 업로드. 이 모듈이 그런 경우를 처리하거나,
무엇이 문제이고 어떻게 고치면 되는지 한국어로 알려 줍니다 (`NSTError`).

>>> image = load_image(np.zeros((64, 96, 3), np.uint8))
>>> image.shape, image.dtype
((64, 96, 3), dtype('float32'))
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import http.client
import io
import itertools
import math
import os
import secrets
import socket
import struct
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import warnings
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from . import display
from .errors import NSTError, option
from .project import REPO_URL

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

_HIGH_DEPTH_MODES = {"I;16", "I;16L", "I;16B", "I;16N", "I", "F"}
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"heif"}
# 망가진 파일을 풀 때 PIL 이 던질 수 있는 예외들 (TypeError: 머리의 색 방식이 망가져 디코더를 못 만들 때)
_DAMAGED_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, IndexError, TypeError,
                   KeyError)
_DEFLATE_MAX_RATIO = 1032
"""deflate(zlib) 압축이 줄일 수 있는 최대 비율. PNG 의 픽셀은 이보다 더 작게 압축될 수 없습니다."""
_UPLOADED = "업로드한 파일"


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
# 저장
# ---------------------------------------------------------------------------------------------

def unused_path(path: Path) -> Path:
    """`result.png` 가 있으면 `result-1.png`, `result-2.png` ... 중 아직 없는 첫 이름."""
    if not _exists(path):
        return path
    for number in itertools.count(1):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not _exists(candidate):
            return candidate
    raise AssertionError("unreachable")


NAME_MAX = 255
"""파일 이름 하나의 최대 길이(바이트). 폴더의 파일 시스템이 알려 주지 않을 때 씁니다 (Linux, macOS, Windows 모두 255)."""

_NUMBER_ROOM = 6
"""같은 이름이 있으면 `result-1.png` … 처럼 번호를 붙이므로, 파일 이름에는 그만큼(바이트)을 남겨 둡니다."""


def check_file_name(path: Path) -> None:
    """저장하기 **전에** 그 이름으로 파일을 만들 수 있는지 봅니다: 쓸 수 없는 글자와 너무 긴 이름.

    파일 시스템은 이름의 길이를 글자가 아니라 바이트로 잽니다 (UTF-8 에서 한글 한 글자는 3바이트라서,
    한글 85자면 255바이트 한도를 넘습니다). 길면 영어 `OSError: File name too long` 대신 한국어 `NSTError`.

    >>> check_file_name(Path("결과.png"))
    >>> try:
    ...     check_file_name(Path("가" * 90 + ".png"))
    ... except NSTError as error:
    ...     print(str(error).split(": ", 1)[1][:30])
    파일 이름이 너무 깁니다 (274바이트, 이 폴더에서는
    """
    text = str(path)
    label = _quote(_shorten(path.name, 20))
    if "\x00" in text:
        raise NSTError(f"{label}: 파일 이름에 빈 글자(NUL, \\x00)가 들어 있어 저장할 수 없습니다. 이름을 다시 쓰세요 "
                       "(예: 'result.png').", path=text.replace("\x00", "\\x00"))
    try:
        parts = [os.fsencode(part) for part in path.parts]
    except UnicodeError:
        raise NSTError(f"{label}: 이 컴퓨터의 파일 이름에 쓸 수 없는 글자가 들어 있습니다. 한글·영문·숫자로 된 "
                       "이름으로 저장하세요 (예: 'result.png').", path=text) from None
    limit = _name_limit(path.parent)
    for index, part in enumerate(parts):
        room = _NUMBER_ROOM if index == len(parts) - 1 else 0
        if len(part) + room > limit:
            what = "파일 이름이" if room else f"폴더 이름 '{_shorten(os.fsdecode(part), 20)}' 이(가)"
            raise NSTError(f"{label}: {what} 너무 깁니다 ({len(part)}바이트, 이 폴더에서는 {limit - room}바이트까지; "
                           "한글 한 글자는 3바이트). 더 짧은 이름으로 저장하세요 (예: 'result.png').", path=text)


def _name_limit(folder: Path) -> int:
    """`folder` (없으면 있는 가장 가까운 위 폴더)의 파일 시스템이 허락하는 이름의 길이(바이트)."""
    for candidate in (folder, *folder.parents):
        try:
            if candidate.is_dir():
                return int(os.pathconf(candidate, "PC_NAME_MAX"))
        except (OSError, ValueError, AttributeError):   # 너무 긴 경로, 알려 주지 않는 파일 시스템, Windows
            continue
    return NAME_MAX


def _is_dir(path: Path) -> bool:
    """`path.is_dir()` 인데, 경로를 볼 수 없으면(너무 긴 이름, 권한 없음 …) 예외 대신 False."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def write_atomically(path: Path, write: Callable[[Path], None], *, overwrite: bool) -> Path:
    """`write(임시 경로)` 로 임시 파일에 다 쓴 다음 이름을 붙이고, 실제로 쓴 경로를 돌려줍니다.

    - 실패하면(디스크가 가득 참, 권한 없음 ...) 임시 파일을 지우고, 있던 파일은 건드리지 않으며, 무엇을 하면 되는지
      알려 주는 `NSTError` 를 던집니다.
    - overwrite=False 이면 있던 파일을 덮어쓰지 않고 `unused_path` 로 새 이름을 고릅니다. 이름은 os.link (또는
      O_EXCL 로 빈 파일 만들기)로 붙이므로, 두 프로그램이 같은 이름에 동시에 저장해도 서로 덮어쓰지 않습니다.
    - 저장할 폴더가 없으면 만들고 그렇다고 알려 줍니다.

    그림(save_image), GIF, MP4 저장이 모두 이 함수를 씁니다.
    """
    check_file_name(path)
    folder = path.parent
    if not _is_dir(folder):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise NSTError(f"{_quote(path.name)}: 저장할 폴더 '{folder}' 를 만들 수 없습니다 ({_describe(error)}). "
                           f"{_save_advice(error, folder)}", path=str(path)) from None
        display.notice(f"저장할 폴더 '{folder}' 가 없어서 새로 만들었습니다.", "info")
    # 임시 이름은 원래 이름보다 길어지지 않게 (이름이 거의 한도까지 길어도 쓸 수 있도록)
    temporary = path.with_name(f".{path.stem[:16]}.{secrets.token_hex(4)}.tmp")
    try:
        write(temporary)
        if overwrite:
            os.replace(temporary, path)
            return path
        target = _claim_unused_name(path, temporary)
        if target != path:
            display.notice(f"{_quote(path.name)} 파일이 이미 있어서 {_quote(target.name)} 에 저장했습니다. "
                           f"같은 이름에 덮어쓰려면 {option('overwrite', True)} 로 저장하세요.", "info")
        return target
    except OSError as error:
        raise NSTError(f"{_quote(path.name)}: 파일을 저장하지 못했습니다 ({_describe(error)}). "
                       f"{_save_advice(error, folder)}", path=str(path)) from None
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def _claim_unused_name(path: Path, temporary: Path) -> Path:
    """다 쓴 임시 파일에 아직 없는 이름(`unused_path`)을 붙입니다. 그 사이에 남이 만든 파일은 덮어쓰지 않습니다."""
    while True:
        target = unused_path(path)
        try:
            os.link(temporary, target)          # 이미 있으면 FileExistsError: 남의 파일을 덮어쓰지 않음
            return target
        except FileExistsError:
            continue
        except OSError as error:                # 하드 링크를 못 쓰는 드라이브 (FAT, 일부 네트워크 드라이브)
            if error.errno == errno.EACCES or error.errno in _DISK_FULL:
                raise                           # 링크가 아니라 폴더·디스크의 문제: 다른 방법도 실패합니다
        try:                                    # 빈 파일로 이름을 먼저 차지한 뒤 내용을 옮깁니다
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        try:
            os.replace(temporary, target)
        except OSError:
            target.unlink(missing_ok=True)
            raise
        return target


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _describe(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _save_advice(error: OSError, folder: Path) -> str:
    """저장이 실패한 까닭(errno)에 맞는 한국어 안내."""
    if error.errno in _DISK_FULL:
        return ("디스크(저장 공간)가 가득 찼습니다. 필요 없는 파일을 지워 공간을 만들거나, 공간이 남은 다른 폴더·드라이브에 "
                "저장하세요 (Colab 이면 Google Drive 를 연결해 그곳에 저장할 수 있습니다).")
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"폴더 '{folder}' 에 쓸 권한이 없습니다. 쓸 수 있는 다른 폴더(예: 홈 폴더나 지금 작업 중인 폴더)에 "
                "저장하거나, 폴더의 권한을 확인하세요.")
    if error.errno == errno.ENAMETOOLONG:
        return "파일 이름이나 경로가 너무 깁니다. 더 짧은 이름으로 저장하세요."
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return "경로 중간에 폴더가 아니라 파일인 것이 있습니다. 경로를 확인하세요."
    return "폴더에 쓸 권한이 있는지, 저장 공간이 남아 있는지 확인한 뒤 다시 저장하세요."


# ---------------------------------------------------------------------------------------------
# 어디에서 읽을까: 경로, URL, 바이트, 업로드
# ---------------------------------------------------------------------------------------------

def _read_source(source: Any, name: str | None, label: str | None, timeout: float,
                 max_bytes: int) -> tuple[bytes, str, str | None, str | None]:
    """배열·PIL 이 아닌 입력을 (내용, 안내문용 이름, 확장자를 볼 파일 이름, Content-Type) 으로 바꿉니다."""
    if source is None:
        raise NSTError("이미지가 없습니다 (None 을 받았습니다). 파일 경로나 업로드한 파일을 넣었는지, "
                       "업로드 위젯에서 파일을 먼저 골랐는지 확인하세요.")
    if isinstance(source, str) and source.strip().lower().startswith(("http://", "https://")):
        url = source.strip()
        label = label or f"URL {_quote(_shorten(url))}"
        try:
            parts = urllib.parse.urlsplit(url)
            parts.port                           # 닫히지 않은 '[' (IPv6 주소), 숫자가 아닌 포트는 ValueError
        except ValueError:
            raise NSTError(f"{label}: 인터넷 주소의 모양이 잘못되었습니다. 주소를 다시 복사해 넣으세요 (그림 위에서 "
                           "마우스 오른쪽 단추 → '이미지 주소 복사').", path=url) from None
        filename = name or Path(parts.path).name or None
        data, content_type = _download(url, label, timeout, max_bytes)
        return data, label, filename, content_type
    if isinstance(source, (str, os.PathLike)):
        path = _find_file(_as_path(source, label), label)
        label = label or _quote(path.name)
        return _read_file(path, label), label, name or path.name, None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), label or _UPLOADED, name, None
    if isinstance(source, (Mapping, tuple, list)):
        data, filename = _upload_entry(source)
        filename = name or filename
        return data, label or (_quote(filename) if filename else _UPLOADED), filename, None
    value = getattr(source, "value", None)
    if value is not None and not callable(value):  # ipywidgets.FileUpload 위젯 자체
        return _read_source(value, name, label, timeout, max_bytes)
    raise NSTError(f"{type(source).__name__} 형식은 이미지로 읽을 수 없습니다. 파일 경로, 인터넷 주소(URL), "
                   "업로드한 파일, 배열(numpy array) 또는 PIL 그림을 넣으세요.")


def _as_path(source: str | os.PathLike, label: str | None) -> Path:
    """글자나 PathLike 를 Path 로. 파일 이름이 될 수 없는 글자(NUL, 짝 없는 surrogate)는 한국어 NSTError."""
    if not isinstance(source, (str, os.PathLike)):
        raise NSTError(f"파일 경로는 글자나 pathlib.Path 여야 합니다 (받은 것: {type(source).__name__} "
                       f"{_shorten(repr(source), 40)}). 예: 'result.png'")
    try:
        path = Path(source)
        os.fsencode(path)
    except (TypeError, ValueError):          # bytes 를 돌려주는 PathLike, NUL, 인코딩할 수 없는 글자
        raise NSTError(f"{label or _quote(_shorten(repr(source), 40))}: 파일 경로로 쓸 수 없는 글자가 들어 있습니다. "
                       "경로를 다시 복사하거나 파일 이름을 한글·영문·숫자로 바꾸세요.") from None
    if "\x00" in str(path):
        raise NSTError(f"{label or _quote(_shorten(str(path), 40))}: 파일 경로에 빈 글자(NUL, \\x00)가 들어 있습니다. "
                       "경로를 다시 복사해 넣으세요.")
    try:
        return path.expanduser()
    except RuntimeError:                     # '~없는사용자/...': 홈 폴더를 알 수 없음 → 그대로 찾아봄
        return path


def _exists(path: Path) -> bool:
    """`path.exists()` 인데, 경로를 볼 수 없으면(너무 긴 이름, 권한 없음 …) 예외 대신 False."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _find_file(path: Path, label: str | None) -> Path:
    """경로를 찾습니다. 없으면 한글 이름의 다른 정규화(NFC/NFD)로 한 단계씩 다시 찾아봅니다.

    macOS 는 한글 파일 이름을 자모를 풀어 쓴 NFD 로, 키보드로 친 이름은 보통 NFC 로 저장하므로
    눈에는 같은 이름이 컴퓨터에는 다르게 보일 수 있습니다. 찾은 것이 보통 파일이 아니면(폴더, /dev/zero 같은
    장치, 파이프) 읽기 전에 거절합니다: 장치는 끝없이 읽히거나 입력을 기다리며 멈출 수 있습니다.
    """
    found = path if _exists(path) else _find_other_normalization(path)
    label = label or _quote(_shorten(path.name, 80))
    if found is None:
        raise NSTError(_not_found_message(path, label), path=str(path))
    if _is_dir(found):
        raise NSTError(f"{label}: 파일이 아니라 폴더입니다 (경로: {found}). 폴더 안의 그림 파일 경로를 넣으세요.",
                       path=str(found))
    try:
        regular = found.is_file()
    except (OSError, ValueError):
        regular = False
    if not regular:
        raise NSTError(f"{label}: 그림 파일이 아니라 장치나 파이프 같은 특별한 파일입니다 (경로: {found}). 그림 파일"
                       "(JPEG, PNG)의 경로를 넣으세요.", path=str(found))
    return found


def _not_found_message(path: Path, label: str) -> str:
    message = f"{label}: 파일을 찾을 수 없습니다 (경로: {path}). 경로와 파일 이름, 확장자(.jpg, .png)를 확인하세요."
    parent = path.parent
    length = len(os.fsencode(path.name))
    if length > NAME_MAX:
        return message + f" 이름이 {length}바이트로, 파일 이름이 될 수 있는 길이({NAME_MAX}바이트)보다 깁니다."
    if not _is_dir(parent):
        return (message + f" 폴더 '{parent}' 도 없습니다. Colab 에서는 런타임이 다시 시작되면 올린 파일이 지워지니 "
                "다시 올리세요.")
    try:
        # 대소문자와 정규화를 무시하고 비교 (Linux·Colab 에서는 'Cat.JPG' 와 'cat.jpg' 가 다른 파일)
        names = {unicodedata.normalize("NFC", p.name).lower(): p.name for p in parent.iterdir()}
    except OSError:
        return message
    wanted = unicodedata.normalize("NFC", path.name).lower()
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.75)
    if close:
        message += f" 비슷한 이름: {', '.join(names[c] for c in close)}."
    return message + f" 폴더 안의 파일 목록은 `import os; os.listdir({str(parent)!r})` 로 볼 수 있습니다."


def _find_other_normalization(path: Path) -> Path | None:
    """경로의 각 부분(폴더, 파일 이름)을 NFC 로 맞춰 비교하며 실제로 있는 경로를 찾습니다."""
    current = Path(path.anchor) if path.anchor else Path()
    for part in path.parts[1 if path.anchor else 0:]:
        candidate = current / part
        if not _exists(candidate):
            wanted = unicodedata.normalize("NFC", part)
            try:
                matches = [c for c in current.iterdir() if unicodedata.normalize("NFC", c.name) == wanted]
            except OSError:
                return None
            if not matches:
                return None
            candidate = matches[0]
        current = candidate
    return current


def _read_file(path: Path, label: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise NSTError(f"{label}: 파일을 열 수 없습니다 ({error.strerror or error}). 읽기 권한이 있는지, "
                       "다른 프로그램이 쓰고 있지 않은지 확인하세요.", path=str(path)) from error


def _upload_entry(value: Mapping | Sequence) -> tuple[bytes, str | None]:
    """ipywidgets FileUpload 의 값에서 첫 번째 파일의 (내용, 이름) 을 꺼냅니다.

    - ipywidgets 7.x (Colab): `{파일이름: {"metadata": {"name": ...}, "content": bytes}}`
    - ipywidgets 8.x: `({"name": ..., "type": ..., "size": ..., "content": memoryview}, ...)`
    - Colab 의 `google.colab.files.upload()`: `{파일이름: bytes}`
    """
    if isinstance(value, Mapping) and value and all(isinstance(v, (bytes, bytearray)) for v in value.values()):
        value = {name: {"name": name, "content": content} for name, content in value.items()}
    if isinstance(value, Mapping) and "content" in value:
        entry = value
    elif len(value) == 0:
        raise NSTError("업로드한 파일이 없습니다. 업로드 버튼(Upload)을 눌러 그림 파일을 먼저 고르세요.")
    else:
        entries = list(value.values()) if isinstance(value, Mapping) else list(value)
        entry = entries[0]
        if not isinstance(entry, Mapping) or "content" not in entry:
            raise NSTError("업로드한 값의 모양을 알 수 없습니다. FileUpload 위젯이나 그 .value 를 그대로 넣으세요.")
        if len(entries) > 1:
            display.notice(f"파일이 {len(entries)}개 올라와 있어 첫 번째 파일 "
                           f"{_quote(_entry_name(entry) or '?')} 만 사용합니다.", "info")
    content = entry["content"]
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise NSTError("업로드한 파일의 내용(content)이 바이트가 아닙니다. FileUpload 위젯의 .value 를 그대로 넣으세요.")
    return bytes(content), _entry_name(entry)


def _entry_name(entry: Mapping) -> str | None:
    metadata = entry.get("metadata")
    return entry.get("name") or (metadata.get("name") if isinstance(metadata, Mapping) else None)


def _download(url: str, label: str, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    """URL 의 내용을 `max_bytes` 까지만 조금씩(64 KB) 내려받습니다."""
    too_big = NSTError(f"{label}: 파일이 너무 큽니다 ({max_bytes / 1e6:.0f} MB 보다 큼). 더 작은 그림의 주소를 쓰거나, "
                       "내려받아 크기를 줄인 뒤 파일로 올리세요.", path=url)
    deadline = _Deadline(timeout)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": f"nstlib (+{REPO_URL}) Python-urllib"})
        with _opener(deadline).open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise too_big
            chunks, total = [], 0
            while chunk := response.read(64 * 1024):
                total += len(chunk)
                if total > max_bytes:
                    raise too_big
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise NSTError(f"{label}: {_http_advice(error.code)} (HTTP {error.code})", path=url) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise _timeout_error(label, url, timeout) from None
        raise NSTError(f"{label}: 서버에 연결할 수 없습니다 ({error.reason}). 인터넷 연결과 주소를 확인하세요. "
                       "인터넷이 안 되면 그림을 파일로 올려서 쓰세요.", path=url) from None
    except (TimeoutError, socket.timeout):
        raise _timeout_error(label, url, timeout) from None
    except (OSError, ValueError, http.client.HTTPException) as error:  # 연결이 끊김, 잘못된 주소 모양 등
        raise NSTError(f"{label}: 내려받는 중에 문제가 생겼습니다 ({error}). 주소를 확인하고 다시 해 보거나, "
                       "그림을 파일로 올려서 쓰세요.", path=url) from None


class _Deadline:
    """내려받기 한 번 전체의 시간 한도.

    소켓의 timeout 은 **한 번 읽기**의 한도일 뿐이라, 1바이트씩 3초마다 흘려 보내는 서버 앞에서는 영영 끝나지
    않습니다. 그래서 읽을 때마다 남은 시간만큼만 기다리고, 시간이 다 되면 TimeoutError 를 던집니다.
    """

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("download deadline passed")
        return left


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """urllib 의 opener 인데, 연결과 모든 읽기(머리말 포함)가 `deadline` 안에서만 기다립니다."""

    class Reader(io.RawIOBase):
        def __init__(self, sock):
            self.sock, self.raw = sock, sock.makefile("rb", buffering=0)

        def readable(self):
            return True

        def readinto(self, buffer):
            self.sock.settimeout(deadline.remaining())
            return self.raw.readinto(buffer)

        def close(self):
            self.raw.close()
            super().close()

    class Socket:                                  # 연결의 소켓 그대로, 읽는 파일만 Reader 로
        def __init__(self, sock):
            self._sock = sock

        def makefile(self, mode="r", *args, **kwargs):
            if mode != "rb":
                return self._sock.makefile(mode, *args, **kwargs)
            return io.BufferedReader(Reader(self._sock))

        def __getattr__(self, name):
            return getattr(self._sock, name)

    def with_deadline(connection_class):
        class Connection(connection_class):
            def connect(self):
                self.timeout = deadline.remaining()
                super().connect()
                self.sock = Socket(self.sock)
        return Connection

    class HTTP(urllib.request.HTTPHandler):
        def do_open(self, http_class, request, **options):
            return super().do_open(with_deadline(http_class), request, **options)

    class HTTPS(urllib.request.HTTPSHandler):
        def do_open(self, http_class, request, **options):
            return super().do_open(with_deadline(http_class), request, **options)

    return urllib.request.build_opener(HTTP, HTTPS)


def _http_advice(code: int) -> str:
    if code in (404, 410):
        return ("그 주소에 파일이 없습니다. 주소를 다시 복사하세요 — 그림 위에서 마우스 오른쪽 단추 → "
                "'이미지 주소 복사'로 그림 자체의 주소를 가져와야 합니다")
    if code in (401, 403):
        return "사이트가 내려받기를 허락하지 않았습니다. 그림을 컴퓨터에 저장한 뒤 파일로 올리세요"
    if code == 429:
        return "요청이 너무 많다고 사이트가 거절했습니다. 잠시 뒤에 다시 하거나 그림을 파일로 올리세요"
    if code >= 500:
        return "사이트의 서버에 문제가 있습니다. 잠시 뒤에 다시 하거나 다른 그림을 쓰세요"
    return "사이트가 파일을 주지 않았습니다. 주소를 확인하거나 그림을 파일로 올리세요"


def _timeout_error(label: str, url: str, timeout: float) -> NSTError:
    return NSTError(f"{label}: {timeout:g}초 안에 내려받지 못했습니다 (시간 초과, timeout). 인터넷 연결을 확인하고 "
                    "다시 하거나, 그림을 파일로 올려서 쓰세요.", path=url)


# ---------------------------------------------------------------------------------------------
# 바이트 → PIL 그림 → 배열
# ---------------------------------------------------------------------------------------------

def _open_image(data: bytes, label: str, filename: str | None, content_type: str | None,
                max_pixels: int) -> Image.Image:
    """내용을 PIL 그림으로 엽니다 (아직 픽셀은 풀지 않음). 열 수 없으면 까닭을 짐작해 알려 줍니다."""
    if not data:
        raise NSTError(f"{label}: 파일이 비어 있습니다 (0 바이트). 업로드가 끝까지 되었는지 확인하고 다시 올리세요.",
                       path=filename)
    if _looks_like_heif(data, filename):
        _register_heif_opener()
    try:
        with warnings.catch_warnings():  # 크기는 아래에서 max_pixels 로 직접 검사합니다
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_many_pixels(label, None, max_pixels, filename) from None
    except UnidentifiedImageError:
        raise _unreadable_error(data, label, filename, content_type) from None
    except _DAMAGED_ERRORS:
        raise _damaged_error(label, filename) from None
    _check_pixels(image.size, label, max_pixels, filename)
    if image.format == "PNG" and _png_too_short(image.size, len(data)):
        image.close()
        raise _damaged_error(label, filename)
    return image


def _png_too_short(size: tuple[int, int], n_bytes: int) -> bool:
    """PNG 머리에 적힌 크기를 담기에 파일이 너무 짧은가 (잘렸거나 머리가 망가짐).

    가장 작은 PNG 픽셀(1비트 흑백)도 줄마다 1 바이트(필터) + 너비/8 바이트이고, deflate 는 최대 1032 배까지만
    압축하므로, 이보다 짧은 파일은 끝까지 풀 수 없습니다. 수백 MB 를 잡고 풀다가 실패하지 않도록 미리 거절합니다.
    """
    width, height = size
    smallest_pixels = height * (1 + math.ceil(width / 8))
    return smallest_pixels > _DEFLATE_MAX_RATIO * n_bytes + 1024


@contextlib.contextmanager
def _pil_warnings_as_notice(label: str):
    """PIL 이 망가진 부분을 건너뛰며 내는 영어 경고(UserWarning)를 한국어 안내 하나로 바꿉니다.

    경고가 오류로 바뀌는 환경(`-W error`)에서도 그림을 읽을 수 있게, 그 밖의 경고(예: 압축 폭탄 경고)는
    조용히 넘깁니다 — 크기는 `max_pixels` 로 직접 검사합니다.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore")
        warnings.simplefilter("always", UserWarning)
        yield
    if caught:
        display.notice(f"{label}: 파일의 일부가 손상되어 그 부분을 건너뛰고 읽었습니다 ({caught[0].message}). "
                       "그림이 이상해 보이면 원본 파일을 다시 올리거나 그림 프로그램에서 다시 저장하세요.", "warning")


def _from_pil(image: Image.Image, label: str, max_size: int | None, max_pixels: int,
              may_draft: bool) -> tuple[np.ndarray, tuple[int, int]]:
    """PIL 그림을 (float32 RGB 배열, 원래 (너비, 높이)) 로 바꿉니다."""
    _check_pixels(image.size, label, max_pixels, getattr(image, "filename", None))
    try:
        frames = getattr(image, "n_frames", 1)
    except _DAMAGED_ERRORS:  # 장면을 세다가 뒤쪽의 망가진 장면을 만남: 첫 장면으로 돌아가 봅니다
        try:
            image.seek(0)
        except _DAMAGED_ERRORS:
            raise _damaged_error(label, getattr(image, "filename", None)) from None
        display.notice(f"{label}: 움직이는 그림의 뒤쪽 장면이 손상되어 있습니다. 첫 장면만 사용합니다.", "warning")
        frames = 1
    if frames > 1 and image.format != "MPO":  # MPO: 카메라 JPEG 안의 깊이 지도 등, 움직이는 그림이 아님
        display.notice(f"{label}: {frames}장면(frame)으로 된 움직이는 그림입니다. 첫 장면만 사용합니다.", "info")
    original = _oriented_size(image)
    if may_draft and max_size is not None and image.format in ("JPEG", "MPO") and max(image.size) > max_size:
        # JPEG 은 1/2, 1/4, 1/8 크기로 바로 풀 수 있어(draft) 큰 사진도 빠르고 메모리를 적게 씁니다
        scale = max_size / max(image.size)
        image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except _DAMAGED_ERRORS:
        raise _damaged_error(label, getattr(image, "filename", None)) from None
    except MemoryError:
        raise NSTError(f"{label}: 그림({image.width}×{image.height} 픽셀)을 풀기에 메모리가 모자랍니다. 그림 프로그램에서 "
                       "크기를 줄여 다시 저장하거나, 다른 프로그램을 닫고 다시 하세요.",
                       path=getattr(image, "filename", None)) from None
    image = _apply_exif_orientation(image)

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


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    """EXIF 회전 정보를 따른 뒤의 (너비, 높이)."""
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:
        orientation = 1
    return image.size[::-1] if orientation in (5, 6, 7, 8) else image.size


def _apply_exif_orientation(image: Image.Image) -> Image.Image:
    """휴대폰 사진의 회전 정보(EXIF Orientation)대로 돌립니다. 정보가 망가져 있으면 그대로 둡니다."""
    try:
        if image.getexif().get(0x0112, 1) == 1:
            return image
        return ImageOps.exif_transpose(image)
    except Exception:
        return image


def _flatten_to_rgb(image: Image.Image, label: str) -> Image.Image:
    """8비트 그림을 RGB 로 바꿉니다. 투명한 부분은 검은색이 아니라 흰 배경 위에 얹습니다."""
    try:
        if image.mode in _ALPHA_MODES or "transparency" in image.info:
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return Image.alpha_composite(white, rgba).convert("RGB")
        return image if image.mode == "RGB" else image.convert("RGB")
    except (ValueError, OSError):
        raise NSTError(f"{label}: 이 그림의 색 방식({image.mode})은 RGB 로 바꿀 수 없습니다. 그림 프로그램에서 "
                       "RGB 의 PNG 나 JPEG 로 다시 저장한 뒤 쓰세요.") from None


def _high_depth_to_float(image: Image.Image) -> np.ndarray:
    """16비트·32비트 흑백 그림(I;16, I, F)을 [0, 1] 실수로 바꿉니다 (255 에서 잘리지 않게).

    I;16 과 I 는 16비트 값(0~65535)으로 봅니다. F 는 값의 범위를 보고 정합니다:
    최댓값이 1 이하면 그대로, 255 이하면 255 로, 그보다 크면 65535 로 나눕니다.
    """
    values = np.asarray(image).astype(np.float32)
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    top = float(values.max(initial=0.0))
    if image.mode == "F":
        scale = 1.0 if top <= 1.0 else 255.0 if top <= 255.0 else 65535.0
    else:
        scale = 65535.0 if top <= 65535.0 else top
    return np.clip(values / scale, 0.0, 1.0)


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """고품질 축소: 큰 비율은 먼저 정수배로 빠르게 줄이고(reduce) 마지막을 LANCZOS 로 합니다."""
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _target_size(width: int, height: int, max_size: int) -> tuple[int, int]:
    """긴 변이 정확히 max_size 가 되도록 비율을 유지한 (너비, 높이)."""
    scale = max_size / max(width, height)
    if width >= height:
        return max_size, max(1, round(height * scale))
    return max(1, round(width * scale)), max_size


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
# 검사와 안내문
# ---------------------------------------------------------------------------------------------

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


def _check_pixels(size: tuple[int, int], label: str, max_pixels: int, filename: str | None) -> None:
    if size[0] * size[1] > max_pixels:
        raise _too_many_pixels(label, size, max_pixels, filename)


def _too_many_pixels(label: str, size: tuple[int, int] | None, max_pixels: int, filename: str | None) -> NSTError:
    what = f"{size[0]}×{size[1]} = {size[0] * size[1] / 1e6:.1f} 메가픽셀" if size else "PIL 의 한도를 넘음"
    return NSTError(f"{label}: 그림이 너무 큽니다 ({what}, 최대 {max_pixels / 1e6:g} 메가픽셀). 사진 앱이나 그림 "
                    "프로그램에서 크기를 줄여 다시 저장한 뒤 쓰세요. 일부러 크게 만든 '압축 폭탄(decompression bomb)' "
                    "파일일 수도 있습니다.", path=filename)


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


def _damaged_error(label: str, filename: str | None) -> NSTError:
    return NSTError(f"{label}: 파일이 손상되었거나 끝까지 올라오지 않은 것 같습니다 (잘린 파일, truncated). 파일을 "
                    "다시 올리거나 내려받고, 그래도 안 되면 그림 프로그램에서 열어 PNG 나 JPEG 로 다시 저장하세요.",
                    path=filename)


def _looks_like_heif(data: bytes, filename: str | None) -> bool:
    suffix = Path(filename).suffix.lower() if filename else ""
    return suffix in (".heic", ".heif") or (data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS)


def _register_heif_opener() -> bool:
    """pillow-heif 가 깔려 있으면 PIL 이 HEIC 를 읽도록 등록합니다."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def _unreadable_error(data: bytes, label: str, filename: str | None, content_type: str | None) -> NSTError:
    """PIL 이 알아보지 못한 파일: 내용과 확장자를 보고 무엇인지 짐작해 고치는 법을 알려 줍니다."""
    suffix = Path(filename).suffix.lower() if filename else ""
    head = data[:2048].lstrip().lower()
    if _looks_like_heif(data, filename):
        advice = ("아이폰 사진 형식(HEIC/HEIF)이라 읽을 수 없습니다. 다음 중 하나를 하세요: "
                  "① 사진을 열어 JPEG 나 PNG 로 내보내기(export)·다른 이름으로 저장한 뒤 다시 올리기 "
                  "(Mac '미리보기' → 파일 → 내보내기, Windows '사진' 앱 → 다른 이름으로 저장), "
                  "② 아이폰의 설정 > 카메라 > 포맷 에서 '높은 호환성' 을 고르면 앞으로 JPEG 로 찍힙니다, "
                  "③ `pip install pillow-heif` 로 HEIC 를 읽는 도구를 깐 뒤 다시 실행하기.")
    elif head.startswith(b"%pdf") or suffix == ".pdf":
        advice = ("PDF 문서입니다. 그림이 아니라서 읽을 수 없습니다. 문서 안의 그림을 PNG 나 JPEG 로 내보내거나 "
                  "화면을 캡처(스크린샷)해서 올리세요.")
    elif head.startswith((b"<!doctype html", b"<html")) or content_type == "text/html":
        advice = ("그림이 아니라 웹 페이지(HTML)입니다. 그림 위에서 마우스 오른쪽 단추 → '이미지 주소 복사' 로 "
                  "그림 파일 자체의 주소를 쓰거나, 그림을 저장해서 파일로 올리세요.")
    elif suffix == ".svg" or b"<svg" in head:
        advice = ("SVG(벡터 그림)는 읽을 수 없습니다. 그림 프로그램(예: Inkscape)이나 브라우저에서 PNG 로 "
                  "내보낸 뒤 쓰세요.")
    elif _looks_like_text(data[:2048]):
        advice = ("그림이 아니라 글자(텍스트) 파일입니다. 확장자만 .jpg/.png 로 바꾼다고 그림이 되지는 않습니다. "
                  "진짜 그림 파일(JPEG, PNG)을 올리세요.")
    else:
        advice = ("그림 파일로 읽을 수 없습니다 (알려진 그림 형식이 아닙니다). JPEG 나 PNG 파일인지 확인하고, "
                  "그림 프로그램에서 열어 PNG 나 JPEG 로 다시 저장한 뒤 쓰세요.")
    return NSTError(f"{label}: {advice}", path=filename)


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:  # 잘린 마지막 글자는 괜찮음
        return error.start >= len(head) - 3
    return True


def _quote(name: str) -> str:
    return f"'{name}'"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pil_label(image: Image.Image) -> str:
    filename = getattr(image, "filename", "")
    return _quote(Path(filename).name) if filename else "입력한 PIL 그림(Image)"
