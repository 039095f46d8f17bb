"""인터넷 주소(URL)에서 그림 파일 내려받기 (images.py 의 비공개 도우미).

연결부터 마지막 바이트까지 전체에 시간 한도(deadline)를 두고, 크기 한도를 넘으면 멈춥니다. 실패하면 HTTP 상태나
까닭에 맞게 무엇을 하면 되는지 한국어로 알려 줍니다.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
import urllib.error
import urllib.request

from .errors import NSTError
from .project import REPO_URL


def _fetch(url: str, label: str, timeout: float, max_bytes: int) -> tuple[bytes, str]:
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
