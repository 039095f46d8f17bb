"""가중치를 그래프 상수로 넣기(freeze): 몇 단계부터 이득인가?

`style_transfer(..., freeze=True)` 는 한 단계를 빠르게 하지만 그래프를 처음 만드는 데 몇 초가 더 듭니다.
크기마다 freeze=True/False 를 **따로 새 프로세스**에서(oneDNN 의 준비 작업을 한쪽만 덕 보지 않게) 같은 설정으로
돌려, 함수를 부른 때부터 k 단계를 마칠 때까지의 시간 T(k) 를 재고, freeze 쪽이 앞서기 시작하는 단계(손익분기)를
찾습니다. `optimization.FREEZE_MIN_STEPS` 는 이 결과로 정했습니다.

    python benchmarks/bench_freeze.py                      # 128, 256 px · 150단계 · hed-vgg16 (약 5분)
    python benchmarks/bench_freeze.py --sizes 128 --steps 60 --weights random

결과: 표, 그리고 benchmarks/results/freeze.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def child(size: int, steps: int, weights: str, freeze: bool) -> dict:
    """새 프로세스 안에서: 신경망을 불러 둔 뒤, style_transfer 를 부른 때부터 단계마다의 시각."""
    sys.path.insert(0, str(ROOT))
    from nstlib.network import default_architecture, load_vgg
    from nstlib.optimization import style_transfer

    load_vgg(default_architecture(weights), weights)          # 가중치를 읽는 시간은 빼고 잼
    marks = []
    start = time.perf_counter()
    style_transfer("countryside", "swirl", size=size, steps=steps, weights=weights, freeze=freeze,
                   progress=False, callback=lambda *_: marks.append(time.perf_counter() - start))
    return {"size": size, "steps": steps, "weights": weights, "freeze": freeze, "marks": marks,
            "total": time.perf_counter() - start}


def run_child(size, steps, weights, freeze) -> dict:
    code = (f"import sys, json; sys.path.insert(0, {str(HERE)!r}); import bench_freeze; "
            f"print('RESULT' + json.dumps(bench_freeze.child({size}, {steps}, {weights!r}, {freeze})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("RESULT"))[6:])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="freeze 의 손익분기 (benchmarks/bench_freeze.py 의 설명)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 256])
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--weights", default="hed-vgg16")
    parser.add_argument("--output", default=str(HERE / "results" / "freeze.json"))
    args = parser.parse_args(argv)

    rows = []
    for size in args.sizes:
        runs = {}
        for freeze in (False, True):         # 순서를 바꿔 가며 재도 되지만, 프로세스가 따로라 서로 영향이 없음
            runs[freeze] = run_child(size, args.steps, args.weights, freeze)
        plain, frozen = runs[False]["marks"], runs[True]["marks"]
        n = min(len(plain), len(frozen))
        ahead = next((k + 1 for k in range(n) if all(frozen[j] <= plain[j] for j in range(k, n))), None)
        half = n // 2
        per_step = {name: (marks[n - 1] - marks[half]) / (n - 1 - half) for name, marks in
                    (("unfrozen", plain), ("frozen", frozen))}
        row = {"size": size, "steps": n, "weights": args.weights,
               "first_step_s": {"unfrozen": plain[0], "frozen": frozen[0]},
               "seconds_per_step": per_step, "step_ratio": per_step["frozen"] / per_step["unfrozen"],
               "total_s": {"unfrozen": plain[n - 1], "frozen": frozen[n - 1]},
               "break_even_step": ahead, "marks": {"unfrozen": plain, "frozen": frozen}}
        rows.append(row)
        print(f"{size}px ({args.weights}): 첫 단계까지 {plain[0]:.1f}s → freeze {frozen[0]:.1f}s, "
              f"한 단계 {per_step['unfrozen']:.3f}s → {per_step['frozen']:.3f}s "
              f"(×{row['step_ratio']:.2f}), {n}단계 합계 {plain[n - 1]:.1f}s → {frozen[n - 1]:.1f}s, "
              f"손익분기 {ahead}단계", flush=True)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "rows": rows},
                                            indent=1, ensure_ascii=False))
    print(f"결과: {args.output}")


if __name__ == "__main__":
    main()
