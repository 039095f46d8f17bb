"""학생이 고칠 수 있는 문제를 알리는 하나의 예외 형식(exception type).

라이브러리가 학생의 입력(이미지, 경로, 설정 값, 가중치 파일)을 거절할 때는 언제나 `NSTError` 를 던집니다.
메시지는 한국어로, 무엇이 잘못되었고 다음에 무엇을 하면 되는지를 말하며, 관련된 파일이 있으면 그 이름을 담습니다.

>>> try:
...     raise NSTError("이미지 파일을 찾을 수 없습니다: 'cat.jpg'. 경로를 확인하세요.")
... except NSTError as e:
...     print(e)
이미지 파일을 찾을 수 없습니다: 'cat.jpg'. 경로를 확인하세요.
"""

from __future__ import annotations


class NSTError(Exception):
    """nstlib 이 학생에게 보여 주는 오류. `str(error)` 는 한국어 안내문입니다.

    `path` 에는 문제가 된 파일 이름(있다면)이 들어 있습니다.
    """

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path
