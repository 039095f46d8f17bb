"""TensorFlow 의 C++ 부분이 시작할 때 stderr 에 바로 쓰는 영어 줄을 학생 화면에서 가립니다.

``import tensorflow`` 와 처음 GPU 를 찾을 때 TensorFlow 의 C++ 코드는 파이썬을 거치지 않고 파일 기술자 2
(stderr)에 씁니다 ("All log messages before absl::InitializeLog() ...", "oneDNN custom operations are on",
"Could not find cuda drivers", "failed call to cuInit"). ``TF_CPP_MIN_LOG_LEVEL`` 이 정해지기 전에 찍히는 줄도
있어, 환경 변수로는 다 막지 못합니다. 학생이 할 일이 없는 말이므로 그동안만 stderr 를 비워 둡니다. 어떤 장치를
쓰는지는 `device.detect_device` 가 한국어로 알립니다. 파이썬의 예외는 그대로 올라갑니다 (되돌린 뒤에 찍힘).
"""

from __future__ import annotations

import contextlib
import os


@contextlib.contextmanager
def native_stderr_hidden():
    """이 안에서 C/C++ 코드가 파일 기술자 2 에 쓰는 것을 버립니다. 기술자를 바꿀 수 없으면 아무것도 하지 않음."""
    try:
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@contextlib.contextmanager
def matplotlib_left_for_later():
    """TensorFlow 를 불러오는 동안만 matplotlib 을 "없는 것"으로 둡니다.

    ``import tensorflow`` 는 Keras 를 부르고, Keras 는 (설치되어 있으면) 자기 그림 도구를 위해 matplotlib 을 미리
    불러옵니다. 그러면 그림을 하나도 그리지 않는 ``import nstlib`` 과 명령줄이 matplotlib 을 기다립니다. Keras 는
    matplotlib 이 없을 때를 받아들이므로(그 그림 도구만 쓸 수 없음; nstlib 은 쓰지 않음) 그동안만 가려 둡니다.
    그 뒤의 ``import matplotlib`` (nstlib.classroom 이 그림을 그릴 때)은 보통 때와 같습니다.
    """
    import sys

    hidden = [name for name in ("matplotlib", "matplotlib.pyplot") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
