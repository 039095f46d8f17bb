"""그림을 재는 세 가지 (picture-quality measures): 구조, 색 잡티, 그림과의 색 거리.

눈으로 보는 판정을 숫자로 옮긴 것입니다. 세 값 모두 numpy 와 scipy 만으로 계산합니다 (nstlib 을 쓰지 않음).

- ``structure(result, content)``: 사진의 윤곽이 남았는가. 두 그림을 회색으로 바꾸고 가우스 흐림(σ = 2 px) 뒤
  중앙 차분(central difference)으로 기울기의 크기를 구해, 모든 픽셀에 걸친 피어슨 상관계수. 1 = 사진의 윤곽 그대로.
- ``chroma_noise(result, style)``: 무지개색 잡티. YCbCr(0–255)의 Cb, Cr 에 4-이웃 라플라시안을 걸어 절댓값의
  평균을 내고, 같은 값을 (긴 변을 결과에 맞춘) 스타일 그림에서 구해 나눔. 1.0 = 그림 자신의 색 변화만큼.
- ``colour_distance(result, style)``: 결과의 색이 그림의 팔레트인가. RGB 픽셀 집합 둘 사이의 sliced Wasserstein
  거리 (무작위 단위 방향 64개, 분위수 256개, 0–255 단위).

>>> import numpy as np
>>> photo = np.random.default_rng(0).uniform(0, 1, (64, 80, 3))
>>> round(structure(photo, photo), 6)
1.0
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter

LUMA = np.array([0.299, 0.587, 0.114])


def _as_float(image) -> np.ndarray:
    image = np.asarray(image)
    if image.dtype == np.uint8:
        return image.astype(np.float64) / 255.0
    return np.clip(np.asarray(image, np.float64), 0.0, 1.0)


def resize(image, shape) -> np.ndarray:
    """(높이, 너비) 로 바꿈 (PIL LANCZOS, [0, 1] float)."""
    image = _as_float(image)
    if image.shape[:2] == tuple(shape):
        return image
    pil = Image.fromarray(np.round(image * 255).astype(np.uint8))
    return np.asarray(pil.resize((shape[1], shape[0]), Image.LANCZOS), np.float64) / 255.0


def _edges(image) -> np.ndarray:
    grey = gaussian_filter(_as_float(image) @ LUMA, sigma=2.0)
    gy, gx = np.gradient(grey)           # 안쪽은 중앙 차분, 가장자리는 한쪽 차분
    return np.hypot(gx, gy)


def structure(result, content) -> float:
    """결과와 콘텐츠의 (흐린) 윤곽 세기의 피어슨 상관. 콘텐츠는 결과의 크기로 맞춤."""
    result = _as_float(result)
    a, b = _edges(result).ravel(), _edges(resize(content, result.shape[:2])).ravel()
    a, b = a - a.mean(), b - b.mean()
    return float((a @ b) / (np.sqrt((a @ a) * (b @ b)) + 1e-12))


def _chroma_laplacian(image) -> float:
    rgb = _as_float(image) * 255.0
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    cb = 128.0 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128.0 + 0.5 * r - 0.418688 * g - 0.081312 * b
    total = 0.0
    for channel in (cb, cr):
        lap = (4 * channel[1:-1, 1:-1] - channel[:-2, 1:-1] - channel[2:, 1:-1]
               - channel[1:-1, :-2] - channel[1:-1, 2:])
        total += np.abs(lap).mean()
    return total / 2.0


def long_side_to(image, long_side: int) -> np.ndarray:
    image = _as_float(image)
    h, w = image.shape[:2]
    scale = long_side / max(h, w)
    return resize(image, (max(1, round(h * scale)), max(1, round(w * scale))))


def chroma_noise(result, style) -> float:
    """결과의 색(Cb, Cr) 라플라시안 평균 ÷ 같은 긴 변으로 맞춘 스타일 그림의 것."""
    result = _as_float(result)
    reference = _chroma_laplacian(long_side_to(style, max(result.shape[:2])))
    return float(_chroma_laplacian(result) / max(reference, 1e-9))


def colour_distance(result, style, directions: int = 64, quantiles: int = 256, seed: int = 0) -> float:
    """두 RGB 픽셀 집합 사이의 sliced Wasserstein-1 거리 (0–255 단위)."""
    a = _as_float(result).reshape(-1, 3) * 255.0
    b = _as_float(style).reshape(-1, 3) * 255.0
    rng = np.random.default_rng(seed)
    units = rng.normal(size=(directions, 3))
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    q = (np.arange(quantiles) + 0.5) / quantiles
    qa = np.quantile(a @ units.T, q, axis=0)      # (quantiles, directions)
    qb = np.quantile(b @ units.T, q, axis=0)
    return float(np.abs(qa - qb).mean())


def measure(result, content, style) -> dict:
    """세 값을 한 번에: {'structure', 'chroma_noise', 'colour_distance'}."""
    return {"structure": structure(result, content), "chroma_noise": chroma_noise(result, style),
            "colour_distance": colour_distance(result, style)}
