"""그림의 입력 다듬기: 이미지 하나, 이미지 목록, (단계, 이미지) 쌍 → float32 (높이, 너비, 3) 배열.

그림(`pictures`)과 움직이는 그림(`animation`)이 같이 씁니다. GIF 를 저장할 때 matplotlib 을 불러오지 않도록
numpy 만 씁니다.

>>> import numpy as np
>>> [step for step, _ in as_frames([(10, np.zeros((4, 4, 3))), (20, np.ones((4, 4, 3)))], "그림")]
[10, 20]
"""

from __future__ import annotations

import numbers
from typing import Any, Iterable, Mapping

import numpy as np

from ..errors import NSTError


def to_numpy(value: Any) -> np.ndarray:
    """numpy 배열, TensorFlow 텐서, 목록 → numpy 배열."""
    if hasattr(value, "numpy"):          # TensorFlow 텐서
        value = value.numpy()
    return np.asarray(value)


def as_array(value: Any, what: str, ndim: int) -> np.ndarray:
    """numpy 배열로 바꾸고, 앞에 배치 축(크기 1)이 하나 더 붙어 있으면 뗍니다. ndim: 뗀 뒤의 차원 수."""
    try:
        array = to_numpy(value)
    except Exception as error:
        raise NSTError(f"{what}을(를) 배열로 바꿀 수 없습니다 ({type(value).__name__}): {error}") from None
    if array.ndim == ndim + 1 and array.shape[0] == 1:
        array = array[0]
    return array


def as_image(image: Any, what: str = "이미지") -> np.ndarray:
    """(H,W,3) 또는 (1,H,W,3) 이미지 → float32 (H,W,3). uint8 이미지(0~255)도 받아 [0,1] 로 바꿉니다."""
    array = as_array(image, what, 3)
    if array.ndim != 3 or array.shape[-1] != 3 or 0 in array.shape:
        raise NSTError(f"{what}의 모양(shape)이 {tuple(array.shape)} 입니다. (높이, 너비, 3) 또는 "
                       f"(1, 높이, 너비, 3) 모양의 RGB 이미지를 넣어 주세요.")
    if array.dtype == np.uint8:
        return array.astype(np.float32) / 255.0
    if not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise NSTError(f"{what}의 자료형(dtype)이 {array.dtype} 입니다. [0, 1] 범위의 float 이미지를 넣어 주세요.")
    return array.astype(np.float32)


def _is_step(value: Any) -> bool:
    """(단계, 이미지) 쌍의 첫 값처럼 보이는지: 숫자 하나 (bool 은 아님)."""
    if isinstance(value, np.ndarray):
        return value.ndim == 0
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def as_frames(items: Any, what: str) -> list[tuple[int | None, np.ndarray]]:
    """(단계, 이미지) 쌍, 이미지 목록, {단계: 이미지} 또는 (N,H,W,3) 배열 → [(단계 또는 None, 이미지)]."""
    if isinstance(items, Mapping):
        items = sorted(items.items(), key=lambda pair: pair[0])
    elif hasattr(items, "shape"):                     # numpy 배열이나 텐서: (H,W,3) 한 장 또는 (N,H,W,3)
        array = to_numpy(items)
        items = list(array) if array.ndim == 4 else [array]
    elif not isinstance(items, Iterable) or isinstance(items, (str, bytes)):
        raise NSTError(f"{what}에는 이미지 목록이나 (단계, 이미지) 쌍의 목록을 넣어 주세요 "
                       f"({type(items).__name__} 을(를) 받았습니다).")
    frames = []
    for index, item in enumerate(items):
        step = None
        if isinstance(item, (tuple, list)) and len(item) == 2 and _is_step(item[0]):
            step, item = int(item[0]), item[1]
        frames.append((step, as_image(item, f"{what}의 {index + 1}번째 이미지")))
    if not frames:
        raise NSTError(f"{what}이(가) 비어 있습니다. 이미지를 하나 이상 넣어 주세요.")
    return frames

