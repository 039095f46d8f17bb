"""benchmarks/picture_measures.py: 그림의 품질을 재는 세 값이 그 정의대로 움직이는지.

기대값은 정의에서 나옵니다: 같은 그림의 구조는 1, 그림 자신의 색 잡티는 1, 같은 픽셀 집합의 거리는 0,
모든 픽셀을 d 만큼 옮긴 집합의 sliced Wasserstein 거리는 무작위 방향 u 에 대한 |u·d| 의 평균 (3차원 구면에서
|cos| 의 평균은 1/2 이므로 약 |d|/2).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from picture_measures import chroma_noise, colour_distance, structure  # noqa: E402


@pytest.fixture(scope="module")
def photo():
    """매끈한 면과 윤곽이 있는 그림 (흐린 무작위 무늬 + 사각형)."""
    rng = np.random.default_rng(0)
    image = gaussian_filter(rng.uniform(0, 1, (96, 128, 3)), sigma=(6, 6, 0))
    image = (image - image.min()) / (image.max() - image.min()) * 0.6 + 0.2
    image[30:60, 40:90] = [0.9, 0.3, 0.2]
    return image


def test_structure_is_one_for_the_same_picture_and_falls_when_the_layout_is_lost(photo):
    assert structure(photo, photo) == pytest.approx(1.0, abs=1e-9)
    rng = np.random.default_rng(1)
    noisy = np.clip(photo + rng.normal(0, 0.15, photo.shape), 0, 1)
    shuffled = photo[rng.permutation(photo.shape[0])][:, rng.permutation(photo.shape[1])]
    assert structure(shuffled, photo) < 0.3 < structure(noisy, photo) < 1.0
    # 결과가 작으면 콘텐츠를 결과의 크기로 맞춰서 잼
    small = photo[::2, ::2]
    assert structure(small, photo) > 0.8


def test_chroma_noise_is_one_for_the_painting_itself_and_grows_with_colour_speckle(photo):
    assert chroma_noise(photo, photo) == pytest.approx(1.0, rel=1e-9)
    rng = np.random.default_rng(2)
    speckle = rng.normal(0, 0.05, photo.shape)
    grey_speckle = np.repeat(speckle[..., :1], 3, axis=2)           # 밝기만 흔들림: 색(Cb, Cr)은 그대로
    assert chroma_noise(np.clip(photo + speckle, 0, 1), photo) > 3.0
    assert chroma_noise(np.clip(photo + grey_speckle, 0, 1), photo) == pytest.approx(1.0, abs=0.05)


def test_colour_distance_is_zero_for_the_same_colours_and_about_half_a_shift(photo):
    shuffled = photo.reshape(-1, 3)[np.random.default_rng(3).permutation(photo.shape[0] * photo.shape[1])]
    assert colour_distance(shuffled.reshape(photo.shape), photo) == pytest.approx(0.0, abs=1e-9)   # 위치와 무관
    d = np.array([0.1, -0.05, 0.08])                                  # 잘리지 않는 크기의 색 이동
    expected = np.linalg.norm(d * 255) / 2
    assert colour_distance(photo + d, photo) == pytest.approx(expected, rel=0.15)
