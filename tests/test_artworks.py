"""nstlib.artworks: 실제 명화 내려받기, 캐시, 인터넷이 안 될 때의 대체 그림.

인터넷에는 절대 나가지 않습니다: 작품 목록의 주소를 127.0.0.1 의 작은 서버로 바꿔 끼우고, 127.0.0.1 이 아닌 곳에
연결하려 하면 테스트가 실패하도록 urllib 와 소켓을 지킵니다 (`no_internet`).
"""

from __future__ import annotations

import doctest
import http.server
import io
import socket
import threading
import time
import urllib.parse
import urllib.request

import numpy as np
import pytest
from PIL import Image

from conftest import assert_korean, reply
from nstlib import artworks
from nstlib.errors import NSTError
from nstlib.examples import EXAMPLES, load_example

_RED, _GREEN = np.meshgrid(np.linspace(40, 250, 200), np.linspace(10, 120, 150))
SOURCE = Image.fromarray(np.stack([_RED, _GREEN, np.full((150, 200), 200.0)], axis=-1).astype(np.uint8))
"""서버가 주는 그림: 200 × 150, 예제 그림들과 전혀 다른 매끈한 색 변화."""


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png_bytes(SOURCE)
BIG = PNG + b"\x00" * 300_000
STOP = threading.Event()


class Handler(http.server.BaseHTTPRequestHandler):
    """/ok.png, /slow.png (1바이트씩 흘림), /big.png, /big-unknown-length.png, /page.html, 그 밖은 404."""

    def do_GET(self):  # noqa: N802 (http.server 의 이름)
        self.server.seen.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow.png":
            try:
                return self._drip()
            except (BrokenPipeError, ConnectionResetError):  # 받는 쪽이 일찍 끊은 경우
                return None
        routes = {"/ok.png": ("image/png", PNG, True), "/big.png": ("image/png", BIG, True),
                  "/big-unknown-length.png": ("image/png", BIG, False),
                  "/page.html": ("text/html", b"<html><body>not a picture</body></html>", True)}
        content_type, body, with_length = routes.get(self.path, ("text/plain", b"not found", True))
        reply(self, 200 if self.path in routes else 404, content_type, body, with_length)

    def _drip(self):
        """머리말은 곧바로, 내용은 0.1초마다 1바이트씩: 한 번 읽기의 한도로는 끝나지 않는 서버."""
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        for byte in PNG[:60]:
            if STOP.wait(0.1):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def log_message(self, *args):
        pass


class Server:
    def __init__(self):
        STOP.clear()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.seen = []
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def seen(self) -> list[tuple[str, str]]:
        return self.httpd.seen

    def stop(self):
        STOP.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.stop()


class Blocked(Exception):
    """테스트가 127.0.0.1 이 아닌 곳에 연결하려 했음."""


@pytest.fixture(autouse=True)
def fresh_captions(monkeypatch):
    """어느 작품을 예제로 대신했는지(`describe_artwork` 가 보는 것)를 테스트마다 새로."""
    monkeypatch.setattr(artworks, "_STOOD_IN", {})


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """127.0.0.1 밖으로 나가는 요청을 막고, urllib 가 연 주소를 모두 적어 둡니다 (`no_internet` 목록)."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    opened: list[urllib.request.Request] = []
    real_open, real_connect = urllib.request.OpenerDirector.open, socket.create_connection

    def guarded_open(self, request, *args, **kwargs):
        request = request if isinstance(request, urllib.request.Request) else urllib.request.Request(request)
        opened.append(request)
        if urllib.parse.urlsplit(request.full_url).hostname != "127.0.0.1":
            raise Blocked(request.full_url)
        return real_open(self, request, *args, **kwargs)

    def guarded_connect(address, *args, **kwargs):
        if address[0] != "127.0.0.1":
            raise Blocked(str(address))
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", guarded_open)
    monkeypatch.setattr(socket, "create_connection", guarded_connect)
    return opened


def point_at(monkeypatch, url: str) -> None:
    """작품 목록의 모든 주소를 `url` 로 바꿉니다."""
    monkeypatch.setattr(artworks, "ARTWORKS", tuple(work._replace(url=url) for work in artworks.ARTWORKS))


def closed_port_url() -> str:
    with socket.socket() as sock:  # 아무도 듣지 않는 포트
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/ok.png"


def expected(max_size: int) -> np.ndarray:
    """서버의 그림을 PIL 로 따로 줄인 것 (LANCZOS, 긴 변 = max_size)."""
    width = max_size
    height = round(SOURCE.height * max_size / SOURCE.width)
    return np.asarray(SOURCE.resize((width, height), Image.LANCZOS), np.float32) / 255


# --------------------------------------------------------------------------------------------
# 내려받기와 캐시
# --------------------------------------------------------------------------------------------

def test_download_gives_the_served_picture(server, monkeypatch, tmp_path, notices):
    point_at(monkeypatch, f"{server.base}/ok.png")
    image = artworks.load_artwork("starry_night", max_size=64, cache_dir=tmp_path)
    assert image.shape == (48, 64, 3) and image.dtype == np.float32
    assert np.abs(image - expected(64)).max() <= 2 / 255
    assert notices == []
    assert len(list(tmp_path.glob("starry_night-*.png"))) == 1


def test_user_agent_names_nstlib(server, monkeypatch, tmp_path):
    point_at(monkeypatch, f"{server.base}/ok.png")
    artworks.load_artwork("great_wave", max_size=64, cache_dir=tmp_path)
    assert [path for path, _ in server.seen] == ["/ok.png"]
    assert "nstlib" in server.seen[0][1]


def test_second_call_reads_the_cache_without_network(server, monkeypatch, tmp_path, notices, no_internet):
    point_at(monkeypatch, f"{server.base}/ok.png")
    first = artworks.load_artwork("scream", max_size=100, cache_dir=tmp_path)
    server.stop()
    opened_before = len(no_internet)
    second = artworks.load_artwork("scream", max_size=100, cache_dir=tmp_path)
    np.testing.assert_array_equal(first, second)
    assert len(no_internet) == opened_before          # 캐시에서 읽었으니 주소를 열지 않음
    assert artworks.load_artwork("scream", max_size=None, cache_dir=tmp_path).shape == (150, 200, 3)
    assert notices == []


def test_broken_cache_file_is_downloaded_again(server, monkeypatch, tmp_path, notices):
    point_at(monkeypatch, f"{server.base}/ok.png")
    artworks.load_artwork("klee_highways", max_size=64, cache_dir=tmp_path)
    (cached,) = tmp_path.glob("klee_highways-*.png")
    cached.write_bytes(PNG[:40])                        # 저장하다 끊긴 파일
    image = artworks.load_artwork("klee_highways", max_size=64, cache_dir=tmp_path)
    assert np.abs(image - expected(64)).max() <= 2 / 255
    assert len(server.seen) == 2 and notices == []


def test_default_cache_dir_follows_nstlib_cache(server, monkeypatch, tmp_path, notices):
    monkeypatch.setenv("NSTLIB_CACHE", str(tmp_path / "내 캐시"))
    assert artworks.default_cache_dir() == tmp_path / "내 캐시" / "artworks"
    point_at(monkeypatch, f"{server.base}/ok.png")
    artworks.load_artwork("monet_water_lilies", max_size=64)
    assert len(list((tmp_path / "내 캐시" / "artworks").glob("monet_water_lilies-*.png"))) == 1
    assert notices == []                                # 새 캐시 폴더를 만들어도 조용히


def test_cache_that_cannot_be_written_still_gives_the_picture(server, monkeypatch, tmp_path, notices):
    point_at(monkeypatch, f"{server.base}/ok.png")
    not_a_folder = tmp_path / "파일"
    not_a_folder.write_text("x")
    image = artworks.load_artwork("monet_sunrise", max_size=64, cache_dir=not_a_folder)
    assert np.abs(image - expected(64)).max() <= 2 / 255
    assert len(notices) == 1 and notices[0][0] == "info" and "캐시" in assert_korean(notices[0][1])


# --------------------------------------------------------------------------------------------
# 인터넷이 안 될 때: 대체 그림과 안내문 한 번
# --------------------------------------------------------------------------------------------

def check_standin(image, key, notices, reason):
    work = next(w for w in artworks.ARTWORKS if w.key == key)
    np.testing.assert_array_equal(image, load_example(work.standin, 64))
    assert len(notices) == 1, notices
    level, text = notices[0]
    assert level == "warning"
    assert work.title in assert_korean(text) and EXAMPLES[work.standin].title in text
    assert reason in text


def test_offline_gives_the_drawn_standin_and_one_notice(monkeypatch, tmp_path, notices):
    point_at(monkeypatch, closed_port_url())
    image = artworks.load_artwork("starry_night", max_size=64, cache_dir=tmp_path)
    check_standin(image, "starry_night", notices, "연결할 수 없습니다")
    assert "직접 그린" in notices[0][1]                   # 진짜 작품이 아니라고 솔직하게
    assert list(tmp_path.iterdir()) == []               # 대체 그림은 캐시에 넣지 않음


def test_timeout_is_a_total_limit(server, monkeypatch, tmp_path, notices):
    point_at(monkeypatch, f"{server.base}/slow.png")
    start = time.monotonic()
    image = artworks.load_artwork("composition_7", max_size=64, cache_dir=tmp_path, timeout=0.5)
    assert time.monotonic() - start < 3                 # 1바이트씩 오는 서버도 0.5초 뒤에 끊음
    check_standin(image, "composition_7", notices, "시간 초과")


@pytest.mark.parametrize("route", ["/big.png", "/big-unknown-length.png"])
def test_too_big(server, monkeypatch, tmp_path, notices, route):
    point_at(monkeypatch, server.base + route)
    image = artworks.load_artwork("monet_water_lilies", max_size=64, cache_dir=tmp_path, max_bytes=100_000)
    check_standin(image, "monet_water_lilies", notices, "너무 큽니다")


@pytest.mark.parametrize("route, reason", [("/missing.png", "파일이 없습니다"), ("/page.html", "")])
def test_http_error_or_web_page(server, monkeypatch, tmp_path, notices, route, reason):
    point_at(monkeypatch, server.base + route)
    image = artworks.load_artwork("great_wave", max_size=64, cache_dir=tmp_path)
    check_standin(image, "great_wave", notices, reason)


@pytest.mark.parametrize("key, honest", [("capitol_day", "진짜 사진이 아니라"), ("capitol_night", "실제 사진이지만")])
def test_photo_standins_say_what_they_are(monkeypatch, tmp_path, notices, key, honest):
    point_at(monkeypatch, closed_port_url())
    image = artworks.load_artwork(key, max_size=64, cache_dir=tmp_path)
    check_standin(image, key, notices, "연결할 수 없습니다")
    assert "사진을 가져오지 못했습니다" in notices[0][1] and honest in notices[0][1]


def test_real_catalogue_asks_wikimedia_with_our_user_agent(tmp_path, no_internet):
    """진짜 주소로는 나가지 않지만(막힘), 나가려던 요청이 위키미디어 공용의 그 주소였는지 봅니다."""
    work = artworks.ARTWORKS[0]
    with pytest.raises(Blocked):
        artworks.load_artwork(work.key, cache_dir=tmp_path)
    (request,) = no_internet
    assert request.full_url == work.url
    assert urllib.parse.urlsplit(request.full_url).hostname == "commons.wikimedia.org"
    assert "nstlib" in request.get_header("User-agent")


# --------------------------------------------------------------------------------------------
# 목록과 설명
# --------------------------------------------------------------------------------------------

def test_catalogue_entries_are_complete():
    keys = [work.key for work in artworks.ARTWORKS]
    assert len(set(keys)) == len(keys)
    for work in artworks.ARTWORKS:
        assert all(isinstance(v, str) and v.strip() for v in work), work
        assert work.url.startswith("https://commons.wikimedia.org/wiki/Special:FilePath/")
        path = urllib.parse.urlsplit(work.url).path
        assert urllib.parse.unquote(path.rsplit("/", 1)[1]) == work.file   # 파일 이름이 주소에 그대로
        assert work.page.startswith("https://commons.wikimedia.org/wiki/File:")
        assert work.standin in EXAMPLES
        assert work.kind in ("painting", "photo") and work.licence == "퍼블릭 도메인"
        assert_korean(work.title)
    artists = " ".join(work.artist for work in artworks.list_artworks("painting"))
    for name in ("클레", "모네", "반 고흐", "호쿠사이", "칸딘스키", "뭉크"):
        assert name in artists
    assert [work.key for work in artworks.list_artworks("photo")] == ["capitol_day", "capitol_night"]


def test_describe_artwork():
    for work in artworks.ARTWORKS:
        caption = artworks.describe_artwork(work.key)
        assert caption == f"{work.title} ({work.original}), {work.artist}, {work.year} — 퍼블릭 도메인"
        assert "\n" not in caption


@pytest.mark.parametrize("call", [artworks.load_artwork, artworks.describe_artwork])
def test_unknown_key_suggests_close_names(call, no_internet):
    with pytest.raises(NSTError) as excinfo:
        call("stary_night")
    message = assert_korean(excinfo.value)
    assert "'starry_night'" in message and "list_artworks()" in message
    assert no_internet == []


@pytest.mark.parametrize("wanted, suggested", [("kandinsky", ["composition_7"]), ("Van Gogh", ["starry_night"]),
                                               ("monet", ["monet_water_lilies", "monet_sunrise"])])
def test_unknown_key_found_by_artist_name(wanted, suggested):
    with pytest.raises(NSTError) as excinfo:
        artworks.describe_artwork(wanted)
    hint = str(excinfo.value).split("혹시 ")[1].split(" 인가요?")[0]
    assert hint == ", ".join(repr(key) for key in suggested)


@pytest.mark.parametrize("settings", [{"max_size": 0}, {"timeout": -1}, {"max_bytes": "big"},
                                      {"cache_dir": 3}])
def test_wrong_settings_are_errors_not_offline(settings, tmp_path, notices, no_internet):
    """잘못된 설정은 '인터넷이 안 됨' 으로 숨기지 않고 오류로 알립니다 (내려받기 전에)."""
    settings = {"cache_dir": tmp_path, **settings}
    with pytest.raises(NSTError) as excinfo:
        artworks.load_artwork("scream", **settings)
    assert_korean(excinfo.value)
    assert notices == [] and no_internet == []


def test_list_artworks_kind():
    assert len(artworks.list_artworks()) == len(artworks.ARTWORKS)
    with pytest.raises(NSTError) as excinfo:
        artworks.list_artworks("painter")
    assert_korean(excinfo.value)


def test_docstring_examples():
    result = doctest.testmod(artworks)
    assert result.attempted >= 4 and result.failed == 0


def test_the_caption_follows_the_picture_that_was_shown(server, notices, tmp_path, monkeypatch):
    """가져오지 못해 예제로 대신했으면 제목도 그 예제를 말합니다 (그림과 제목이 어긋나지 않게)."""
    real = artworks.describe_artwork("starry_night")
    point_at(monkeypatch, closed_port_url())
    artworks.load_artwork("starry_night", 64, cache_dir=tmp_path, timeout=2)
    caption = assert_korean(artworks.describe_artwork("starry_night"))
    assert caption.startswith("대신 쓴 그림") and "별이 빛나는 밤」을" in caption and caption != real
    point_at(monkeypatch, f"{server.base}/ok.png")
    artworks.load_artwork("starry_night", 64, cache_dir=tmp_path)
    assert artworks.describe_artwork("starry_night") == real
