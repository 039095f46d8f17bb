"""파일과 경로: 찾기, 이름 검사, 안전하게 저장하기 (images.py 와 다른 모듈이 함께 쓰는 비공개 도우미).

- 읽을 때: 경로를 찾고(한글 이름의 NFC·NFD 차이까지), 없으면 비슷한 이름과 함께 한국어로 알려 줍니다.
- 저장할 때: 그 이름으로 파일을 만들 수 있는지 먼저 보고(`check_file_name`), 같은 이름이 있으면 새 이름을
  고르며(`unused_path`), 임시 파일에 다 쓴 뒤 이름을 붙입니다(`write_atomically`). 실패하면 까닭(errno)에 맞는
  한국어 안내를 줍니다.
"""

from __future__ import annotations

import difflib
import errno
import itertools
import os
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path

from . import display
from .errors import NSTError, option


# ---------------------------------------------------------------------------------------------
# 안내문에 쓰는 이름
# ---------------------------------------------------------------------------------------------

def _quote(name: str) -> str:
    return f"'{name}'"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# 경로
# ---------------------------------------------------------------------------------------------

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


def _is_dir(path: Path) -> bool:
    """`path.is_dir()` 인데, 경로를 볼 수 없으면(너무 긴 이름, 권한 없음 …) 예외 대신 False."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------
# 읽을 파일 찾기
# ---------------------------------------------------------------------------------------------

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
