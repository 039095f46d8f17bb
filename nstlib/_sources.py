"""그림을 어디에서 읽을까: 파일 경로, 인터넷 주소(URL), 바이트, 업로드 위젯 (images.py 의 비공개 도우미).

`load_image` 가 배열·PIL 그림이 아닌 입력을 받으면 여기서 (파일 내용, 안내문에 쓸 이름, ...) 으로 바꿉니다.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import display
from ._download import _fetch
from ._files import _as_path, _find_file, _quote, _read_file, _shorten
from .errors import NSTError

_UPLOADED = "업로드한 파일"


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
        data, content_type = _fetch(url, label, timeout, max_bytes)
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
