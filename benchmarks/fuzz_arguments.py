"""인자 퍼징을 pytest 없이 수천 번 돌리고 결과를 셉니다 (fuzzing the arguments of every public entry point).

    nice -n 10 python benchmarks/fuzz_arguments.py --cases 3000 [--seed 0] [--verbose]
        [--json benchmarks/results/fuzz_arguments.json]

tests/test_fuzz_arguments.py 와 같은 값 목록(이상한 수, 틀린 형식, 이상한 글자, 폴더와 장치의 경로 …)과 같은 판정을
씁니다. 다른 점: Hypothesis 대신 `random.Random(seed)` 로 고르고, 첫 실패에서 멈추지 않고 끝까지 셉니다.
입구(style_transfer, style_grid, load_image, save_image, 명령줄)를 차례로 돌아가며 고릅니다. 결과는 셋 중 하나:

- 결과 (result): 약속한 모양의 그림·파일, 명령줄은 종료 코드 0
- 한국어 NSTError (error): 명령줄은 종료 코드 2 와 한국어 안내
- 그 밖 (other): 다른 예외, 멈춤(hang), 반쯤 쓴 파일, 영어 안내, 명령줄에 없는 이름 — 목표는 0

그 밖의 경우는 종류별로 세고, 종류마다 예를 몇 개(인자와 오류의 마지막 줄) JSON 에 남깁니다.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import resource
import shutil
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["NSTLIB_WEIGHTS"] = "random"           # 무작위 가중치 (인터넷 없이, 빠르게)
os.environ.pop("NSTLIB_NETWORK", None)
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))      # 값 목록과 판정은 tests/test_fuzz_arguments.py 에 하나만
sys.path.insert(0, str(HERE.parent))

from test_fuzz_arguments import (CLI_VALUES, CLI_WORDS, ENTRIES, REQUIRED, cli_argv, fuzz_places,  # noqa: E402
                                 make_kwargs, run_case)

ORDER = ["style_transfer", "style_grid", "load_image", "save_image", "cli"]


def random_case(rng: random.Random, entry: str) -> tuple[dict, str]:
    """(고른 인자, 설명) 하나. 테스트의 Hypothesis 전략과 같은 모양: 인자 1~3개 (+ 꼭 고를 것)."""
    if entry == "cli":
        content = rng.choice(["photo.png", "klee", "missing.png", "folder", "notes.jpg", "/dev/zero", "", "-"])
        styles = [rng.choice(["swirl", "klee", "photo.png", "notes.jpg", "missing.png", "/dev/stdin"])
                  for _ in range(rng.randint(0, 3))]
        options = [(option, rng.choice(CLI_VALUES[option]))
                   for option in rng.sample(sorted(CLI_VALUES), rng.randint(0, 4))]
        extra = [rng.choice(CLI_WORDS) for _ in range(rng.randint(0, 2))]
        argv = cli_argv(content, styles, options, extra)
        return {"argv": argv}, repr(argv)
    pools = ENTRIES[entry]
    required = REQUIRED.get(entry, ())
    names = sorted(name for name in pools if name not in required)
    keys = [*required, *rng.sample(names, rng.randint(0 if required else 1, min(3, len(names))))]
    chosen = {key: rng.choice(pools[key]) for key in keys}
    return chosen, ", ".join(f"{key}={value.label}" for key, value in chosen.items())


def run(cases: int, seed: int, verbose: bool = False) -> dict:
    rng = random.Random(seed)
    counts = {entry: collections.Counter() for entry in ORDER}
    kinds: collections.Counter = collections.Counter()
    examples: dict[str, list] = collections.defaultdict(list)
    slowest = (0.0, "")
    start = time.perf_counter()
    with fuzz_places() as new_place:
        for number in range(cases):
            entry = ORDER[number % len(ORDER)]
            chosen, described = random_case(rng, entry)
            if verbose:                                    # 프로세스째 죽는 경우(segfault)를 찾을 때
                print(f"case {number} {entry}: {described[:300]}", flush=True)
            began = time.perf_counter()
            place = new_place()
            try:
                outcome = run_case(entry, make_kwargs(entry, chosen, place), place)
            except Exception as error:                     # 그 밖 (other): 종류를 세고 예를 남김
                outcome = "other"
                last = traceback.extract_tb(error.__traceback__)[-1]
                kind = f"{entry}: {type(error).__name__} at {Path(last.filename).name}:{last.lineno}"
                kinds[kind] += 1
                if len(examples[kind]) < 3:
                    message = str(error).splitlines()[0][:200] if str(error) else ""
                    examples[kind].append({"case": number, "arguments": described, "error": message})
            shutil.rmtree(place.folder, ignore_errors=True)    # 10000번이면 case 폴더만 1 GB 가 넘음
            elapsed = time.perf_counter() - began
            if elapsed > slowest[0]:
                slowest = (elapsed, f"{entry}: {described}")
            counts[entry][outcome] += 1
            if (number + 1) % 100 == 0:
                other = sum(c["other"] for c in counts.values())
                print(f"  {number + 1:>6} 경우, 그 밖 {other}, {time.perf_counter() - start:.0f}초", flush=True)
    total = collections.Counter()
    for counter in counts.values():
        total.update(counter)
    return {
        "cases": cases, "seed": seed, "seconds": round(time.perf_counter() - start, 1),
        "results": total["result"], "nst_errors": total["error"], "other": total["other"],
        "by_entry": {entry: {"cases": sum(c.values()), "results": c["result"], "nst_errors": c["error"],
                             "other": c["other"]} for entry, c in counts.items()},
        "other_kinds": dict(kinds.most_common()), "other_examples": dict(examples),
        "slowest_case_seconds": round(slowest[0], 2), "slowest_case": slowest[1][:300],
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="공개 입구의 인자 퍼징 (argument fuzzing)")
    parser.add_argument("--cases", type=int, default=2000, help="시도할 경우의 수 (cases to try)")
    parser.add_argument("--seed", type=int, default=0, help="무작위 씨앗 (random seed)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "fuzz_arguments.json", help="결과 JSON 경로")
    parser.add_argument("--verbose", action="store_true", help="경우마다 고른 인자를 먼저 찍음 (print each case)")
    args = parser.parse_args()

    result = run(args.cases, args.seed, args.verbose)
    print(f"인자 퍼징 결과 (argument fuzz), seed={result['seed']}, {result['seconds']:.0f}초 (s)")
    print(f"  {'입구 (entry)':<16} {'경우':>6} {'결과':>6} {'NSTError':>9} {'그 밖':>6}")
    for entry, row in result["by_entry"].items():
        print(f"  {entry:<16} {row['cases']:>6} {row['results']:>6} {row['nst_errors']:>9} {row['other']:>6}")
    print(f"  {'합계 (total)':<16} {result['cases']:>6} {result['results']:>6} {result['nst_errors']:>9} "
          f"{result['other']:>6}   (그 밖의 목표 target 0)")
    print(f"  가장 느린 경우 (slowest case)  {result['slowest_case_seconds']:.1f}초: {result['slowest_case'][:120]}")
    print(f"  최대 메모리 (max RSS)          {result['max_rss_mb']} MB")
    for kind, count in result["other_kinds"].items():
        print(f"    {count:>5} × {kind}")
        for example in result["other_examples"][kind][:1]:
            print(f"          예: {example['arguments'][:150]}  →  {example['error'][:150]}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  JSON: {args.json}")
    return 1 if result["other"] else 0


if __name__ == "__main__":
    sys.exit(main())
