"""비교 기준(baseline): TensorFlow 공식 튜토리얼 "Neural style transfer" 의 알고리즘을 그대로 옮긴 것.

nstlib 의 최적화가 정말 빠른지 보려면 같은 기계, 같은 가중치로 튜토리얼의 코드를 돌려 봐야 합니다.
이 파일은 튜토리얼(tensorflow.org/tutorials/generative/style_transfer)의 코드를 작은 클래스 하나로 다시
적은 것입니다. nstlib 의 코드는 쓰지 않습니다. 단 두 가지만 nstlib 에서 빌립니다:

- 가중치: ``nstlib.network.load_vgg(architecture, weights, seed)`` 가 돌려주는 Keras VGG 모델 (최대 풀링,
  Keras 원래 모양). 그래서 두 쪽이 **똑같은 가중치 객체**를 씁니다.
- 예제 이미지를 읽는 ``nstlib.examples.open_image`` (두 쪽이 같은 픽셀에서 시작하도록).

튜토리얼 그대로인 것:
  콘텐츠 층 block5_conv2, 스타일 층 block1_conv1 … block5_conv1;
  전처리 inputs*255 → keras.applications.vgg19.preprocess_input (Caffe 식);
  그램 행렬 einsum('bijc,bijd->bcd') / (H·W);
  스타일 손실 style_weight/5 · Σ mean((G−A)²), style_weight = 1e-2;
  콘텐츠 손실 content_weight/1 · Σ mean((F−P)²), content_weight = 1e4;
  총 변위 30 · tf.image.total_variation(image) (이웃 픽셀 차이의 절댓값 합);
  Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1); @tf.function train_step; [0, 1] 로 자르기;
  콘텐츠 이미지에서 시작; 목표(target)는 한 번만 계산; 10 epoch × 100 step.
튜토리얼과 다른 것: train_step 이 손실을 돌려줍니다(시간을 잴 때 계산이 끝났는지 확인하려고. 계산량은 같음).

    python benchmarks/baseline_tutorial.py countryside swirl -o /tmp/baseline.png --size 256 --steps 200 \\
        --weights hed-vgg16
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

CONTENT_LAYERS = ["block5_conv2"]
STYLE_LAYERS = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]


def vgg_layers(layer_names, architecture="vgg19", weights="imagenet", seed=0):
    """튜토리얼의 vgg_layers: 중간 층의 출력을 내는 모델. 가중치는 nstlib.network.load_vgg 의 것."""
    import keras

    from nstlib.network import load_vgg

    vgg = load_vgg(architecture, weights, seed)           # Keras VGG (include_top=False, 최대 풀링)
    if any(isinstance(layer, keras.layers.AveragePooling2D) for layer in vgg.layers):
        raise RuntimeError("load_vgg 가 평균 풀링 모델을 돌려주었습니다: 튜토리얼은 최대 풀링입니다.")
    vgg.trainable = False
    outputs = [vgg.get_layer(name).output for name in layer_names]
    model = keras.Model([vgg.input], outputs)
    return model


def gram_matrix(input_tensor):
    """튜토리얼의 그램 행렬: 위치의 수 H·W 로 나눈 평균."""
    result = tf.linalg.einsum("bijc,bijd->bcd", input_tensor, input_tensor)
    input_shape = tf.shape(input_tensor)
    num_locations = tf.cast(input_shape[1] * input_shape[2], tf.float32)
    return result / num_locations


class StyleContentModel:
    """튜토리얼의 StyleContentModel: [0, 1] 이미지 → {'style': 그램 행렬들, 'content': 특징 지도}."""

    def __init__(self, style_layers, content_layers, architecture="vgg19", weights="imagenet", seed=0):
        self.vgg = vgg_layers(style_layers + content_layers, architecture, weights, seed)
        self.style_layers = style_layers
        self.content_layers = content_layers
        self.num_style_layers = len(style_layers)

    def __call__(self, inputs):
        import keras

        inputs = inputs * 255.0
        preprocessed_input = keras.applications.vgg19.preprocess_input(inputs)
        outputs = self.vgg(preprocessed_input)
        style_outputs, content_outputs = (outputs[: self.num_style_layers], outputs[self.num_style_layers:])
        style_outputs = [gram_matrix(style_output) for style_output in style_outputs]
        content_dict = dict(zip(self.content_layers, content_outputs))
        style_dict = dict(zip(self.style_layers, style_outputs))
        return {"content": content_dict, "style": style_dict}


class TutorialStyleTransfer:
    """튜토리얼의 최적화 전체: 목표를 한 번 계산하고, `train_step` 을 되풀이합니다.

    >>> t = TutorialStyleTransfer(content, style, weights="hed-vgg16", architecture="vgg16")  # doctest: +SKIP
    >>> t.train_step(t.image)                                                               # doctest: +SKIP
    """

    style_weight = 1e-2
    content_weight = 1e4
    total_variation_weight = 30

    def __init__(self, content_image, style_image, architecture="vgg19", weights="imagenet", seed=0,
                 content_layers=None, style_layers=None, style_weight=None, content_weight=None,
                 total_variation_weight=None):
        import keras

        # 가중치를 주지 않으면 튜토리얼의 값 (Keras ImageNet VGG19 에 맞춘 값).
        if style_weight is not None:
            self.style_weight = float(style_weight)
        if content_weight is not None:
            self.content_weight = float(content_weight)
        if total_variation_weight is not None:
            self.total_variation_weight = float(total_variation_weight)

        self.content_layers = list(content_layers or CONTENT_LAYERS)
        self.style_layers = list(style_layers or STYLE_LAYERS)
        self.num_content_layers = len(self.content_layers)
        self.num_style_layers = len(self.style_layers)
        self.extractor = StyleContentModel(self.style_layers, self.content_layers, architecture, weights, seed)
        content_image = tf.constant(np.asarray(content_image, np.float32)[np.newaxis])
        style_image = tf.constant(np.asarray(style_image, np.float32)[np.newaxis])
        self.style_targets = self.extractor(style_image)["style"]
        self.content_targets = self.extractor(content_image)["content"]
        self.image = tf.Variable(content_image)
        self.opt = keras.optimizers.Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1)
        self.train_step = tf.function(self._train_step)
        self.steps_done = 0

    def style_content_loss(self, outputs):
        style_outputs = outputs["style"]
        content_outputs = outputs["content"]
        style_loss = tf.add_n([tf.reduce_mean((style_outputs[name] - self.style_targets[name]) ** 2)
                               for name in style_outputs.keys()])
        style_loss *= self.style_weight / self.num_style_layers
        content_loss = tf.add_n([tf.reduce_mean((content_outputs[name] - self.content_targets[name]) ** 2)
                                 for name in content_outputs.keys()])
        content_loss *= self.content_weight / self.num_content_layers
        return style_loss + content_loss

    def _train_step(self, image):
        with tf.GradientTape() as tape:
            outputs = self.extractor(image)
            loss = self.style_content_loss(outputs)
            loss += self.total_variation_weight * tf.image.total_variation(image)
        grad = tape.gradient(loss, image)
        self.opt.apply_gradients([(grad, image)])
        image.assign(tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0))
        return loss

    def run(self, epochs=10, steps_per_epoch=100, callback=None, callback_every=1, verbose=False):
        """튜토리얼의 반복: epochs × steps_per_epoch 단계. callback(step, image (H,W,3) numpy, loss).

        step 은 처음부터 센 단계 수입니다 (run 을 여러 번 불러도 이어서 셈).
        """
        step = self.steps_done
        start = time.perf_counter()
        for epoch in range(epochs):
            for _ in range(steps_per_epoch):
                loss = self.train_step(self.image)
                step += 1
                self.steps_done = step
                if callback is not None and step % callback_every == 0:
                    callback(step, self.image.numpy()[0], float(np.sum(loss)))
            if verbose:
                print(f"epoch {epoch + 1}/{epochs}: {step}단계, 손실 {float(np.sum(loss)):.4g}, "
                      f"{time.perf_counter() - start:.1f}초", flush=True)
        return self.image.numpy()[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description="TensorFlow 튜토리얼 방식의 스타일 전이 (nstlib 과 비교하는 기준)")
    parser.add_argument("content", help="콘텐츠 이미지 (예제 이름 또는 파일 경로)")
    parser.add_argument("style", help="스타일 이미지 (예제 이름 또는 파일 경로)")
    parser.add_argument("-o", "--output", default="baseline.png", help="결과를 저장할 PNG 파일")
    parser.add_argument("--size", type=int, default=512, help="긴 변의 픽셀 수 (튜토리얼: 512)")
    parser.add_argument("--steps", type=int, default=1000, help="단계 수 (튜토리얼: 10 epoch × 100 = 1000)")
    parser.add_argument("--weights", default="hed-vgg16", help="imagenet, hed-vgg16, random 또는 .h5 파일")
    parser.add_argument("--architecture", default=None, help="vgg19 또는 vgg16 (기본: 가중치에 맞춤)")
    parser.add_argument("--style-weight", type=float, default=None, help="스타일 가중치 (튜토리얼: 1e-2)")
    parser.add_argument("--content-weight", type=float, default=None, help="콘텐츠 가중치 (튜토리얼: 1e4)")
    parser.add_argument("--tv-weight", type=float, default=None, help="총 변위 가중치 (튜토리얼: 30)")
    args = parser.parse_args(argv)

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from nstlib.examples import open_image
    from nstlib.images import save_image

    architecture = args.architecture or ("vgg16" if args.weights == "hed-vgg16" else "vgg19")
    content, style = open_image(args.content, args.size), open_image(args.style, args.size)
    transfer = TutorialStyleTransfer(content, style, architecture, args.weights, style_weight=args.style_weight,
                                     content_weight=args.content_weight, total_variation_weight=args.tv_weight)
    epochs, rest = divmod(args.steps, 100)
    start = time.perf_counter()
    image = transfer.run(epochs, 100, verbose=True) if epochs else transfer.image.numpy()[0]
    if rest:
        image = transfer.run(1, rest)
    elapsed = time.perf_counter() - start
    path = save_image(image, args.output, overwrite=True)
    print(f"{args.steps}단계, {elapsed:.1f}초 ({elapsed / max(args.steps, 1):.3f}초/단계). 저장: {path}")


if __name__ == "__main__":
    main()
