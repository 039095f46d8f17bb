"""장치(device): GPU 가 있으면 찾아 이름을 말하고, 없으면 Colab 에서 켜는 법을 알려 줍니다.

모든 코드는 CPU 에서도 돌아갑니다. GPU 가 있으면 TensorFlow 가 알아서 GPU 를 씁니다.

>>> info = detect_device()    # doctest: +SKIP
>>> info.summary              # doctest: +SKIP
'CPU (GPU 없음)'
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

COLAB_GPU_HOWTO = ("GPU 를 켜려면 Colab 메뉴에서 [런타임] → [런타임 유형 변경] → [하드웨어 가속기: T4 GPU] 를 고르고 "
                   "[저장] 을 누른 뒤, 노트북을 처음부터 다시 실행하세요.")


@dataclass(frozen=True)
class DeviceInfo:
    """계산에 쓰는 장치. `name` 은 사람이 읽는 이름, `tf_device` 는 TensorFlow 의 장치 문자열."""

    kind: str          # "GPU" 또는 "CPU"
    name: str
    tf_device: str

    @property
    def is_gpu(self) -> bool:
        return self.kind == "GPU"

    @property
    def summary(self) -> str:
        return f"GPU ({self.name})" if self.is_gpu else "CPU (GPU 없음)"

    def advice(self) -> str:
        """학생에게 보여 줄 한 문장: 무엇으로 계산하는지, GPU 가 없으면 어떻게 켜는지."""
        if self.is_gpu:
            return f"GPU 를 사용합니다: {self.name}"
        bfloat16 = (" 이 CPU 는 숫자를 16비트로 짧게 적어(bfloat16) 빨리 계산할 수 있어서, 신경망의 합성곱을 그렇게 "
                    "계산합니다 (그림은 같고 더 빠름)." if cpu_has_bfloat16() else "")
        if in_colab():
            return f"GPU 없이 CPU 로 계산합니다 (느림).{bfloat16} {COLAB_GPU_HOWTO}"
        return f"GPU 없이 CPU 로 계산합니다.{bfloat16} 이미지를 작게(예: 256 px) 하고 단계 수를 줄이면 빨라집니다."


def in_colab() -> bool:
    """Google Colab 에서 실행 중이면 True."""
    return "COLAB_RELEASE_TAG" in os.environ or "COLAB_GPU" in os.environ


_DEVICE: DeviceInfo | None = None


def detect_device() -> DeviceInfo:
    """GPU 를 찾습니다. 찾으면 메모리를 필요한 만큼만 쓰도록(memory growth) 설정합니다. 결과는 기억해 둡니다."""
    global _DEVICE
    if _DEVICE is not None:
        return _DEVICE
    from ._quiet import native_stderr_hidden

    with native_stderr_hidden():          # "failed call to cuInit ..." (GPU 가 없을 때 C++ 가 쓰는 영어 줄)
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        _DEVICE = DeviceInfo("CPU", "CPU", "/CPU:0")
        return _DEVICE
    for gpu in gpus:
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except (RuntimeError, ValueError):
            pass  # 이미 GPU 를 쓰기 시작한 뒤에는 바꿀 수 없음: 그대로 두어도 동작에는 문제없음
    name = gpus[0].name
    try:
        details = tf.config.experimental.get_device_details(gpus[0])
        name = details.get("device_name", name)
    except Exception:
        pass
    _DEVICE = DeviceInfo("GPU", name, "/GPU:0")
    return _DEVICE


BFLOAT16_FLAGS = ("avx512_bf16", "amx_bf16")
"""bfloat16 곱셈을 하드웨어로 하는 x86 CPU 명령 (Intel Cooper Lake·Sapphire Rapids 이후, AMD Zen 4 이후)."""


def cpu_has_bfloat16(cpuinfo: str | None = None) -> bool:
    """이 CPU 가 bfloat16 을 하드웨어로 계산하는지 (Linux 의 /proc/cpuinfo 에 `BFLOAT16_FLAGS` 가 있는지).

    TensorFlow 의 CPU 합성곱(oneDNN)은 이런 CPU 에서 bfloat16 을 float32 보다 1.5~2배 빨리 계산합니다
    (benchmarks/README.md). 명령이 없는 CPU 에서는 흉내 내느라 느려지므로 False. oneDNN 을 끈 TensorFlow
    (TF_ENABLE_ONEDNN_OPTS=0)도 False. /proc/cpuinfo 가 없는 곳(macOS, Windows)도 False.
    """
    if os.environ.get("TF_ENABLE_ONEDNN_OPTS", "").strip() in ("0", "false", "False"):
        return False
    flags = _cpu_flags() if cpuinfo is None else _flags_in(cpuinfo)
    return bool(set(BFLOAT16_FLAGS) & flags)


def _flags_in(cpuinfo: str) -> frozenset:
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


@functools.lru_cache(maxsize=1)
def _cpu_flags() -> frozenset:
    """이 기계의 CPU 명령 목록 (/proc/cpuinfo 를 한 번만 읽음; 실행마다 설정을 확인할 때 부름)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as file:
            return _flags_in(file.read())
    except OSError:
        return frozenset()
