"""예제 그림을 그려 `nstlib/data/` 에 PNG 로 저장하고 `nstlib/data/README.md` 를 다시 씁니다.

    python scripts/make_examples.py            # nstlib/data/ 에 모두 다시 만들기
    python scripts/make_examples.py --check    # nstlib/data/ 의 픽셀이 그리는 코드와 같은지만 확인 (다르면 종료 코드 1)

그림은 `scripts/paintings.py` 가 고정된 씨앗(seed)으로 그리므로, 몇 번을 돌려도 같은 파일이 나옵니다.
`nstlib/data/` 는 패키지 데이터(package data)라서 `pip install` 로 설치할 때 함께 깔리고, 라이브러리는 그 파일을
읽기만 합니다. 실제 사진(matplotlib, scikit-image 에 들어 있는 것)은 저장하지 않습니다.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from nstlib.examples import EXAMPLES
from paintings import PAINTINGS, paint  # 이 스크립트와 같은 폴더 (scripts/)

DATA_DIR = Path(__file__).resolve().parent.parent / "nstlib" / "data"
"""이 저장소의 `nstlib/data/` (설치된 nstlib 이 어디에 있든, 이 스크립트 옆의 저장소에 씁니다)."""

STORED = list(PAINTINGS)
"""`nstlib/data/` 에 PNG 로 저장하는 예제 (그린 그림 모두. 실제 사진은 빼고)."""

MAX_BYTES = 400 * 1024
"""PNG 한 장의 최대 크기. 저장소와 설치 파일(wheel)이 무거워지지 않도록 이보다 크면 실패합니다."""

README_INTRO = """\
# 예제 이미지 (example data)

이 폴더의 PNG 는 모두 이 저장소의 코드가 그린 그림입니다. 인터넷에서 내려받은 그림은 없습니다.
`scripts/paintings.py` 가 numpy 와 PIL 만으로, 고정된 씨앗(seed)을 써서 그리고, `python scripts/make_examples.py`
가 그 결과를 그대로 PNG 로 저장합니다. 그래서 다시 실행해도 같은 파일이 나오고, `tests/test_examples.py` 는 이
파일들의 픽셀이 그리는 코드의 결과와 똑같은지 확인합니다. 그리는 코드를 고쳤다면 스크립트를 다시 실행해 이 폴더를
새로 만드세요.

이 폴더는 패키지 데이터(package data)입니다: `pip install` 로 설치하면(Colab 에서도) 이 PNG 들이 `nstlib` 과 함께
깔리고, 코드에서는 `nstlib.examples.load_example(이름)` 으로 불러옵니다. 라이브러리는 그림을 그리지 않고 이 파일을
읽기만 합니다. 파일이 없으면 다시 설치하라고 안내합니다.
"""

README_DETAILS = """\
## 어떻게 그렸나

- **klee**: 손으로 그은 듯 흔들리는 격자(열마다 행의 높이가 다름)에 차분한 따뜻한 색·차가운 색을 채우고,
  칸마다 방향이 다른 붓 자국, 얼룩, 종이 결, 칸 가장자리에 모인 물감과 가는 이음새를 더했습니다.
- **monet**: 물빛(위는 하늘을 비춘 연보라, 아래는 깊은 청록), 세로로 늘어진 버드나무 그림자, 수련 잎 떼를
  밑그림으로 두고, 그 색을 따라 짧은 반투명 붓 터치 약 8,000 개를 큰 것부터 작은 것 순서로 겹쳤습니다.
- **swirl**: 흐름 함수(stream function)의 등고선을 따라 붓질의 중심선을 그리고, 붓질마다 나란한 가는 선
  세 개(붓털 자국)로 칠했습니다. 달과 별 둘레의 붓질은 노랑, 나머지는 파랑 계열입니다.
- **tofu**: 높낮이 지도(height map)에 작은 구멍들을 파고 왼쪽 위에서 빛을 비춰 음영과 윤기를 계산했습니다.
- **countryside**: 하늘과 구름, 먼 산과 언덕은 잡음(noise)으로 만든 능선, 들판은 땅의 원근 좌표로 나눈
  조각보 같은 밭과 고랑, 오솔길은 원근에 따라 좁아지는 띠, 집과 나무는 두 배 크기로 그려 줄였습니다.
- **building**: 하늘과 먼 산, 잔디밭 위에 3 층 빌라의 정면과 옆면, 창문·덧문·발코니·아치 현관·기와지붕을
  두 배 크기로 그려 줄이고, 벽에 회반죽(stucco) 질감을 더했습니다.

파일을 작게 하려고 스타일 이미지는 색 값을 4 단계, 콘텐츠 이미지는 2 단계 간격으로 골랐습니다
(눈으로는 차이가 보이지 않습니다). 이것도 그리는 코드의 일부이므로 파일과 코드의 픽셀은 똑같습니다.

## 사용 허락 (licence)

이 폴더의 그림은 이 프로젝트가 만든 것이며, 저장소와 같은 MIT 사용 허락(licence)을 따릅니다.
클레, 모네, 반 고흐의 실제 작품이나 그 사진은 쓰지 않았습니다 (그 화가들의 느낌만 흉내 냈습니다).
`grace_hopper` 사진은 미 해군(US Navy)이 찍은 퍼블릭 도메인(public domain) 사진으로, matplotlib 이
배포하는 것을 읽기만 하고 이 저장소에는 저장하지 않습니다.
"""


def png_bytes(pixels: np.ndarray) -> bytes:
    """uint8 (H, W, 3) 배열을 최적화한 PNG 로 만듭니다 (날짜 같은 메타데이터 없음: 같은 그림이면 같은 바이트)."""
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _read_pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def readme(files: dict[str, tuple[int, int, int]]) -> str:
    """`nstlib/data/README.md` 의 내용 (한국어). `files` 는 이름 → (가로, 세로, PNG 바이트 수)."""
    lines = [
        README_INTRO,
        "| 파일 | 종류 | 제목 | 크기 (가로 × 세로) | 파일 크기 | 설명 |",
        "|---|---|---|---|---|---|",
    ]
    for name in STORED:
        info = EXAMPLES[name]
        width, height, size = files[name]
        kind = "스타일" if info.kind == "style" else "콘텐츠"
        lines.append(
            f"| `{name}.png` | {kind} | {info.title} | {width} × {height} | {size / 1024:.0f} KB | "
            f"{info.description} |"
        )
    lines += [
        "",
        f"`grace_hopper` ({EXAMPLES['grace_hopper'].title})는 이 폴더에 없습니다. matplotlib 패키지에 들어 있는 사진",
        "(`matplotlib.cbook.get_sample_data('grace_hopper.jpg')`, 512 × 600)을 그대로 읽습니다.",
        "실제 사진 `astronaut`, `chelsea`, `coffee`, `rocket` 도 이 폴더에 없습니다. scikit-image 패키지에 들어 있는",
        "사진(`skimage.data.astronaut()` …, 퍼블릭 도메인 또는 CC0)을 그대로 읽습니다.",
        "",
        README_DETAILS,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="예제 그림을 그려 nstlib/data/ 폴더에 PNG 로 저장합니다.")
    parser.add_argument("--check", action="store_true",
                        help="파일을 쓰지 않고 nstlib/data/ 가 그리는 코드와 같은지만 확인")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="저장할 폴더 (기본: 저장소의 nstlib/data/)")
    args = parser.parse_args(argv)

    files: dict[str, tuple[int, int, int]] = {}
    problems: list[str] = []
    for name in STORED:
        pixels = paint(name)
        data = png_bytes(pixels)
        files[name] = (pixels.shape[1], pixels.shape[0], len(data))
        path = args.out / f"{name}.png"
        if len(data) > MAX_BYTES:
            problems.append(f"{path.name}: {len(data) / 1024:.0f} KB 로 {MAX_BYTES // 1024} KB 보다 큽니다.")
        if args.check:  # 바이트가 아니라 픽셀을 비교 (PNG 압축 라이브러리의 버전이 달라도 같은 그림이면 통과)
            if not path.is_file() or not np.array_equal(_read_pixels(path), pixels):
                problems.append(
                    f"{path}: 그리는 코드의 결과와 다릅니다. python scripts/make_examples.py 로 다시 만드세요."
                )
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path}  {pixels.shape[1]}×{pixels.shape[0]}  {len(data) / 1024:.0f} KB")
    if not args.check:
        readme_path = args.out / "README.md"
        readme_path.write_text(readme(files), encoding="utf-8")
        print(readme_path)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
