"""왜 기본 설정이 compare.py 의 "닿음" 점수에 닿지 않는가: 점수를 콘텐츠 몫과 스타일 층마다의 몫으로 나눕니다.

    python benchmarks/score_parts.py                                  # astronaut + 호쿠사이 (보정용)
    python benchmarks/score_parts.py chelsea kandinsky_composition_vii --variant max='{"pooling": "max"}'

줄마다 그림 하나: 사진을 그림의 색으로 칠한 시작 그림(init="matched"), 튜토리얼의 200단계 그림
(picture_quality.py 와 같은 캐시), 그 그림을 그림의 색으로 다시 칠한 것, nstlib 의 기본 설정과 `--variant` 들.
점수는 compare.PaperScore (튜토리얼의 목적 함수, 최대 풀링, 콘텐츠 층 conv4_2)이고, 옆에 picture_measures 의 세
가지 잼을 적습니다. 결과는 benchmarks/README.md 의 b 절에 있습니다.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
for path in (str(HERE.parent), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import numpy as np  # noqa: E402


def parts(scorer, image) -> dict:
    """점수 = α·콘텐츠 + Σ_l β·(1/5)·E_l 의 각 항 (compare.PaperScore.layer_terms 에 가중치를 곱함)."""
    content, layers = scorer.layer_terms(image)
    out = {"content": scorer.alpha * float(content)}
    out.update({name: scorer.beta * float(term) for name, term in zip(scorer.style_layers, layers)})
    out["score"] = sum(out.values())
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("photo", nargs="?", default="astronaut")
    parser.add_argument("painting", nargs="?", default="hokusai_great_wave")
    parser.add_argument("--variant", action="append", default=[], help="이름=JSON (style_transfer 의 키워드)")
    args = parser.parse_args(argv)

    import nstlib as nst
    from compare import TUTORIAL_CONTENT_LAYER, TUTORIAL_WEIGHTS, PaperScore
    from nstlib.colors import match_colors
    from picture_measures import measure
    from picture_quality import WEIGHTS, cached, run_tutorial, source

    size, steps = 256, 200
    content, style = nst.open_image(source(args.photo), size), nst.open_image(source(args.painting), size)
    content_weight, style_weight, _ = TUTORIAL_WEIGHTS["hed"]
    scorer = PaperScore(content, style, content_weight, style_weight, content_layer=TUTORIAL_CONTENT_LAYER)
    key = f"{args.photo}+{args.painting}"
    tutorial, _, _ = cached(f"tutorial-{key}-{size}-{steps}", lambda: run_tutorial(content, style, steps), False)
    pictures = {"matched start": match_colors(content, style).astype(np.float32).clip(0, 1),
                "tutorial 200": tutorial,
                "tutorial 200 recoloured": match_colors(tutorial, style).astype(np.float32).clip(0, 1)}
    variants = [("nstlib defaults", {})] + [(text.split("=", 1)[0], json.loads(text.split("=", 1)[1]))
                                            for text in args.variant]
    for name, options in variants:
        result = nst.style_transfer(content, style, weights=WEIGHTS, size=size, steps=steps, progress=False,
                                    **options)
        pictures[name] = result.best_image
    print(f"{key}, 256 px, {steps}단계, 점수 = compare.PaperScore (튜토리얼의 목적 함수, 콘텐츠 conv4_2)")
    head = ["score", "content"] + scorer.style_layers
    print(f"{'':26s}" + "".join(f"{h:>14s}" for h in head) + "   structure  chroma  colour")
    for name, image in pictures.items():
        p, m = parts(scorer, image), measure(image, content, style)
        print(f"{name:26s}" + "".join(f"{p[h]:14.3g}" for h in head)
              + f"   {m['structure']:9.2f}  {m['chroma_noise']:6.2f}  {m['colour_distance']:6.1f}")


if __name__ == "__main__":
    main()
