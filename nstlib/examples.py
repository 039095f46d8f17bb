"""예제 이미지 (example data): 실습에 쓰는 스타일 이미지와 콘텐츠 이미지.

강의의 실습은 클레(Paul Klee)와 모네(Claude Monet)의 그림, 두부 사진을 스타일 이미지로, 시골 풍경과
빌라 사진을 콘텐츠 이미지로 썼습니다. 이 과정은 인터넷에서 그림을 내려받지 않습니다. 대신 그 화가들의
"느낌을 흉내 낸" 그림을 (논문의 대표 예인 반 고흐풍 소용돌이 붓질도 하나) 이 모듈의 생성기(generator)가
numpy 와 PIL 로 직접 그립니다. 생성기는 씨앗(seed)이 고정되어 있어서 몇 번을 돌려도 같은 그림이 나옵니다.
실제 사진이 하나 필요할 때는 matplotlib 에 들어 있는 그레이스 호퍼(Grace Hopper)의 사진을 씁니다.

저장소의 `data/` 폴더에는 `scripts/make_examples.py` 가 생성기로 만든 PNG 파일이 들어 있습니다.
`load_example` 은 그 파일이 있으면 읽고, 없으면(예: Colab 에서 `pip install` 로 설치했을 때) 그 자리에서
똑같은 그림을 다시 그립니다. 어느 쪽이든 픽셀이 똑같습니다.

>>> list_examples("style")
['klee', 'monet', 'swirl', 'tofu']
>>> image = load_example("klee", max_size=256)
>>> image.shape, image.dtype
((256, 256, 3), dtype('float32'))
"""

from __future__ import annotations

import functools

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageDraw

from nstlib.errors import NSTError
from nstlib.images import MIN_SIDE, load_image

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""저장소의 `data/` 폴더. `pip install` 로 설치한 경우에는 없습니다."""


class ExampleInfo(NamedTuple):
    """예제 이미지 하나의 설명: 종류("style" 또는 "content"), 한국어 제목, 한 줄 설명."""

    kind: str
    title: str
    description: str


EXAMPLES: dict[str, ExampleInfo] = {
    "klee": ExampleInfo(
        "style",
        "클레풍 색면 구성",
        "파울 클레(Paul Klee)의 '마법의 사각형'처럼 살짝 비뚤어진 격자에 따뜻한 색과 차가운 색의 "
        "사각형을 채우고 붓 자국과 종이 질감을 더한 그림",
    ),
    "monet": ExampleInfo(
        "style",
        "모네풍 수련 연못",
        "클로드 모네(Claude Monet)의 수련 연못처럼 파랑, 초록, 연보라, 분홍의 짧고 두꺼운 반투명 "
        "붓 터치를 수천 번 겹쳐 물빛과 수련 잎을 그린 그림",
    ),
    "swirl": ExampleInfo(
        "style",
        "소용돌이 붓질",
        "빈센트 반 고흐(Vincent van Gogh)의 밤하늘처럼 소용돌이치는 흐름을 따라 짧고 굽은 붓질 "
        "수천 개를 깊은 파랑과 노랑으로 그린 그림",
    ),
    "tofu": ExampleInfo(
        "style",
        "두부 질감",
        "강의에서 스타일로 썼던 두부 사진처럼 크림색 표면에 작은 구멍이 송송 난 부드러운 질감",
    ),
    "countryside": ExampleInfo(
        "content",
        "시골 풍경",
        "구름 낀 하늘, 완만한 언덕, 고랑이 난 밭, 나무 몇 그루, 작은 집과 오솔길이 있는 시골 풍경",
    ),
    "building": ExampleInfo(
        "content",
        "빌라 건물",
        "창문과 발코니, 기와지붕, 현관이 또렷한 빌라 정면과 나무, 하늘",
    ),
    "grace_hopper": ExampleInfo(
        "content",
        "그레이스 호퍼 사진",
        "matplotlib 에 들어 있는 실제 인물 사진 (미 해군 제복을 입은 컴퓨터 과학자 그레이스 호퍼, 퍼블릭 도메인)",
    ),
    "astronaut": ExampleInfo(
        "content",
        "우주비행사 사진",
        "scikit-image 에 들어 있는 실제 사진: 우주복을 입은 NASA 우주비행사 아일린 콜린스, 뒤에 성조기와 "
        "우주왕복선 모형 (퍼블릭 도메인)",
    ),
    "chelsea": ExampleInfo(
        "content",
        "고양이 사진",
        "scikit-image 에 들어 있는 실제 사진: 얼룩 고양이 첼시의 얼굴과 털 (CC0)",
    ),
    "coffee": ExampleInfo(
        "content",
        "커피잔 사진",
        "scikit-image 에 들어 있는 실제 사진: 나무 탁자 위의 커피잔과 받침 (CC0)",
    ),
    "rocket": ExampleInfo(
        "content",
        "로켓 발사 사진",
        "scikit-image 에 들어 있는 실제 사진: 해 질 녘 발사대에 서 있는 팰컨 9 로켓과 탑, 불빛들 (퍼블릭 도메인)",
    ),
}
"""이름 → (종류, 제목, 설명). 순서는 강의의 실습 순서(스타일 먼저, 콘텐츠 다음)입니다."""

PHOTOS = ("grace_hopper", "astronaut", "chelsea", "coffee", "rocket")
"""그리지 않고 설치된 패키지에서 읽는 실제 사진 (matplotlib, scikit-image). 나머지는 생성기가 그립니다."""


# ---------------------------------------------------------------------------------------------------
# 공개 함수 (public API)
# ---------------------------------------------------------------------------------------------------


def list_examples(kind: str | None = None) -> list[str]:
    """예제 이미지의 이름들. `kind` 로 "style" 이나 "content" 만 고를 수 있습니다.

    >>> list_examples("content")
    ['countryside', 'building', 'grace_hopper', 'astronaut', 'chelsea', 'coffee', 'rocket']
    """
    if kind is not None and kind not in ("style", "content"):
        raise NSTError(f"예제의 종류(kind)는 'style' 이나 'content' 중 하나여야 합니다. 받은 값: {kind!r}")
    return [name for name, info in EXAMPLES.items() if kind is None or info.kind == kind]


def example_path(name: str) -> Path | None:
    """예제 이미지가 담긴 파일의 경로. 파일이 없으면(생성기로만 그릴 수 있으면) `None`.

    `data/` 폴더의 PNG 가 있으면 그 경로를, `grace_hopper` 는 matplotlib 에 들어 있는 JPEG 의 경로를 줍니다.

    >>> example_path("grace_hopper").name
    'grace_hopper.jpg'
    """
    _check_name(name)
    if name == "grace_hopper":
        return _grace_hopper_path()
    if name in PHOTOS:
        return None            # scikit-image 의 사진: `generate_example` 이 패키지에서 읽음
    path = DATA_DIR / f"{name}.png"
    return path if path.is_file() else None


def generate_example(name: str) -> np.ndarray:
    """예제 이미지를 원래 크기 그대로 uint8 배열 (H, W, 3) 로 만듭니다. 파일은 읽지 않습니다.

    스타일 이미지는 512 × 512, 콘텐츠 이미지는 가로 512 × 세로 384 입니다 (`grace_hopper` 는 사진
    그대로 512 × 600). 같은 이름이면 언제나 똑같은 픽셀이 나옵니다.

    >>> generate_example("countryside").shape
    (384, 512, 3)
    """
    _check_name(name)
    return _generated(name).copy()


@functools.lru_cache(maxsize=None)
def _generated(name: str) -> np.ndarray:
    """한 번 그린 예제는 기억해 둡니다 (Colab 처럼 data/ 가 없을 때 같은 그림을 다시 그리지 않도록)."""
    if name == "grace_hopper":
        with Image.open(_grace_hopper_path()) as photo:
            return np.asarray(photo.convert("RGB"), dtype=np.uint8).copy()
    if name in PHOTOS:
        return _skimage_photo(name)
    width, height = _NATIVE_SIZE[name]
    image = _GENERATORS[name](width, height)
    assert image.shape == (height, width, 3) and image.dtype == np.uint8
    return image


def open_image(source, max_size: int | None = 512, *, min_side: int = MIN_SIDE) -> np.ndarray:
    """예제 이름이면 예제를, 아니면 `nstlib.images.load_image` 로 무엇이든(경로, URL, 바이트, 배열 ...) 불러옵니다.

    >>> open_image("klee", 64).shape
    (64, 64, 3)
    """
    if isinstance(source, str) and source in EXAMPLES:
        return load_example(source, max_size=max_size, min_side=min_side)
    from .images import load_image

    return load_image(source, max_size=max_size, min_side=min_side)


def load_example(name: str, max_size: int | None = 512, *, min_side: int = MIN_SIDE) -> np.ndarray:
    """예제 이미지를 float32 배열 (H, W, 3), 값의 범위 [0, 1] 로 불러옵니다.

    긴 변이 `max_size` 보다 크면 비율을 지켜 그 길이로 줄입니다 (LANCZOS, `nstlib.images.load_image` 와
    같은 규칙이라 작은 그림을 키우지는 않습니다). `max_size=None` 이면 원래 크기 그대로입니다.
    `data/` 의 PNG 가 있으면 읽고, 없으면 생성기로 똑같은 그림을 그립니다.

    >>> load_example("monet", max_size=128).shape
    (128, 128, 3)
    >>> load_example("countryside", max_size=None).shape
    (384, 512, 3)
    """
    _check_name(name)
    path = example_path(name)
    # 파일이든 방금 그린 그림이든 같은 PIL 경로로 읽어야 크기를 바꾼 결과까지 똑같습니다.
    if path is not None:
        return load_image(path, max_size, min_side=min_side)
    return load_image(Image.fromarray(generate_example(name)), max_size, name=f"{name}.png", min_side=min_side)


def _check_name(name: str) -> None:
    if name not in EXAMPLES:
        names = ", ".join(EXAMPLES)
        raise NSTError(
            f"'{name}' 이라는 예제 이미지는 없습니다. 쓸 수 있는 이름: {names}. "
            "list_examples() 로 목록을 볼 수 있습니다."
        )


def _skimage_photo(name: str) -> np.ndarray:
    """scikit-image 에 들어 있는 사진 (`skimage.data.astronaut()` …) 을 uint8 (H, W, 3) 로."""
    try:
        import skimage.data
    except ImportError:
        raise NSTError(f"예제 사진 '{name}' 은(는) scikit-image 패키지에 들어 있습니다. 설치하세요: "
                       "pip install scikit-image  (Colab 에는 이미 있습니다)") from None
    return np.ascontiguousarray(getattr(skimage.data, name)()[..., :3], dtype=np.uint8)


def _grace_hopper_path() -> Path:
    from matplotlib import cbook

    return Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))


# ---------------------------------------------------------------------------------------------------
# 그리기 도구 (drawing helpers): 잡음(noise), 흐림(blur), 색 섞기
# ---------------------------------------------------------------------------------------------------


def _lattice(rng: np.random.Generator, size: int = 256) -> np.ndarray:
    """값 잡음(value noise)의 격자: [0, 1) 의 난수, 가장자리가 이어지도록(주기적으로) 씁니다."""
    return rng.random((size, size))


def _noise_at(grid: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """격자 좌표 (u, v) 에서 부드럽게 보간한 값 잡음. 결과는 대략 [0, 1]. 격자 한 변은 2 의 거듭제곱."""
    n = grid.shape[0]
    flat = grid.ravel()
    u0 = np.floor(u)
    v0 = np.floor(v)
    tu = u - u0
    tv = v - v0
    tu = tu * tu * (3.0 - 2.0 * tu)
    tv = tv * tv * (3.0 - 2.0 * tv)
    i0 = u0.astype(np.int64) & (n - 1)  # n 이 2 의 거듭제곱이라 % n 과 같음 (음수도)
    j0 = (v0.astype(np.int64) & (n - 1)) * n
    i1 = (i0 + 1) & (n - 1)
    j1 = (j0 + n) & (n * n - 1)
    a, b = flat[j0 + i0], flat[j0 + i1]
    c, d = flat[j1 + i0], flat[j1 + i1]
    top = a + (b - a) * tu
    bottom = c + (d - c) * tu
    return top + (bottom - top) * tv


def _fractal(
    rng: np.random.Generator,
    height: int,
    width: int,
    cell: float,
    octaves: int = 4,
    stretch: float = 1.0,
    angle: float = 0.0,
) -> np.ndarray:
    """여러 크기의 값 잡음을 더한 프랙탈 잡음 (평균 0, 대략 [-1, 1]).

    `cell` 은 가장 큰 무늬의 크기(픽셀), `stretch` 는 `angle` 방향으로 늘이는 비율 (붓 자국 같은 결).
    """
    x = np.arange(width, dtype=np.float64)[None, :]
    y = np.arange(height, dtype=np.float64)[:, None]
    if angle == 0.0:  # 가로세로 방향이면 좌표를 1 차원으로 두고 넓혀(broadcast) 계산이 빠릅니다
        along, across = x / stretch, y
    else:
        c, s = np.cos(angle), np.sin(angle)
        along = (x * c + y * s) / stretch
        across = -x * s + y * c
    total = np.zeros((height, width))
    amplitude, norm = 1.0, 0.0
    for octave in range(octaves):
        grid = _lattice(rng)
        scale = cell / (2.0**octave)
        offset = rng.random(2) * 256
        total += amplitude * (_noise_at(grid, along / scale + offset[0], across / scale + offset[1]) - 0.5)
        norm += amplitude * 0.5
        amplitude *= 0.5
    return total / norm


def _box_blur_axis(a: np.ndarray, radius: int, axis: int) -> np.ndarray:
    if radius < 1:
        return a
    pad = [(0, 0)] * a.ndim
    pad[axis] = (radius + 1, radius)
    padded = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis)
    n = a.shape[axis]
    upper = np.take(padded, np.arange(2 * radius + 1, 2 * radius + 1 + n), axis=axis)
    lower = np.take(padded, np.arange(0, n), axis=axis)
    return (upper - lower) / (2 * radius + 1)


def _blur(a: np.ndarray, sigma: float) -> np.ndarray:
    """가우스 흐림(Gaussian blur)을 상자 흐림(box blur) 세 번으로 근사합니다 (축 0, 1 방향)."""
    radius = int(round((np.sqrt(4.0 * sigma * sigma + 1.0) - 1.0) / 2.0))
    out = np.asarray(a, dtype=np.float64)
    for _ in range(3):
        out = _box_blur_axis(out, radius, 0)
        out = _box_blur_axis(out, radius, 1)
    return out


def _smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _mix(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """a 와 b 를 t 의 비율로 섞습니다 (t 는 (H, W) 또는 (H, W, 1))."""
    t = np.asarray(t, dtype=np.float64)
    if t.ndim == 2:
        t = t[..., None]
    return a + (np.asarray(b, dtype=np.float64) - a) * t


def _rgb(values: tuple[int, int, int]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def _to_uint8(image: np.ndarray, step: int = 1) -> np.ndarray:
    """0–255 의 uint8 로 바꿉니다. `step` 단계로 값을 고르면 PNG 파일이 작아집니다 (눈으로는 차이가 없음)."""
    return np.clip(np.rint(np.asarray(image) / step) * step, 0, 255).astype(np.uint8)


def _downsample(image: Image.Image, factor: int) -> np.ndarray:
    """크게 그린 그림을 `factor` 배 줄여 계단 현상(aliasing)을 없앱니다."""
    return np.asarray(image.reduce(factor), dtype=np.float64)


# ---------------------------------------------------------------------------------------------------
# 스타일 이미지 (style images)
# ---------------------------------------------------------------------------------------------------

_KLEE_WARM = [
    (196, 146, 72),
    (178, 92, 58),
    (146, 62, 44),
    (214, 142, 108),
    (206, 172, 86),
    (198, 112, 54),
    (222, 186, 150),
    (112, 52, 46),
    (168, 128, 88),
]
_KLEE_COOL = [
    (78, 98, 138),
    (58, 108, 110),
    (118, 90, 128),
    (118, 128, 72),
    (142, 158, 118),
    (52, 56, 94),
    (122, 140, 158),
    (86, 78, 68),
]


def _make_klee(width: int, height: int) -> np.ndarray:
    """클레풍 색면 구성: 손으로 그은 듯 살짝 비뚤어진 격자, 차분한 따뜻한/차가운 색, 붓 자국과 종이 결."""
    rng = np.random.default_rng(1922)
    unit = min(width, height) / 512.0
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)

    # 1) 손으로 그은 선처럼 흔들리는 좌표 (domain warp)
    wx = x + 7.0 * unit * _fractal(rng, height, width, 90 * unit, octaves=3)
    wy = y + 7.0 * unit * _fractal(rng, height, width, 90 * unit, octaves=3)

    # 2) 열마다 다른 행 경계: 고르지 않은 격자
    n_cols, n_rows = 8, 8
    col_w = rng.uniform(0.65, 1.35, n_cols)
    col_edges = np.concatenate([[-1e3], np.cumsum(col_w)[:-1] / col_w.sum() * width, [1e4]])
    row_edges = []
    for _ in range(n_cols):
        heights = rng.uniform(0.6, 1.4, n_rows)
        edges = np.cumsum(heights)[:-1] / heights.sum() * height
        row_edges.append(np.concatenate([[-1e3], edges, [1e4]]))
    row_edges_arr = np.array(row_edges)

    col = np.clip(np.searchsorted(col_edges, wx) - 1, 0, n_cols - 1)
    left, right = col_edges[col], col_edges[col + 1]
    row = np.empty_like(col)
    top = np.empty_like(wy)
    bottom = np.empty_like(wy)
    for c in range(n_cols):
        m = col == c
        r = np.clip(np.searchsorted(row_edges_arr[c], wy[m]) - 1, 0, n_rows - 1)
        row[m] = r
        top[m] = row_edges_arr[c][r]
        bottom[m] = row_edges_arr[c][r + 1]
    edge_dist = np.minimum(np.minimum(wx - left, right - wx), np.minimum(wy - top, bottom - wy))

    # 3) 칸마다 색: 이웃과 겹치지 않게, 따뜻한 색이 조금 더 많게
    colors = np.zeros((n_cols, n_rows, 3))
    palette = [_rgb(c) for c in _KLEE_WARM + _KLEE_COOL]
    chosen = np.full((n_cols, n_rows), -1)
    for c in range(n_cols):
        for r in range(n_rows):
            while True:
                warm = rng.random() < 0.6
                k = (
                    int(rng.integers(len(_KLEE_WARM)))
                    if warm
                    else len(_KLEE_WARM) + int(rng.integers(len(_KLEE_COOL)))
                )
                if (c == 0 or chosen[c - 1, r] != k) and (r == 0 or chosen[c, r - 1] != k):
                    break
            chosen[c, r] = k
            colors[c, r] = palette[k] * rng.uniform(0.88, 1.1) + rng.normal(0, 6, 3)
    colors = _mix(colors, _rgb((150, 128, 104)), np.full((n_cols, n_rows), 0.22))  # 차분하게
    image = colors[col, row]

    # 4) 칸마다 붓 방향이 다른 붓 자국 (가로, 세로, 비스듬히)
    strokes = [
        _fractal(rng, height, width, 16 * unit, octaves=3, stretch=8.0, angle=a)
        for a in (0.0, np.pi / 2, np.pi / 4, -np.pi / 4)
    ]
    direction = (col * 3 + row * 5 + (col * row) % 3) % 4
    brush = np.choose(direction, strokes)
    mottle = _fractal(rng, height, width, 70 * unit, octaves=4)
    grain = _fractal(rng, height, width, 3.0 * unit, octaves=2)
    shade = 1.0 + 0.16 * brush + 0.09 * mottle + 0.05 * grain

    # 5) 수채화처럼 칸 가장자리에 물감이 모여 어두워지고, 칸 사이에 가는 이음새
    rim_noise = np.clip(0.6 + 0.8 * _fractal(rng, height, width, 30 * unit, octaves=2), 0, 1)
    rim = 1.0 - 0.18 * rim_noise * (1.0 - _smoothstep(0.0, 5.0 * unit, edge_dist))
    image = image * (shade * rim)[..., None]
    seam_noise = _fractal(rng, height, width, 20 * unit, octaves=2)
    seam = (1.0 - _smoothstep(0.4 * unit, 2.2 * unit, edge_dist)) * np.clip(0.75 + 0.6 * seam_noise, 0, 1)
    image = _mix(image, _rgb((62, 46, 40)), 0.7 * seam)

    # 6) 거친 종이(바탕)의 결: 가로세로로 짠 무늬
    weave = np.sin(x * (2 * np.pi / (4.0 * unit))) * np.sin(y * (2 * np.pi / (4.0 * unit)))
    image = image * (1.0 + 0.025 * weave)[..., None]
    return _to_uint8(image, step=4)


def _dab_polygons(
    cx: np.ndarray,
    cy: np.ndarray,
    length: np.ndarray,
    width: np.ndarray,
    angle: np.ndarray,
    taper: float = 0.35,
) -> np.ndarray:
    """붓 터치들의 윤곽: 한쪽 끝이 조금 가는 둥근 타원. 결과는 (터치 수, 꼭짓점 14, 2) 좌표."""
    t = np.linspace(0.0, 2.0 * np.pi, 14, endpoint=False)
    u = np.cos(t)[None, :] * (length / 2.0)[:, None]
    v = np.sin(t)[None, :] * (width / 2.0)[:, None] * (1.0 - taper * (np.cos(t) + 1.0) / 2.0)[None, :]
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    return np.stack([cx[:, None] + u * c - v * s, cy[:, None] + u * s + v * c], axis=-1)


def _paint_dabs(
    canvas: Image.Image,
    rng: np.random.Generator,
    target: np.ndarray,
    angle_of: Callable[[np.ndarray, np.ndarray], np.ndarray],
    count: int,
    length: float,
    width: float,
    jitter: float,
    alpha: tuple[int, int],
    factor: int,
    accents: list[tuple[int, int, int]] | None = None,
    accent_rate: float = 0.0,
) -> None:
    """`target` 의 색을 따라 반투명한 붓 터치 `count` 개를 `canvas`(factor 배로 크게 그린 캔버스)에 칠합니다.

    터치마다 안쪽에 조금 밝거나 어두운 가는 결을 하나 더 그려 붓털 자국을 냅니다.
    """
    height, width_px = target.shape[:2]
    xs = rng.uniform(0, width_px, count)
    ys = rng.uniform(0, height, count)
    angles = angle_of(xs, ys) + rng.normal(0.0, 0.18, count)
    lengths = length * rng.uniform(0.7, 1.3, count)
    widths = width * rng.uniform(0.75, 1.25, count)
    colors = target[ys.astype(int), xs.astype(int)] + rng.normal(0.0, jitter, (count, 3))
    if accents:
        use_accent = rng.random(count) < accent_rate
        picked = np.array(accents, dtype=np.float64)[rng.integers(0, len(accents), count)]
        picked = 0.4 * colors + 0.6 * picked  # 주변 색과 어울리도록 섞음
        colors = np.where(use_accent[:, None], picked + rng.normal(0, 8, (count, 3)), colors)
    streaks = colors * rng.uniform(0.8, 1.2, (count, 1)) + 8.0
    alphas = rng.integers(alpha[0], alpha[1] + 1, count)
    offsets = (rng.random(count) - 0.5) * widths * 0.4
    body = _dab_polygons(xs * factor, ys * factor, lengths * factor, widths * factor, angles)
    hair = _dab_polygons(
        (xs - np.sin(angles) * offsets) * factor,
        (ys + np.cos(angles) * offsets) * factor,
        lengths * factor * 0.8,
        widths * factor * 0.3,
        angles,
    )
    fill = np.clip(np.rint(colors), 0, 255).astype(int).tolist()
    fill_hair = np.clip(np.rint(streaks), 0, 255).astype(int).tolist()
    draw = ImageDraw.Draw(canvas, "RGBA")
    outlines, inners = body.reshape(count, -1).tolist(), hair.reshape(count, -1).tolist()
    for i, a in enumerate(alphas.tolist()):
        draw.polygon(outlines[i], fill=(*fill[i], a))
        draw.polygon(inners[i], fill=(*fill_hair[i], int(a * 0.6)))


def _make_monet(width: int, height: int) -> np.ndarray:
    """모네풍 수련 연못: 물빛, 버드나무 그림자, 하늘빛 반사, 수련 잎과 꽃을 반투명 붓 터치로 겹쳐 칠합니다."""
    rng = np.random.default_rng(1899)
    unit = min(width, height) / 512.0
    factor = 2
    y = np.repeat(np.arange(height, dtype=np.float64)[:, None], width, axis=1)

    # 1) 물: 위(먼 곳)는 하늘을 비춰 연보라, 아래는 깊은 청록. 세로로 늘어진 버드나무 그림자.
    depth = _smoothstep(0.0, 1.0, y / height + 0.12 * _fractal(rng, height, width, 120 * unit, octaves=3))
    water = _mix(np.broadcast_to(_rgb((168, 170, 212)), (height, width, 3)), _rgb((36, 84, 104)), depth)
    willow = _smoothstep(0.05, 0.4, _fractal(rng, height, width, 110 * unit, octaves=3, stretch=0.3))
    water = _mix(water, _rgb((42, 82, 62)), 0.6 * willow)
    sky = _smoothstep(0.15, 0.5, _fractal(rng, height, width, 60 * unit, octaves=3, stretch=5.0))
    water = _mix(water, _rgb((206, 196, 228)), 0.45 * sky * (1.0 - 0.6 * willow) * (1.0 - 0.5 * depth))

    # 2) 수련 잎: 원근 때문에 납작한 타원들이 가로로 떼 지어 떠 있음
    pad_mask = Image.new("L", (width, height), 0)
    pad_color = Image.new("RGB", (width, height), (0, 0, 0))
    pad_draw = ImageDraw.Draw(pad_mask)
    color_draw = ImageDraw.Draw(pad_color)
    flowers = []
    greens = [(74, 122, 62), (108, 150, 72), (150, 166, 78), (60, 100, 70), (128, 160, 96)]
    for band_y in (0.18, 0.38, 0.6, 0.84):
        for _ in range(int(rng.integers(4, 7))):
            cx0 = rng.uniform(-0.05, 1.05) * width
            cy0 = (band_y + rng.normal(0, 0.04)) * height
            scale = (0.5 + 0.9 * band_y) * unit
            for _ in range(int(rng.integers(3, 8))):
                cx = cx0 + rng.normal(0, 34) * scale
                cy = cy0 + rng.normal(0, 9) * scale
                rx = rng.uniform(18, 36) * scale
                ry = rx * rng.uniform(0.3, 0.45)
                box = [cx - rx, cy - ry, cx + rx, cy + ry]
                pad_draw.ellipse(box, fill=255)
                green = greens[int(rng.integers(len(greens)))]
                color_draw.ellipse(box, fill=tuple(int(v * 0.6) for v in green))
                inner = [cx - rx * 0.85, cy - ry * 0.8, cx + rx * 0.85, cy + ry * 0.8]
                color_draw.ellipse(inner, fill=green)
                if rng.random() < 0.35:
                    flowers.append((cx + rng.normal(0, rx * 0.3), cy - ry * 0.3, scale))
    pad = _blur(np.asarray(pad_mask, dtype=np.float64) / 255.0, 1.5 * unit)
    target = _mix(water, np.asarray(pad_color, dtype=np.float64), pad)
    underpaint = _blur(target, 6.0 * unit)

    # 3) 붓 터치: 큰 것부터 작은 것 순서로. 물은 가로로, 버드나무 그림자는 세로로 칠합니다.
    def angle_of(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        vertical = willow[ys.astype(int), xs.astype(int)] > 0.6
        on_pad = pad[ys.astype(int), xs.astype(int)] > 0.5
        return np.where(vertical & ~on_pad, np.pi / 2, 0.0)

    canvas = Image.fromarray(_to_uint8(underpaint)).resize(
        (width * factor, height * factor), Image.Resampling.BILINEAR
    )
    light = [(214, 204, 230), (226, 220, 210), (186, 198, 230), (170, 148, 196), (140, 184, 190)]
    area = width * height / (512.0 * 512.0)
    _paint_dabs(
        canvas, rng, target, angle_of, int(1800 * area), 26 * unit, 10 * unit, 12, (120, 190), factor, light, 0.08
    )
    _paint_dabs(
        canvas, rng, target, angle_of, int(4000 * area), 15 * unit, 6 * unit, 13, (150, 220), factor, light, 0.12
    )
    _paint_dabs(
        canvas, rng, target, angle_of, int(2000 * area), 9 * unit, 3.5 * unit, 14, (170, 235), factor, light, 0.12
    )

    # 4) 수련 꽃: 분홍, 흰색, 붉은 점 같은 짧은 터치 몇 개
    draw = ImageDraw.Draw(canvas, "RGBA")
    petals = [(236, 150, 172), (244, 232, 230), (214, 92, 116), (246, 196, 206)]
    for fx, fy, scale in flowers:
        base = petals[int(rng.integers(len(petals)))]
        for _ in range(7):
            px = (fx + rng.normal(0, 4) * scale) * factor
            py = (fy + rng.normal(0, 2) * scale) * factor
            shade = np.clip(np.array(base) + rng.normal(0, 12, 3), 0, 255).astype(int)
            outline = _dab_polygons(
                np.array([px]),
                np.array([py]),
                np.array([9 * scale * factor]),
                np.array([4 * scale * factor]),
                np.array([rng.normal(0, 0.5)]),
            )[0]
            draw.polygon([tuple(p) for p in outline.tolist()], fill=(*(int(v) for v in shade), 220))

    return _to_uint8(_downsample(canvas, factor), step=4)


def _trace_strokes(
    direction: np.ndarray, xs: np.ndarray, ys: np.ndarray, length: np.ndarray, steps: int
) -> np.ndarray:
    """방향장(direction field, (H, W, 2) 의 단위 벡터)을 따라 붓질의 중심선을 그립니다.

    결과는 (붓질 수, steps + 1, 2) 의 점 좌표입니다. 모든 붓질을 한꺼번에(벡터로) 한 걸음씩 옮깁니다.
    """
    height, width = direction.shape[:2]
    points = np.empty((len(xs), steps + 1, 2))
    px, py = xs.astype(np.float64).copy(), ys.astype(np.float64).copy()
    # 가운데에서 시작해 앞뒤로 반씩 그리면 붓질이 흐름에 고르게 놓입니다.
    for sign, index_range in ((-1.0, range(steps // 2 - 1, -1, -1)), (1.0, range(steps // 2 + 1, steps + 1))):
        qx, qy = px.copy(), py.copy()
        for k in index_range:
            ix = np.clip(qx.astype(np.int64), 0, width - 1)
            iy = np.clip(qy.astype(np.int64), 0, height - 1)
            qx = qx + sign * direction[iy, ix, 0] * length / steps
            qy = qy + sign * direction[iy, ix, 1] * length / steps
            points[:, k, 0], points[:, k, 1] = qx, qy
    points[:, steps // 2, 0], points[:, steps // 2, 1] = px, py
    return points


def _paint_strokes(
    canvas: Image.Image,
    rng: np.random.Generator,
    centerlines: np.ndarray,
    colors: np.ndarray,
    width: float,
    factor: int,
) -> None:
    """굽은 붓질을 칠합니다. 붓질 하나는 나란한 가는 선 세 개(붓털 자국)로, 선마다 밝기가 조금 다릅니다."""
    draw = ImageDraw.Draw(canvas)
    count = len(centerlines)
    tangent = np.gradient(centerlines, axis=1)
    tangent /= np.linalg.norm(tangent, axis=-1, keepdims=True) + 1e-9
    normal = np.stack([-tangent[..., 1], tangent[..., 0]], axis=-1)
    widths = width * rng.uniform(0.8, 1.2, count)
    shades = rng.uniform(0.82, 1.18, (count, 3))
    line_width = max(1, int(round(width * factor * 0.45)))
    lines = []
    for j, offset in enumerate((-0.33, 0.0, 0.33)):
        pts = (centerlines + normal * (offset * widths)[:, None, None]) * factor
        fill = np.clip(np.rint(colors * shades[:, j : j + 1]), 0, 255).astype(int)
        lines.append((pts.reshape(count, -1).tolist(), [tuple(c) for c in fill.tolist()]))
    for i in range(count):
        for pts, fill in lines:
            draw.line(pts[i], fill=fill[i], width=line_width, joint="curve")


def _make_swirl(width: int, height: int) -> np.ndarray:
    """소용돌이 붓질: 흐름 함수(stream function)의 등고선을 따라 짧고 굽은 붓질 수천 개를 칠한 밤 풍경.

    하늘은 소용돌이 몇 개와 물결치는 바람으로 흐르고, 달과 별은 노란 빛무리로 둘러싸이며, 아래에는
    어두운 언덕과 불꽃 모양의 사이프러스 나무가 있습니다.
    """
    rng = np.random.default_rng(1889)
    unit = min(width, height) / 512.0
    factor = 2
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)

    # 1) 흐름 함수 psi: 등고선이 곧 붓질의 방향. 물결치는 바람 + 소용돌이들.
    psi = y + 18 * unit * np.sin(x / width * 2 * np.pi * 1.3 + y / height * 4.0)
    vortices = [  # (x, y, 반지름, 세기) — 세기의 부호가 회전 방향
        (0.42, 0.30, 0.13, 1.0),
        (0.62, 0.40, 0.09, -0.8),
        (0.22, 0.18, 0.07, 0.7),
        (0.84, 0.16, 0.09, 0.9),
        (0.12, 0.42, 0.06, -0.6),
        (0.74, 0.62, 0.05, 0.5),
    ]
    lights = [(0.84, 0.16, 0.075, 1.0)]  # 달
    for _ in range(9):
        lights.append((rng.uniform(0.05, 0.95), rng.uniform(0.05, 0.55), rng.uniform(0.018, 0.03), 0.8))
    for vx, vy, radius, strength in vortices + [(lx, ly, lr * 1.6, 0.5) for lx, ly, lr, _ in lights[1:]]:
        r2 = ((x - vx * width) ** 2 + (y - vy * height) ** 2) / (radius * width) ** 2
        psi += strength * 2.2 * radius * width * np.exp(-0.5 * r2)

    # 2) 언덕(아래)과 사이프러스(왼쪽): 흐름이 언덕의 등고선과 나무의 결을 따릅니다.
    ridge = height * (0.7 + 0.05 * np.sin(x / width * 5.0 + 1.0) + 0.03 * np.sin(x / width * 11.0))
    hill = _smoothstep(-3.0, 3.0, y - ridge)
    psi_hill = (y - ridge) * 3.0 + 8 * unit * np.sin(x / width * 30.0)
    center = width * (0.16 + 0.015 * np.sin(y / height * 12.0))
    half = width * 0.075 * np.clip((y - 0.12 * height) / (0.88 * height), 0.0, 1.0) ** 0.7
    tree = _smoothstep(1.0, -3.0, np.abs(x - center) - half) * (y > 0.12 * height)
    gy, gx = np.gradient(psi)
    hy, hx = np.gradient(psi_hill)
    flow = np.stack([gy, -gx], axis=-1)
    flow_hill = np.stack([hy, -hx], axis=-1)
    flow_tree = np.stack([0.35 * np.sin(y / (9.0 * unit) + x / (6.0 * unit)), -np.ones_like(y)], axis=-1)
    flow = _mix(_mix(flow, flow_hill, hill), flow_tree, tree)
    flow /= np.linalg.norm(flow, axis=-1, keepdims=True) + 1e-9

    # 3) 색: 흐름을 따라가는 줄무늬(psi 의 등고선)와 빛무리
    band = 0.5 + 0.5 * np.sin(psi / (7.0 * unit))
    band2 = 0.5 + 0.5 * np.sin(psi / (19.0 * unit) + 1.0)
    sky = _mix(
        np.broadcast_to(_rgb((22, 40, 104)), (height, width, 3)),
        _rgb((50, 96, 170)),
        0.55 * band2 + 0.15 * y / height,
    )
    sky = _mix(sky, _rgb((120, 168, 210)), 0.45 * band * band2)
    hill_or_tree = np.maximum(hill, tree)
    glow = np.zeros((height, width))
    for lx, ly, lr, strength in lights:
        r = np.sqrt((x - lx * width) ** 2 + (y - ly * height) ** 2) / (lr * width)
        rings = 0.5 + 0.5 * np.cos(r * 4.0)
        glow = np.maximum(glow, strength * np.exp(-0.35 * r * r) * (0.6 + 0.4 * rings))
        glow = np.maximum(glow, (r < 0.45) * 1.2)
    glow = np.clip(glow, 0, 1) * (1.0 - hill_or_tree)
    night = sky  # 빛무리가 없는 하늘: 붓질마다 노랑과 파랑 중 하나를 고르게 합니다 (섞으면 회색이 됨)
    sky = _mix(sky, _rgb((238, 198, 56)), glow)
    ground = _mix(np.broadcast_to(_rgb((26, 44, 70)), (height, width, 3)), _rgb((58, 82, 96)), band)
    ground = _mix(ground, _rgb((150, 120, 50)), 0.25 * (band2 > 0.8))
    cypress = _mix(np.broadcast_to(_rgb((16, 22, 20)), (height, width, 3)), _rgb((44, 58, 34)), band)
    cypress = _mix(cypress, _rgb((92, 76, 36)), 0.4 * (band2 > 0.85))
    field = _mix(_mix(sky, ground, hill), cypress, tree)
    field_dark = _mix(_mix(night, ground, hill), cypress, tree)
    yellows = np.array([(238, 198, 56), (250, 224, 110), (252, 242, 176), (218, 168, 52)], dtype=np.float64)

    # 4) 밑칠(조금 어둡게: 붓질 사이로 보이는 바탕) 위에 굵은 붓질, 그 위에 가는 붓질
    canvas = Image.fromarray(_to_uint8(_blur(field, 4.0 * unit) * 0.75)).resize(
        (width * factor, height * factor), Image.Resampling.BILINEAR
    )
    area = width * height / (512.0 * 512.0)
    for count, length, stroke_width in (
        (int(3600 * area), 24 * unit, 7 * unit),
        (int(5200 * area), 15 * unit, 4.5 * unit),
    ):
        xs = rng.uniform(0, width, count)
        ys = rng.uniform(0, height, count)
        lines = _trace_strokes(flow, xs, ys, length * rng.uniform(0.7, 1.3, count), steps=6)
        ix, iy = xs.astype(int), ys.astype(int)
        golden = rng.random(count) < np.clip((glow[iy, ix] - 0.12) / 0.7, 0.0, 1.0)
        picked = yellows[rng.integers(0, len(yellows), count)]
        colors = np.where(golden[:, None], picked, field_dark[iy, ix]) + rng.normal(0, 10, (count, 3))
        _paint_strokes(canvas, rng, lines, colors, stroke_width, factor)

    # 5) 달과 별: 가운데서 바깥으로 동심원을 따라 짧은 호(arc) 모양 붓질. 안쪽은 흰빛, 바깥은 노랑.
    rings_color = np.array([(252, 246, 200), (250, 228, 120), (240, 200, 60), (226, 176, 48)], dtype=np.float64)
    for lx, ly, lr, _ in lights:
        cx, cy, radius = lx * width, ly * height, lr * width
        for k, ring in enumerate(np.linspace(0.0, 1.0, 5)[1:]):
            r = radius * (0.15 + 0.85 * ring)
            count = max(3, int(2 * np.pi * r / (5.0 * unit)))
            start = rng.uniform(0, 2 * np.pi, count)
            arc = np.linspace(-0.5, 0.5, 7)[None, :] * (9.0 * unit / r) + start[:, None]
            rr = r + rng.normal(0, 0.8 * unit, (count, 1))
            lines = np.stack([cx + rr * np.cos(arc), cy + rr * np.sin(arc)], axis=-1)
            colors = rings_color[min(k, 3)] + rng.normal(0, 8, (count, 3))
            _paint_strokes(canvas, rng, lines, colors, 3.5 * unit, factor)
    return _to_uint8(_downsample(canvas, factor), step=4)


def _make_tofu(width: int, height: int) -> np.ndarray:
    """두부 질감: 크림색 표면의 높낮이(height map)에 작은 구멍들을 파고, 왼쪽 위에서 빛을 비춥니다."""
    rng = np.random.default_rng(2021)
    unit = min(width, height) / 512.0

    # 1) 구멍(pore): 작은 것은 많이, 큰 것은 드물게. 조금 길쭉하고 방향이 제각각.
    pores = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(pores)
    count = int(1500 * width * height / (512.0 * 512.0))
    radii = unit * (0.8 + 3.4 * rng.random(count) ** 3.0)
    xs, ys = rng.uniform(0, width, count), rng.uniform(0, height, count)
    stretch = rng.uniform(0.6, 1.6, count)
    depth = rng.integers(120, 256, count)
    for cx, cy, r, k, d in zip(xs.tolist(), ys.tolist(), radii.tolist(), stretch.tolist(), depth.tolist()):
        draw.ellipse([cx - r * k, cy - r / k, cx + r * k, cy + r / k], fill=d)
    pits = _blur(np.asarray(pores, dtype=np.float64) / 255.0, 1.0 * unit)

    # 2) 높낮이: 완만한 굴곡 + 콩물이 엉긴 몽글몽글한 잔결 - 구멍
    surface = (
        7.0 * _fractal(rng, height, width, 160 * unit, octaves=3)
        + 0.9 * _fractal(rng, height, width, 18 * unit, octaves=3)
        + 0.35 * _fractal(rng, height, width, 5 * unit, octaves=2)
        - 2.2 * pits
    )
    dy, dx = np.gradient(surface)
    normal = np.stack([-dx, -dy, np.full_like(dx, 0.9)], axis=-1)
    normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
    light = np.array([-0.45, -0.55, 0.70])
    light /= np.linalg.norm(light)
    diffuse = np.clip(normal @ light, 0.0, 1.0)
    half = light + np.array([0.0, 0.0, 1.0])
    half /= np.linalg.norm(half)
    sheen = np.clip(normal @ half, 0.0, 1.0) ** 12  # 물기 머금은 표면의 은은한 윤기

    # 3) 색: 크림색 바탕, 구멍 안쪽은 그늘져 조금 더 누렇게
    mottle = _fractal(rng, height, width, 70 * unit, octaves=3)
    albedo = _mix(
        np.broadcast_to(_rgb((246, 242, 226)), (height, width, 3)), _rgb((234, 224, 194)), 0.5 + 0.5 * mottle
    )
    occlusion = np.clip(_blur(pits, 1.5 * unit) * 1.3, 0, 1)
    albedo = _mix(albedo, _rgb((206, 194, 162)), occlusion)
    shade = 0.62 + 0.42 * diffuse - 0.18 * occlusion
    image = albedo * shade[..., None] + 40.0 * sheen[..., None]
    return _to_uint8(image, step=4)


# ---------------------------------------------------------------------------------------------------
# 콘텐츠 이미지 (content images)
# ---------------------------------------------------------------------------------------------------


def _sky(
    rng: np.random.Generator, height: int, width: int, horizon: float, unit: float, cloudiness: float
) -> np.ndarray:
    """위는 짙고 지평선 쪽은 옅은 하늘에, 아랫면이 조금 그늘진 뭉게구름."""
    y = np.arange(height, dtype=np.float64)[:, None] * np.ones((1, width))
    t = np.clip(y / horizon, 0.0, 1.0) ** 1.2
    sky = _mix(np.broadcast_to(_rgb((64, 122, 200)), (height, width, 3)), _rgb((196, 218, 236)), t)
    lumps = _fractal(rng, height, width, 64 * unit, octaves=5, stretch=2.2)
    bias = cloudiness - 0.7 * np.clip(y / horizon, 0.0, 1.2)
    density = _smoothstep(0.0, 0.3, lumps + bias)
    below = np.roll(density, -int(round(9 * unit)), axis=0)
    underside = np.clip((density - below) * 1.5 + 0.5 * (1.0 - density) + 0.25 * (y / horizon), 0.0, 1.0)
    cloud = _mix(np.broadcast_to(_rgb((252, 252, 250)), (height, width, 3)), _rgb((168, 178, 198)), underside)
    return _mix(sky, cloud, 0.95 * density)


def _tree(
    draw: ImageDraw.ImageDraw, rng: np.random.Generator, x: float, base: float, size: float, kind: str = "round"
) -> None:
    """나무 한 그루: 줄기와, 왼쪽 위에서 빛을 받는 둥근(또는 뾰족한) 잎 덩어리. 좌표는 그리는 캔버스 기준."""
    trunk = (88, 62, 40)
    draw.ellipse([x - size * 0.9, base - size * 0.12, x + size * 0.9, base + size * 0.12], fill=(34, 56, 28, 110))
    if kind == "bush":  # 줄기 없이 땅에 붙은 낮고 둥근 덤불
        base = base + size * 0.75
    else:
        draw.polygon(
            [
                (x - size * 0.09, base),
                (x - size * 0.05, base - size * 0.9),
                (x + size * 0.05, base - size * 0.9),
                (x + size * 0.09, base),
            ],
            fill=(*trunk, 255),
        )
    if kind == "cypress":
        layers = [((30, 58, 34), 0.0), ((52, 88, 44), -0.12), ((86, 124, 60), -0.25)]
        for color, shift in layers:
            for _ in range(14):
                t = rng.random()
                cy = base - size * (0.25 + 2.2 * t)
                half = size * 0.34 * (1.0 - t) ** 0.8 + size * 0.05
                cx = x + shift * half * 2 + rng.normal(0, half * 0.25)
                r = half * rng.uniform(0.55, 0.9)
                draw.ellipse([cx - r, cy - r * 1.4, cx + r, cy + r * 1.4], fill=(*color, 255))
        return
    center_y = base - size * 1.25
    layers = [((34, 64, 30), 0.0, 0.0, 18), ((62, 102, 44), -0.14, -0.16, 16), ((104, 146, 62), -0.3, -0.32, 10)]
    for color, dx, dy, count in layers:
        for _ in range(count):
            angle = rng.uniform(0, 2 * np.pi)
            dist = size * 0.55 * np.sqrt(rng.random())
            cx = x + dx * size + np.cos(angle) * dist
            cy = center_y + dy * size + np.sin(angle) * dist * 0.8
            r = size * rng.uniform(0.22, 0.38) * (1.0 - 0.4 * (dx != 0.0) * (dist / size))
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(*color, 255))
    # 잎사귀 결: 잎 덩어리 전체에 작은 점들, 왼쪽 위는 밝고 오른쪽 아래는 어둡게
    for _ in range(int(30 + size * 4)):
        angle = rng.uniform(0, 2 * np.pi)
        dist = size * 0.78 * np.sqrt(rng.random())
        dx, dy = np.cos(angle) * dist, np.sin(angle) * dist * 0.85
        lit = np.clip(0.5 - 0.45 * (dx + dy) / size + rng.normal(0, 0.15), 0, 1)
        color = _rgb((32, 60, 28)) + (_rgb((124, 164, 70)) - _rgb((32, 60, 28))) * lit
        r = size * rng.uniform(0.035, 0.07)
        cx, cy = x - 0.12 * size + dx, center_y - 0.12 * size + dy
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(*(int(c) for c in color), 255))


def _make_countryside(width: int, height: int) -> np.ndarray:
    """시골 풍경: 하늘과 구름, 먼 산, 완만한 언덕, 원근이 있는 밭과 고랑, 나무, 작은 집, 오솔길."""
    rng = np.random.default_rng(1508)
    unit = width / 512.0
    factor = 2
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    horizon = 0.42 * height

    image = _sky(rng, height, width, horizon, unit, cloudiness=0.12)

    def ridge(base: float, amplitude: float, cell: float, waves: tuple[float, float]) -> np.ndarray:
        noise = _fractal(rng, 1, width, cell * unit, octaves=4)[0]
        xs = np.arange(width) / width
        return height * (base + amplitude * (0.6 * np.sin(xs * waves[0] + waves[1]) + 0.4 * noise))

    def layer(top: np.ndarray, color: np.ndarray | tuple[int, int, int]) -> None:
        nonlocal image
        mask = _smoothstep(-0.7, 0.7, y - top[None, :])
        image = _mix(image, np.asarray(color, dtype=np.float64), mask)

    grass = _fractal(rng, height, width, 12 * unit, octaves=3)

    # 1) 먼 산(푸르스름, 아지랑이) → 먼 언덕 → 가운데 언덕
    mountains = ridge(0.36, 0.05, 60, (5.0, 0.5))
    haze = _mix(
        np.broadcast_to(_rgb((128, 150, 180)), (height, width, 3)),
        _rgb((176, 194, 212)),
        _smoothstep(0.3, 0.45, y / height),
    )
    layer(mountains, haze)
    far_hill = ridge(0.45, 0.04, 50, (7.0, 2.0))
    far = _mix(
        np.broadcast_to(_rgb((112, 146, 104)), (height, width, 3)), _rgb((140, 166, 124)), 0.5 + 0.5 * grass
    )
    layer(far_hill, far)
    mid_hill = ridge(0.53, 0.045, 80, (4.0, 4.0))
    slope = _smoothstep(0.5, 0.7, y / height)
    mid = _mix(np.broadcast_to(_rgb((112, 158, 66)), (height, width, 3)), _rgb((80, 130, 52)), slope)
    mid = mid * (1.0 + 0.08 * grass + 0.08 * _fractal(rng, height, width, 40 * unit, octaves=3))[..., None]
    layer(mid_hill, mid)

    # 2) 앞쪽 들판: 땅바닥의 원근 좌표 (u, v) 로 나눈 조각보 같은 밭과 고랑
    plain_top = ridge(0.63, 0.02, 120, (3.0, 1.0))
    depth = np.maximum(y - horizon, 1.0)
    u = (x - 0.5 * width) / depth * 60.0 + 5.0 * _fractal(rng, height, width, 70 * unit, octaves=2)
    v = 4000.0 / depth
    cell_u = np.floor(u / 70.0 + 0.5)
    cell_v = np.floor(v / 9.0 + 0.2 * np.sin(u / 30.0))
    crop = ((cell_u * 7 + cell_v * 3 + cell_u * cell_v) % 5 + 5) % 5  # 밭마다 심은 것
    du = 60.0 / depth  # 가로 한 픽셀에 u 가 얼마나 변하는지 (멀수록 고랑이 촘촘함 → 흐리게)
    furrow_u = np.sin(u * (2 * np.pi / 3.0)) * _smoothstep(0.45, 0.2, du / 3.0)
    dv = 4000.0 / depth**2
    furrow_v = np.sin(v * (2 * np.pi / 0.5)) * _smoothstep(0.45, 0.2, dv / 0.5)
    palettes = {
        0: ((126, 94, 60), (96, 68, 44), furrow_u),  # 갈아 놓은 밭
        1: ((210, 184, 92), (186, 154, 70), furrow_u),  # 익은 밀밭
        2: ((110, 160, 64), (92, 140, 54), furrow_v),  # 풀밭
        3: ((150, 172, 70), (122, 150, 60), furrow_u),  # 어린 작물
        4: ((96, 146, 60), (76, 124, 48), furrow_v),
    }
    fields = np.zeros((height, width, 3))
    for k, (light, dark, furrow) in palettes.items():
        patch = _mix(np.broadcast_to(_rgb(light), (height, width, 3)), _rgb(dark), 0.5 + 0.5 * furrow)
        fields = np.where((crop == k)[..., None], patch, fields)
    fields = fields * (1.0 + 0.06 * grass)[..., None]
    # 밭과 밭 사이의 산울타리(hedgerow)
    edge_u = np.abs(u / 70.0 + 0.5 - np.round(u / 70.0 + 0.5)) * 70.0 / np.maximum(du, 1e-6)
    edge_v = (
        np.abs(v / 9.0 + 0.2 * np.sin(u / 30.0) - np.round(v / 9.0 + 0.2 * np.sin(u / 30.0)))
        * 9.0
        / np.maximum(dv, 1e-6)
    )
    hedge_width = 0.9 + 2.5 * (y - horizon) / height
    hedge = _smoothstep(hedge_width, hedge_width * 0.4, np.minimum(edge_u, edge_v))
    fields = _mix(fields, _rgb((52, 84, 38)) * (1.0 + 0.15 * grass)[..., None], hedge)
    layer(plain_top, fields)

    # 3) 오솔길: 들판 앞쪽에서 언덕 위의 집까지 구불구불 (땅 좌표에서 폭이 같으니 멀수록 좁아 보임)
    house_x, house_y = 0.665 * width, 0.535 * height
    u_house = (house_x - 0.5 * width) / (house_y - horizon) * 60.0
    v_house = 4000.0 / (house_y - horizon)
    v_near = 4000.0 / (height - horizon)
    path_center = 14.0 + (u_house - 14.0) * _smoothstep(v_near, v_house, v) + 10.0 * np.sin(v / 9.0)
    path_dist = np.abs(u - path_center) - 12.0 * (1.0 - 0.5 * _smoothstep(v_near, v_house, v))
    on_path = y > house_y - 1 * unit
    path = _smoothstep(0.8, -0.8, path_dist / np.maximum(du, 1e-6)) * on_path
    dirt = _mix(
        np.broadcast_to(_rgb((204, 182, 138)), (height, width, 3)), _rgb((170, 146, 104)), 0.5 + 0.5 * grass
    )
    image = _mix(image, dirt, path)

    # 4) 집, 나무: 두 배로 크게 그린 뒤 줄여서 가장자리를 매끄럽게
    canvas = Image.fromarray(_to_uint8(image)).resize((width * factor, height * factor), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(canvas, "RGBA")
    f = factor * unit
    for tx in np.linspace(0.03, 0.97, 16):  # 먼 언덕의 작은 나무들
        px = (tx + rng.normal(0, 0.015)) * width
        _tree(
            draw,
            rng,
            px * factor,
            far_hill[int(np.clip(px, 0, width - 1))] * factor + 4 * f,
            rng.uniform(5, 8) * f,
        )

    hx, hy = house_x * factor, house_y * factor  # 집 정면의 아래 가운데
    w, h = 46 * f, 22 * f
    side = 20 * f
    draw.polygon(  # 옆벽 (그늘)
        [
            (hx + w / 2, hy),
            (hx + w / 2 + side, hy - 5 * f),
            (hx + w / 2 + side, hy - h - 5 * f),
            (hx + w / 2, hy - h),
        ],
        fill=(196, 186, 168, 255),
    )
    draw.polygon(  # 박공 (옆벽 위의 세모)
        [(hx + w / 2, hy - h), (hx + w / 2 + side / 2, hy - h - 19 * f), (hx + w / 2 + side, hy - h - 5 * f)],
        fill=(206, 196, 178, 255),
    )
    draw.rectangle([hx - w / 2, hy - h, hx + w / 2, hy], fill=(240, 234, 220, 255))  # 하얀 정면 벽
    draw.polygon(  # 붉은 지붕: 앞쪽 면
        [
            (hx - w / 2 - 3 * f, hy - h + 1 * f),
            (hx - w / 2 + side / 2, hy - h - 19 * f),
            (hx + w / 2 + side / 2 + 1 * f, hy - h - 19 * f),
            (hx + w / 2 + 3 * f, hy - h + 1 * f),
        ],
        fill=(168, 62, 44, 255),
    )
    draw.polygon(  # 지붕 옆쪽 면 (어둡게)
        [
            (hx + w / 2 + 3 * f, hy - h + 1 * f),
            (hx + w / 2 + side / 2 + 1 * f, hy - h - 19 * f),
            (hx + w / 2 + side + 1 * f, hy - h - 4 * f),
        ],
        fill=(128, 44, 34, 255),
    )
    draw.rectangle([hx + 8 * f, hy - h - 24 * f, hx + 13 * f, hy - h - 12 * f], fill=(150, 70, 52, 255))  # 굴뚝
    draw.rectangle([hx - 4 * f, hy - 14 * f, hx + 4 * f, hy], fill=(92, 60, 40, 255))  # 문
    for wx in (-16, 10):  # 창문 둘
        draw.rectangle([hx + wx * f, hy - 16 * f, hx + (wx + 7) * f, hy - 9 * f], fill=(60, 80, 100, 255))
        draw.line(
            [(hx + (wx + 3.5) * f, hy - 16 * f), (hx + (wx + 3.5) * f, hy - 9 * f)],
            fill=(240, 234, 220, 255),
            width=max(1, int(f)),
        )
    draw.rectangle([hx + w / 2 + 6 * f, hy - 15 * f, hx + w / 2 + 12 * f, hy - 9 * f], fill=(56, 72, 92, 255))

    for tx in np.linspace(0.02, 0.98, 11):  # 들판 가장자리의 덤불
        px = (tx + rng.normal(0, 0.02)) * width
        if abs(px - 0.53 * width) > 0.06 * width:
            _tree(
                draw,
                rng,
                px * factor,
                plain_top[int(np.clip(px, 0, width - 1))] * factor + 2 * f,
                rng.uniform(6, 9) * f,
            )
    for tx, ty, size, kind in [  # 집 둘레와 앞쪽의 나무들 (x, 밑동 y, 크기, 모양)
        (0.60, 0.545, 13, "round"),
        (0.755, 0.54, 16, "round"),
        (0.80, 0.545, 9, "cypress"),
        (0.30, 0.56, 12, "round"),
        (0.38, 0.555, 8, "cypress"),
        (0.93, 0.66, 24, "round"),
        (0.12, 0.86, 48, "round"),
    ]:
        _tree(draw, rng, tx * width * factor, ty * height * factor, size * f, kind)

    image = _downsample(canvas, factor)
    image = image * (1.0 + 0.025 * _fractal(rng, height, width, 2.0 * unit, octaves=1))[..., None]
    return _to_uint8(image, step=2)


def _window(
    draw: ImageDraw.ImageDraw,
    left: float,
    top: float,
    right: float,
    bottom: float,
    f: float,
    shutters: bool = False,
    arch: bool = False,
) -> None:
    """창문 하나: 하얀 틀, 하늘이 비친 유리, 십자 창살, 창턱과 그림자. 좌표는 캔버스 기준, f 는 1 픽셀의 크기."""
    frame = (246, 244, 238, 255)
    width = right - left
    if shutters:
        shutter = (58, 98, 84, 255)
        draw.rectangle([left - width * 0.48, top, left - f, bottom], fill=shutter)
        draw.rectangle([right + f, top, right + width * 0.48, bottom], fill=shutter)
        for k in range(1, 8):  # 덧문의 살
            yy = top + (bottom - top) * k / 8
            draw.line(
                [(left - width * 0.46, yy), (left - 2 * f, yy)], fill=(40, 72, 62, 255), width=max(1, int(f))
            )
            draw.line(
                [(right + 2 * f, yy), (right + width * 0.46, yy)], fill=(40, 72, 62, 255), width=max(1, int(f))
            )
    if arch:
        draw.ellipse([left - 2 * f, top - width / 2 - 2 * f, right + 2 * f, top + width / 2 + 2 * f], fill=frame)
    draw.rectangle([left - 2 * f, top - 2 * f, right + 2 * f, bottom + 2 * f], fill=frame)
    glass_top, glass_bottom = (70, 96, 124), (150, 178, 200)
    steps = 12
    for k in range(steps):  # 유리에 비친 하늘: 위는 어둡고 아래는 밝게
        t = k / (steps - 1)
        color = tuple(int(a + (b - a) * t) for a, b in zip(glass_top, glass_bottom))
        y0 = top + (bottom - top) * k / steps
        y1 = top + (bottom - top) * (k + 1) / steps
        draw.rectangle([left, y0, right, y1], fill=(*color, 255))
    if arch:
        draw.pieslice([left, top - width / 2, right, top + width / 2], 180, 360, fill=(*glass_top, 255))
    draw.polygon(
        [
            (left, top),
            (right, top),
            (right - width * 0.12, top + 3 * f),
            (left + 3 * f, top + 3 * f),
            (left + 3 * f, bottom),
        ],
        fill=(36, 44, 54, 150),
    )
    draw.line([((left + right) / 2, top), ((left + right) / 2, bottom)], fill=frame, width=max(1, int(1.6 * f)))
    draw.line(
        [(left, top + (bottom - top) * 0.4), (right, top + (bottom - top) * 0.4)],
        fill=frame,
        width=max(1, int(1.6 * f)),
    )
    draw.rectangle([left - 4 * f, bottom + 2 * f, right + 4 * f, bottom + 5 * f], fill=(226, 222, 212, 255))
    draw.rectangle([left - 4 * f, bottom + 5 * f, right + 4 * f, bottom + 7 * f], fill=(40, 40, 40, 70))


def _make_building(width: int, height: int) -> np.ndarray:
    """빌라 건물: 기와지붕을 얹은 3 층 빌라의 정면과 옆면, 창문과 덧문, 발코니, 현관, 나무, 산과 하늘."""
    rng = np.random.default_rng(1997)
    unit = width / 512.0
    factor = 2
    f = factor * unit
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)

    # 1) 하늘, 먼 초록 산, 잔디밭 (numpy)
    image = _sky(rng, height, width, 0.62 * height, unit, cloudiness=0.05)
    noise = _fractal(rng, 1, width, 90 * unit, octaves=4)[0]
    ridge = height * (0.44 - 0.10 * np.sin(x[0] / width * 3.0 + 0.3) - 0.03 * noise)
    mountain = _mix(
        np.broadcast_to(_rgb((84, 120, 100)), (height, width, 3)),
        _rgb((132, 158, 150)),
        _smoothstep(0.25, 0.75, y / height),
    )
    mountain = mountain * (1.0 + 0.12 * _fractal(rng, height, width, 10 * unit, octaves=3))[..., None]
    image = _mix(image, mountain, _smoothstep(-0.7, 0.7, y - ridge[None, :]))
    lawn_top = 0.80 * height
    stripes = np.sin(x / (22.0 * unit) + (y - lawn_top) / (6.0 * unit)) > 0
    lawn = _mix(
        np.broadcast_to(_rgb((104, 156, 66)), (height, width, 3)), _rgb((88, 140, 56)), stripes.astype(np.float64)
    )
    lawn = lawn * (1.0 + 0.07 * _fractal(rng, height, width, 4 * unit, octaves=2))[..., None]
    image = _mix(image, lawn, _smoothstep(-0.7, 0.7, y - lawn_top))

    canvas = Image.fromarray(_to_uint8(image)).resize((width * factor, height * factor), Image.Resampling.BICUBIC)
    walls = Image.new("L", canvas.size, 0)
    draw = ImageDraw.Draw(canvas, "RGBA")
    wall_draw = ImageDraw.Draw(walls)

    def at(px: float, py: float) -> tuple[float, float]:
        """1 배 크기의 좌표 → 크게 그리는 캔버스의 좌표."""
        return (px * f, py * f)

    ground = height / unit  # 그림의 아래 끝 (1 배 크기 좌표)

    # 2) 벽: 정면(밝은 크림색)과 옆면(그늘), 옆면은 비스듬히 뒤로 물러남
    left, right, base, top = 112.0, 346.0, 318.0, 138.0
    sx, sy = 70.0, -26.0
    front = [at(left, top), at(right, top), at(right, base), at(left, base)]
    side = [at(right, top), at(right + sx, top + sy), at(right + sx, base + sy), at(right, base)]
    draw.polygon(front, fill=(238, 228, 206, 255))
    draw.polygon(side, fill=(200, 186, 164, 255))
    wall_draw.polygon(front, fill=255)
    wall_draw.polygon(side, fill=255)
    draw.polygon(
        [at(left, base - 14), at(right, base - 14), at(right, base), at(left, base)], fill=(170, 160, 146, 255)
    )
    draw.polygon(
        [at(right, base - 14), at(right + sx, base - 14 + sy), at(right + sx, base + sy), at(right, base)],
        fill=(142, 132, 120, 255),
    )
    storey = (base - top) / 3.0
    for k in (1, 2):  # 층 사이의 띠(cornice)와 그 아래 그림자
        yy = top + storey * k
        draw.rectangle([*at(left - 3, yy - 3), *at(right, yy + 2)], fill=(248, 242, 228, 255))
        draw.rectangle([*at(left - 3, yy + 2), *at(right, yy + 5)], fill=(60, 50, 40, 60))
        draw.polygon(
            [at(right, yy - 3), at(right + sx, yy - 3 + sy), at(right + sx, yy + 2 + sy), at(right, yy + 2)],
            fill=(214, 204, 186, 255),
        )

    # 3) 창문: 1 층은 현관과 창 넷, 2·3 층은 창 다섯(가운데 2 층에는 발코니)
    columns = np.linspace(left + 26, right - 26, 5)
    for floor in range(3):
        floor_top = top + storey * floor + 14
        for k, cx in enumerate(columns):
            if floor == 2 and k == 2:
                continue  # 현관 자리
            shutters = floor < 2
            _window(
                draw,
                *at(cx - 11, floor_top),
                *at(cx + 11, floor_top + storey - 30),
                f,
                shutters=shutters,
                arch=floor == 2,
            )
    for k in range(2):  # 옆면의 창 (기울어진 평행사변형)
        for floor in range(3):
            a = 0.3 + 0.4 * k
            x0, x1 = right + sx * (a - 0.1), right + sx * (a + 0.1)
            y0 = top + storey * floor + 16
            y1 = y0 + storey - 32
            draw.polygon(
                [
                    at(x0, y0 + sy * (a - 0.1)),
                    at(x1, y0 + sy * (a + 0.1)),
                    at(x1, y1 + sy * (a + 0.1)),
                    at(x0, y1 + sy * (a - 0.1)),
                ],
                fill=(84, 104, 124, 255),
            )
            draw.line(
                [at((x0 + x1) / 2, y0 + sy * a), at((x0 + x1) / 2, y1 + sy * a)],
                fill=(226, 220, 206, 255),
                width=max(1, int(1.6 * f)),
            )

    # 현관: 아치 문과 계단
    door_x = columns[2]
    door_top = top + storey * 2 + 18
    draw.ellipse([*at(door_x - 20, door_top - 20), *at(door_x + 20, door_top + 20)], fill=(246, 244, 238, 255))
    draw.rectangle([*at(door_x - 20, door_top), *at(door_x + 20, base - 14)], fill=(246, 244, 238, 255))
    draw.ellipse([*at(door_x - 16, door_top - 16), *at(door_x + 16, door_top + 16)], fill=(96, 58, 38, 255))
    draw.rectangle([*at(door_x - 16, door_top), *at(door_x + 16, base - 14)], fill=(112, 68, 44, 255))
    draw.line(
        [at(door_x, door_top - 16), at(door_x, base - 14)], fill=(70, 42, 28, 255), width=max(1, int(1.5 * f))
    )
    for k in range(3):
        draw.rectangle(
            [*at(door_x - 30 - 6 * k, base - 14 + 5 * k), *at(door_x + 30 + 6 * k, base - 9 + 5 * k)],
            fill=(206 - 12 * k, 200 - 12 * k, 190 - 12 * k, 255),
        )

    # 발코니: 2 층 가운데, 난간 기둥(baluster)
    b_left, b_right = columns[1] - 14, columns[3] + 14
    b_floor = top + storey * 2 - 6
    draw.rectangle([*at(b_left, b_floor - 2), *at(b_right, b_floor + 4)], fill=(232, 226, 212, 255))
    draw.rectangle([*at(b_left, b_floor + 4), *at(b_right, b_floor + 8)], fill=(50, 40, 30, 80))
    draw.rectangle([*at(b_left, b_floor - 24), *at(b_right, b_floor - 20)], fill=(244, 240, 230, 255))
    for bx in np.arange(b_left + 3, b_right - 1, 6.0):
        draw.rectangle([*at(bx - 1.2, b_floor - 20), *at(bx + 1.2, b_floor - 2)], fill=(236, 230, 216, 255))
        draw.rectangle([*at(bx + 1.2, b_floor - 20), *at(bx + 2.0, b_floor - 2)], fill=(150, 140, 126, 255))

    # 4) 지붕: 정면 사다리꼴, 옆면 세모, 기와 줄
    eave = top - 2
    ridge_l, ridge_r = left + 60, right - 10
    rise = 56.0
    roof_front = [
        at(left - 14, eave),
        at(right + 10, eave),
        at(ridge_r + sx * 0.5, eave - rise + sy * 0.5),
        at(ridge_l + sx * 0.5, eave - rise + sy * 0.5),
    ]
    roof_side = [
        at(right + 10, eave),
        at(right + sx + 10, eave + sy),
        at(ridge_r + sx * 0.5, eave - rise + sy * 0.5),
    ]
    draw.polygon(roof_side, fill=(132, 58, 40, 255))
    draw.polygon(roof_front, fill=(176, 82, 54, 255))
    for k in range(1, 12):  # 기와 줄: 위로 갈수록 좁아짐
        t = k / 12
        yy = eave - rise * t + sy * 0.5 * t
        xl = (left - 14) + ((ridge_l + sx * 0.5) - (left - 14)) * t
        xr = (right + 10) + ((ridge_r + sx * 0.5) - (right + 10)) * t
        draw.line([at(xl, yy), at(xr, yy)], fill=(120, 50, 34, 255), width=max(1, int(1.4 * f)))
        for tx in np.arange(xl + 4 + 3 * (k % 2), xr - 2, 7.0):
            draw.line([at(tx, yy), at(tx + 0.3, yy + rise / 12)], fill=(140, 60, 40, 200), width=max(1, int(f)))
    draw.rectangle([*at(left - 14, eave), *at(right + 10, eave + 4)], fill=(236, 232, 222, 255))
    draw.rectangle([*at(left, eave + 4), *at(right, eave + 12)], fill=(60, 48, 36, 90))
    draw.rectangle([*at(left + 150, eave - rise - 6), *at(left + 164, eave - 20)], fill=(196, 120, 90, 255))
    draw.rectangle([*at(left + 148, eave - rise - 10), *at(left + 166, eave - rise - 5)], fill=(150, 90, 70, 255))

    # 5) 나무와 덤불: 왼쪽 큰 나무, 오른쪽 사이프러스, 벽 앞 생울타리
    _tree(draw, rng, 62 * f, 330 * f, 54 * f)
    _tree(draw, rng, 452 * f, 318 * f, 26 * f, "cypress")
    _tree(draw, rng, 486 * f, 324 * f, 20 * f, "cypress")
    for bx in np.arange(left + 4, right + 30, 22.0):
        if abs(bx - door_x) > 42:
            _tree(draw, rng, bx * f, (base + 10) * f, 12 * f, "bush")
    draw.polygon(
        [at(door_x - 30, base + 1), at(door_x + 30, base + 1), at(door_x + 70, ground), at(door_x - 70, ground)],
        fill=(206, 198, 184, 255),
    )
    for k in range(1, 8):  # 디딤돌 줄
        t = (k / 8) ** 1.3
        yy = base + 1 + (ground - base - 1) * t
        half = 30 + 40 * t
        draw.line([at(door_x - half, yy), at(door_x + half, yy)], fill=(170, 162, 150, 255), width=max(1, int(f)))

    image = _downsample(canvas, factor)
    wall_mask = np.asarray(walls.reduce(factor), dtype=np.float64) / 255.0
    stucco = (
        1.0
        + 0.035 * _fractal(rng, height, width, 6 * unit, octaves=3)
        + 0.03 * _fractal(rng, height, width, 60 * unit, octaves=3)
    )
    image = image * (1.0 + (stucco - 1.0) * wall_mask)[..., None]
    return _to_uint8(image, step=2)


_NATIVE_SIZE: dict[str, tuple[int, int]] = {
    "klee": (512, 512),
    "monet": (512, 512),
    "swirl": (512, 512),
    "tofu": (512, 512),
    "countryside": (512, 384),
    "building": (512, 384),
}
_GENERATORS: dict[str, Callable[[int, int], np.ndarray]] = {
    "klee": _make_klee,
    "monet": _make_monet,
    "swirl": _make_swirl,
    "tofu": _make_tofu,
    "countryside": _make_countryside,
    "building": _make_building,
}
