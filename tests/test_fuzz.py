"""속성 기반 검사(property-based testing, Hypothesis): 망가진 그림 파일과 수치 계산의 핵심.

1. `load_image` 에 아무 바이트나, 테스트가 Pillow 로 직접 만든 진짜 PNG/JPEG/GIF/WebP 를 망가뜨린 바이트
   (중간에서 자르기, 비트 뒤집기, 조각 복제·삭제, 엉뚱한 파일 머리, PNG 조각의 CRC 를 맞춘 채 값 바꾸기)를
   넣습니다. 결과는 (a) 올바른 그림 — float32 (H, W, 3), 값 [0, 1], 유한, 긴 변 <= max_size — 이거나
   (b) 한국어 안내가 담긴 `NSTError` 둘 중 하나여야 합니다. 그 밖의 예외, 오류로 바뀐 경고, NaN, 멈춤은 실패입니다.
2. 그램 행렬은 numpy 로 따로 옮긴 Fᵀ F 와 같고 대칭이며 양의 준정부호(고윳값 >= −오차)입니다.
   손실들은 유한한 입력에 대해 유한하고 0 이상입니다. `to_uint8`/`save_image` 는 값이 한 바퀴 돌지 않습니다.

CI 에서 늘 같게 돌도록 `derandomize=True`, 예제 데이터베이스 없음. 예제 수는 환경 변수
`NSTLIB_FUZZ_EXAMPLES` (기본 150). 더 많이 돌리려면 `python benchmarks/fuzz_images.py --cases 5000`.
이 파일의 도우미(seed_files, mutate, load_outcome ...)는 그 벤치마크도 함께 씁니다.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import signal
import struct
import tempfile
import threading
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from conftest import assert_korean
from nstlib import display
from nstlib.errors import NSTError
from nstlib.images import load_image, save_image, to_uint8

EXAMPLES = int(os.environ.get("NSTLIB_FUZZ_EXAMPLES", "150"))
FUZZ = settings(database=None, deadline=None, derandomize=True, max_examples=EXAMPLES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
HANG_SECONDS = 30.0
"""그림 하나를 읽는 데 이보다 오래 걸리면 멈춘 것(hang)으로 봅니다 (2코어를 나눠 쓰는 CI 에서도 넉넉하게)."""

MAX_SIZES = [None, 16, 64, 512]


# --------------------------------------------------------------------------------------------
# 씨앗 파일 (seed files): 테스트가 Pillow 로 직접 만든 작은 진짜 그림들
# --------------------------------------------------------------------------------------------

def _picture(mode: str, seed: int, size=(40, 36)) -> Image.Image:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    pixels[: size[1] // 2] //= 4                                  # 잡음만 있지 않도록 어두운 위쪽 절반
    return Image.fromarray(pixels).convert(mode)


def _encode(image: Image.Image, file_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=file_format, **options)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def seed_files() -> dict[str, bytes]:
    """이름 → 바이트. 휴대폰 사진(EXIF 회전), 투명, 팔레트, 16비트, 움직이는 그림을 포함합니다."""
    exif = Image.Exif()
    exif[0x0112] = 6                                               # 시계 방향 90° 로 보이라는 표시
    palette = [_picture("P", seed) for seed in range(3)]
    return {
        "png": _encode(_picture("RGB", 0), "PNG"),
        "png-palette-transparent": _encode(_picture("P", 1), "PNG", transparency=3),
        "png-rgba": _encode(_picture("RGBA", 2), "PNG"),
        "png-16bit": _encode(_picture("I;16", 3), "PNG"),
        "png-exif": _encode(_picture("RGB", 4), "PNG", exif=exif),
        "apng": _encode(_picture("RGB", 5), "PNG", save_all=True, append_images=[_picture("RGB", 6)]),
        "jpeg": _encode(_picture("RGB", 7), "JPEG", quality=90),
        "jpeg-exif": _encode(_picture("RGB", 8), "JPEG", exif=exif),
        "jpeg-progressive": _encode(_picture("RGB", 9), "JPEG", progressive=True),
        "jpeg-cmyk": _encode(_picture("CMYK", 10), "JPEG"),
        "jpeg-gray": _encode(_picture("L", 11), "JPEG"),
        "gif": _encode(palette[0], "GIF"),
        "gif-animated": _encode(palette[0], "GIF", save_all=True, append_images=palette[1:], duration=50),
        "webp": _encode(_picture("RGB", 12), "WEBP", quality=80),
        "webp-lossless-rgba": _encode(_picture("RGBA", 13), "WEBP", lossless=True),
        "webp-animated": _encode(_picture("RGB", 14), "WEBP", save_all=True, append_images=[_picture("RGB", 15)]),
    }


SEED_NAMES = sorted(seed_files())

MAGIC_HEADERS = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"GIF89a", b"GIF87a",
                 b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"RIFF\xff\xff\xff\x7fWEBPVP8L", b"BM", b"II*\x00", b"MM\x00*",
                 b"\x00\x00\x00\x18ftypheic", b"%PDF-1.4", b"<svg", b"\x00\x00\x01\x00", b"P6\n40 36\n255\n"]
"""'엉뚱한 파일 머리' 로 붙여 볼 여러 형식의 시작 바이트 (magic numbers)."""

EXTREME_NUMBERS = [0, 1, 2, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 12000, 30000, 0x7FFFFFFF, 0xFFFFFFFF]
"""크기·길이 칸에 넣어 볼 극단적인 값."""


# --------------------------------------------------------------------------------------------
# 망가뜨리기 (mutations): (종류, 수 a, 수 b, 바이트) 하나가 변형 하나. Hypothesis 와 벤치마크가 같이 씁니다.
# --------------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunks(data: bytes) -> list[list]:
    """PNG 를 [[종류, 내용], ...] 조각(chunk)으로 나눕니다 (망가진 부분부터는 버림)."""
    chunks, i = [], len(PNG_SIGNATURE)
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        if i + 12 + length > len(data):
            break
        chunks.append([data[i + 4:i + 8], bytearray(data[i + 8:i + 8 + length])])
        i += 12 + length
    return chunks


def png_join(chunks: list[list]) -> bytes:
    """조각들을 CRC 를 새로 계산해 PNG 로 묶습니다 (그래서 CRC 검사를 지나 더 깊은 곳까지 망가뜨림)."""
    parts = [PNG_SIGNATURE]
    for kind, body in chunks:
        parts += [struct.pack(">I", len(body)), kind, bytes(body), struct.pack(">I", zlib.crc32(kind + bytes(body)))]
    return b"".join(parts)


def _png_mutation(data: bytearray, kind: str, a: int, b: int) -> bytearray:
    chunks = png_chunks(bytes(data))
    if not chunks:
        return data
    k = a % len(chunks)
    if kind == "png-field":                    # 조각 안의 값 하나를 바꾸고 CRC 를 맞춤 (예: IHDR 의 너비·높이)
        body = chunks[k][1]
        if body:
            j = b % len(body)
            if b % 2:
                body[j:j + 4] = struct.pack(">I", EXTREME_NUMBERS[b % len(EXTREME_NUMBERS)])
            else:
                body[j] = (b >> 8) % 256
    elif kind == "png-duplicate-chunk":
        chunks.insert(k, [chunks[k][0], bytearray(chunks[k][1])])
    elif kind == "png-delete-chunk":
        del chunks[k]
    return bytearray(png_join(chunks))


def mutate(data: bytes, kind: str, a: int, b: int, blob: bytes) -> bytes:
    """`data` 를 한 가지 방법으로 망가뜨립니다. a, b 는 위치·길이를 고르는 아무 음이 아닌 정수."""
    data = bytearray(data)
    if not data:
        return bytes(blob)
    n = len(data)
    i = a % n
    if kind == "truncate":
        del data[i:]
    elif kind == "flip-bit":
        data[i] ^= 1 << (b % 8)
    elif kind == "duplicate":
        end = min(n, i + 1 + b % 256)
        data[end:end] = data[i:end]
    elif kind == "delete":
        del data[i:i + 1 + b % 256]
    elif kind == "insert":
        data[i:i] = blob
    elif kind == "overwrite":
        data[i:i + len(blob)] = blob
    elif kind == "extreme-number":
        width = 2 if b % 2 else 4
        data[i:i + width] = struct.pack(">I", EXTREME_NUMBERS[(b // 2) % len(EXTREME_NUMBERS)])[-width:]
    elif kind == "other-header":               # 다른 형식의 머리로 바꾸거나 앞에 붙임
        magic = MAGIC_HEADERS[b % len(MAGIC_HEADERS)]
        data[0:len(magic) if a % 2 else 0] = magic
    elif kind == "random-header":
        data[0:len(blob)] = blob
    elif kind.startswith("png-") and data.startswith(PNG_SIGNATURE):
        data = _png_mutation(data, kind, a, b)
    return bytes(data)


MUTATION_KINDS = ["truncate", "flip-bit", "duplicate", "delete", "insert", "overwrite", "extreme-number",
                  "other-header", "random-header", "png-field", "png-duplicate-chunk", "png-delete-chunk"]


def apply_mutations(seed: str, mutations: list[tuple[str, int, int, bytes]]) -> bytes:
    data = seed_files()[seed]
    for kind, a, b, blob in mutations:
        data = mutate(data, kind, a, b, blob)
    return data


# --------------------------------------------------------------------------------------------
# 결과 판정: 그림 아니면 한국어 NSTError, 그 밖에는 모두 실패
# --------------------------------------------------------------------------------------------

class Hang(Exception):
    """그림 하나를 읽는 데 HANG_SECONDS 보다 오래 걸림."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """주 스레드(main thread)의 Unix 에서는 SIGALRM 으로 멈춘 호출을 끊고, 그 밖에서는 끝난 뒤 시간만 잽니다."""
    start = time.perf_counter()
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        def stop(signum, frame):
            raise Hang(f"{seconds:g}초 안에 끝나지 않음")
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if time.perf_counter() - start > seconds:
        raise Hang(f"{time.perf_counter() - start:.1f}초 걸림 (한도 {seconds:g}초)")


def check_image(image: np.ndarray, max_size: int | None) -> None:
    """load_image 가 약속한 그림의 모양인지 (AssertionError 로 알림)."""
    assert isinstance(image, np.ndarray), type(image)
    assert image.dtype == np.float32, image.dtype
    assert image.ndim == 3 and image.shape[2] == 3 and min(image.shape[:2]) >= 1, image.shape
    assert np.isfinite(image).all(), "NaN/inf 가 든 그림"
    assert image.min() >= 0.0 and image.max() <= 1.0, (image.min(), image.max())
    if max_size is not None:
        assert max(image.shape[:2]) <= max_size, (image.shape, max_size)


def load_outcome(data: bytes, max_size: int | None, notices: list | None = None) -> str:
    """바이트를 읽어 'image' 또는 'error' 를 돌려줍니다. 그 밖의 결과는 예외(AssertionError, Hang 등)로 나갑니다.

    경고는 모두 오류로 바꿔 둡니다: load_image 밖으로 새어 나오는 영어 경고는 실패입니다.
    안내문(display.notice)은 `notices` 에 모아 한국어인지 확인합니다.
    """
    seen = [] if notices is None else notices
    original = display.notice
    display.notice = lambda text, level="info": seen.append((level, str(text)))
    try:
        with warnings.catch_warnings(), time_limit(HANG_SECONDS):
            warnings.simplefilter("error")
            try:
                image = load_image(data, max_size=max_size, min_side=1)
            except NSTError as error:
                assert_korean(error)
                return "error"
    finally:
        display.notice = original
    check_image(image, max_size)
    for _, text in seen:
        assert_korean(text)
    return "image"


# --------------------------------------------------------------------------------------------
# 1. 그림 읽기 (load_image) 퍼징
# --------------------------------------------------------------------------------------------

def test_every_seed_file_loads_as_image():
    """망가뜨리기 전의 씨앗 파일은 모두 그림으로 읽혀야 퍼징이 의미가 있습니다."""
    for name in SEED_NAMES:
        assert load_outcome(seed_files()[name], 64) == "image", name


mutation = st.tuples(st.sampled_from(MUTATION_KINDS), st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1),
                     st.binary(min_size=1, max_size=16))


@FUZZ
@given(seed=st.sampled_from(SEED_NAMES), mutations=st.lists(mutation, min_size=1, max_size=4),
       max_size=st.sampled_from(MAX_SIZES))
def test_mutated_image_files_give_image_or_korean_error(seed, mutations, max_size):
    load_outcome(apply_mutations(seed, mutations), max_size)


@FUZZ
@given(data=st.binary(max_size=600), header=st.sampled_from([b""] + MAGIC_HEADERS),
       max_size=st.sampled_from(MAX_SIZES))
def test_random_bytes_give_image_or_korean_error(data, header, max_size):
    load_outcome(header + data, max_size)


def test_fuzz_catches_a_broken_loader(monkeypatch):
    """판정이 실제로 실패를 잡는지: 그림 대신 NaN 을 주는 load_image, 영어 예외를 던지는 load_image."""
    data = seed_files()["png"]
    monkeypatch.setitem(globals(), "load_image", lambda *a, **k: np.full((8, 8, 3), np.nan, np.float32))
    with pytest.raises(AssertionError):
        load_outcome(data, 64)
    monkeypatch.setitem(globals(), "load_image", lambda *a, **k: np.zeros((100, 8, 3), np.float32))
    with pytest.raises(AssertionError):
        load_outcome(data, 64)                 # 긴 변 100 > max_size 64
    monkeypatch.setitem(globals(), "load_image", lambda *a, **k: (_ for _ in ()).throw(IndexError("boom")))
    with pytest.raises(IndexError):
        load_outcome(data, 64)
    monkeypatch.setitem(globals(), "load_image", lambda *a, **k: (_ for _ in ()).throw(NSTError("English only")))
    with pytest.raises(AssertionError):
        load_outcome(data, 64)


# --------------------------------------------------------------------------------------------
# 2. 수치 계산의 핵심: 그램 행렬과 손실
# --------------------------------------------------------------------------------------------

def finite_features(max_side: int = 6, max_channels: int = 8):
    """(1, H, W, N) 특징 지도. 값은 유한하고 |x| <= 1e4 (Keras VGG19 의 활성값보다 넉넉히 큼)."""
    shapes = st.tuples(st.just(1), st.integers(1, max_side), st.integers(1, max_side), st.integers(1, max_channels))
    elements = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=32)
    return shapes.flatmap(lambda shape: hnp.arrays(np.float32, shape, elements=elements))


@FUZZ
@given(features=finite_features())
def test_gram_matrix_is_symmetric_psd_and_matches_numpy(features):
    from nstlib.losses import gram_matrix

    F = features.reshape(-1, features.shape[-1]).astype(np.float64)      # (M, N)
    expected = F.T @ F                                                   # 논문의 G_ij = Σ_k F_ik F_jk
    G = gram_matrix(features).numpy().astype(np.float64)
    scale = max(float(np.abs(F).max()) ** 2 * F.shape[0], 1e-30)
    assert G.shape == expected.shape
    assert np.abs(G - expected).max() <= 1e-5 * scale
    assert np.abs(G - G.T).max() <= 1e-6 * scale
    eigenvalues = np.linalg.eigvalsh((G + G.T) / 2)
    assert eigenvalues.min() >= -1e-5 * scale * G.shape[0]
    G_mean = gram_matrix(features, normalize=True).numpy().astype(np.float64)
    assert np.abs(G_mean - expected / F.shape[0]).max() <= 1e-5 * scale / F.shape[0]


@FUZZ
@given(pair=finite_features().flatmap(
    lambda f: st.tuples(st.just(f), hnp.arrays(np.float32, f.shape, elements=st.floats(
        -1e4, 1e4, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=32)))),
       mode=st.sampled_from(["relative", "paper"]))
def test_losses_are_finite_and_not_negative(pair, mode):
    from nstlib.losses import content_loss, style_layer_loss, style_target, total_variation_loss

    features, target = pair
    values = {
        "content": content_loss(features, target, mode),
        "style": style_layer_loss(features, style_target(target, mode), mode),
    }
    if min(features.shape[1:3]) >= 2:           # 한 줄짜리 그림은 아래 test_total_variation_of_one_row 에서
        values["tv"] = total_variation_loss(features[0], mode)
    for name, value in values.items():
        value = float(value)
        assert np.isfinite(value) and value >= 0.0, (name, mode, value)
    same = float(content_loss(features, features, mode))
    assert same == 0.0                          # 같은 특징이면 콘텐츠 손실은 정확히 0


@pytest.mark.parametrize("shape", [(1, 5, 3), (5, 1, 3)])
def test_total_variation_of_one_row_or_column(shape):
    """한 줄짜리 그림에는 이웃한 픽셀 쌍이 한 방향에만 있습니다: 다른 방향의 항은 0 이어야 합니다."""
    from nstlib.losses import total_variation_loss

    image = np.linspace(0.0, 1.0, int(np.prod(shape)), dtype=np.float32).reshape(shape)
    axis = 1 if shape[0] == 1 else 0
    expected = np.mean(np.square(np.diff(image, axis=axis)))      # numpy 로 따로 계산한 한 방향의 평균
    assert float(total_variation_loss(image, "relative")) == pytest.approx(expected, rel=1e-5)


# --------------------------------------------------------------------------------------------
# 3. 0~255 로 바꾸기: 한 바퀴 돌지 않음 (wrap-around)
# --------------------------------------------------------------------------------------------

ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, width=64)


def expected_uint8(values: np.ndarray) -> np.ndarray:
    """문서의 규칙을 numpy 로: NaN→0, +∞→1, −∞→0, [0, 1] 로 자르고, ×255 반올림."""
    cleaned = np.nan_to_num(values.astype(np.float64), nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(cleaned, 0.0, 1.0) * 255.0


@FUZZ
@given(values=hnp.arrays(np.float64, st.integers(1, 64), elements=ANY_FLOAT))
def test_to_uint8_never_wraps_around(values):
    result = to_uint8(values)
    assert result.dtype == np.uint8 and result.shape == values.shape
    assert np.all(np.abs(result - expected_uint8(values)) <= 0.5 + 1e-3)   # 가장 가까운 정수
    assert np.all(result[values >= 1.0] == 255) and np.all(result[values <= 0.0] == 0)
    assert np.all(result[np.isnan(values)] == 0)
    finite = np.isfinite(values)
    order = np.argsort(values[finite], kind="stable")
    assert np.all(np.diff(result[finite][order].astype(int)) >= 0)        # 값이 커지면 밝기도 줄지 않음


@settings(FUZZ, max_examples=max(EXAMPLES // 5, 10))
@given(values=hnp.arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 6), st.just(3)),
                         elements=st.floats(allow_nan=True, allow_infinity=True, width=32)))
def test_saved_png_holds_the_clipped_values(values):
    with tempfile.TemporaryDirectory() as folder:
        path = save_image(values, Path(folder) / "fuzz.png")
        with Image.open(path) as saved:
            pixels = np.asarray(saved.convert("RGB")).astype(np.float64)
    assert pixels.shape == values.shape
    assert np.all(np.abs(pixels - expected_uint8(values)) <= 0.5 + 1e-3)
