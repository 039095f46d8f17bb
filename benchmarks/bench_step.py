"""가르치는 반복문(eager)과 빠른 경로(tf.function)의 한 단계 시간을 같은 실행 안에서 비교합니다.

    python benchmarks/bench_step.py --size 128 256 --steps 20 --weights hed-vgg16

기계마다(그리고 같은 기계에서도 때마다) 초 단위 시간은 흔들리므로, 같은 실행에서 잰 eager 를 기준(1.0)으로 한
비율을 함께 적습니다. 첫 단계(그래프를 만드는 시간)는 따로 적고 평균에서 뺍니다.

``--baseline`` 을 주면 TensorFlow 튜토리얼의 train_step (baseline_tutorial.py) 도 함께 재고, compiled 와의
비율을 적습니다. 번갈아 재는 더 꼼꼼한 비교는 ``benchmarks/compare.py`` (benchmarks/README.md) 에 있습니다.
"""

import argparse
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from nstlib.examples import load_example  # noqa: E402
from nstlib.losses import StyleTransferLoss  # noqa: E402
from nstlib.network import feature_extractor  # noqa: E402
from nstlib.optimization import make_optimizer, make_step  # noqa: E402


def time_steps(loss_fn, init, steps, compiled):
    import tensorflow as tf

    image = tf.Variable(init)
    step = make_step(loss_fn, make_optimizer(0.02, image), compiled)
    start = time.perf_counter()
    step(image)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(steps):
        float(step(image)["total"])
    return first, (time.perf_counter() - start) / steps


def time_baseline(content, style, architecture, weights, steps):
    """튜토리얼의 train_step 한 단계의 평균 시간 (첫 단계 제외)."""
    from baseline_tutorial import TutorialStyleTransfer

    transfer = TutorialStyleTransfer(content, style, architecture, weights)
    transfer.train_step(transfer.image)
    start = time.perf_counter()
    for _ in range(steps):
        float(np.sum(transfer.train_step(transfer.image)))
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, nargs="+", default=[128, 256])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--weights", default="hed-vgg16")
    parser.add_argument("--baseline", action="store_true", help="튜토리얼의 train_step 도 함께 잼")
    args = parser.parse_args()
    architecture = "vgg16" if args.weights == "hed-vgg16" else "vgg19"
    extra = f" {'튜토리얼 초/단계':>16} {'compiled/튜토리얼':>17}" if args.baseline else ""
    print(f"{'크기':>6} {'eager 초/단계':>14} {'compiled 초/단계':>16} {'비율':>6} {'첫 단계(그래프)':>14}{extra}")
    for size in args.size:
        content, style = load_example("countryside", size), load_example("swirl", size)
        loss_fn = StyleTransferLoss.build(lambda layers: feature_extractor(layers, architecture, args.weights),
                                          content, [style], alpha=1.0, beta=100.0, tv_weight=0.01)
        init = content.astype(np.float32)
        _, eager = time_steps(loss_fn, init, args.steps, compiled=False)
        first, compiled = time_steps(loss_fn, init, args.steps, compiled=True)
        line = f"{size:>6} {eager:>14.3f} {compiled:>16.3f} {compiled / eager:>6.2f} {first:>14.2f}"
        if args.baseline:
            baseline = time_baseline(content, style, architecture, args.weights, args.steps)
            line += f" {baseline:>16.3f} {compiled / baseline:>17.2f}"
        print(line)


if __name__ == "__main__":
    main()
