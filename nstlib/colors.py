"""색 지키기(colour preservation): 스타일의 붓질은 받되 사진의 색은 그대로 두기.

Gatys et al. 2017 ("Controlling Perceptual Factors in Neural Style Transfer") 의 두 방법:

- `preserve_colors` (밝기만 옮기기, luminance-only transfer): 결과의 밝기(Y)와 사진의 색(I, Q)을 합칩니다.
- `match_colors` (색 분포 맞추기, colour histogram matching): 스타일 이미지의 색 평균과 공분산을
  사진의 것에 맞춘 뒤 그것을 스타일 이미지로 씁니다.

>>> out = preserve_colors(result.best_image, content)        # doctest: +SKIP
>>> style_like_photo = match_colors(style, content)            # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from .errors import NSTError

# RGB → YIQ (NTSC). Y 는 밝기, I 와 Q 는 색.
_RGB_TO_YIQ = np.array([[0.299, 0.587, 0.114],
                        [0.595716, -0.274453, -0.321263],
                        [0.211456, -0.522591, 0.311135]], dtype=np.float64)
_YIQ_TO_RGB = np.linalg.inv(_RGB_TO_YIQ)


def _same_shape(a: np.ndarray, b: np.ndarray, what: str) -> None:
    if a.shape != b.shape or a.ndim != 3 or a.shape[-1] != 3:
        raise NSTError(f"{what}: 두 이미지의 모양이 같아야 합니다 ({a.shape} 와 {b.shape}). "
                       f"같은 size 로 불러온 이미지를 쓰세요.")


def preserve_colors(stylized, content) -> np.ndarray:
    """결과의 밝기에 콘텐츠 사진의 색을 입힙니다. 두 이미지는 (H, W, 3) [0, 1] 이고 크기가 같아야 합니다.

    >>> gray = np.full((2, 2, 3), 0.5, np.float32); red = np.zeros((2, 2, 3), np.float32); red[..., 0] = 1
    >>> preserve_colors(gray, red)[0, 0].round(2)   # 밝기는 회색(0.5), 색은 빨강
    array([1. , 0.2, 0.2], dtype=float32)
    """
    stylized = np.asarray(stylized, np.float64)
    content = np.asarray(content, np.float64)
    _same_shape(stylized, content, "색 지키기")
    luminance = stylized @ _RGB_TO_YIQ[0]
    yiq = content @ _RGB_TO_YIQ.T
    yiq[..., 0] = luminance
    return np.clip(yiq @ _YIQ_TO_RGB.T, 0.0, 1.0).astype(np.float32)


def match_colors(style, content, eps: float = 1e-5) -> np.ndarray:
    """스타일 이미지의 색 분포(평균, 공분산)를 콘텐츠 사진의 것으로 바꿉니다. 크기는 달라도 됩니다.

    선형 변환 x' = A (x − μ_s) + μ_c, A = Σ_c^½ Σ_s^−½ (Gatys et al. 2017 의 'Image Analogies' 색 변환).
    """
    style = np.asarray(style, np.float64)
    content = np.asarray(content, np.float64)
    if style.ndim != 3 or content.ndim != 3 or style.shape[-1] != 3 or content.shape[-1] != 3:
        raise NSTError(f"색 맞추기: (높이, 너비, 3) 이미지가 필요합니다 ({style.shape}, {content.shape}).")
    s, c = style.reshape(-1, 3), content.reshape(-1, 3)
    mu_s, mu_c = s.mean(0), c.mean(0)
    cov_s = np.cov(s, rowvar=False) + eps * np.eye(3)
    cov_c = np.cov(c, rowvar=False) + eps * np.eye(3)

    def sqrtm(m, power):
        values, vectors = np.linalg.eigh(m)
        return (vectors * np.clip(values, eps, None) ** power) @ vectors.T

    transform = sqrtm(cov_c, 0.5) @ sqrtm(cov_s, -0.5)
    return np.clip((s - mu_s) @ transform.T + mu_c, 0.0, 1.0).reshape(style.shape).astype(np.float32)
