"""노트북에서 저장된 출력(output)을 지웁니다. `# NBVAL_CHECK_OUTPUT` 셀의 출력만 남깁니다(nbval 이 비교).

    python scripts/clean_notebooks.py notebooks/*.ipynb          # 지우기
    python scripts/clean_notebooks.py --check notebooks/*.ipynb  # 지울 것이 있으면 종료 코드 1

NBVAL_CHECK_OUTPUT 셀의 출력을 새로 만들려면 먼저 노트북을 실행하세요:
    NSTLIB_SMOKE=1 NSTLIB_WEIGHTS=hed-vgg16 jupyter nbconvert --to notebook --execute --inplace notebooks/01_arrays.ipynb
    python scripts/clean_notebooks.py notebooks/01_arrays.ipynb
"""

import argparse
import json
import sys

CHECK = "NBVAL_CHECK_OUTPUT"


def clean(nb: dict) -> dict:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        source = "".join(cell.get("source", []))
        keep = CHECK in source
        if keep:
            cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("output_type") != "display_data"
                               or "text/plain" in o.get("data", {})]
            for output in cell["outputs"]:
                output.pop("execution_count", None) if output.get("output_type") != "execute_result" else None
        else:
            cell["outputs"] = []
            cell["execution_count"] = None
        meta = cell.setdefault("metadata", {})
        for key in ("execution", "collapsed", "scrolled"):
            meta.pop(key, None)
    nb.setdefault("metadata", {}).pop("widgets", None)
    return nb


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    dirty = []
    for path in args.paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        cleaned = json.dumps(clean(json.loads(text)), ensure_ascii=False, indent=1) + "\n"
        if cleaned != text:
            dirty.append(path)
            if not args.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(cleaned)
    if args.check and dirty:
        print("출력이 남아 있는 노트북:", *dirty, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
