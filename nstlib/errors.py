"""학생이 고칠 수 있는 문제를 알리는 하나의 예외 형식(exception type).

라이브러리가 학생의 입력(이미지, 경로, 설정 값, 가중치 파일)을 거절할 때는 언제나 `NSTError` 를 던집니다.
메시지는 한국어로, 무엇이 잘못되었고 다음에 무엇을 하면 되는지를 말하며, 관련된 파일이 있으면 그 이름을 담습니다.

>>> try:
...     raise NSTError("이미지 파일을 찾을 수 없습니다: 'cat.jpg'. 경로를 확인하세요.")
... except NSTError as e:
...     print(e)
이미지 파일을 찾을 수 없습니다: 'cat.jpg'. 경로를 확인하세요.

안내문이 설정 하나를 고치라고 할 때는 `option` 으로 그 이름을 적습니다: 파이썬에서 부른 학생에게는 키워드
인자(`overwrite=True`), 명령줄의 학생에게는 옵션(`--overwrite`). 학생이 쓸 수 없는 이름을 말하지 않도록.
"""

from __future__ import annotations

import contextlib
import contextvars


class NSTError(Exception):
    """nstlib 이 학생에게 보여 주는 오류. `str(error)` 는 한국어 안내문입니다.

    `path` 에는 문제가 된 파일 이름(있다면)이 들어 있습니다.
    """

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


_SPELLINGS: contextvars.ContextVar[tuple] = contextvars.ContextVar("nstlib_spellings", default=())
_NO_VALUE = object()


def option(keyword: str, value=_NO_VALUE) -> str:
    """설정 하나를 학생이 지금 쓰는 말로 적습니다 (값을 주면 값과 함께).

    >>> option("overwrite", True)
    'overwrite=True'
    >>> with spelled_as({"overwrite": "--overwrite", "learning_rate": "--lr"}):
    ...     option("overwrite", True), option("learning_rate", 0.01)
    ('--overwrite', '--lr 0.01')
    """
    name = keyword
    for spellings in reversed(_SPELLINGS.get()):     # 안쪽(가장 나중에 정한 것)부터 바깥쪽으로
        name = spellings.get(name, name)
    if value is _NO_VALUE:
        return name
    if name.startswith("-"):
        return name if value is True else f"{name} {value:g}" if isinstance(value, float) else f"{name} {value}"
    return f"{name}={value!r}"


@contextlib.contextmanager
def spelled_as(spellings: dict):
    """이 안에서 `option` 이 설정의 이름을 `spellings` 대로 적습니다 (예: 명령줄은 {"learning_rate": "--lr"},
    `style_transfer` 는 그림을 읽을 때 {"max_size": "size"})."""
    token = _SPELLINGS.set((*_SPELLINGS.get(), dict(spellings)))
    try:
        yield
    finally:
        _SPELLINGS.reset(token)


def particle(word: str, pair: str = "은는") -> str:
    """한국어 조사를 앞 낱말의 마지막 글자에 맞춰 붙입니다: 받침이 있으면 pair[0], 없으면 pair[1].

    괄호 안의 영어(예: "학습률(--lr)")는 건너뛰고 마지막 한글 글자를 봅니다.

    >>> particle("학습률"), particle("이미지 크기"), particle("그림", "을를"), particle("필터", "을를")
    ('학습률은', '이미지 크기는', '그림을', '필터를')
    """
    hangul = [c for c in word.split("(")[0] if "가" <= c <= "힣"]
    batchim = bool(hangul) and (ord(hangul[-1]) - ord("가")) % 28 != 0
    return word + (pair[0] if batchim or not hangul else pair[1])

