"""층 하나: Keras 의 합성곱(tf.nn.conv2d + 편향 + ReLU) 대 nstlib.fast_conv 의 전치 합성곱, 같은 실행에서 번갈아.

    python benchmarks/bench_conv.py            # VGG 층 모양들 (256 px 와 512 px 이미지의 block1 … block5)

순전파만(fwd)과 순전파 + 입력에 대한 기울기(f+b, 최적화의 한 단계가 하는 일)를 재고, 비율(fast / keras)과
두 쪽 출력의 가장 큰 상대 차이를 적습니다. fast_conv.MIN_CHANNELS 를 정한 근거입니다 (benchmarks/README.md).
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from nstlib.fast_conv import correlate, flip_kernel  # noqa: E402

# (높이, 너비, 입력 채널, 출력 채널): 256×192 이미지의 block1 … block5, 그리고 512×384 이미지의 block3, block4
# (512×384 의 block5 는 24×32, 512→512 로 256×192 의 block4 와 같은 모양이라 한 번만)
SHAPES = [(192, 256, 64, 64), (96, 128, 128, 128), (48, 64, 256, 256), (24, 32, 256, 512), (24, 32, 512, 512),
          (12, 16, 512, 512), (96, 128, 256, 256), (48, 64, 256, 512), (48, 64, 512, 512)]


def layer_pair(height, width, channels, filters, seed=0):
    rng = np.random.default_rng(seed)
    x = tf.Variable(rng.standard_normal((1, height, width, channels)).astype(np.float32))
    kernel = tf.constant((rng.standard_normal((3, 3, channels, filters)) / np.sqrt(9 * channels)).astype(np.float32))
    bias = tf.constant(rng.standard_normal(filters).astype(np.float32) * 0.1)
    flipped = tf.constant(flip_kernel(kernel))

    def keras_conv():
        return tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, kernel, 1, "SAME"), bias))

    def fast_conv():
        return tf.nn.relu(tf.nn.bias_add(correlate(x, kernel, flipped), bias))

    def compiled(fn):
        @tf.function(autograph=False)
        def forward():
            return tf.reduce_sum(fn())

        @tf.function(autograph=False)
        def both():
            with tf.GradientTape() as tape:
                tape.watch(x)
                loss = tf.reduce_sum(tf.square(fn()))
            return tape.gradient(loss, x)

        return forward, both

    error = float(tf.reduce_max(tf.abs(keras_conv() - fast_conv())) / tf.reduce_max(tf.abs(keras_conv())))
    return compiled(keras_conv), compiled(fast_conv), error


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(f"{'모양 (H×W, 채널)':>22} {'keras fwd':>10} {'fast fwd':>9} {'비율':>5} {'keras f+b':>10} {'fast f+b':>9} "
          f"{'비율':>5} {'상대 차이':>9}   (ms, 중앙값)")
    for h, w, c, f in SHAPES:
        (k_fwd, k_both), (f_fwd, f_both), error = layer_pair(h, w, c, f)
        fns = {"k_fwd": k_fwd, "f_fwd": f_fwd, "k_both": k_both, "f_both": f_both}
        for fn in fns.values():
            fn()
        times = {name: [] for name in fns}
        for r in range(args.repeats):
            for name in (list(fns) if r % 2 == 0 else list(fns)[::-1]):
                start = time.perf_counter()
                np.asarray(fns[name]())
                times[name].append(1e3 * (time.perf_counter() - start))
        m = {name: statistics.median(t) for name, t in times.items()}
        print(f"{f'{h}×{w}, {c}→{f}':>22} {m['k_fwd']:>10.1f} {m['f_fwd']:>9.1f} {m['f_fwd'] / m['k_fwd']:>5.2f} "
              f"{m['k_both']:>10.1f} {m['f_both']:>9.1f} {m['f_both'] / m['k_both']:>5.2f} {error:>9.1e}", flush=True)


if __name__ == "__main__":
    main()
