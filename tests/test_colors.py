"""색 지키기: YIQ 변환과 색 분포 맞추기를 독립된 계산과 비교합니다."""

import colorsys

import numpy as np
import pytest

from nstlib import NSTError, match_colors, preserve_colors


def test_preserve_colors_keeps_luminance_of_result_and_chroma_of_photo():
    rng = np.random.default_rng(1)
    stylized = rng.uniform(0.3, 0.7, (8, 8, 3)).astype(np.float32)
    photo = rng.uniform(0.3, 0.7, (8, 8, 3)).astype(np.float32)
    out = preserve_colors(stylized, photo)
    for (y, x) in [(0, 0), (3, 5), (7, 7)]:
        y_out, i_out, q_out = colorsys.rgb_to_yiq(*out[y, x])
        y_sty, _, _ = colorsys.rgb_to_yiq(*stylized[y, x])
        _, i_photo, q_photo = colorsys.rgb_to_yiq(*photo[y, x])
        assert y_out == pytest.approx(y_sty, abs=2e-3)
        assert (i_out, q_out) == pytest.approx((i_photo, q_photo), abs=2e-3)


def test_match_colors_moves_mean_and_covariance():
    rng = np.random.default_rng(2)
    style = rng.uniform(0.0, 0.4, (32, 32, 3)) * np.array([1.0, 0.5, 0.2])
    photo = 0.3 + rng.uniform(0.0, 0.4, (16, 24, 3)) @ np.array([[1, 0.2, 0], [0, 1, 0.3], [0.1, 0, 1]]) / 2
    out = match_colors(style, photo)
    assert out.shape == style.shape
    assert np.allclose(out.reshape(-1, 3).mean(0), photo.reshape(-1, 3).mean(0), atol=1e-3)
    assert np.allclose(np.cov(out.reshape(-1, 3), rowvar=False), np.cov(photo.reshape(-1, 3), rowvar=False),
                       atol=2e-3)


def test_shape_mismatch_is_a_korean_error():
    with pytest.raises(NSTError, match="모양"):
        preserve_colors(np.zeros((4, 4, 3)), np.zeros((4, 5, 3)))
