"""06 강의의 α/β × 스타일 층 격자 (α/β 4개 × 층 묶음 2개 = 8칸)를 한 묶음(batched)으로 / 하나씩 만드는 시간 비교.

    python benchmarks/bench_grid.py --size 128 --steps 10 --repeats 3 --weights hed-vgg16
    python benchmarks/bench_grid.py --weights random --architecture vgg19

실행마다 새 프로세스(subprocess)에서 재고, 두 방법을 번갈아(batched, 하나씩, 하나씩, batched, ...) 돌려
기계의 다른 일이 한쪽에만 몰리지 않게 합니다. 반복(repeat)의 중앙값을 적습니다.

- 격자 한 단계(초): 8칸이 모두 한 단계 나아가는 시간. 실행마다 첫 단계(그래프 만들기)를 뺀 중앙값의 합.
- 전체(초): `style_grid` 한 번의 시간 (신경망 만들기, 목표 계산, 그래프 만들기, 모든 단계).
- 최대 메모리(MB): 그 프로세스의 ru_maxrss (TensorFlow 와 가중치를 불러온 뒤의 값도 함께).
결과는 benchmarks/results/grid.json 에 씁니다. 두 방법의 그림이 같은지(최대 절대 차이)도 적습니다.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = Path(__file__).resolve().parent
RATIOS = [10.0, 1.0, 0.1, 0.01]
LAYER_SETS = [["conv1_1", "conv2_1"], ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"]]


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # Linux: KB


def worker(args) -> None:
    """한 방법으로 격자를 한 번 만들고, 잰 값을 JSON 한 줄로 표준 출력에 씁니다."""
    import numpy as np

    from nstlib.grid import style_grid
    from nstlib.network import load_vgg

    load_vgg(args.architecture, args.weights)          # 가중치 불러오기는 재지 않음
    before = max_rss_mb()
    grid = style_grid("countryside", "swirl", RATIOS, LAYER_SETS, size=args.size, steps=args.steps,
                      weights=args.weights, architecture=args.architecture, batched=args.worker == "batched",
                      progress=False)
    if args.images:
        np.save(args.images, np.array(grid.images, np.float32))
    print(json.dumps(dict(elapsed=grid.elapsed, seconds_per_step=grid.seconds_per_step,
                          step_seconds=grid.step_seconds, max_rss_mb=max_rss_mb(), rss_before_mb=before,
                          device=grid.device, network=grid.network)))


def run_worker(method: str, args, images: str = "") -> dict:
    command = [sys.executable, __file__, "--worker", method, "--size", str(args.size), "--steps", str(args.steps),
               "--weights", args.weights, "--architecture", args.architecture, "--images", images]
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=HERE.parent)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - start
    return result


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--weights", default="hed-vgg16")
    parser.add_argument("--architecture", default=None)
    parser.add_argument("--output", default=str(HERE / "results" / "grid.json"))
    parser.add_argument("--worker", choices=["batched", "sequential"], help=argparse.SUPPRESS)
    parser.add_argument("--images", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.architecture = args.architecture or ("vgg16" if args.weights == "hed-vgg16" else "vgg19")
    if args.worker:
        return worker(args)

    import numpy as np

    runs = {"batched": [], "sequential": []}
    with tempfile.TemporaryDirectory() as folder:
        for repeat in range(args.repeats):
            order = ["batched", "sequential"] if repeat % 2 == 0 else ["sequential", "batched"]
            for method in order:
                images = os.path.join(folder, f"{method}.npy") if repeat == 0 else ""
                runs[method].append(run_worker(method, args, images))
                last = runs[method][-1]
                print(f"  반복 {repeat + 1}, {method:10s}: 전체 {last['elapsed']:.1f}초, "
                      f"격자 한 단계 {last['seconds_per_step']:.3f}초", file=sys.stderr, flush=True)
        difference = float(np.abs(np.load(os.path.join(folder, "batched.npy"))
                                  - np.load(os.path.join(folder, "sequential.npy"))).max())

    summary = {method: {key: median([run[key] for run in results])
                        for key in ("seconds_per_step", "elapsed", "max_rss_mb", "rss_before_mb")}
               for method, results in runs.items()}
    b, s = summary["batched"], summary["sequential"]
    cells = len(RATIOS) * len(LAYER_SETS)
    print(f"\n격자 {len(LAYER_SETS)}행 × {len(RATIOS)}열 = {cells}칸, {args.size} px, {args.steps}단계, "
          f"{args.architecture} · {args.weights}, 반복 {args.repeats}번의 중앙값, {runs['batched'][0]['device']}")
    print(f"{'':12s} {'격자 한 단계(초)':>16s} {'칸 한 단계(초)':>14s} {'전체(초)':>10s} {'최대 메모리(MB)':>16s}")
    for name, row in (("한 묶음", b), ("하나씩", s)):
        print(f"{name:12s} {row['seconds_per_step']:16.3f} {row['seconds_per_step'] / cells:14.3f} "
              f"{row['elapsed']:10.1f} {row['max_rss_mb']:16.0f}")
    print(f"{'비율 묶음/하나씩':12s} {b['seconds_per_step'] / s['seconds_per_step']:16.2f} {'':>14s} "
          f"{b['elapsed'] / s['elapsed']:10.2f} {b['max_rss_mb'] / s['max_rss_mb']:16.2f}")
    print(f"두 방법의 그림의 최대 절대 차이: {difference:.2e}  (가중치를 불러온 뒤 메모리: "
          f"{b['rss_before_mb']:.0f} MB)")

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    import tensorflow as tf

    output.write_text(json.dumps(dict(
        settings=dict(size=args.size, steps=args.steps, repeats=args.repeats, weights=args.weights,
                      architecture=args.architecture, ratios=RATIOS, layer_sets=LAYER_SETS, cells=cells),
        machine=dict(cpu_count=os.cpu_count(), platform=platform.platform(), python=platform.python_version(),
                     tensorflow=tf.__version__, device=runs["batched"][0]["device"]),
        median=summary,
        ratio_batched_over_sequential=dict(seconds_per_step=b["seconds_per_step"] / s["seconds_per_step"],
                                           elapsed=b["elapsed"] / s["elapsed"],
                                           max_rss_mb=b["max_rss_mb"] / s["max_rss_mb"]),
        max_abs_image_difference=difference,
        runs=runs,
    ), ensure_ascii=False, indent=1))
    print(f"JSON: {output}")


if __name__ == "__main__":
    main()
