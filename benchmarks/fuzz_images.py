"""그림 읽기(load_image) 퍼징을 pytest 없이 수천 번 돌리고 결과를 셉니다 (fuzzing the image loader).

    python benchmarks/fuzz_images.py --cases 5000 [--seed 0] [--json benchmarks/results/fuzz.json]

tests/test_fuzz.py 와 같은 씨앗 파일(Pillow 로 만든 PNG/JPEG/GIF/WebP)과 같은 망가뜨리기(자르기, 비트 뒤집기,
조각 복제·삭제, 엉뚱한 머리 ...)를 씁니다. 다른 점: Hypothesis 대신 `random.Random(seed)` 로 고르고, 첫 실패에서
멈추지 않고 끝까지 셉니다. 결과는 셋 중 하나입니다:

- 그림 (image): float32 (H, W, 3), [0, 1], 유한, 긴 변 <= max_size
- 한국어 NSTError (error): 학생에게 무엇을 할지 알려 줌
- 충돌 (crash): 그 밖의 예외, 경고가 새어 나옴, NaN, 멈춤(hang) — 목표는 0

충돌한 입력은 `--keep` 폴더(기본 benchmarks/results/fuzz-crashes/)에 저장되어, 테스트로 다시 돌려 볼 수 있습니다.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))      # 도우미는 tests/test_fuzz.py 에 하나만 둡니다
sys.path.insert(0, str(HERE.parent))

from test_fuzz import (HANG_SECONDS, MAGIC_HEADERS, MAX_SIZES, MUTATION_KINDS, SEED_NAMES,  # noqa: E402
                       apply_mutations, load_outcome)


def random_case(rng: random.Random) -> tuple[str, bytes, int | None]:
    """(설명, 바이트, max_size) 하나. 95% 는 씨앗 파일을 1~4번 망가뜨린 것, 5% 는 아무 바이트."""
    max_size = rng.choice(MAX_SIZES)
    if rng.random() < 0.05:
        header = rng.choice([b""] + MAGIC_HEADERS)
        return "random-bytes", header + rng.randbytes(rng.randint(0, 600)), max_size
    seed = rng.choice(SEED_NAMES)
    mutations = [(rng.choice(MUTATION_KINDS), rng.getrandbits(32), rng.getrandbits(32),
                  rng.randbytes(rng.randint(1, 16))) for _ in range(rng.randint(1, 4))]
    return seed, apply_mutations(seed, mutations), max_size


def run(cases: int, seed: int, keep: Path | None) -> dict:
    rng = random.Random(seed)
    counts = collections.Counter()
    by_seed: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    crash_kinds = collections.Counter()
    slowest = (0.0, "")
    start = time.perf_counter()
    for number in range(cases):
        source, data, max_size = random_case(rng)
        began = time.perf_counter()
        try:
            outcome = load_outcome(data, max_size)
        except Exception as error:                       # 충돌: 종류를 세고 입력을 남김
            outcome = "crash"
            kind = f"{type(error).__name__}: {str(error).splitlines()[0][:100] if str(error) else ''}"
            crash_kinds[kind] += 1
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"case-{number}-{source}.bin").write_bytes(data)
                (keep / f"case-{number}-{source}.txt").write_text(
                    f"max_size={max_size}\n{traceback.format_exc()}", encoding="utf-8")
        elapsed = time.perf_counter() - began
        if elapsed > slowest[0]:
            slowest = (elapsed, source)
        counts[outcome] += 1
        by_seed[source][outcome] += 1
    seconds = time.perf_counter() - start
    return {
        "cases": cases, "seed": seed, "seconds": round(seconds, 2),
        "images": counts["image"], "errors": counts["error"], "crashes": counts["crash"],
        "crash_kinds": dict(crash_kinds.most_common()),
        "slowest_case_seconds": round(slowest[0], 3), "slowest_case_source": slowest[1],
        "hang_limit_seconds": HANG_SECONDS,
        "by_source": {name: dict(c) for name, c in sorted(by_seed.items())},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="load_image 퍼징 (fuzzing the image loader)")
    parser.add_argument("--cases", type=int, default=5000, help="시도할 입력 수 (cases to try)")
    parser.add_argument("--seed", type=int, default=0, help="무작위 씨앗 (random seed)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "fuzz.json", help="결과 JSON 경로")
    parser.add_argument("--keep", type=Path, default=HERE / "results" / "fuzz-crashes",
                        help="충돌한 입력을 저장할 폴더 (crashing inputs)")
    args = parser.parse_args()

    result = run(args.cases, args.seed, args.keep)
    print(f"퍼징 결과 (fuzz results), seed={result['seed']}, {result['seconds']:.1f}초 (s)")
    print(f"  시도한 입력 (cases tried)       {result['cases']:>7}")
    print(f"  그림으로 읽힘 (loaded image)    {result['images']:>7}")
    print(f"  한국어 NSTError (Korean error)  {result['errors']:>7}")
    print(f"  충돌 (crashed, 목표 target 0)   {result['crashes']:>7}")
    print(f"  가장 느린 입력 (slowest case)   {result['slowest_case_seconds']:.3f}초 ({result['slowest_case_source']})")
    for kind, count in result["crash_kinds"].items():
        print(f"    {count:>5} × {kind}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  JSON: {args.json}")
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
