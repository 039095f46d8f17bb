"""그림의 품질: nstlib 의 기본 설정과 TensorFlow 튜토리얼의 알고리즘을 **진짜 사진과 그림**에서 나란히.

    python benchmarks/picture_quality.py                       # 전체 (2코어 CPU 에서 약 50분)
    python benchmarks/picture_quality.py --pairs calibration   # 보정용 8쌍만
    python benchmarks/picture_quality.py --pairs astronaut+hokusai coffee+kandinsky --variant lr01='{"learning_rate": 0.01}'

두 쪽 모두 같은 신경망(hed-vgg16: HED 로 미세조정한 ImageNet VGG16, 인터넷 없이 씀), 같은 크기(CPU 기본 256 px),
같은 단계 수(CPU 기본 200)입니다.

- **nstlib**: `nst.style_transfer(content, style, weights="hed-vgg16")` — 아무 설정도 주지 않은 기본값.
- **tutorial**: `baseline_tutorial.TutorialStyleTransfer` (TensorFlow 튜토리얼의 코드) 에 논문의 층 (콘텐츠 conv4_2,
  스타일 conv1_1…conv5_1), hed-vgg16 에서 그림이 되는 가중치 (스타일 1, 콘텐츠 1e4, `tf.image.total_variation` 1),
  콘텐츠에서 시작, Adam 0.02/0.99/0.1.
- ``--variant 이름=JSON``: nstlib 에 다른 설정을 주어 한 칸 더 (예: 원인을 찾을 때).

쌍(pairs): ``../shared/calibration/`` 의 사진 4장 (없으면 ``skimage.data`` 의 같은 사진) × 그림 2점 (보정용, 이 저장소에는
없음: 없으면 건너뜀), 그리고 예제 ``countryside``, ``grace_hopper`` × ``swirl``, ``monet``, ``klee``.

재는 것 (`picture_measures.py`): structure (사진의 윤곽이 남았나), chroma noise (색 잡티, 그림 자신 = 1),
colour distance (그림의 팔레트와의 거리), 그리고 벽시계 시간. 보정용 쌍마다의 목표 (issue 11):
structure ≥ 0.45, chroma noise ≤ 1.1 × 튜토리얼, colour distance ≤ 튜토리얼.

결과: ``benchmarks/results/picture_quality.json`` 과 한 장의 대조표 ``benchmarks/results/picture_quality.jpg``
(줄마다 한 쌍: 사진, 그림, nstlib, 튜토리얼, 변형들). 튜토리얼 쪽은 코드가 바뀌지 않으므로 그림을
``outputs/picture_quality_cache/`` 에 두고 다시 씁니다 (``--fresh`` 면 다시 계산).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
CACHE = ROOT / "outputs" / "picture_quality_cache"
CALIBRATION = ROOT.parent / "shared" / "calibration"
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from picture_measures import measure  # noqa: E402

PHOTOS = ("astronaut", "chelsea", "coffee", "rocket")
PAINTINGS = ("hokusai_great_wave", "kandinsky_composition_vii")
EXAMPLE_PAIRS = [(c, s) for c in ("countryside", "grace_hopper") for s in ("swirl", "monet", "klee")]
CALIBRATION_PAIRS = [(p, s) for p in PHOTOS for s in PAINTINGS]
TARGETS = {"structure_min": 0.45, "chroma_noise_vs_tutorial_max": 1.1, "colour_distance_vs_tutorial_max": 1.0}
TUTORIAL = {"content_layers": ["block4_conv2"], "content_weight": 1e4, "style_weight": 1.0, "tv_weight": 1.0}
WEIGHTS = "hed-vgg16"


def log(text=""):
    print(text, flush=True)


def source(name: str):
    """쌍의 이름 → 이미지 원천 (경로, 예제 이름 또는 배열)."""
    path = CALIBRATION / f"{name}.jpg"
    if path.exists():
        return str(path)
    if name in PHOTOS:
        import skimage.data

        return getattr(skimage.data, name)()
    return name          # nstlib 의 예제 이름


def available(pair) -> bool:
    return all(name not in PAINTINGS or (CALIBRATION / f"{name}.jpg").exists() for name in pair)


def run_nstlib(content, style, options: dict, size, steps) -> tuple[np.ndarray, float, dict]:
    import nstlib as nst

    start = time.perf_counter()
    result = nst.style_transfer(content, style, weights=WEIGHTS, size=size, steps=steps, progress=False,
                                **options)
    seconds = time.perf_counter() - start
    history = {k: [float(v[0]), float(v[-1])] for k, v in result.history.items() if v}
    return np.asarray(result.best_image, np.float32), seconds, {"history_first_last": history,
                                                                 "settings": _jsonable(result.settings)}


def run_tutorial(content, style, steps) -> tuple[np.ndarray, float, dict]:
    from baseline_tutorial import TutorialStyleTransfer

    start = time.perf_counter()
    transfer = TutorialStyleTransfer(content, style, "vgg16", WEIGHTS, content_layers=TUTORIAL["content_layers"],
                                     style_weight=TUTORIAL["style_weight"], content_weight=TUTORIAL["content_weight"],
                                     total_variation_weight=TUTORIAL["tv_weight"])
    epochs, rest = divmod(steps, 100)
    image = transfer.run(epochs, 100) if epochs else transfer.image.numpy()[0]
    if rest:
        image = transfer.run(1, rest)
    return np.asarray(image, np.float32), time.perf_counter() - start, {}


def _jsonable(value):
    if hasattr(value, "to_dict"):           # nstlib.settings.Settings
        value = value.to_dict()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def cached(key: str, compute, fresh: bool):
    """튜토리얼 쪽 그림의 캐시 (PNG + JSON). 튜토리얼의 코드는 바뀌지 않으므로 같은 key 면 같은 그림."""
    png, meta = CACHE / f"{key}.png", CACHE / f"{key}.json"
    if not fresh and png.exists() and meta.exists():
        info = json.loads(meta.read_text())
        return np.asarray(Image.open(png), np.float32) / 255.0, info["seconds"], {**info, "cached": True}
    image, seconds, info = compute()
    CACHE.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)).save(png)
    meta.write_text(json.dumps({**info, "seconds": seconds}))
    return image, seconds, info


def save_full(pictures: dict, key: str, out: str) -> None:
    """결과 그림을 원래 크기로도 둡니다 (outputs/, 저장소에는 넣지 않음): 대조표의 작은 그림으로는 잡티가 안 보임."""
    folder = ROOT / "outputs" / out
    folder.mkdir(parents=True, exist_ok=True)
    for name, image in pictures.items():
        Image.fromarray(np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)).save(folder / f"{key}-{name}.png")


def verdict(entry: dict, tutorial: dict) -> dict:
    checks = {"structure": entry["structure"] >= TARGETS["structure_min"],
              "chroma_noise": entry["chroma_noise"] <= TARGETS["chroma_noise_vs_tutorial_max"] * tutorial["chroma_noise"],
              "colour_distance": entry["colour_distance"] <= tutorial["colour_distance"]}
    return {**checks, "all": all(checks.values())}


# ------------------------------------------------------------------------------------------ 대조표

def _font(size=11):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:                      # Pillow < 10.1
        return ImageFont.load_default()


def contact_sheet(rows, columns, path: Path, height=150):
    """rows: [(줄 이름, [(그림, 설명 글) 또는 None, ...])]. 설명은 그림 아래 (ASCII)."""
    font, pad, text_h = _font(), 4, 28
    widths = [0] * len(columns)
    for _, cells in rows:
        for i, cell in enumerate(cells):
            if cell is not None:
                h, w = cell[0].shape[:2]
                widths[i] = max(widths[i], round(w * height / h))
    header = 18
    W = sum(widths) + pad * (len(columns) + 1)
    H = header + len(rows) * (height + text_h + pad) + pad
    sheet = Image.new("RGB", (W, H), "white")
    draw = ImageDraw.Draw(sheet)
    x = pad
    for name, width in zip(columns, widths):
        draw.text((x, 3), name, fill="black", font=_font(13))
        x += width + pad
    y = header
    for label, cells in rows:
        x = pad
        for i, cell in enumerate(cells):
            if cell is not None:
                image, text = cell
                h, w = image.shape[:2]
                thumb = Image.fromarray(np.round(np.clip(image, 0, 1) * 255).astype(np.uint8))
                thumb = thumb.resize((round(w * height / h), height), Image.LANCZOS)
                sheet.paste(thumb, (x, y))
                draw.text((x, y + height + 1), text, fill="black", font=font)
            x += widths[i] + pad
        y += height + text_h + pad
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path, quality=74, optimize=True)


def describe(entry: dict) -> str:
    return (f"S {entry['structure']:.2f}  N {entry['chroma_noise']:.2f}  C {entry['colour_distance']:.1f}\n"
            f"{entry['seconds']:.0f} s" + ("  ok" if entry.get("verdict", {}).get("all") else
                                           ("  MISS" if entry.get("verdict") else "")))


# ------------------------------------------------------------------------------------------ 실행

def parse_pairs(names):
    if not names or names == ["all"]:
        return CALIBRATION_PAIRS + EXAMPLE_PAIRS
    pairs = []
    for name in names:
        if name == "calibration":
            pairs += CALIBRATION_PAIRS
        elif name == "examples":
            pairs += EXAMPLE_PAIRS
        else:
            content, _, style = name.partition("+")
            pairs.append((content, style))
    return pairs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", nargs="*", default=["all"],
                        help="all, calibration, examples 또는 사진+그림 (예: astronaut+hokusai_great_wave)")
    parser.add_argument("--size", type=int, default=None, help="긴 변 (기본: 장치의 기본값, CPU 256)")
    parser.add_argument("--steps", type=int, default=None, help="단계 수 (기본: 장치의 기본값, CPU 200)")
    parser.add_argument("--variant", action="append", default=[],
                        help='nstlib 에 다른 설정으로 한 칸 더: 이름=\'{"learning_rate": 0.01}\'')
    parser.add_argument("--no-defaults", action="store_true", help="기본 설정 칸은 빼고 변형만")
    parser.add_argument("--fresh", action="store_true", help="튜토리얼 쪽도 캐시를 쓰지 않고 다시 계산")
    parser.add_argument("--out", default="picture_quality", help="결과 파일 이름 (benchmarks/results/<이름>.json/.jpg)")
    parser.add_argument("--table", action="store_true", help="계산하지 않고 결과 JSON 을 README 의 표(markdown)로")
    args = parser.parse_args(argv)
    if args.table:
        print(markdown_table(json.loads((RESULTS / f"{args.out}.json").read_text())))
        return

    import nstlib as nst

    defaults = nst.device_defaults()
    size, steps = args.size or defaults["size"], args.steps or defaults["steps"]
    sides = ([] if args.no_defaults else [("nstlib", {})])
    for text in args.variant:
        name, _, options = text.partition("=")
        sides.append((name, json.loads(options)))
    pairs = [p for p in parse_pairs(args.pairs) if available(p)]
    skipped = [p for p in parse_pairs(args.pairs) if not available(p)]
    if skipped:
        log(f"보정용 그림이 없어 건너뜀: {', '.join('+'.join(p) for p in skipped)} ({CALIBRATION})")
    log(f"picture quality: {len(pairs)} 쌍, {size} px, {steps} 단계, {WEIGHTS}; 칸: "
        f"{', '.join(n for n, _ in sides)}, tutorial")
    nst.load_vgg("vgg16", WEIGHTS)

    report = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "machine": platform.processor() or
              platform.machine(), "cpus": os.cpu_count(), "size": size, "steps": steps, "weights": WEIGHTS,
              "targets": TARGETS, "tutorial": TUTORIAL, "defaults": _jsonable(nst.DEFAULTS),
              "variants": {n: o for n, o in sides}, "pairs": {}}
    rows = []
    for content_name, style_name in pairs:
        key = f"{content_name}+{style_name}"
        content = nst.open_image(source(content_name), size)
        style = nst.open_image(source(style_name), size)
        calibration = (content_name, style_name) in CALIBRATION_PAIRS
        entry = {"calibration": calibration}
        image, seconds, info = cached(f"tutorial-{key}-{size}-{steps}", lambda: run_tutorial(content, style, steps),
                                      args.fresh)
        entry["tutorial"] = {**measure(image, content, style), "seconds": seconds, "cached": bool(info.get("cached"))}
        pictures = {"tutorial": image}
        for name, options in sides:
            image, seconds, info = run_nstlib(content, style, options, size, steps)
            entry[name] = {**measure(image, content, style), "seconds": seconds, **info}
            if calibration:
                entry[name]["verdict"] = verdict(entry[name], entry["tutorial"])
            pictures[name] = image
        save_full(pictures, key, args.out)
        report["pairs"][key] = entry
        parts = [f"{name} S {e['structure']:.2f} N {e['chroma_noise']:.2f} C {e['colour_distance']:.1f} "
                 f"({e['seconds']:.0f}s){'' if 'verdict' not in e else (' ok' if e['verdict']['all'] else ' MISS')}"
                 for name, e in entry.items() if isinstance(e, dict)]
        log(f"{key}: " + " | ".join(parts))
        cells = [(content, f"{content_name} + {style_name}"), (style, "")]
        cells += [(pictures[name], describe(entry[name])) for name, _ in sides]
        cells.append((pictures["tutorial"], describe(entry["tutorial"])))
        rows.append((key, cells))
        write(report, rows, sides, args.out)        # 한 쌍마다 써 둠 (길게 도니까)
    summary(report, sides)
    write(report, rows, sides, args.out)


def summary(report: dict, sides) -> None:
    log("")
    for name, _ in sides:
        cal = [e for e in report["pairs"].values() if e["calibration"] and name in e]
        if not cal:
            continue
        met = sum(e[name]["verdict"]["all"] for e in cal)
        report.setdefault("summary", {})[name] = {
            "calibration_pairs": len(cal), "calibration_pairs_met": met,
            "median_structure": float(np.median([e[name]["structure"] for e in cal])),
            "median_chroma_noise": float(np.median([e[name]["chroma_noise"] for e in cal])),
            "median_colour_distance": float(np.median([e[name]["colour_distance"] for e in cal])),
            "median_seconds": float(np.median([e[name]["seconds"] for e in cal]))}
        s = report["summary"][name]
        log(f"{name}: 보정용 {len(cal)}쌍 중 {met}쌍이 목표 달성; 중앙값 S {s['median_structure']:.2f} "
            f"N {s['median_chroma_noise']:.2f} C {s['median_colour_distance']:.1f}, {s['median_seconds']:.0f}s")
    cal = [e for e in report["pairs"].values() if e["calibration"]]
    if cal:
        report.setdefault("summary", {})["tutorial"] = {
            "median_structure": float(np.median([e["tutorial"]["structure"] for e in cal])),
            "median_chroma_noise": float(np.median([e["tutorial"]["chroma_noise"] for e in cal])),
            "median_colour_distance": float(np.median([e["tutorial"]["colour_distance"] for e in cal]))}


def markdown_table(report: dict, side: str = "nstlib") -> str:
    """쌍마다 nstlib 기본값 대 튜토리얼: 구조, 색 잡티, 색 거리, 시간, 목표 달성."""
    lines = ["| 사진 + 그림 | 구조 (≥ 0.45) | 색 잡티 (≤ 1.1 × 튜토리얼) | 색 거리 (≤ 튜토리얼) | 시간 | 목표 |",
             "|---|---|---|---|---|---|"]
    for key, entry in report["pairs"].items():
        if side not in entry:
            continue
        a, b = entry[side], entry["tutorial"]
        met = ("✔" if a["verdict"]["all"] else "✘") if "verdict" in a else "(예제)"
        lines.append(f"| {key.replace('+', ' + ')} | {a['structure']:.2f} (튜토리얼 {b['structure']:.2f}) | "
                     f"{a['chroma_noise']:.2f} ({b['chroma_noise']:.2f}) | {a['colour_distance']:.1f} "
                     f"({b['colour_distance']:.1f}) | {a['seconds']:.0f} s ({b['seconds']:.0f} s) | {met} |")
    return "\n".join(lines)


def write(report, rows, sides, out):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{out}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    columns = ["photo", "painting"] + [n for n, _ in sides] + ["tutorial"]
    contact_sheet(rows, columns, RESULTS / f"{out}.jpg")


if __name__ == "__main__":
    main()
