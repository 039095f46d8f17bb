"""nstlib 과 TensorFlow 튜토리얼(baseline_tutorial.py)을 같은 기계, 같은 가중치로 나란히 잽니다.

    python benchmarks/compare.py                 # 전체 (이 기계에서 15분보다 한참 짧게)
    python benchmarks/compare.py --quick         # 짧게 (몇 분)
    python benchmarks/compare.py --parts step memory   # 고른 부분만 (결과 JSON 의 그 부분만 새로 씀)

부분(parts):
  step    한 단계의 시간: nstlib 의 빠른 경로 vs 튜토리얼의 train_step (128, 256, 512 px, VGG19 무작위 가중치).
          두 쪽을 번갈아 부르고 반복의 중앙값을 씁니다(첫 호출 = 그래프 만들기는 뺌). 진단으로 nstlib 의
          신경망만 지나는 단계(network_only_step: 손실·그램 행렬·Adam 없음)도 함께 번갈아 잽니다: 아래 한계.
  quality 좋은 그림까지의 시간: 튜토리얼이 200단계에 그린 그림에 nstlib 의 기본 설정이 몇 초 만에 닿는지
          (hed-vgg16, 256 px, 보정용 사진+그림 한 쌍과 예제 한 쌍). "닿음" = 두 쪽 어디에도 속하지 않는 점수
          (논문의 전체 손실, 튜토리얼의 가중치) 가 튜토리얼의 마지막 점수 이하이고, 그림의 세 가지 잼
          (picture_measures.py: 구조 ≥ 0.45, 색 잡티 ≤ 1.1 × 튜토리얼, 색 거리 ≤ 튜토리얼) 도 맞을 때.
  memory  512 px 에서 최대 메모리(RSS): 두 쪽을 각각 새 프로세스에서 만들고 5단계 돌린 뒤 ru_maxrss.
  growth  nstlib 빠른 경로의 단계 시간이 픽셀 수에 따라 어떻게 느는지 (128 … 1024 px): 초 = a + b·픽셀.
  grid    benchmarks/bench_grid.py 가 있으면 그것을 부릅니다 (기본 목록에는 없음: --parts grid 로).

결과는 표로 출력하고 benchmarks/results/compare.json (--quick 이면 compare-quick.json) 에 씁니다.
시간은 이 기계(2코어, 다른 작업과 함께 씀)에서 흔들리므로 같은 실행 안에서 잰 비율을 봅니다.

FLOP 세기 (step, growth 의 GFLOP/s):
  3×3 합성곱 하나의 순전파(forward) = 2·9·C_in·C_out·H·W FLOP (곱셈과 덧셈, 'same' 패딩의 테두리 포함).
  각 쪽이 필요한 가장 깊은 층까지 더합니다 (nstlib 논문 층: conv5_1, 튜토리얼: block5_conv2).
  한 단계 = 순전파 + 입력에 대한 기울기(backward-data, 순전파와 같은 양) = 2 × 순전파.
  가중치에 대한 기울기(backward-filter)는 가중치가 학습되지 않으므로 그래프에서 잘려 나가 세지 않습니다
  (그것까지 세면 ×3). 그램 행렬(순전파의 약 5%), ReLU, 풀링, 손실은 세지 않습니다.
  이론 최고치(peak) = 코어 수 × GHz × FMA 장치 2개 × AVX-512 float32 16칸 × 2 (FMA = 곱셈+덧셈).

점수 (quality): ``PaperScore`` 의 설명을 보세요.
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import numpy as np  # noqa: E402

ALL_PARTS = ("step", "quality", "memory", "growth", "grid")
PAPER_STYLE = ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"]
CHANNELS = {1: 64, 2: 128, 3: 256, 4: 512, 5: 512}
CONTENT, STYLE = "countryside", "swirl"

# quality 에서 재는 nstlib 의 방법들 (style_transfer 의 키워드). "defaults" = 아무것도 주지 않은 기본 설정.
# 값이 함수이면 쌍의 점수(PaperScore)를 받아 키워드를 만듭니다.
# "tutorial_objective*": 진단. nstlib 의 최적화로 점수 자체(튜토리얼의 목적 함수)를 줄이면 몇 초에 닿는가.
# "*_from_photo": 같은 것을 튜토리얼처럼 사진에서 시작 (기본은 init="matched": 사진을 그림의 색으로 칠한 그림).
METHODS = {
    "defaults": {},
    "lbfgs": {"optimizer": "lbfgs"},
    "tutorial_objective": lambda scorer: scorer.as_nstlib_options(),
    "tutorial_objective_lbfgs": lambda scorer: {**scorer.as_nstlib_options(), "optimizer": "lbfgs"},
    "defaults_from_photo": {"init": "content"},
    "tutorial_objective_from_photo": lambda scorer: {**scorer.as_nstlib_options(), "init": "content"},
    "tutorial_objective_lbfgs_from_photo": lambda scorer: {**scorer.as_nstlib_options(), "init": "content",
                                                           "optimizer": "lbfgs"},
}

# quality 에서 튜토리얼이 쓰는 가중치 (content_weight, style_weight, total_variation_weight).
# "literal": 튜토리얼의 값 그대로. Keras ImageNet VGG19 에 맞춘 값이라 hed-vgg16 에서는 TV 가 압도해서 그림이
#            거의 사진 그대로 흐려지기만 하고 점수(TV 없는 논문의 손실)는 오히려 나빠집니다 (COURSE.md 의 측정과 같음).
# "hed":     같은 튜토리얼 코드에 hed-vgg16 에서 진짜 그림이 되는 값 (COURSE.md: 스타일 1.0, 콘텐츠 1e4, TV 1).
TUTORIAL_WEIGHTS = {"literal": (1e4, 1e-2, 30.0), "hed": (1e4, 1.0, 1.0)}
# 튜토리얼의 층 가운데 콘텐츠 층만 논문의 conv4_2 로 (picture_quality.py 와 같은 기준).
TUTORIAL_CONTENT_LAYER = "block4_conv2"
# quality 의 쌍: 보정용 실제 사진과 그림 (../shared/calibration/, 저장소에는 없음). 없으면 예제 쌍.
QUALITY_PAIRS = [("astronaut", "hokusai_great_wave"), ("countryside", "swirl")]

# 목표 (이슈에서 정한 것)
TARGETS = {"step_ratio": 0.9, "quality_ratio": 0.35, "memory_ratio": 1.0}


# ---------------------------------------------------------------- 공통

def log(text=""):
    print(text, flush=True)


def machine_info() -> dict:
    import tensorflow as tf

    model = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        flags = open("/proc/cpuinfo").read()
    except OSError:
        flags = ""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ghz = 2.5
    if "GHz" in model:
        try:
            ghz = float(model.split("@")[-1].replace("GHz", "").strip())
        except ValueError:
            pass
    lanes = 16 if "avx512f" in flags else 8
    peak = cores * ghz * 2 * lanes * 2
    import keras

    return {
        "cpu": model, "cores": cores, "ghz": ghz, "avx512": "avx512f" in flags,
        "peak_gflops": peak,
        "peak_formula": f"{cores} cores × {ghz} GHz × 2 FMA units × {lanes} float32 lanes × 2 FLOP/FMA = {peak:g}",
        "tensorflow": tf.__version__, "keras": keras.__version__, "numpy": np.__version__,
        "python": platform.python_version(), "platform": platform.platform(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def matmul_gflops(n: int = 2048, repeats: int = 5) -> float:
    """이 기계가 실제로 내는 float32 최고 속도의 어림: 큰 행렬곱(n×n)의 GFLOP/s 중앙값.

    oneDNN 의 행렬곱은 이론 최고치에 가장 가까이 가는 연산이라, 합성곱이 낸 GFLOP/s 를 이것과 견주면
    "하드웨어가 허락하는 만큼" 에서 얼마나 떨어졌는지 봅니다 (가상 기계의 코어가 하이퍼스레드면 이론값의 절반).
    """
    import tensorflow as tf

    a = tf.random.stateless_normal((n, n), seed=(0, 1))
    b = tf.random.stateless_normal((n, n), seed=(0, 2))
    matmul = tf.function(tf.matmul, autograph=False)
    matmul(a, b).numpy()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        matmul(a, b).numpy()
        seconds.append(time.perf_counter() - start)
    return 2 * n ** 3 / statistics.median(seconds) / 1e9


def loadavg() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return float("nan")


def images(size):
    """콘텐츠·스타일 예제를 긴 변 `size` 로. 예제 파일보다 크게 원하면 (growth 의 768, 1024 px) 늘려서."""
    from nstlib.examples import open_image

    def fit(name):
        image = open_image(name, size)
        if max(image.shape[:2]) < size:
            import tensorflow as tf

            scale = size / max(image.shape[:2])
            shape = (round(image.shape[0] * scale), round(image.shape[1] * scale))
            image = tf.image.resize(image, shape, method="bicubic").numpy().clip(0, 1).astype(np.float32)
        return image

    return fit(CONTENT), fit(STYLE)


def conv_flops(deepest: str, height: int, width: int, architecture: str = "vgg19") -> float:
    """가장 깊은 층 `deepest` (Keras 이름) 까지 3×3 합성곱 순전파의 FLOP (2·9·C_in·C_out·H·W 의 합)."""
    from nstlib.network import layer_names

    total, c_in, h, w = 0.0, 3, height, width
    for name in layer_names(architecture):
        if name.endswith("_pool"):
            h, w = h // 2, w // 2
        else:
            c_out = CHANNELS[int(name[5])]
            total += 2 * 9 * c_in * c_out * h * w
            c_in = c_out
        if name == deepest:
            return total
    raise ValueError(deepest)


def step_flops(deepest, height, width, architecture="vgg19"):
    """한 단계 = 순전파 + 입력 기울기 = 2 × 순전파 (가중치 기울기는 없음)."""
    return 2 * conv_flops(deepest, height, width, architecture)


def table(rows, columns):
    """rows: dict 목록, columns: [(머리글, (키, 형식)), ...] → 고정폭 표 (문자열)."""
    cells = [[head for head, _ in columns]]
    for row in rows:
        cells.append([fmt.format(row[key]) if row.get(key) is not None else "-" for _, (key, fmt) in columns])
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(cell.rjust(widths[i]) for i, cell in enumerate(r)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ---------------------------------------------------------------- 두 쪽의 한 단계

def nstlib_step(content, style, architecture="vgg19", weights="random", seed=0, pooling=None, precision=None):
    """nstlib 의 빠른 경로: StyleTransferLoss(논문 층, 평균 풀링, 기본 설정) + make_step(compiled=True).
    precision 을 주지 않으면 기본 설정처럼 장치에 맞춰 (`device_defaults`: bfloat16 을 하드웨어로 계산하는 CPU 면
    bfloat16, 아니면 float32)."""
    import tensorflow as tf

    from nstlib.losses import StyleTransferLoss
    from nstlib.network import feature_extractor
    from nstlib.settings import DEFAULTS, device_defaults
    from nstlib.optimization import make_optimizer, make_step

    precision = precision or device_defaults()["precision"]
    loss_fn = StyleTransferLoss.build(
        lambda layers: feature_extractor(layers, architecture, weights, pooling or DEFAULTS.pooling, seed, precision),
        content, [style], alpha=1.0, beta=1.0 / DEFAULTS.ratio, tv_weight=DEFAULTS.tv_weight,
        mode=DEFAULTS.mode)
    image = tf.Variable(np.asarray(content, np.float32))
    step = make_step(loss_fn, make_optimizer(DEFAULTS.learning_rate, image), compiled=True)

    def run():
        return float(step(image)["total"])

    return run


def network_only_step(content, architecture="vgg19", weights="random", seed=0, precision="float32"):
    """진단(아래 한계): nstlib 의 신경망(빠른 경로와 같은 모델) 순전파 + 입력에 대한 기울기만. 손실도 그램
    행렬도 Adam 도 없이, 층마다 고정된 무작위 R 을 그 층의 기울기로 넣습니다 (tape.gradient 의
    output_gradients: 곱셈도 더하기도 없음). nstlib 의 한 단계는 이 신경망을 똑같이 지나야 하므로 이것보다
    빠를 수 없습니다."""
    import tensorflow as tf

    from nstlib.losses import CONTENT_LAYERS, STYLE_LAYERS
    from nstlib.network import feature_extractor
    from nstlib.settings import DEFAULTS

    extractor = feature_extractor(list(CONTENT_LAYERS) + list(STYLE_LAYERS), architecture, weights,
                                  DEFAULTS.pooling, seed, precision)
    image = tf.Variable(np.asarray(content, np.float32))
    rng = np.random.default_rng(seed)
    upstream = [tf.constant(rng.standard_normal(f.shape).astype(np.float32)) for f in extractor(image).values()]

    @tf.function(autograph=False)
    def step():
        with tf.GradientTape() as tape:
            features = list(extractor(image).values())
        gradient = tape.gradient(features, image, output_gradients=upstream)
        image.assign_sub(1e-9 * gradient)
        return gradient[0, 0, 0]

    def run():
        return float(step())

    return run


def baseline_step(content, style, architecture="vgg19", weights="random", seed=0):
    """튜토리얼의 train_step (baseline_tutorial.TutorialStyleTransfer)."""
    from baseline_tutorial import TutorialStyleTransfer

    transfer = TutorialStyleTransfer(content, style, architecture, weights, seed)

    def run():
        return float(np.sum(transfer.train_step(transfer.image)))

    return run


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_both(fn):
    """(벽시계 초, 이 프로세스의 CPU 초). CPU 시간은 다른 작업이 CPU 를 나눠 쓸 때 덜 흔들립니다."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


# ---------------------------------------------------------------- a. 단계 시간

def part_step(sizes, repeats, with_max=False) -> dict:
    log("\n## a. 한 단계의 시간: nstlib 빠른 경로 vs 튜토리얼 train_step (VGG19, weights='random', seed 0)")
    machine = machine_info()
    sgemm = matmul_gflops()
    log(f"  행렬곱 2048×2048 (이 기계가 실제로 내는 float32 속도의 어림): {sgemm:.0f} GFLOP/s")
    from nstlib.settings import device_defaults

    precision = device_defaults()["precision"]
    log(f"  nstlib 의 정밀도 (기본 설정, 이 기계): {precision}")
    rows = []
    for size, reps in zip(sizes, repeats):
        content, style = images(size)
        h, w = content.shape[:2]
        sides = {"nstlib": nstlib_step(content, style, precision=precision), "baseline": baseline_step(content, style),
                 "network": network_only_step(content, precision=precision)}   # 신경망만: nstlib 과 같은 정밀도
        if precision != "float32":    # 진단: 같은 기본 설정을 float32 로 (bfloat16 이 없는 CPU 에서의 값)
            sides["nstlib_float32"] = nstlib_step(content, style, precision="float32")
        if with_max:    # 진단: 같은 nstlib 에 최대 풀링 (차이가 풀링에서 오는지)
            sides["nstlib_max"] = nstlib_step(content, style, pooling="max")
        first = {name: timed(fn) for name, fn in sides.items()}          # 그래프 만들기 (tracing)
        times = {name: [] for name in sides}
        cpu = {name: [] for name in sides}
        order = list(sides)
        for r in range(reps):
            for name in (order if r % 2 == 0 else order[::-1]):          # 번갈아: 순서도 바꿔 가며
                wall, used = timed_both(sides[name])
                times[name].append(wall)
                cpu[name].append(used)
        med = {name: statistics.median(t) for name, t in times.items()}
        cpu_med = {name: statistics.median(t) for name, t in cpu.items()}
        pairs = sorted(a / b for a, b in zip(times["nstlib"], times["baseline"]))
        paired = statistics.median(pairs)
        quartiles = statistics.quantiles(pairs, n=4) if len(pairs) > 1 else [paired, paired, paired]
        flops = {"nstlib": step_flops("block5_conv1", h, w), "baseline": step_flops("block5_conv2", h, w)}
        row = {
            "size": size, "shape": f"{w}x{h}", "repeats": reps,
            "nstlib_s": med["nstlib"], "baseline_s": med["baseline"],
            "ratio": med["nstlib"] / med["baseline"], "paired_ratio": paired,
            "paired_ratio_iqr": [quartiles[0], quartiles[2]],
            "paired_iqr": f"{quartiles[0]:.2f}–{quartiles[2]:.2f}",
            "nstlib_cpu_s": cpu_med["nstlib"], "baseline_cpu_s": cpu_med["baseline"],
            "cpu_ratio": cpu_med["nstlib"] / cpu_med["baseline"],
            "nstlib_first_s": first["nstlib"], "baseline_first_s": first["baseline"],
            "first_calls": f"{first['nstlib']:.1f} / {first['baseline']:.1f}",
            "nstlib_gflop": flops["nstlib"] / 1e9, "baseline_gflop": flops["baseline"] / 1e9,
            "nstlib_gflops": flops["nstlib"] / med["nstlib"] / 1e9,
            "baseline_gflops": flops["baseline"] / med["baseline"] / 1e9,
            "network_only_s": med["network"], "network_only_ratio": med["network"] / med["baseline"],
            "nstlib_all_s": times["nstlib"], "baseline_all_s": times["baseline"],
            "network_only_all_s": times["network"], "loadavg": loadavg(),
        }
        row["precision"] = precision
        if "nstlib_float32" in med:
            row["nstlib_float32_s"] = med["nstlib_float32"]
            row["float32_ratio"] = med["nstlib_float32"] / med["baseline"]
            row["nstlib_float32_all_s"] = times["nstlib_float32"]
            log(f"    (진단) nstlib precision='float32': {med['nstlib_float32']:.3f}s, ratio {row['float32_ratio']:.3f}")
        if with_max:
            row["nstlib_max_s"] = med["nstlib_max"]
            row["nstlib_max_ratio"] = med["nstlib_max"] / med["baseline"]
            row["nstlib_max_all_s"] = times["nstlib_max"]
            log(f"    (진단) nstlib pooling='max': {med['nstlib_max']:.3f}s, ratio {row['nstlib_max_ratio']:.3f}")
        row["nstlib_peak_pct"] = 100 * row["nstlib_gflops"] / machine["peak_gflops"]
        row["nstlib_matmul_pct"] = 100 * row["nstlib_gflops"] / sgemm
        row["baseline_peak_pct"] = 100 * row["baseline_gflops"] / machine["peak_gflops"]
        rows.append(row)
        log(f"  {size}px: nstlib {med['nstlib']:.3f}s, baseline {med['baseline']:.3f}s, "
            f"ratio {row['ratio']:.3f} (paired {paired:.3f}, CPU {row['cpu_ratio']:.3f}); "
            f"신경망만 {med['network']:.3f}s (ratio {row['network_only_ratio']:.3f}), load {row['loadavg']}")
    log("")
    log(table(rows, [("size", ("size", "{}")), ("shape", ("shape", "{}")), ("reps", ("repeats", "{}")),
                     ("nstlib s/step", ("nstlib_s", "{:.3f}")), ("baseline s/step", ("baseline_s", "{:.3f}")),
                     ("ratio", ("ratio", "{:.3f}")), ("paired ratio", ("paired_ratio", "{:.3f}")),
                     ("paired IQR", ("paired_iqr", "{}")),
                     ("CPU-time ratio", ("cpu_ratio", "{:.3f}")),
                     ("network-only ratio", ("network_only_ratio", "{:.3f}")),
                     ("float32 ratio", ("float32_ratio", "{:.3f}")),
                     ("nstlib GFLOP/s", ("nstlib_gflops", "{:.0f}")),
                     ("baseline GFLOP/s", ("baseline_gflops", "{:.0f}")),
                     ("nstlib % peak", ("nstlib_peak_pct", "{:.0f}")),
                     ("nstlib % matmul", ("nstlib_matmul_pct", "{:.0f}")),
                     ("1st call (tracing) nstlib / baseline s", ("first_calls", "{}"))]))
    log(f"  이론 최고치(peak): {machine['peak_formula']} GFLOP/s"
        + (" (float32 의 값: bfloat16 은 한 번에 두 배를 곱하므로 nstlib % peak 가 100 을 넘을 수 있음)"
           if precision == "bfloat16" else ""))
    log("  network-only ratio: nstlib 의 신경망을 지나기만 하는 단계(손실·그램 행렬·Adam 없음, network_only_step)"
        " / 튜토리얼. nstlib 의 한 단계는 이것보다 빠를 수 없습니다 (아래 한계).")
    worst = max(r["ratio"] for r in rows)
    log(f"  목표 ratio ≤ {TARGETS['step_ratio']}: {'달성' if worst <= TARGETS['step_ratio'] else '미달'} "
        f"(가장 나쁜 크기의 ratio {worst:.3f})")
    return {"rows": rows, "target": TARGETS["step_ratio"], "worst_ratio": worst, "matmul_gflops": sgemm,
            "met": worst <= TARGETS["step_ratio"],
            "worst_network_only_ratio": max(r["network_only_ratio"] for r in rows),
            "flop_count": "conv forward 2·9·Cin·Cout·H·W up to the deepest layer each side needs "
                          "(nstlib paper layers: block5_conv1; tutorial: block5_conv2), ×2 for the "
                          "input-gradient backward pass; no filter gradient, Gram/ReLU/pool not counted"}


# ---------------------------------------------------------------- b. 좋은 그림까지의 시간

class PaperScore:
    r"""두 쪽 어디에도 속하지 않는 점수: 논문(Gatys et al. 2015)의 전체 손실, TV 항 없음, 큰 크기 그대로.

    신경망은 hed-vgg16 (VGG16, 최대 풀링: 튜토리얼과 같은 모델). 특징만 TensorFlow 로 뽑고, 나머지는 numpy
    (float64) 로 식을 그대로 계산합니다:

        L_content = ½ Σ (F − P)²                      (block5_conv2: 튜토리얼의 콘텐츠 층)
        E_l       = Σ (G − A)² / (4 N_l² M_l²)        (G, A: 나누지 않은 그램 행렬 Σ_k F_ik F_jk)
                  = ¼ Σ (G/M_l − A/M_s)² / N_l²     (스타일 그림의 위치 수 M_s 가 다를 때: 각자의 M 으로 나눔,
                                                     튜토리얼과 nstlib 처럼. 크기가 같으면 위 식과 같음)
        L_style   = Σ_l (1/5) E_l                    (block1_conv1 … block5_conv1)
        score     = α · L_content + β · L_style

    튜토리얼의 가중치와 같은 α, β (N_c, M_c: 콘텐츠 층의 채널 수와 위치 수):
        튜토리얼 콘텐츠 = 1e4 · mean((F − P)²) = 1e4 · Σ(F − P)² / (N_c M_c) = (2·1e4 / (N_c M_c)) · L_content
            ⇒ α = 2·1e4 / (N_c M_c)        (256×192 이미지: N_c = 512, M_c = 16·12 = 192 ⇒ α ≈ 0.2035)
        튜토리얼 스타일 = 1e-2/5 · Σ_l mean((G/M_l − A/M_l)²) = 1e-2/5 · Σ_l Σ(G − A)²/(N_l² M_l²)
                        = 1e-2/5 · Σ_l 4 E_l = 1e-2 · 4/5 · 5 · Σ_l (1/5) E_l = 4·1e-2 · L_style
            ⇒ β = 4·1e-2 = 0.04
    그래서 score 는 튜토리얼이 줄이는 손실에서 TV 항(30·Σ|Δ|)만 뺀 것과 같습니다. α 는 이미지 크기에 따라
    달라집니다 (콘텐츠 손실이 튜토리얼에서는 평균, 논문에서는 합이라서). 튜토리얼의 가중치 1e4, 1e-2 대신
    content_weight, style_weight 를 주면 같은 식으로 α = 2·content_weight/(N_c M_c), β = 4·style_weight.
    """

    style_layers = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]
    content_layer = "block5_conv2"

    def __init__(self, content, style, content_weight=1e4, style_weight=1e-2, architecture="vgg16",
                 weights="hed-vgg16", content_layer=None):
        import keras

        self.content_layer = content_layer or self.content_layer
        self.content, self.style = content, style

        from nstlib.network import load_vgg

        vgg = load_vgg(architecture, weights)      # Keras VGG, 최대 풀링, 같은 가중치
        names = self.style_layers + [self.content_layer]
        self.model = keras.Model(vgg.input, [vgg.get_layer(n).output for n in names])
        self.shape = content.shape
        features = self.features(content)
        self.P = features[-1]
        # 스타일 그림의 그램 행렬을 그 위치 수 M_s 로 나눠 둠 (Â = A / M_s): 사진과 그림의 가로세로 비가 달라도
        # 튜토리얼(einsum / 위치 수)과 같은 목표. 나누지 않은 A 를 그대로 쓰면 M_s / M 배인 목표와 비교하게 됨.
        self.A = [self.gram(f) / (f.shape[0] * f.shape[1]) for f in self.features(style)[:-1]]
        n_c, m_c = self.P.shape[-1], self.P.shape[0] * self.P.shape[1]
        self.alpha = 2 * content_weight / (n_c * m_c)
        self.beta = 4 * style_weight

    def features(self, image):
        image = np.asarray(image, np.float64)
        bgr = image[None, ..., ::-1] * 255.0 - np.array([103.939, 116.779, 123.68])   # Caffe 식 전처리
        return [np.asarray(f[0], np.float64) for f in self.model(bgr.astype(np.float32), training=False)]

    @staticmethod
    def gram(f):
        F = f.reshape(-1, f.shape[-1])      # (M, N)
        return F.T @ F

    def layer_terms(self, image) -> tuple[float, list[float]]:
        """(L_content, [(1/5)·E_l 을 스타일 층마다]) — 가중치 α, β 를 곱하기 전."""
        feats = self.features(image)
        content = 0.5 * np.sum((feats[-1] - self.P) ** 2)
        style = []
        for f, A in zip(feats[:-1], self.A):
            n, m = f.shape[-1], f.shape[0] * f.shape[1]
            style.append(0.2 * np.sum((self.gram(f) / m - A) ** 2) / (4.0 * n**2))   # 크기가 같으면 Σ(G − A)²/(4N²M²)
        return content, style

    def as_nstlib_options(self) -> dict:
        """이 점수와 같은 목적 함수를 nstlib 의 상대 형태로 (`style_transfer` 의 키워드; 진단용, TV 없음).

        상대 형태의 층 손실은 r_c = Σ(F − P)²/ΣP², r_l = Σ(Ĝ − Â)²/ΣÂ² 이므로
            α·½Σ(F − P)² = (α/2 · ΣP²) · r_c,      β·(1/5)·E_l = (β/5 · ΣÂ²/(4 N_l²)) · r_l.
        그래서 nstlib 의 α = α/2 · ΣP², β = 1, 스타일 층 l 의 가중치 = β/5 · ΣÂ_l²/(4 N_l²) 이면 nstlib 의 손실이
        이 점수와 같습니다 (풀링도 같은 최대 풀링). hed-vgg16 에서는 가중치가 거의 conv1_1, conv2_1 에 몰립니다.
        """
        weights = {}
        for name, A in zip(self.style_layers, self.A):
            block, conv = name.removeprefix("block").split("_conv")
            weights[f"conv{block}_{conv}"] = float(self.beta / 5 * np.sum(A**2) / (4.0 * A.shape[0] ** 2))
        block, conv = self.content_layer.removeprefix("block").split("_conv")
        return {"pooling": "max", "content_layers": [f"conv{block}_{conv}"], "style_layers": weights,
                "alpha": float(self.alpha / 2 * np.sum(self.P**2)), "beta": 1.0, "tv_weight": 0.0}

    def __call__(self, image) -> dict:
        content, layers = self.layer_terms(image)
        style = sum(layers)
        return {"content": content, "style": style, "score": self.alpha * content + self.beta * style}


class _Stop(Exception):
    pass


class Recorder:
    """callback(step, image, ...) 로 점수를 적습니다. 점수 계산 시간은 시계에서 뺍니다."""

    def __init__(self, scorer, time_limit=None, check=None):
        self.scorer, self.time_limit, self.check = scorer, time_limit, check
        self.points, self.excluded, self.excluded_cpu = [], 0.0, 0.0
        self.start, self.cpu_start = time.perf_counter(), time.process_time()
        self.image, self.reached = None, None

    def clock(self):
        return time.perf_counter() - self.start - self.excluded

    def cpu(self):
        """이 프로세스가 쓴 CPU 시간 (다른 작업이 CPU 를 나눠 쓸 때 벽시계보다 덜 흔들림)."""
        return time.process_time() - self.cpu_start - self.excluded_cpu

    def __call__(self, step, image, *_):
        now, cpu = self.clock(), self.cpu()
        t0, c0 = time.perf_counter(), time.process_time()
        image = np.asarray(image, np.float32)
        if image.ndim == 4:
            image = image[0]
        if image.shape == self.scorer.shape:          # coarse-to-fine 의 작은 이미지는 채점하지 않음
            s = self.scorer(image)
            self.points.append({"step": int(step), "seconds": now, "cpu_seconds": cpu, "score": float(s["score"]),
                                "content": float(s["content"]), "style": float(s["style"])})
            self.image = image
            if self.check is not None:
                ok, measures = self.check(image, s["score"])
                self.points[-1].update(measures)
                if ok and self.reached is None:
                    self.reached = self.points[-1]
        self.excluded += time.perf_counter() - t0
        self.excluded_cpu += time.process_time() - c0
        if self.reached is not None:
            raise _Stop("reached")
        if self.time_limit is not None and now > self.time_limit:
            raise _Stop("time limit")


def part_quality(steps, every, methods, limit_factor, tag, preset="hed", pairs=None) -> dict:
    """좋은 그림까지의 시간: 쌍마다 튜토리얼 `steps` 단계의 그림에 nstlib 의 기본 설정이 몇 초 만에 닿는지."""
    from picture_quality import available
    from nstlib.network import load_vgg

    load_vgg("vgg16", "hed-vgg16")                   # 가중치는 미리 한 번 (두 쪽 모두 캐시를 씀)
    pairs = [p for p in (pairs or QUALITY_PAIRS) if available(p)]
    out = {"steps": steps, "every": every, "preset": preset, "time_limit_factor": limit_factor,
           "target": TARGETS["quality_ratio"], "pairs": {}}
    for content_name, style_name in pairs:
        out["pairs"][f"{content_name}+{style_name}"] = quality_pair(
            content_name, style_name, steps, every, methods, limit_factor, tag, preset)
    ratios = [r["ratio"] for pair in out["pairs"].values() for name, r in pair["methods"].items()
              if name == "defaults" and r.get("ratio") is not None]
    reached = [pair["methods"].get("defaults", {}).get("ratio") for pair in out["pairs"].values()]
    out["worst_ratio"] = max(ratios) if ratios and None not in reached else None
    out["met"] = out["worst_ratio"] is not None and out["worst_ratio"] <= TARGETS["quality_ratio"]
    log(f"  목표 ratio ≤ {TARGETS['quality_ratio']} (기본 설정, 모든 쌍): "
        + ("달성" if out["met"] else "미달") + (f" (가장 나쁜 쌍 {out['worst_ratio']:.3f})"
                                              if out["worst_ratio"] is not None else ""))
    return out


def reached_picture(scorer, target: dict):
    """'닿았다' 의 판정: 튜토리얼의 마지막 점수 이하이고, 세 가지 잼(picture_measures)이 튜토리얼의 그림만큼 좋음
    (구조 ≥ 0.45, 색 잡티 ≤ 1.1 × 튜토리얼, 그림과의 색 거리 ≤ 튜토리얼; picture_quality.py 의 목표와 같음)."""
    from picture_measures import measure
    from picture_quality import TARGETS as PICTURE

    def check(image, score) -> tuple[bool, dict]:
        m = measure(image, scorer.content, scorer.style)
        ok = (score <= target["score"] and m["structure"] >= PICTURE["structure_min"]
              and m["chroma_noise"] <= PICTURE["chroma_noise_vs_tutorial_max"] * target["chroma_noise"]
              and m["colour_distance"] <= target["colour_distance"])
        return ok, m

    return check


def score_only(curve, target_score, base_total) -> dict | None:
    """진단: 점수만으로 판정하면(세 가지 잼은 보지 않고) 처음 닿은 점. 닿을 때 무엇이 모자랐는지 보려고."""
    for point in curve:
        if point["score"] <= target_score:
            return {**point, "ratio": point["seconds"] / base_total}
    return None


def score_parts(scorer, image) -> dict:
    """점수를 콘텐츠 몫(α·L_content)과 스타일 몫(β·L_style)으로 (어느 쪽이 점수를 정하는지 보려고)."""
    s = scorer(image)
    return {"content": float(scorer.alpha * s["content"]), "style": float(scorer.beta * s["style"])}


def quality_pair(content_name, style_name, steps, every, methods, limit_factor, tag, preset) -> dict:
    from baseline_tutorial import TutorialStyleTransfer
    from nstlib.examples import open_image
    from nstlib.transfer import style_transfer
    from picture_measures import measure
    from picture_quality import source

    size = 256
    content, style = open_image(source(content_name), size), open_image(source(style_name), size)
    log(f"\n## b. 좋은 그림까지의 시간 (hed-vgg16, {size}px, {content_name} + {style_name})")
    cw, sw, tvw = TUTORIAL_WEIGHTS[preset]
    scorer = PaperScore(content, style, cw, sw, content_layer=TUTORIAL_CONTENT_LAYER)
    initial = scorer(content)["score"]

    # 튜토리얼: 시계는 모델을 만들기 전부터 (목표 계산과 그래프 만들기 포함)
    rec = Recorder(scorer)
    rec.points.append({"step": 0, "seconds": 0.0, "cpu_seconds": 0.0, "score": float(initial)})
    transfer = TutorialStyleTransfer(content, style, "vgg16", "hed-vgg16", style_weight=sw, content_weight=cw,
                                     total_variation_weight=tvw, content_layers=[TUTORIAL_CONTENT_LAYER])
    epochs, rest = divmod(steps, 100)
    if epochs:
        transfer.run(epochs, 100, callback=rec, callback_every=every)
    if rest:
        transfer.run(1, rest, callback=rec, callback_every=every)
    base_total, base_cpu = rec.clock(), rec.cpu()
    if rec.points[-1]["step"] != steps:
        rec(steps, transfer.image.numpy()[0])
    base_image = rec.image
    target = {"score": rec.points[-1]["score"], **measure(base_image, content, style)}
    baseline = {"steps": steps, "seconds_total": base_total, "cpu_seconds_total": base_cpu,
                "final_score": target["score"], "measures": {k: v for k, v in target.items() if k != "score"},
                "initial_score": float(initial), "s_per_step": base_total / steps, "curve": rec.points,
                "weights": {"content": cw, "style": sw, "tv": tvw, "preset": preset,
                            "content_layer": TUTORIAL_CONTENT_LAYER}, "loadavg": loadavg()}
    log(f"  튜토리얼: {steps}단계 {base_total:.1f}초 (CPU {base_cpu:.1f}초), 점수 {initial:.4g} → {target['score']:.4g}; "
        f"구조 {target['structure']:.2f}, 색 잡티 {target['chroma_noise']:.2f}, 색 거리 {target['colour_distance']:.1f}")

    baseline["score_parts"] = score_parts(scorer, base_image)
    results, pictures = {}, [("content", content), ("style", style), ("tutorial", base_image)]
    check = reached_picture(scorer, target)
    for name in methods:
        method = METHODS[name](scorer) if callable(METHODS[name]) else METHODS[name]
        rec = Recorder(scorer, time_limit=limit_factor * base_total, check=check)
        status = "finished steps"
        try:
            style_transfer(content, style, weights="hed-vgg16", size=size, steps=2 * steps, callback=rec,
                           callback_every=every, progress=False, **method)
        except _Stop as stop:
            status = str(stop)
        reached = rec.reached
        entry = {"method": method, "status": status, "curve": rec.points, "loadavg": loadavg(),
                 "score_only": score_only(rec.points, target["score"], base_total)}
        if reached:
            entry.update(seconds_to_picture=reached["seconds"], step_to_picture=reached["step"],
                         ratio=reached["seconds"] / base_total, cpu_seconds_to_picture=reached["cpu_seconds"],
                         cpu_ratio=reached["cpu_seconds"] / base_cpu)
            log(f"  nstlib {name}: 튜토리얼의 그림에 {reached['seconds']:.1f}초 ({reached['step']}단계)에 닿음 → "
                f"ratio {entry['ratio']:.3f} (CPU 시간으로 {entry['cpu_ratio']:.3f}); 점수 {reached['score']:.4g}, "
                f"구조 {reached['structure']:.2f}, 색 잡티 {reached['chroma_noise']:.2f}, "
                f"색 거리 {reached['colour_distance']:.1f}")
        else:
            last = rec.points[-1]
            entry.update(seconds_to_picture=None, ratio=None, cpu_ratio=None)
            log(f"  nstlib {name}: {rec.clock():.1f}초 안에 닿지 못함 ({status}); 마지막 점수 {last['score']:.4g}, "
                f"구조 {last.get('structure', float('nan')):.2f}, 색 잡티 {last.get('chroma_noise', float('nan')):.2f}, "
                f"색 거리 {last.get('colour_distance', float('nan')):.1f}")
            if entry["score_only"]:
                first = entry["score_only"]
                log(f"    점수만 보면 {first['step']}단계 (ratio {first['ratio']:.2f})에 닿음; 그때 구조 "
                    f"{first.get('structure', float('nan')):.2f}, 색 잡티 {first.get('chroma_noise', float('nan')):.2f}, "
                    f"색 거리 {first.get('colour_distance', float('nan')):.1f}")
        if rec.image is not None:
            entry["score_parts"] = score_parts(scorer, rec.image)
            log(f"    점수의 몫 (α·콘텐츠, β·스타일): nstlib {entry['score_parts']['content']:.3g}, "
                f"{entry['score_parts']['style']:.3g}; 튜토리얼 {baseline['score_parts']['content']:.3g}, "
                f"{baseline['score_parts']['style']:.3g}")
        results[name] = entry
        if rec.image is not None:
            pictures.append((f"nstlib-{name}", rec.image))
    picture = RESULTS / f"quality{tag}-{content_name}.png"
    side_by_side([img for _, img in pictures], picture)
    log(f"  그림: {picture.relative_to(ROOT)} (왼쪽부터: {', '.join(n for n, _ in pictures)})")
    return {"size": size, "content": content_name, "style": style_name, "alpha": scorer.alpha, "beta": scorer.beta,
            "baseline": baseline, "methods": results, "picture": str(picture.relative_to(ROOT)),
            "picture_order": [n for n, _ in pictures]}


def side_by_side(pictures, path, gap=6):
    from PIL import Image

    h = max(p.shape[0] for p in pictures)
    w = sum(p.shape[1] for p in pictures) + gap * (len(pictures) - 1)
    canvas = np.full((h, w, 3), 255, np.uint8)
    x = 0
    for p in pictures:
        canvas[: p.shape[0], x: x + p.shape[1]] = np.round(np.clip(p, 0, 1) * 255).astype(np.uint8)
        x += p.shape[1] + gap
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(canvas).save(path)


# ---------------------------------------------------------------- c. 메모리

def vm_hwm_mb():
    """이 프로세스(지금의 주소 공간)의 최대 RSS: /proc/self/status 의 VmHWM (MB)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_child(side, size):
    """새 프로세스 안: 한 쪽을 만들고 5단계 돌린 뒤 최대 RSS 를 JSON 으로 출력.

    ru_maxrss (getrusage) 는 Linux 에서 fork/exec 를 넘어 부모의 최대 RSS 를 물려받습니다: 큰 부모
    (compare.py 가 이미 모델을 여럿 만든 뒤)에서 띄우면 부모의 값이 나옵니다. 그래서 주소 공간마다 새로 세는
    VmHWM 을 주 값으로 쓰고, ru_maxrss 는 함께 적기만 합니다.
    """
    import importlib
    import resource

    importlib.import_module("tensorflow")
    before = vm_hwm_mb()
    content, style = images(size)
    run = nstlib_step(content, style) if side == "nstlib" else baseline_step(content, style)
    for _ in range(5):
        run()
    print(json.dumps({"side": side, "size": size, "peak_rss_mb": vm_hwm_mb(), "after_import_mb": before,
                      "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def part_memory(size) -> dict:
    log(f"\n## c. 최대 메모리 (RSS, {size}px, VGG19 random, 만들기 + 5단계, 각각 새 프로세스)")
    rows = []
    for side in ("nstlib", "baseline"):
        out = subprocess.run([sys.executable, __file__, "--rss-child", side, "--rss-size", str(size)],
                             capture_output=True, text=True, cwd=ROOT)
        line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
        if out.returncode or not line:
            raise RuntimeError(f"{side} 메모리 측정 실패:\n{out.stderr[-2000:]}")
        rows.append(json.loads(line[-1]))
    ratio = rows[0]["peak_rss_mb"] / rows[1]["peak_rss_mb"]
    log(table(rows, [("side", ("side", "{}")), ("peak RSS MB (VmHWM)", ("peak_rss_mb", "{:.0f}")),
                     ("after import tensorflow MB", ("after_import_mb", "{:.0f}")),
                     ("ru_maxrss MB", ("ru_maxrss_mb", "{:.0f}"))]))
    log(f"  nstlib/baseline = {ratio:.3f}; 목표 ≤ 1: {'달성' if ratio <= 1 else '미달'}")
    return {"size": size, "rows": rows, "ratio": ratio, "met": ratio <= 1.0}


# ---------------------------------------------------------------- d. 크기에 따른 증가

def part_growth(sizes, steps) -> dict:
    log(f"\n## d. 크기에 따른 단계 시간 (nstlib 빠른 경로, VGG19 random, 크기마다 {steps}단계의 중앙값)")
    machine = machine_info()
    rows = []
    for size in sizes:
        content, style = images(size)
        h, w = content.shape[:2]
        run = nstlib_step(content, style)
        first = timed(run)
        t = statistics.median(timed(run) for _ in range(steps))
        gflops = step_flops("block5_conv1", h, w) / t / 1e9
        rows.append({"size": size, "shape": f"{w}x{h}", "megapixels": h * w / 1e6, "s_per_step": t,
                     "first_s": first, "gflops": gflops, "peak_pct": 100 * gflops / machine["peak_gflops"],
                     "loadavg": loadavg()})
        log(f"  {size}px ({w}x{h}): {t:.3f} s/step, {gflops:.0f} GFLOP/s, load {rows[-1]['loadavg']}")
    x = np.array([r["megapixels"] for r in rows])
    y = np.array([r["s_per_step"] for r in rows])
    b, a = np.polyfit(x, y, 1)
    r2 = 1 - np.sum((y - (a + b * x)) ** 2) / np.sum((y - y.mean()) ** 2)
    for r in rows:
        r["fit_s"] = a + b * r["megapixels"]
    log("")
    log(table(rows, [("size", ("size", "{}")), ("shape", ("shape", "{}")), ("MP", ("megapixels", "{:.3f}")),
                     ("s/step", ("s_per_step", "{:.3f}")), ("fit s", ("fit_s", "{:.3f}")),
                     ("GFLOP/s", ("gflops", "{:.0f}")), ("% peak", ("peak_pct", "{:.0f}"))]))
    linear = r2 >= 0.98
    log(f"  초 = a + b·MP: a = {a:.3f} s, b = {b:.3f} s/MP, R² = {r2:.4f} → "
        f"{'선형(linear)' if linear else '선형에서 벗어남'}")
    return {"rows": rows, "intercept_s": a, "slope_s_per_mp": b, "r2": r2, "linear": linear}


# ---------------------------------------------------------------- e. 격자 (다른 사람의 파일)

def part_grid(quick) -> dict:
    script = HERE / "bench_grid.py"
    if not script.exists():
        log("\n## e. grid: benchmarks/bench_grid.py 가 없어 건너뜀")
        return {"available": False}
    log("\n## e. grid (benchmarks/bench_grid.py)")
    helptext = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, cwd=ROOT).stdout
    cmd = [sys.executable, str(script)] + (["--quick"] if quick and "--quick" in helptext else [])
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    log(out.stdout)
    return {"available": True, "command": " ".join(cmd[1:]), "returncode": out.returncode,
            "seconds": time.perf_counter() - start, "stdout": out.stdout[-20000:],
            "stderr_tail": out.stderr[-2000:] if out.returncode else ""}


# ---------------------------------------------------------------- main

def main(argv=None):
    parser = argparse.ArgumentParser(description="nstlib vs TensorFlow 튜토리얼 비교 (benchmarks/README.md)")
    parser.add_argument("--quick", action="store_true", help="짧게 (크기·반복·단계를 줄임)")
    parser.add_argument("--parts", nargs="+", choices=ALL_PARTS, default=None, help="돌릴 부분")
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=["defaults"])
    parser.add_argument("--quality-steps", type=int, default=None, help="튜토리얼의 단계 수 (기본 200, quick 40)")
    parser.add_argument("--tutorial-weights", choices=list(TUTORIAL_WEIGHTS), default="hed",
                        help="quality 에서 튜토리얼의 가중치: hed (기본, hed-vgg16 에 맞춤) 또는 literal (튜토리얼 그대로)")
    parser.add_argument("--output", default=None, help="결과 JSON (기본 benchmarks/results/compare.json)")
    parser.add_argument("--with-max", action="store_true",
                        help="step 에서 진단용으로 nstlib 의 pooling='max' 도 함께 잼 (차이가 풀링에서 오는지)")
    parser.add_argument("--rss-child", choices=["nstlib", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--rss-size", type=int, default=512, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.rss_child:
        rss_child(args.rss_child, args.rss_size)
        return

    parts = args.parts or [p for p in ALL_PARTS if p != "grid"]     # grid 는 --parts grid 로만
    tag = "-quick" if args.quick else ""
    output = Path(args.output) if args.output else RESULTS / f"compare{tag}.json"
    report = {}
    if output.exists() and args.parts:                # 일부만 돌리면 나머지 부분은 이전 결과를 둠
        report = json.loads(output.read_text())
    report.setdefault("parts", {})
    machine = machine_info()
    report["machine"] = machine
    log(f"# nstlib vs TensorFlow tutorial — {machine['cpu']}, {machine['cores']} cores, "
        f"TF {machine['tensorflow']}, {machine['date']}, load {loadavg()}")

    start = time.perf_counter()
    for part in parts:
        t0 = time.perf_counter()
        if part == "step":
            sizes, reps = ([128, 256], [4, 3]) if args.quick else ([128, 256, 512], [20, 12, 8])
            result = part_step(sizes, reps, args.with_max)
        elif part == "quality":
            steps = args.quality_steps or (40 if args.quick else 200)
            result = part_quality(steps, 5, args.methods, 1.2, tag, args.tutorial_weights)
        elif part == "memory":
            result = part_memory(256 if args.quick else 512)
        elif part == "growth":
            sizes = [128, 256, 384] if args.quick else [128, 256, 384, 512, 768, 1024]
            result = part_growth(sizes, 2)
        else:
            result = part_grid(args.quick)
        result["seconds"] = time.perf_counter() - t0
        result["date"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        report["parts"][part] = result
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=float))
        log(f"  ({part}: {result['seconds']:.0f}초)")
    seconds = time.perf_counter() - start
    command = "python benchmarks/compare.py " + " ".join(argv if argv is not None else sys.argv[1:])
    report["last_run"] = {"command": command.strip(), "parts": parts, "seconds": seconds}
    if not args.parts:                                  # 전체 실행의 시간은 전체를 돌렸을 때만 새로
        report["seconds"], report["command"] = seconds, command.strip()
    report["seconds"] = report.get("seconds", seconds)
    output.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=float))
    log(f"\n전체 {seconds:.0f}초. 결과: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()
