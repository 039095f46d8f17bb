"""파일 내용(바이트) → PIL 그림 → 픽셀 (images.py 의 비공개 도우미).

학생이 올리는 파일의 함정을 여기서 다룹니다: 망가지거나 끝까지 올라오지 않은 파일, 압축 폭탄, 움직이는 그림,
휴대폰 사진의 회전 정보(EXIF orientation), 투명한 배경, 16비트 그림, 아이폰의 HEIC. 읽을 수 없으면 무엇인지
짐작해 어떻게 고치면 되는지 한국어로 알려 줍니다 (`NSTError`).
"""

from __future__ import annotations

import contextlib
import io
import math
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from . import display
from .errors import NSTError

_HIGH_DEPTH_MODES = {"I;16", "I;16L", "I;16B", "I;16N", "I", "F"}

_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"heif"}

# 망가진 파일을 풀 때 PIL 이 던질 수 있는 예외들 (TypeError: 머리의 색 방식이 망가져 디코더를 못 만들 때)
_DAMAGED_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, IndexError, TypeError,
                   KeyError)

_DEFLATE_MAX_RATIO = 1032
"""deflate(zlib) 압축이 줄일 수 있는 최대 비율. PNG 의 픽셀은 이보다 더 작게 압축될 수 없습니다."""


# ---------------------------------------------------------------------------------------------
# 바이트 → PIL 그림
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


# ---------------------------------------------------------------------------------------------
# PIL 그림 → 픽셀
# ---------------------------------------------------------------------------------------------

def _decode_pixels(image: Image.Image, label: str, max_size: int | None, max_pixels: int,
                   may_draft: bool) -> tuple[Image.Image, tuple[int, int]]:
    """첫 장면의 픽셀을 풀고(decode) 회전 정보(EXIF)대로 돌립니다: (풀린 그림, 원래 (너비, 높이))."""
    _check_pixels(image.size, label, max_pixels, getattr(image, "filename", None))
    _first_frame(image, label)
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
    return _apply_exif_orientation(image), original


def _first_frame(image: Image.Image, label: str) -> None:
    """움직이는 그림이면 첫 장면만 쓴다고 알려 줍니다. 뒤쪽 장면이 망가져 있으면 첫 장면으로 돌아갑니다."""
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


# ---------------------------------------------------------------------------------------------
# 안내문
# ---------------------------------------------------------------------------------------------

def _check_pixels(size: tuple[int, int], label: str, max_pixels: int, filename: str | None) -> None:
    if size[0] * size[1] > max_pixels:
        raise _too_many_pixels(label, size, max_pixels, filename)


def _too_many_pixels(label: str, size: tuple[int, int] | None, max_pixels: int, filename: str | None) -> NSTError:
    what = f"{size[0]}×{size[1]} = {size[0] * size[1] / 1e6:.1f} 메가픽셀" if size else "PIL 의 한도를 넘음"
    return NSTError(f"{label}: 그림이 너무 큽니다 ({what}, 최대 {max_pixels / 1e6:g} 메가픽셀). 사진 앱이나 그림 "
                    "프로그램에서 크기를 줄여 다시 저장한 뒤 쓰세요. 일부러 크게 만든 '압축 폭탄(decompression bomb)' "
                    "파일일 수도 있습니다.", path=filename)


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
