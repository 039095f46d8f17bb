"""benchmarks/compare.py 의 PaperScore: "닿음" 을 판정하는 점수가 튜토리얼의 목적 함수와 같은지.

기준은 점수와 따로 쓰인 두 코드입니다: 튜토리얼의 손실 (`baseline_tutorial.TutorialStyleTransfer
.style_content_loss`, 그램 행렬을 einsum / 위치 수로) 과 nstlib 의 상대 형태 손실 (`StyleTransferLoss`).
사진과 그림의 가로세로 비가 다를 때(보정용 쌍은 모두 그렇습니다)도 같아야 합니다.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from baseline_tutorial import TutorialStyleTransfer  # noqa: E402
from compare import PaperScore, score_only  # noqa: E402


@pytest.fixture(scope="module")
def pictures():
    rng = np.random.default_rng(0)
    content = rng.uniform(0, 1, (48, 64, 3)).astype(np.float32)
    style = rng.uniform(0, 1, (64, 64, 3)).astype(np.float32)      # 위치 수가 다름: M_s / M = 4/3
    image = np.clip(content + rng.normal(0, 0.2, content.shape), 0, 1).astype(np.float32)
    return content, style, image


@pytest.fixture(scope="module")
def scorer(pictures):
    content, style, _ = pictures
    return PaperScore(content, style, 1e4, 1.0, architecture="vgg16", weights="random",
                      content_layer="block4_conv2")


def test_score_equals_the_tutorial_loss_when_photo_and_painting_differ_in_shape(pictures, scorer):
    content, style, image = pictures
    tutorial = TutorialStyleTransfer(content, style, "vgg16", "random", content_layers=["block4_conv2"],
                                     style_weight=1.0, content_weight=1e4, total_variation_weight=0.0)
    expected = float(tutorial.style_content_loss(tutorial.extractor(tf.constant(image[None]))))
    assert scorer(image)["score"] == pytest.approx(expected, rel=1e-4)


def test_nstlib_with_the_score_options_minimises_the_score(pictures, scorer):
    from nstlib.losses import StyleTransferLoss
    from nstlib.network import feature_extractor

    content, style, image = pictures
    options = scorer.as_nstlib_options()
    loss = StyleTransferLoss.build(
        lambda layers: feature_extractor(layers, "vgg16", "random", pooling=options["pooling"]),
        content, [style], content_layers=options["content_layers"], style_layers=options["style_layers"],
        alpha=options["alpha"], beta=options["beta"], tv_weight=options["tv_weight"])
    assert float(loss(tf.constant(image[None]))["total"]) == pytest.approx(scorer(image)["score"], rel=1e-3)


def test_score_only_is_the_first_point_at_or_below_the_target_score():
    curve = [{"step": 0, "seconds": 0.0, "score": 9.0}, {"step": 5, "seconds": 2.0, "score": 4.0},
             {"step": 10, "seconds": 4.0, "score": 3.0}, {"step": 15, "seconds": 6.0, "score": 5.0}]
    first = score_only(curve, 4.0, base_total=8.0)
    assert (first["step"], first["ratio"]) == (5, 0.25)
    assert score_only(curve, 2.0, base_total=8.0) is None
