"""nstlib.images: 그림 읽기·저장 테스트.

학생이 올릴 만한 이상한 그림은 모두 테스트 안에서 직접 만듭니다 (내려받지 않음). 기대값은 PIL 이나 numpy 로
따로 계산하거나(예: np.rot90), 규칙에서 손으로 구한 값이며, nstlib 의 출력을 베낀 값이 아닙니다.
"""

from __future__ import annotations

import http.server
import io
import re
import socket
import struct
import threading
import time
import types
import unicodedata
import warnings
import zlib

import numpy as np
import pytest
from PIL import Image, JpegImagePlugin

from conftest import reply
from nstlib import _decode, display
from nstlib.errors import NSTError
from nstlib.images import MIN_SIDE, load_image, resize_long_side, save_image, to_uint8

HANGUL = re.compile("[가-힣]")
RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def check_error(excinfo: pytest.ExceptionInfo, *names: str) -> str:
    """NSTError 의 메시지가 한국어이고 파일(또는 주소)의 이름을 담고 있는지 확인합니다."""
    message = str(excinfo.value)
    assert HANGUL.search(message), message
    for name in names:
        assert name in message, (name, message)
    return message


@pytest.fixture
def notices(monkeypatch):
    """display.notice 로 보낸 안내문을 모읍니다."""
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(display, "notice", lambda text, level="info": seen.append((level, text)))
    return seen


def quadrants(width: int, height: int) -> np.ndarray:
    """왼쪽 위 빨강, 오른쪽 위 초록, 왼쪽 아래 파랑, 오른쪽 아래 흰색인 uint8 그림."""
    array = np.zeros((height, width, 3), np.uint8)
    h, w = height // 2, width // 2
    array[:h, :w], array[:h, w:], array[h:, :w], array[h:, w:] = RED, GREEN, BLUE, WHITE
    return array


def png_bytes(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **options)
    return buffer.getvalue()


def noise_bytes(file_format: str, size=(160, 120)) -> bytes:
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(buffer, format=file_format)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# 학생이 올리는 여러 가지 그림
# --------------------------------------------------------------------------------------------

def test_exif_orientation_is_applied(tmp_path):
    stored = quadrants(80, 40)  # 가로로 긴 그림을 세로 사진으로 보이라고(6 = 시계 방향 90°) 표시
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    Image.fromarray(stored).save(path, quality=95, exif=exif)

    image = load_image(path, max_size=None)

    expected = np.rot90(stored, k=-1).astype(np.float32) / 255  # numpy 로 따로 돌린 기대값
    assert image.shape == (80, 40, 3)
    assert np.abs(image - expected).mean() < 0.03
    assert np.allclose(image[5, -5], np.array(RED) / 255, atol=0.1)  # 왼쪽 위 빨강 → 오른쪽 위
    assert np.allclose(image[5, 5], np.array(BLUE) / 255, atol=0.1)  # 왼쪽 아래 파랑 → 왼쪽 위


def test_grayscale_becomes_three_equal_channels(tmp_path):
    gray = np.tile(np.arange(0, 256, 4, dtype=np.uint8), (40, 1))
    path = tmp_path / "gray.png"
    Image.fromarray(gray).save(path)
    image = load_image(path, max_size=None)
    assert image.shape == (40, 64, 3) and image.dtype == np.float32
    for channel in range(3):
        np.testing.assert_allclose(image[..., channel], gray / 255, atol=1e-6)


def test_one_bit_image(tmp_path):
    bits = Image.new("1", (40, 40), 0)
    bits.paste(1, (20, 0, 40, 40))
    path = tmp_path / "bits.png"
    bits.save(path)
    image = load_image(path)
    assert np.allclose(image[:, :20], 0) and np.allclose(image[:, 20:], 1)


def test_palette_transparency_is_white(tmp_path):
    palette_image = Image.new("P", (40, 40), 0)
    palette_image.putpalette([*RED, *BLUE] + [0] * 762)  # 0 번 색(빨강)이 투명
    palette_image.paste(1, (20, 0, 40, 40))
    path = tmp_path / "palette.png"
    palette_image.save(path, transparency=0)
    image = load_image(path)
    assert np.allclose(image[:, :20], 1.0)  # 투명 → 흰색 (검은색이 아님)
    assert np.allclose(image[:, 20:], np.array(BLUE) / 255)


def test_rgba_is_composited_on_white(tmp_path):
    rgba = np.zeros((40, 60, 4), np.uint8)
    rgba[:, :20] = (*RED, 0)        # 완전히 투명
    rgba[:, 20:40] = (*GREEN, 255)  # 불투명
    rgba[:, 40:] = (0, 0, 0, 128)   # 반투명 검정
    path = tmp_path / "logo.png"
    Image.fromarray(rgba).save(path)
    image = load_image(path)
    assert np.allclose(image[:, :20], 1.0)
    assert np.allclose(image[:, 20:40], np.array(GREEN) / 255)
    half = 1 - 128 / 255  # 흰 바탕 위의 검정, 알파 128/255: 0·a + 1·(1 − a)
    assert np.allclose(image[:, 40:], half, atol=1.5 / 255)


def test_cmyk_jpeg(tmp_path):
    path = tmp_path / "print.jpg"
    Image.new("CMYK", (64, 64), (0, 255, 255, 0)).save(path, quality=95)  # 자홍+노랑 = 빨강
    image = load_image(path)
    assert image.shape == (64, 64, 3)
    assert np.allclose(image.mean(axis=(0, 1)), np.array(RED) / 255, atol=0.05)


def test_16_bit_png_is_scaled_not_clipped(tmp_path):
    values = np.zeros((40, 60), np.uint16)
    values[:, :20], values[:, 20:40] = 65535, 32768
    path = tmp_path / "deep.png"
    Image.fromarray(values).save(path)
    assert Image.open(path).mode.startswith("I")  # 정말 16비트로 저장되었는지

    image = load_image(path, max_size=None)
    assert np.allclose(image[:, :20], 1.0, atol=1e-6)
    assert np.allclose(image[:, 20:40], 32768 / 65535, atol=1e-6)  # 255 에서 잘렸다면 1.0 이 됨
    assert np.allclose(image[:, 40:], 0.0, atol=1e-6)

    smaller = load_image(path, max_size=48)
    assert smaller.shape == (32, 48, 3) and 0 <= smaller.min() and smaller.max() <= 1
    assert abs(smaller[16, 24, 0] - 0.5) < 0.01


@pytest.mark.parametrize("file_format", ["GIF", "PNG", "WEBP"])
def test_animated_image_uses_first_frame(tmp_path, notices, file_format):
    frames = [Image.new("RGB", (48, 48), color) for color in (RED, BLUE, GREEN)]
    path = tmp_path / f"moving.{file_format.lower()}"
    options = {"lossless": True} if file_format == "WEBP" else {}
    frames[0].save(path, format=file_format, save_all=True, append_images=frames[1:], duration=100, loop=0,
                   **options)
    assert Image.open(path).n_frames == 3

    image = load_image(path)
    assert np.allclose(image, np.array(RED) / 255, atol=0.02)
    assert len(notices) == 1
    assert "moving" in notices[0][1] and "첫" in notices[0][1]


@pytest.fixture(scope="module")
def big_jpeg(tmp_path_factory):
    gradient = Image.linear_gradient("L").rotate(90).resize((4000, 3000))  # 왼쪽 어둡고 오른쪽 밝음
    path = tmp_path_factory.mktemp("big") / "camera.jpg"
    Image.merge("RGB", [gradient] * 3).save(path, quality=80)
    return path


def test_large_jpeg_is_decoded_at_reduced_scale(big_jpeg, monkeypatch):
    decoded_sizes = []
    original_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = original_draft(self, mode, size)
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    image = load_image(big_jpeg, max_size=256)

    assert image.shape == (192, 256, 3)
    assert decoded_sizes and 256 <= max(decoded_sizes[0]) < 4000  # 4000×3000 전체를 풀지 않음
    assert image[:, :20].mean() < 0.2 and image[:, -20:].mean() > 0.8


def fake_png_header(width: int, height: int) -> bytes:
    """크기만 적힌 PNG (IHDR + 쓰레기 IDAT). 픽셀을 풀기 전에 크기로 거절해야 합니다."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"\x00" * 16) + chunk(b"IEND", b"")


@pytest.mark.parametrize("width, height", [(12000, 10000), (100000, 100000)])
def test_decompression_bomb_is_refused(tmp_path, width, height):
    path = tmp_path / "bomb.png"
    path.write_bytes(fake_png_header(width, height))
    with pytest.raises(NSTError) as excinfo:
        load_image(path)
    check_error(excinfo, "bomb.png", "너무 큽니다")


def test_max_pixels_can_be_lowered(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(noise_bytes("PNG", (100, 100)))
    with pytest.raises(NSTError) as excinfo:
        load_image(path, max_pixels=5000)
    check_error(excinfo, "photo.png", "100×100")
    assert load_image(path, max_pixels=10_000).shape == (100, 100, 3)


def test_tiny_image_is_refused_with_its_size(tmp_path):
    assert MIN_SIDE == 32
    path = tmp_path / "icon.png"
    Image.new("RGB", (20, 20), RED).save(path)
    with pytest.raises(NSTError) as excinfo:
        load_image(path)
    check_error(excinfo, "icon.png", "20×20", "32")
    assert load_image(path, min_side=16).shape == (20, 20, 3)


def test_long_thin_image_too_small_after_resizing(tmp_path):
    path = tmp_path / "banner.png"
    Image.new("RGB", (1000, 40), RED).save(path)
    with pytest.raises(NSTError) as excinfo:
        load_image(path, max_size=512)  # → 512×20
    check_error(excinfo, "banner.png", "1000×40", "512×20", "max_size")
    assert load_image(path, max_size=None).shape == (40, 1000, 3)


@pytest.mark.parametrize("file_format, suffix", [("JPEG", ".jpg"), ("PNG", ".png")])
def test_truncated_file(tmp_path, file_format, suffix):
    data = noise_bytes(file_format)
    path = tmp_path / f"half{suffix}"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(NSTError) as excinfo:
        load_image(path)
    check_error(excinfo, f"half{suffix}", "손상")


def test_text_file_named_jpg(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("이건 그림이 아니라 메모입니다.\nhello\n", encoding="utf-8")
    with pytest.raises(NSTError) as excinfo:
        load_image(path)
    check_error(excinfo, "notes.jpg", "텍스트")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(NSTError) as excinfo:
        load_image(path)
    check_error(excinfo, "empty.png", "비어")


HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


@pytest.fixture
def no_heif_plugin(monkeypatch):
    monkeypatch.setattr(_decode, "_register_heif_opener", lambda: False)


def test_heic_explains_how_to_convert(tmp_path, no_heif_plugin):
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(HEIC_BYTES)
    with pytest.raises(NSTError) as excinfo:
        load_image(path)
    check_error(excinfo, "IMG_0001.HEIC", "높은 호환성", "pillow-heif", "JPEG")

    with pytest.raises(NSTError) as excinfo:  # 확장자가 없어도 내용(ftypheic)으로 알아봄
        load_image(HEIC_BYTES.replace(b"heic", b"mif1", 1))
    check_error(excinfo, "업로드한 파일", "높은 호환성")


@pytest.mark.parametrize("filename, content, word", [
    ("drawing.svg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
    ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
])
def test_svg_and_pdf(tmp_path, filename, content, word):
    path = tmp_path / filename
    path.write_bytes(content)
    with pytest.raises(NSTError) as excinfo:
        load_image(path)
    check_error(excinfo, filename, word)


@pytest.mark.parametrize("stored_form, asked_form", [("NFC", "NFD"), ("NFD", "NFC")])
def test_korean_file_names_in_either_normalization(tmp_path, stored_form, asked_form):
    name = "고양이 사진.png"
    folder = tmp_path / unicodedata.normalize(stored_form, "스타일")
    folder.mkdir()
    (folder / unicodedata.normalize(stored_form, name)).write_bytes(png_bytes(Image.new("RGB", (40, 40), RED)))
    asked = tmp_path / unicodedata.normalize(asked_form, "스타일") / unicodedata.normalize(asked_form, name)
    image = load_image(str(asked))
    assert np.allclose(image, np.array(RED) / 255)


def test_missing_file_suggests_what_to_do(tmp_path):
    for other in ("Cat.JPEG", "dog.png", "half.jpg"):
        (tmp_path / other).write_bytes(b"")
    with pytest.raises(NSTError) as excinfo:
        load_image(tmp_path / "cat.jpg")
    message = check_error(excinfo, "cat.jpg", "찾을 수 없습니다", "Cat.JPEG", "listdir")
    assert "dog.png" not in message and "half.jpg" not in message
    assert excinfo.value.path == str(tmp_path / "cat.jpg")


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(NSTError) as excinfo:
        load_image(tmp_path)
    check_error(excinfo, tmp_path.name, "폴더")


# --------------------------------------------------------------------------------------------
# 바이트, 업로드, PIL, 배열
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_bytes_input(wrap):
    data = png_bytes(Image.fromarray(quadrants(64, 48)))
    image = load_image(wrap(data))
    np.testing.assert_allclose(image, quadrants(64, 48) / 255, atol=1e-6)


def upload_v7(filename: str, content: bytes) -> dict:
    """Colab(ipywidgets 7.7)의 FileUpload.value 모양."""
    return {filename: {"metadata": {"name": filename, "type": "image/png", "size": len(content),
                                    "lastModified": 1700000000000}, "content": content}}


def upload_v8(filename: str, content: bytes) -> tuple:
    """ipywidgets 8 의 FileUpload.value 모양."""
    return ({"name": filename, "type": "image/png", "size": len(content), "content": memoryview(content),
             "last_modified": None},)


@pytest.mark.parametrize("make", [upload_v7, upload_v8])
def test_upload_values(make):
    data = png_bytes(Image.new("RGB", (40, 40), GREEN))
    value = make("잎.png", data)
    one_entry = next(iter(value.values())) if isinstance(value, dict) else value[0]
    widget = types.SimpleNamespace(value=value)
    for source in (value, one_entry, widget):
        assert np.allclose(load_image(source), np.array(GREEN) / 255)

    with pytest.raises(NSTError) as excinfo:  # 업로드한 파일이 그림이 아니면 그 이름으로 알림
        load_image(make("숙제.png", b"not an image at all \x00\x01"))
    check_error(excinfo, "숙제.png")


def test_multiple_uploads_use_the_first(notices):
    first, second = png_bytes(Image.new("RGB", (40, 40), RED)), png_bytes(Image.new("RGB", (40, 40), BLUE))
    value = upload_v8("a.png", first) + upload_v8("b.png", second)
    assert np.allclose(load_image(value), np.array(RED) / 255)
    assert any("a.png" in text for _, text in notices)


@pytest.mark.parametrize("empty", [{}, (), types.SimpleNamespace(value=())])
def test_empty_upload(empty):
    with pytest.raises(NSTError) as excinfo:
        load_image(empty)
    check_error(excinfo, "업로드")


def test_pil_image_input():
    image = load_image(Image.fromarray(quadrants(64, 48)).convert("RGBA"))
    np.testing.assert_allclose(image, quadrants(64, 48) / 255, atol=1e-6)


def test_unsupported_type():
    with pytest.raises(NSTError) as excinfo:
        load_image(3.5)
    check_error(excinfo, "float")


@pytest.mark.parametrize("array, expected", [
    (np.full((40, 40, 3), 255, np.uint8), 1.0),
    (np.full((40, 40, 3), 51, np.uint8), 0.2),
    (np.full((40, 40, 3), 65535, np.uint16), 1.0),
    (np.full((40, 40, 3), 32768, np.uint16), 32768 / 65535),
    (np.full((40, 40, 3), 0.25, np.float64), 0.25),
    (np.full((40, 40, 3), 1.5, np.float32), 1.0),    # [0, 1] 로 자름
    (np.full((40, 40, 3), -0.2, np.float32), 0.0),
    (np.full((40, 40, 3), np.nan, np.float32), 0.0),
    (np.ones((40, 40, 3), bool), 1.0),
    (np.full((40, 40), 0.5, np.float32), 0.5),       # (H, W)
    (np.full((40, 40, 1), 0.5, np.float32), 0.5),    # (H, W, 1)
    (np.full((1, 40, 40, 3), 0.5, np.float32), 0.5),  # 한 장짜리 묶음 (1, H, W, 3)
    (np.full((40, 40, 3), 100, np.int64), 100 / 255),
])
def test_array_inputs(array, expected):
    image = load_image(array)
    assert image.shape == (40, 40, 3) and image.dtype == np.float32
    np.testing.assert_allclose(image, expected, atol=1e-6)


def test_array_with_alpha_on_white():
    rgba = np.zeros((40, 40, 4), np.float32)
    rgba[..., 0] = 1.0       # 빨강
    rgba[:, :20, 3] = 0.0    # 투명
    rgba[:, 20:, 3] = 0.25
    image = load_image(rgba)
    assert np.allclose(image[:, :20], 1.0)
    assert np.allclose(image[:, 20:], [1.0, 0.75, 0.75])  # 1·0.25 + 1·0.75, 0·0.25 + 1·0.75


def test_float_array_in_0_255_range_warns(notices):
    load_image(np.full((40, 40, 3), 200.0))
    assert notices and notices[0][0] == "warning" and "255" in notices[0][1]


@pytest.mark.parametrize("array, word", [
    (np.zeros((3, 40, 40), np.float32), "transpose"),
    (np.zeros((2, 40, 40, 3), np.float32), "한 장씩"),
    (np.zeros((40, 40, 5), np.float32), "모양"),
    (np.full((40, 40, 3), 1000, np.int32), "0~255"),
])
def test_bad_arrays(array, word):
    with pytest.raises(NSTError) as excinfo:
        load_image(array, name="내 배열")
    check_error(excinfo, "내 배열", word)


def test_array_is_resized_on_long_side():
    image = load_image(np.zeros((600, 900, 3), np.uint8), max_size=300)
    assert image.shape == (200, 300, 3)
    assert load_image(np.zeros((100, 50, 3), np.uint8), max_size=300).shape == (100, 50, 3)  # 키우지 않음


@pytest.mark.parametrize("bad", [0, -5, 2.5, "512", True])
def test_bad_max_size(bad):
    with pytest.raises(NSTError) as excinfo:
        load_image(np.zeros((40, 40, 3)), max_size=bad)
    check_error(excinfo, "max_size")


def test_resize_long_side():
    rng = np.random.default_rng(1)
    values = rng.random((300, 600, 3)).astype(np.float32)
    small = resize_long_side(values, 200)
    assert small.shape == (100, 200, 3) and small.dtype == np.float32
    assert 0.0 <= small.min() and small.max() <= 1.0
    assert abs(small.mean() - values.mean()) < 0.01  # 줄여도 평균 밝기는 그대로
    constant = resize_long_side(np.full((90, 30), 77, np.uint8), 45)
    assert constant.shape == (45, 15) and constant.dtype == np.uint8 and (constant == 77).all()
    assert resize_long_side(values, 1000) is values


def test_tensorflow_tensor_in_and_out(tmp_path):
    tf = pytest.importorskip("tensorflow")
    values = np.random.default_rng(2).random((1, 40, 48, 3)).astype(np.float32)
    np.testing.assert_allclose(load_image(tf.constant(values)), values[0], atol=1e-6)
    path = save_image(tf.Variable(values), tmp_path / "tensor.png")
    np.testing.assert_array_equal(np.asarray(Image.open(path)), np.floor(values[0] * 255 + 0.5).astype(np.uint8))


# --------------------------------------------------------------------------------------------
# 인터넷 주소 (127.0.0.1 의 작은 서버)
# --------------------------------------------------------------------------------------------

SERVED_PNG = png_bytes(Image.new("RGB", (40, 40), BLUE))
ROUTES = {  # 경로: (상태, Content-Type, 내용, Content-Length 를 보낼지)
    "/pictures/blue.png": (200, "image/png", SERVED_PNG, True),
    "/big.png": (200, "image/png", SERVED_PNG + b"\x00" * 300_000, True),
    "/big-unknown-length.png": (200, "image/png", SERVED_PNG + b"\x00" * 300_000, False),
    "/page.html": (200, "text/html", b"<!DOCTYPE html><html><body><img src='blue.png'></body></html>", True),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server 의 이름)
        if self.path == "/slow.png":
            time.sleep(1.5)
        reply(self, *ROUTES.get(self.path, (404, "text/plain", b"not found", True)))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy_for_localhost(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def test_url_loads(server):
    assert np.allclose(load_image(f"{server}/pictures/blue.png"), np.array(BLUE) / 255)


def test_url_404(server):
    url = f"{server}/missing.png"
    with pytest.raises(NSTError) as excinfo:
        load_image(url)
    check_error(excinfo, url, "404")


@pytest.mark.parametrize("route", ["/big.png", "/big-unknown-length.png"])
def test_url_too_big(server, route):
    url = server + route
    with pytest.raises(NSTError) as excinfo:
        load_image(url, max_bytes=100_000)
    check_error(excinfo, url, "너무 큽니다")


def test_url_web_page_instead_of_image(server):
    url = f"{server}/page.html"
    with pytest.raises(NSTError) as excinfo:
        load_image(url)
    check_error(excinfo, url, "이미지 주소 복사")


def test_url_timeout(server):
    url = f"{server}/slow.png"
    with pytest.raises(NSTError) as excinfo:
        load_image(url, timeout=0.3)
    check_error(excinfo, url, "시간 초과")


def test_url_no_connection():
    with socket.socket() as sock:  # 아무도 듣지 않는 포트
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/cat.png"
    with pytest.raises(NSTError) as excinfo:
        load_image(url)
    check_error(excinfo, url, "인터넷")


# --------------------------------------------------------------------------------------------
# 저장
# --------------------------------------------------------------------------------------------

# 규칙 "NaN→0, +∞→1, −∞→0, [0, 1] 로 자른 뒤 floor(x·255 + 0.5)" 에서 손으로 구한 값
SPECIAL_VALUES = [np.nan, np.inf, -np.inf, 1.2, -0.5, -0.1, 0.5, 0.25, 0.2, 1.0, 0.0, 1 / 255]
EXPECTED_UINT8 = [0, 255, 0, 255, 0, 0, 128, 64, 51, 255, 0, 1]


def test_to_uint8_clips_before_converting():
    result = to_uint8(np.array(SPECIAL_VALUES))
    assert result.dtype == np.uint8
    assert result.tolist() == EXPECTED_UINT8
    assert to_uint8(np.array([1.2]))[0] != np.array([1.2 * 255]).astype(np.uint8)[0]  # 50 으로 돌지 않음
    assert to_uint8(np.zeros((2, 5, 4, 3))).shape == (2, 5, 4, 3)


def test_save_special_values(tmp_path):
    row = np.array(SPECIAL_VALUES, np.float32)
    image = np.repeat(np.stack([row] * 3, axis=-1)[None], 4, axis=0)  # (4, 12, 3)
    path = save_image(image, tmp_path / "special.png")
    saved = np.asarray(Image.open(path))
    assert saved.shape == (4, len(SPECIAL_VALUES), 3)
    assert saved[0, :, 0].tolist() == EXPECTED_UINT8


def test_save_batch_of_one_and_create_folders(tmp_path):
    target = tmp_path / "결과" / "오늘" / "result.png"
    path = save_image(np.full((1, 40, 40, 3), 0.5), target)
    assert path == target and np.asarray(Image.open(path)).shape == (40, 40, 3)


def test_round_trip(tmp_path):
    values = np.random.default_rng(3).random((48, 64, 3)).astype(np.float32)
    path = save_image(values, tmp_path / "round.png")
    assert np.abs(load_image(path, max_size=None) - values).max() <= 1 / 255


@pytest.mark.parametrize("suffix, file_format", [(".jpg", "JPEG"), (".jpeg", "JPEG"), (".webp", "WEBP"),
                                                 (".PNG", "PNG")])
def test_save_formats(tmp_path, suffix, file_format):
    values = np.zeros((40, 40, 3), np.float32)
    values[:, :, 0] = 1.0
    path = save_image(values, tmp_path / f"out{suffix}")
    with Image.open(path) as saved:
        assert saved.format == file_format
        assert np.allclose(np.asarray(saved.convert("RGB")) / 255, values, atol=0.05)


@pytest.mark.parametrize("filename", ["out.gif", "out.txt", "out"])
def test_save_unknown_suffix(tmp_path, filename):
    with pytest.raises(NSTError) as excinfo:
        save_image(np.zeros((40, 40, 3)), tmp_path / filename)
    check_error(excinfo, filename, ".png")
    assert not (tmp_path / filename).exists()


def test_save_bad_shape(tmp_path):
    with pytest.raises(NSTError) as excinfo:
        save_image(np.zeros((2, 40, 40, 3)), tmp_path / "many.png")
    check_error(excinfo, "many.png")


def test_save_does_not_overwrite(tmp_path, notices):
    existing = tmp_path / "out.png"
    existing.write_bytes(b"original bytes")
    first = save_image(np.zeros((40, 40, 3)), existing)
    second = save_image(np.ones((40, 40, 3)), existing)
    assert first == tmp_path / "out-1.png" and second == tmp_path / "out-2.png"
    assert existing.read_bytes() == b"original bytes"
    assert np.asarray(Image.open(second)).min() == 255
    assert any("out-1.png" in text for _, text in notices)


def test_save_overwrite_true_replaces(tmp_path):
    existing = tmp_path / "out.png"
    existing.write_bytes(b"original bytes")
    path = save_image(np.ones((40, 40, 3)), existing, overwrite=True)
    assert path == existing
    assert np.asarray(Image.open(existing)).min() == 255
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png"]


@pytest.mark.parametrize("error", [OSError("디스크가 가득 참 (disk full)"), RuntimeError("boom")])
def test_save_is_atomic(tmp_path, monkeypatch, error):
    existing = tmp_path / "keep.png"
    existing.write_bytes(b"original bytes")

    def broken_save(self, fp, *args, **kwargs):
        fp.write(b"\x89PNG half written")
        raise error

    monkeypatch.setattr(Image.Image, "save", broken_save)
    expected = NSTError if isinstance(error, OSError) else RuntimeError
    with pytest.raises(expected) as excinfo:
        save_image(np.zeros((40, 40, 3)), tmp_path / "new.png")
    if expected is NSTError:
        check_error(excinfo, "new.png")
    with pytest.raises(expected):
        save_image(np.zeros((40, 40, 3)), existing, overwrite=True)

    assert existing.read_bytes() == b"original bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.png"]  # 새 파일도 임시 파일도 없음


# --------------------------------------------------------------------------------------------
# 퍼징(tests/test_fuzz.py, benchmarks/fuzz_images.py)이 찾은 문제들의 회귀 테스트
# --------------------------------------------------------------------------------------------

def png_with_chunks(chunks: list[tuple[bytes, bytes]]) -> bytes:
    """PNG 조각들을 CRC 를 계산해 묶습니다 (CRC 검사를 지나 머리의 값까지 읽히게)."""
    body = b"".join(struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
                    for kind, data in chunks)
    return b"\x89PNG\r\n\x1a\n" + body


def split_png(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, i = [], 8
    while i < len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        chunks.append((data[i + 4:i + 8], data[i + 8:i + 8 + length]))
        i += 12 + length
    return chunks


def test_truncated_animated_gif_gives_first_frame_or_korean_error():
    """끝까지 올라오지 않은 움직이는 GIF. PIL 은 장면을 세다가(n_frames) IndexError 를 던지기도 합니다."""
    colors = [RED, GREEN, BLUE]
    frames = [Image.new("RGB", (40, 40), color).convert("P") for color in colors]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    data = buffer.getvalue()

    pil_index_errors, images_read = 0, 0
    for cut in range(len(data) // 3, len(data)):
        try:
            with Image.open(io.BytesIO(data[:cut])) as raw:
                raw.n_frames
        except IndexError:
            pil_index_errors += 1
        except Exception:
            pass
        try:
            image = load_image(data[:cut], max_size=None)
        except NSTError as error:
            assert HANGUL.search(str(error)), str(error)
            continue
        images_read += 1
        assert image.shape == (40, 40, 3)
        assert np.allclose(image, np.array(RED) / 255, atol=1 / 255)     # 첫 장면(빨강)
    assert pil_index_errors > 0          # 이 테스트가 정말 PIL 의 IndexError 경우를 지나감
    assert images_read > 0


def test_png_header_larger_than_the_file_is_refused_before_decoding(monkeypatch):
    """머리(IHDR)에는 40×2,000,000 픽셀이라 적혔는데 파일은 몇 KB: 수백 MB 를 잡고 풀기 전에 거절합니다."""
    chunks = split_png(png_bytes(Image.fromarray(quadrants(40, 36))))
    kind, header = chunks[0]
    chunks[0] = (kind, struct.pack(">II", 40, 2_000_000) + header[8:])
    data = png_with_chunks(chunks)

    def must_not_decode(self, *args, **kwargs):
        raise AssertionError("픽셀을 풀기 시작함")

    monkeypatch.setattr(Image.Image, "load", must_not_decode)
    monkeypatch.setattr(_decode.Image.Image, "load", must_not_decode)
    from PIL import ImageFile
    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_decode)
    with pytest.raises(NSTError) as excinfo:
        load_image(data, name="long.png")
    check_error(excinfo, "long.png", "손상")


def test_broken_interlaced_png_is_a_korean_error():
    """interlace(Adam7) 표시가 있는 PNG 의 픽셀 자료가 망가졌을 때 (예: 끝까지 올라오지 않은 웹 그림).

    PIL 은 EXIF 를 찾느라(getexif) 한 번 풀다 실패한 뒤, 다시 풀 때 디코더를 만들다 영어 TypeError 를 던집니다.
    """
    chunks = split_png(png_bytes(Image.fromarray(quadrants(40, 36))))
    kind, header = chunks[0]
    chunks[0] = (kind, header[:12] + bytes([1]))                          # interlace = 1 (Adam7)
    data = png_with_chunks(chunks[:2])                                    # IEND 없음
    raw = Image.open(io.BytesIO(data))
    try:
        raw.getexif()
    except Exception:
        pass
    with pytest.raises(TypeError):                                        # PIL 만 쓰면 이렇게 끝납니다
        raw.load()
    with pytest.raises(NSTError) as excinfo:
        load_image(data, name="web.png")
    check_error(excinfo, "web.png", "손상")


def test_corrupt_exif_gives_korean_notice_not_a_warning(notices):
    """EXIF 의 글자 칸 길이가 파일보다 길면 PIL 은 영어 UserWarning 을 냅니다: 한국어 안내 하나로 바꿉니다."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010E] = "x" * 40                                                # ImageDescription
    buffer = io.BytesIO()
    Image.fromarray(quadrants(48, 40)).save(buffer, format="JPEG", quality=95, exif=exif)
    data = bytearray(buffer.getvalue())
    tag = data.find(b"\x01\x0e\x00\x02", data.find(b"Exif\x00\x00"))
    data[tag + 4:tag + 8] = struct.pack(">I", 100_000)                     # 글자 수를 100,000 으로
    with warnings.catch_warnings():
        warnings.simplefilter("error")                                     # 새어 나온 경고는 실패
        image = load_image(bytes(data), max_size=None, name="phone.jpg")
    assert image.shape == (48, 40, 3)                                      # 회전 정보(6)는 그대로 적용
    assert [level for level, _ in notices] == ["warning"]
    assert "phone.jpg" in notices[0][1] and HANGUL.search(notices[0][1])
