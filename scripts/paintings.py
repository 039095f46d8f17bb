"""예제 그림 여섯 장을 그리는 코드: 스타일 이미지 넷(klee, monet, swirl, tofu)과 콘텐츠 이미지 둘(countryside,
building).

강의의 실습은 클레(Paul Klee)와 모네(Claude Monet)의 그림, 두부 사진을 스타일 이미지로, 시골 풍경과 빌라 사진을
콘텐츠 이미지로 썼습니다. 이 과정은 인터넷에서 그림을 내려받지 않고, 그 화가들의 "느낌을 흉내 낸" 그림을 (논문의
대표 예인 반 고흐풍 소용돌이 붓질도 하나) numpy 와 PIL 로 직접 그립니다. 씨앗(seed)이 고정되어 있어서 몇 번을
돌려도 같은 그림이 나옵니다.

라이브러리는 이 코드를 부르지 않습니다. `python scripts/make_examples.py` 가 그림을 그려 `nstlib/data/` 에 PNG 로
저장하고, 설치된 `nstlib` 은 그 파일을 읽기만 합니다. `tests/test_examples.py` 는 이 코드가 저장된 PNG 와 픽셀
하나까지 똑같은 그림을 그리는지 확인합니다.

>>> image = paint("tofu")
>>> image.shape, image.dtype
((512, 512, 3), dtype('uint8'))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageDraw

from painting_tools import (
    blur,
    dab_polygons,
    downsample,
    fractal,
    mix,
    paint_dabs,
    paint_strokes,
    rgb,
    smoothstep,
    to_uint8,
    trace_strokes,
)


def paint(name: str) -> np.ndarray:
    """`PAINTINGS` 의 그림 하나를 원래 크기 그대로 uint8 배열 (H, W, 3) 로 그립니다."""
    width, height, make = PAINTINGS[name]
    image = make(width, height)
    assert image.shape == (height, width, 3) and image.dtype == np.uint8, (name, image.shape, image.dtype)
    return image


# ---------------------------------------------------------------------------------------------------
# 클레풍 색면 구성 (klee)
# ---------------------------------------------------------------------------------------------------

KLEE_WARM = [(196, 146, 72), (178, 92, 58), (146, 62, 44), (214, 142, 108), (206, 172, 86), (198, 112, 54),
    (222, 186, 150), (112, 52, 46), (168, 128, 88)]
KLEE_COOL = [(78, 98, 138), (58, 108, 110), (118, 90, 128), (118, 128, 72), (142, 158, 118), (52, 56, 94),
    (122, 140, 158), (86, 78, 68)]
KLEE_COLUMNS, KLEE_ROWS = 8, 8


def make_klee(width: int, height: int) -> np.ndarray:
    """클레풍 색면 구성: 손으로 그은 듯 살짝 비뚤어진 격자, 차분한 따뜻한/차가운 색, 붓 자국과 종이 결."""
    rng = np.random.default_rng(1922)
    unit = min(width, height) / 512.0
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    col, row, edge_dist = _klee_cells(rng, x, y, unit)
    image = _klee_colours(rng)[col, row]
    shade = _klee_brushwork(rng, col, row, unit)

    # 수채화처럼 칸 가장자리에 물감이 모여 어두워지고, 칸 사이에 가는 이음새
    rim_noise = np.clip(0.6 + 0.8 * fractal(rng, height, width, 30 * unit, octaves=2), 0, 1)
    rim = 1.0 - 0.18 * rim_noise * (1.0 - smoothstep(0.0, 5.0 * unit, edge_dist))
    image = image * (shade * rim)[..., None]
    seam_noise = fractal(rng, height, width, 20 * unit, octaves=2)
    seam = (1.0 - smoothstep(0.4 * unit, 2.2 * unit, edge_dist)) * np.clip(0.75 + 0.6 * seam_noise, 0, 1)
    image = mix(image, rgb((62, 46, 40)), 0.7 * seam)

    # 거친 종이(바탕)의 결: 가로세로로 짠 무늬
    weave = np.sin(x * (2 * np.pi / (4.0 * unit))) * np.sin(y * (2 * np.pi / (4.0 * unit)))
    image = image * (1.0 + 0.025 * weave)[..., None]
    return to_uint8(image, step=4)


def _klee_cells(
    rng: np.random.Generator, x: np.ndarray, y: np.ndarray, unit: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """고르지 않은 격자: 픽셀마다 (열, 행, 칸 가장자리까지의 거리). 열마다 행의 경계가 다릅니다."""
    height, width = x.shape
    n_cols, n_rows = KLEE_COLUMNS, KLEE_ROWS
    # 손으로 그은 선처럼 흔들리는 좌표 (domain warp)
    wx = x + 7.0 * unit * fractal(rng, height, width, 90 * unit, octaves=3)
    wy = y + 7.0 * unit * fractal(rng, height, width, 90 * unit, octaves=3)

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
    return col, row, edge_dist


def _klee_colours(rng: np.random.Generator) -> np.ndarray:
    """칸마다 색 (열, 행, 3): 이웃과 겹치지 않게, 따뜻한 색이 조금 더 많게, 전체를 조금 차분하게."""
    n_cols, n_rows = KLEE_COLUMNS, KLEE_ROWS
    colors = np.zeros((n_cols, n_rows, 3))
    palette = [rgb(c) for c in KLEE_WARM + KLEE_COOL]
    chosen = np.full((n_cols, n_rows), -1)
    for c in range(n_cols):
        for r in range(n_rows):
            while True:
                warm = rng.random() < 0.6
                k = (
                    int(rng.integers(len(KLEE_WARM)))
                    if warm
                    else len(KLEE_WARM) + int(rng.integers(len(KLEE_COOL)))
                )
                if (c == 0 or chosen[c - 1, r] != k) and (r == 0 or chosen[c, r - 1] != k):
                    break
            chosen[c, r] = k
            colors[c, r] = palette[k] * rng.uniform(0.88, 1.1) + rng.normal(0, 6, 3)
    return mix(colors, rgb((150, 128, 104)), np.full((n_cols, n_rows), 0.22))


def _klee_brushwork(rng: np.random.Generator, col: np.ndarray, row: np.ndarray, unit: float) -> np.ndarray:
    """밝기의 배율 (H, W): 칸마다 방향이 다른 붓 자국(가로, 세로, 비스듬히)과 얼룩, 잔결."""
    height, width = col.shape
    strokes = [
        fractal(rng, height, width, 16 * unit, octaves=3, stretch=8.0, angle=a)
        for a in (0.0, np.pi / 2, np.pi / 4, -np.pi / 4)
    ]
    direction = (col * 3 + row * 5 + (col * row) % 3) % 4
    brush = np.choose(direction, strokes)
    mottle = fractal(rng, height, width, 70 * unit, octaves=4)
    grain = fractal(rng, height, width, 3.0 * unit, octaves=2)
    return 1.0 + 0.16 * brush + 0.09 * mottle + 0.05 * grain


# ---------------------------------------------------------------------------------------------------
# 모네풍 수련 연못 (monet)
# ---------------------------------------------------------------------------------------------------

MONET_LEAVES = [(74, 122, 62), (108, 150, 72), (150, 166, 78), (60, 100, 70), (128, 160, 96)]
MONET_LIGHTS = [(214, 204, 230), (226, 220, 210), (186, 198, 230), (170, 148, 196), (140, 184, 190)]
MONET_PETALS = [(236, 150, 172), (244, 232, 230), (214, 92, 116), (246, 196, 206)]


def make_monet(width: int, height: int) -> np.ndarray:
    """모네풍 수련 연못: 물빛, 버드나무 그림자, 하늘빛 반사, 수련 잎과 꽃을 반투명 붓 터치로 겹쳐 칠합니다."""
    rng = np.random.default_rng(1899)
    unit = min(width, height) / 512.0
    factor = 2
    water, willow = _monet_water(rng, width, height, unit)
    pad_mask, pad_color, flowers = _monet_lily_pads(rng, width, height, unit)
    pad = blur(np.asarray(pad_mask, dtype=np.float64) / 255.0, 1.5 * unit)
    target = mix(water, np.asarray(pad_color, dtype=np.float64), pad)
    underpaint = blur(target, 6.0 * unit)

    # 붓 터치: 큰 것부터 작은 것 순서로. 물은 가로로, 버드나무 그림자는 세로로 칠합니다.
    def angle_of(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        vertical = willow[ys.astype(int), xs.astype(int)] > 0.6
        on_pad = pad[ys.astype(int), xs.astype(int)] > 0.5
        return np.where(vertical & ~on_pad, np.pi / 2, 0.0)

    canvas = Image.fromarray(to_uint8(underpaint)).resize(
        (width * factor, height * factor), Image.Resampling.BILINEAR
    )
    area = width * height / (512.0 * 512.0)
    for count, length, dab_width, jitter, alpha, accent_rate in (
        (1800, 26, 10, 12, (120, 190), 0.08),
        (4000, 15, 6, 13, (150, 220), 0.12),
        (2000, 9, 3.5, 14, (170, 235), 0.12),
    ):
        paint_dabs(canvas, rng, target, angle_of, int(count * area), length * unit, dab_width * unit, jitter,
                   alpha, factor, MONET_LIGHTS, accent_rate)
    _monet_flowers(canvas, rng, flowers, factor)
    return to_uint8(downsample(canvas, factor), step=4)


def _monet_water(rng: np.random.Generator, width: int, height: int, unit: float) -> tuple[np.ndarray, np.ndarray]:
    """물빛 (H, W, 3) 과 버드나무 그림자의 세기 (H, W).

    위(먼 곳)는 하늘을 비춰 연보라, 아래는 깊은 청록. 세로로 늘어진 버드나무 그림자와 하늘빛 반사.
    """
    y = np.repeat(np.arange(height, dtype=np.float64)[:, None], width, axis=1)
    depth = smoothstep(0.0, 1.0, y / height + 0.12 * fractal(rng, height, width, 120 * unit, octaves=3))
    water = mix(np.broadcast_to(rgb((168, 170, 212)), (height, width, 3)), rgb((36, 84, 104)), depth)
    willow = smoothstep(0.05, 0.4, fractal(rng, height, width, 110 * unit, octaves=3, stretch=0.3))
    water = mix(water, rgb((42, 82, 62)), 0.6 * willow)
    sky = smoothstep(0.15, 0.5, fractal(rng, height, width, 60 * unit, octaves=3, stretch=5.0))
    water = mix(water, rgb((206, 196, 228)), 0.45 * sky * (1.0 - 0.6 * willow) * (1.0 - 0.5 * depth))
    return water, willow


def _monet_lily_pads(
    rng: np.random.Generator, width: int, height: int, unit: float
) -> tuple[Image.Image, Image.Image, list[tuple[float, float, float]]]:
    """수련 잎: 원근 때문에 납작한 타원들이 가로로 떼 지어 떠 있음.

    잎이 있는 곳(흑백 마스크), 잎의 색, 꽃을 피울 자리 (x, y, 크기) 의 목록을 돌려줍니다.
    """
    pad_mask = Image.new("L", (width, height), 0)
    pad_color = Image.new("RGB", (width, height), (0, 0, 0))
    pad_draw = ImageDraw.Draw(pad_mask)
    color_draw = ImageDraw.Draw(pad_color)
    flowers = []
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
                green = MONET_LEAVES[int(rng.integers(len(MONET_LEAVES)))]
                color_draw.ellipse(box, fill=tuple(int(v * 0.6) for v in green))
                inner = [cx - rx * 0.85, cy - ry * 0.8, cx + rx * 0.85, cy + ry * 0.8]
                color_draw.ellipse(inner, fill=green)
                if rng.random() < 0.35:
                    flowers.append((cx + rng.normal(0, rx * 0.3), cy - ry * 0.3, scale))
    return pad_mask, pad_color, flowers


def _monet_flowers(
    canvas: Image.Image, rng: np.random.Generator, flowers: list[tuple[float, float, float]], factor: int
) -> None:
    """수련 꽃: 분홍, 흰색, 붉은 점 같은 짧은 터치 몇 개."""
    draw = ImageDraw.Draw(canvas, "RGBA")
    for fx, fy, scale in flowers:
        base = MONET_PETALS[int(rng.integers(len(MONET_PETALS)))]
        for _ in range(7):
            px = (fx + rng.normal(0, 4) * scale) * factor
            py = (fy + rng.normal(0, 2) * scale) * factor
            shade = np.clip(np.array(base) + rng.normal(0, 12, 3), 0, 255).astype(int)
            outline = dab_polygons(
                np.array([px]),
                np.array([py]),
                np.array([9 * scale * factor]),
                np.array([4 * scale * factor]),
                np.array([rng.normal(0, 0.5)]),
            )[0]
            draw.polygon([tuple(p) for p in outline.tolist()], fill=(*(int(v) for v in shade), 220))


# ---------------------------------------------------------------------------------------------------
# 소용돌이 붓질 (swirl)
# ---------------------------------------------------------------------------------------------------

SWIRL_VORTICES = [  # (x, y, 반지름, 세기) — 세기의 부호가 회전 방향
    (0.42, 0.30, 0.13, 1.0),
    (0.62, 0.40, 0.09, -0.8),
    (0.22, 0.18, 0.07, 0.7),
    (0.84, 0.16, 0.09, 0.9),
    (0.12, 0.42, 0.06, -0.6),
    (0.74, 0.62, 0.05, 0.5),
]
SWIRL_MOON = (0.84, 0.16, 0.075, 1.0)  # (x, y, 반지름, 밝기)
SWIRL_YELLOWS = np.array([(238, 198, 56), (250, 224, 110), (252, 242, 176), (218, 168, 52)], dtype=np.float64)
SWIRL_HALO = np.array([(252, 246, 200), (250, 228, 120), (240, 200, 60), (226, 176, 48)], dtype=np.float64)


def make_swirl(width: int, height: int) -> np.ndarray:
    """소용돌이 붓질: 흐름 함수(stream function)의 등고선을 따라 짧고 굽은 붓질 수천 개를 칠한 밤 풍경.

    하늘은 소용돌이 몇 개와 물결치는 바람으로 흐르고, 달과 별은 노란 빛무리로 둘러싸이며, 아래에는
    어두운 언덕과 불꽃 모양의 사이프러스 나무가 있습니다.
    """
    rng = np.random.default_rng(1889)
    unit = min(width, height) / 512.0
    factor = 2
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    psi, lights = _swirl_stream(rng, x, y, unit)
    flow, hill, tree = _swirl_flow(psi, x, y, unit)
    field, field_dark, glow = _swirl_colours(psi, x, y, lights, hill, tree, unit)

    # 밑칠(조금 어둡게: 붓질 사이로 보이는 바탕) 위에 굵은 붓질, 그 위에 가는 붓질
    canvas = Image.fromarray(to_uint8(blur(field, 4.0 * unit) * 0.75)).resize(
        (width * factor, height * factor), Image.Resampling.BILINEAR
    )
    area = width * height / (512.0 * 512.0)
    for count, length, stroke_width in (
        (int(3600 * area), 24 * unit, 7 * unit),
        (int(5200 * area), 15 * unit, 4.5 * unit),
    ):
        xs = rng.uniform(0, width, count)
        ys = rng.uniform(0, height, count)
        lines = trace_strokes(flow, xs, ys, length * rng.uniform(0.7, 1.3, count), steps=6)
        ix, iy = xs.astype(int), ys.astype(int)
        golden = rng.random(count) < np.clip((glow[iy, ix] - 0.12) / 0.7, 0.0, 1.0)
        picked = SWIRL_YELLOWS[rng.integers(0, len(SWIRL_YELLOWS), count)]
        colors = np.where(golden[:, None], picked, field_dark[iy, ix]) + rng.normal(0, 10, (count, 3))
        paint_strokes(canvas, rng, lines, colors, stroke_width, factor)
    _swirl_halos(canvas, rng, lights, width, height, unit, factor)
    return to_uint8(downsample(canvas, factor), step=4)


def _swirl_stream(
    rng: np.random.Generator, x: np.ndarray, y: np.ndarray, unit: float
) -> tuple[np.ndarray, list[tuple[float, float, float, float]]]:
    """흐름 함수 psi (등고선이 곧 붓질의 방향: 물결치는 바람 + 소용돌이들) 와 달·별의 목록 (x, y, 반지름, 밝기)."""
    height, width = x.shape
    psi = y + 18 * unit * np.sin(x / width * 2 * np.pi * 1.3 + y / height * 4.0)
    lights = [SWIRL_MOON]
    for _ in range(9):
        lights.append((rng.uniform(0.05, 0.95), rng.uniform(0.05, 0.55), rng.uniform(0.018, 0.03), 0.8))
    for vx, vy, radius, strength in SWIRL_VORTICES + [(lx, ly, lr * 1.6, 0.5) for lx, ly, lr, _ in lights[1:]]:
        r2 = ((x - vx * width) ** 2 + (y - vy * height) ** 2) / (radius * width) ** 2
        psi += strength * 2.2 * radius * width * np.exp(-0.5 * r2)
    return psi, lights


def _swirl_flow(
    psi: np.ndarray, x: np.ndarray, y: np.ndarray, unit: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """붓질의 방향장 (H, W, 2), 언덕(아래)과 사이프러스(왼쪽)의 마스크.

    하늘에서는 psi 의 등고선을, 언덕에서는 언덕의 등고선을, 나무에서는 위로 타오르는 결을 따릅니다.
    """
    height, width = x.shape
    ridge = height * (0.7 + 0.05 * np.sin(x / width * 5.0 + 1.0) + 0.03 * np.sin(x / width * 11.0))
    hill = smoothstep(-3.0, 3.0, y - ridge)
    psi_hill = (y - ridge) * 3.0 + 8 * unit * np.sin(x / width * 30.0)
    center = width * (0.16 + 0.015 * np.sin(y / height * 12.0))
    half = width * 0.075 * np.clip((y - 0.12 * height) / (0.88 * height), 0.0, 1.0) ** 0.7
    tree = smoothstep(1.0, -3.0, np.abs(x - center) - half) * (y > 0.12 * height)
    gy, gx = np.gradient(psi)
    hy, hx = np.gradient(psi_hill)
    flow = np.stack([gy, -gx], axis=-1)
    flow_hill = np.stack([hy, -hx], axis=-1)
    flow_tree = np.stack([0.35 * np.sin(y / (9.0 * unit) + x / (6.0 * unit)), -np.ones_like(y)], axis=-1)
    flow = mix(mix(flow, flow_hill, hill), flow_tree, tree)
    flow /= np.linalg.norm(flow, axis=-1, keepdims=True) + 1e-9
    return flow, hill, tree


def _swirl_colours(
    psi: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    lights: list[tuple[float, float, float, float]],
    hill: np.ndarray,
    tree: np.ndarray,
    unit: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """색: 흐름을 따라가는 줄무늬(psi 의 등고선)와 빛무리.

    밑칠의 색 (빛무리 포함), 붓질이 고를 색 (빛무리 없이), 빛무리의 세기 (H, W) 를 돌려줍니다.
    """
    height, width = x.shape
    band = 0.5 + 0.5 * np.sin(psi / (7.0 * unit))
    band2 = 0.5 + 0.5 * np.sin(psi / (19.0 * unit) + 1.0)
    sky = mix(
        np.broadcast_to(rgb((22, 40, 104)), (height, width, 3)),
        rgb((50, 96, 170)),
        0.55 * band2 + 0.15 * y / height,
    )
    sky = mix(sky, rgb((120, 168, 210)), 0.45 * band * band2)
    glow = np.zeros((height, width))
    for lx, ly, lr, strength in lights:
        r = np.sqrt((x - lx * width) ** 2 + (y - ly * height) ** 2) / (lr * width)
        rings = 0.5 + 0.5 * np.cos(r * 4.0)
        glow = np.maximum(glow, strength * np.exp(-0.35 * r * r) * (0.6 + 0.4 * rings))
        glow = np.maximum(glow, (r < 0.45) * 1.2)
    glow = np.clip(glow, 0, 1) * (1.0 - np.maximum(hill, tree))
    night = sky  # 빛무리가 없는 하늘: 붓질마다 노랑과 파랑 중 하나를 고르게 합니다 (섞으면 회색이 됨)
    sky = mix(sky, rgb((238, 198, 56)), glow)
    ground = mix(np.broadcast_to(rgb((26, 44, 70)), (height, width, 3)), rgb((58, 82, 96)), band)
    ground = mix(ground, rgb((150, 120, 50)), 0.25 * (band2 > 0.8))
    cypress = mix(np.broadcast_to(rgb((16, 22, 20)), (height, width, 3)), rgb((44, 58, 34)), band)
    cypress = mix(cypress, rgb((92, 76, 36)), 0.4 * (band2 > 0.85))
    field = mix(mix(sky, ground, hill), cypress, tree)
    field_dark = mix(mix(night, ground, hill), cypress, tree)
    return field, field_dark, glow


def _swirl_halos(
    canvas: Image.Image,
    rng: np.random.Generator,
    lights: list[tuple[float, float, float, float]],
    width: int,
    height: int,
    unit: float,
    factor: int,
) -> None:
    """달과 별: 가운데서 바깥으로 동심원을 따라 짧은 호(arc) 모양 붓질. 안쪽은 흰빛, 바깥은 노랑."""
    for lx, ly, lr, _ in lights:
        cx, cy, radius = lx * width, ly * height, lr * width
        for k, ring in enumerate(np.linspace(0.0, 1.0, 5)[1:]):
            r = radius * (0.15 + 0.85 * ring)
            count = max(3, int(2 * np.pi * r / (5.0 * unit)))
            start = rng.uniform(0, 2 * np.pi, count)
            arc = np.linspace(-0.5, 0.5, 7)[None, :] * (9.0 * unit / r) + start[:, None]
            rr = r + rng.normal(0, 0.8 * unit, (count, 1))
            lines = np.stack([cx + rr * np.cos(arc), cy + rr * np.sin(arc)], axis=-1)
            colors = SWIRL_HALO[min(k, 3)] + rng.normal(0, 8, (count, 3))
            paint_strokes(canvas, rng, lines, colors, 3.5 * unit, factor)


# ---------------------------------------------------------------------------------------------------
# 두부 질감 (tofu)
# ---------------------------------------------------------------------------------------------------


def make_tofu(width: int, height: int) -> np.ndarray:
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
    pits = blur(np.asarray(pores, dtype=np.float64) / 255.0, 1.0 * unit)

    # 2) 높낮이: 완만한 굴곡 + 콩물이 엉긴 몽글몽글한 잔결 - 구멍
    surface = (
        7.0 * fractal(rng, height, width, 160 * unit, octaves=3)
        + 0.9 * fractal(rng, height, width, 18 * unit, octaves=3)
        + 0.35 * fractal(rng, height, width, 5 * unit, octaves=2)
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
    mottle = fractal(rng, height, width, 70 * unit, octaves=3)
    albedo = mix(
        np.broadcast_to(rgb((246, 242, 226)), (height, width, 3)), rgb((234, 224, 194)), 0.5 + 0.5 * mottle
    )
    occlusion = np.clip(blur(pits, 1.5 * unit) * 1.3, 0, 1)
    albedo = mix(albedo, rgb((206, 194, 162)), occlusion)
    shade = 0.62 + 0.42 * diffuse - 0.18 * occlusion
    image = albedo * shade[..., None] + 40.0 * sheen[..., None]
    return to_uint8(image, step=4)


# ---------------------------------------------------------------------------------------------------
# 풍경의 부품: 하늘과 구름, 나무 (시골 풍경과 빌라가 함께 씀), 창문 (빌라)
# ---------------------------------------------------------------------------------------------------


def _sky(
    rng: np.random.Generator, height: int, width: int, horizon: float, unit: float, cloudiness: float
) -> np.ndarray:
    """위는 짙고 지평선 쪽은 옅은 하늘에, 아랫면이 조금 그늘진 뭉게구름."""
    y = np.arange(height, dtype=np.float64)[:, None] * np.ones((1, width))
    t = np.clip(y / horizon, 0.0, 1.0) ** 1.2
    sky = mix(np.broadcast_to(rgb((64, 122, 200)), (height, width, 3)), rgb((196, 218, 236)), t)
    lumps = fractal(rng, height, width, 64 * unit, octaves=5, stretch=2.2)
    bias = cloudiness - 0.7 * np.clip(y / horizon, 0.0, 1.2)
    density = smoothstep(0.0, 0.3, lumps + bias)
    below = np.roll(density, -int(round(9 * unit)), axis=0)
    underside = np.clip((density - below) * 1.5 + 0.5 * (1.0 - density) + 0.25 * (y / horizon), 0.0, 1.0)
    cloud = mix(np.broadcast_to(rgb((252, 252, 250)), (height, width, 3)), rgb((168, 178, 198)), underside)
    return mix(sky, cloud, 0.95 * density)


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
        color = rgb((32, 60, 28)) + (rgb((124, 164, 70)) - rgb((32, 60, 28))) * lit
        r = size * rng.uniform(0.035, 0.07)
        cx, cy = x - 0.12 * size + dx, center_y - 0.12 * size + dy
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(*(int(c) for c in color), 255))


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


# ---------------------------------------------------------------------------------------------------
# 시골 풍경 (countryside)
# ---------------------------------------------------------------------------------------------------

COUNTRYSIDE_CROPS = {  # 밭마다 심은 것: (밝은 색, 어두운 색, 고랑의 방향 "u" 가로 / "v" 세로)
    0: ((126, 94, 60), (96, 68, 44), "u"),  # 갈아 놓은 밭
    1: ((210, 184, 92), (186, 154, 70), "u"),  # 익은 밀밭
    2: ((110, 160, 64), (92, 140, 54), "v"),  # 풀밭
    3: ((150, 172, 70), (122, 150, 60), "u"),  # 어린 작물
    4: ((96, 146, 60), (76, 124, 48), "v"),
}
COUNTRYSIDE_TREES = [  # 집 둘레와 앞쪽의 나무들 (x, 밑동 y, 크기, 모양)
    (0.60, 0.545, 13, "round"),
    (0.755, 0.54, 16, "round"),
    (0.80, 0.545, 9, "cypress"),
    (0.30, 0.56, 12, "round"),
    (0.38, 0.555, 8, "cypress"),
    (0.93, 0.66, 24, "round"),
    (0.12, 0.86, 48, "round"),
]


def make_countryside(width: int, height: int) -> np.ndarray:
    """시골 풍경: 하늘과 구름, 먼 산, 완만한 언덕, 원근이 있는 밭과 고랑, 나무, 작은 집, 오솔길."""
    rng = np.random.default_rng(1508)
    unit = width / 512.0
    factor = 2
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    horizon = 0.42 * height
    house_x, house_y = 0.665 * width, 0.535 * height  # 집 정면의 아래 가운데

    image = _sky(rng, height, width, horizon, unit, cloudiness=0.12)
    grass = fractal(rng, height, width, 12 * unit, octaves=3)
    image, far_hill = _countryside_hills(rng, image, y, grass, unit)

    # 앞쪽 들판: 땅바닥의 원근 좌표 (u, v) 로 나눈 조각보 같은 밭과 고랑, 그리고 집까지 가는 오솔길
    plain_top = _ridge(rng, width, height, 0.63, 0.02, 120 * unit, (3.0, 1.0))
    u, v, du, dv = _ground_coordinates(rng, x, y, horizon, unit)
    image = _cover(image, y, plain_top, _fields(u, v, du, dv, y, horizon, grass))
    path = _path_mask(u, v, du, y, horizon, house_x, house_y, unit)
    dirt = mix(
        np.broadcast_to(rgb((204, 182, 138)), (height, width, 3)), rgb((170, 146, 104)), 0.5 + 0.5 * grass
    )
    image = mix(image, dirt, path)

    # 집, 나무: 두 배로 크게 그린 뒤 줄여서 가장자리를 매끄럽게
    canvas = Image.fromarray(to_uint8(image)).resize((width * factor, height * factor), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(canvas, "RGBA")
    f = factor * unit
    for tx in np.linspace(0.03, 0.97, 16):  # 먼 언덕의 작은 나무들
        px = (tx + rng.normal(0, 0.015)) * width
        _tree(draw, rng, px * factor, far_hill[int(np.clip(px, 0, width - 1))] * factor + 4 * f, rng.uniform(5, 8) * f)
    _house(draw, house_x * factor, house_y * factor, f)
    for tx in np.linspace(0.02, 0.98, 11):  # 들판 가장자리의 덤불
        px = (tx + rng.normal(0, 0.02)) * width
        if abs(px - 0.53 * width) > 0.06 * width:
            _tree(draw, rng, px * factor, plain_top[int(np.clip(px, 0, width - 1))] * factor + 2 * f,
                  rng.uniform(6, 9) * f)
    for tx, ty, size, kind in COUNTRYSIDE_TREES:
        _tree(draw, rng, tx * width * factor, ty * height * factor, size * f, kind)

    image = downsample(canvas, factor)
    image = image * (1.0 + 0.025 * fractal(rng, height, width, 2.0 * unit, octaves=1))[..., None]
    return to_uint8(image, step=2)


def _ridge(
    rng: np.random.Generator, width: int, height: int, base: float, amplitude: float, cell: float,
    waves: tuple[float, float],
) -> np.ndarray:
    """언덕이나 산의 능선: 열마다 능선의 높이(픽셀). 큰 물결(sin) 에 잡음을 더해 자연스럽게."""
    noise = fractal(rng, 1, width, cell, octaves=4)[0]
    xs = np.arange(width) / width
    return height * (base + amplitude * (0.6 * np.sin(xs * waves[0] + waves[1]) + 0.4 * noise))


def _cover(image: np.ndarray, y: np.ndarray, top: np.ndarray, color: np.ndarray) -> np.ndarray:
    """능선 `top` 아래를 `color` 로 덮습니다 (앞에 있는 것을 나중에 덮어 가까운 것이 먼 것을 가림)."""
    mask = smoothstep(-0.7, 0.7, y - top[None, :])
    return mix(image, np.asarray(color, dtype=np.float64), mask)


def _countryside_hills(
    rng: np.random.Generator, image: np.ndarray, y: np.ndarray, grass: np.ndarray, unit: float
) -> tuple[np.ndarray, np.ndarray]:
    """먼 산(푸르스름, 아지랑이) → 먼 언덕 → 가운데 언덕. 그림과 먼 언덕의 능선(나무를 심을 자리)을 돌려줍니다."""
    height, width = y.shape
    mountains = _ridge(rng, width, height, 0.36, 0.05, 60 * unit, (5.0, 0.5))
    haze = mix(
        np.broadcast_to(rgb((128, 150, 180)), (height, width, 3)),
        rgb((176, 194, 212)),
        smoothstep(0.3, 0.45, y / height),
    )
    image = _cover(image, y, mountains, haze)
    far_hill = _ridge(rng, width, height, 0.45, 0.04, 50 * unit, (7.0, 2.0))
    far = mix(np.broadcast_to(rgb((112, 146, 104)), (height, width, 3)), rgb((140, 166, 124)), 0.5 + 0.5 * grass)
    image = _cover(image, y, far_hill, far)
    mid_hill = _ridge(rng, width, height, 0.53, 0.045, 80 * unit, (4.0, 4.0))
    slope = smoothstep(0.5, 0.7, y / height)
    mid = mix(np.broadcast_to(rgb((112, 158, 66)), (height, width, 3)), rgb((80, 130, 52)), slope)
    mid = mid * (1.0 + 0.08 * grass + 0.08 * fractal(rng, height, width, 40 * unit, octaves=3))[..., None]
    return _cover(image, y, mid_hill, mid), far_hill


def _ground_coordinates(
    rng: np.random.Generator, x: np.ndarray, y: np.ndarray, horizon: float, unit: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """땅바닥의 원근 좌표 (u 가로, v 깊이) 와, 가로·세로 한 픽셀에 u, v 가 얼마나 변하는지 (du, dv).

    멀수록(지평선에 가까울수록) 한 픽셀에 담기는 땅이 넓어져 du, dv 가 커집니다.
    """
    height, width = x.shape
    depth = np.maximum(y - horizon, 1.0)
    u = (x - 0.5 * width) / depth * 60.0 + 5.0 * fractal(rng, height, width, 70 * unit, octaves=2)
    v = 4000.0 / depth
    return u, v, 60.0 / depth, 4000.0 / depth**2


def _fields(
    u: np.ndarray, v: np.ndarray, du: np.ndarray, dv: np.ndarray, y: np.ndarray, horizon: float, grass: np.ndarray
) -> np.ndarray:
    """조각보 같은 밭들: 밭마다 다른 작물과 고랑, 밭 사이의 산울타리(hedgerow)."""
    height, width = u.shape
    cell_u = np.floor(u / 70.0 + 0.5)
    cell_v = np.floor(v / 9.0 + 0.2 * np.sin(u / 30.0))
    crop = ((cell_u * 7 + cell_v * 3 + cell_u * cell_v) % 5 + 5) % 5
    # 멀수록 고랑이 촘촘해지므로, 한 픽셀보다 잘아지면 흐리게 지웁니다 (계단 무늬 방지)
    furrows = {
        "u": np.sin(u * (2 * np.pi / 3.0)) * smoothstep(0.45, 0.2, du / 3.0),
        "v": np.sin(v * (2 * np.pi / 0.5)) * smoothstep(0.45, 0.2, dv / 0.5),
    }
    fields = np.zeros((height, width, 3))
    for k, (light, dark, furrow) in COUNTRYSIDE_CROPS.items():
        patch = mix(np.broadcast_to(rgb(light), (height, width, 3)), rgb(dark), 0.5 + 0.5 * furrows[furrow])
        fields = np.where((crop == k)[..., None], patch, fields)
    fields = fields * (1.0 + 0.06 * grass)[..., None]
    edge_u = np.abs(u / 70.0 + 0.5 - np.round(u / 70.0 + 0.5)) * 70.0 / np.maximum(du, 1e-6)
    edge_v = (
        np.abs(v / 9.0 + 0.2 * np.sin(u / 30.0) - np.round(v / 9.0 + 0.2 * np.sin(u / 30.0)))
        * 9.0
        / np.maximum(dv, 1e-6)
    )
    hedge_width = 0.9 + 2.5 * (y - horizon) / height
    hedge = smoothstep(hedge_width, hedge_width * 0.4, np.minimum(edge_u, edge_v))
    return mix(fields, rgb((52, 84, 38)) * (1.0 + 0.15 * grass)[..., None], hedge)


def _path_mask(
    u: np.ndarray, v: np.ndarray, du: np.ndarray, y: np.ndarray, horizon: float, house_x: float, house_y: float,
    unit: float,
) -> np.ndarray:
    """오솔길 (H, W): 들판 앞쪽에서 언덕 위의 집까지 구불구불 (땅 좌표에서 폭이 같으니 멀수록 좁아 보임)."""
    height, width = y.shape
    u_house = (house_x - 0.5 * width) / (house_y - horizon) * 60.0
    v_house = 4000.0 / (house_y - horizon)
    v_near = 4000.0 / (height - horizon)
    path_center = 14.0 + (u_house - 14.0) * smoothstep(v_near, v_house, v) + 10.0 * np.sin(v / 9.0)
    path_dist = np.abs(u - path_center) - 12.0 * (1.0 - 0.5 * smoothstep(v_near, v_house, v))
    on_path = y > house_y - 1 * unit
    return smoothstep(0.8, -0.8, path_dist / np.maximum(du, 1e-6)) * on_path


def _house(draw: ImageDraw.ImageDraw, hx: float, hy: float, f: float) -> None:
    """하얀 벽에 붉은 지붕을 얹은 작은 집. (hx, hy) 는 집 정면의 아래 가운데, f 는 1 픽셀의 크기 (캔버스 기준)."""
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


# ---------------------------------------------------------------------------------------------------
# 빌라 건물 (building)
# ---------------------------------------------------------------------------------------------------


class _Villa(NamedTuple):
    """빌라의 도면: 벽의 위치는 1 배 크기(가로 512) 그림의 좌표, `f` 는 그 1 픽셀이 캔버스에서 차지하는 크기."""

    f: float
    left: float = 112.0
    right: float = 346.0
    base: float = 318.0
    top: float = 138.0
    sx: float = 70.0  # 옆면은 오른쪽 위로 비스듬히 물러납니다 (sx, sy)
    sy: float = -26.0

    @property
    def storey(self) -> float:
        return (self.base - self.top) / 3.0

    def at(self, px: float, py: float) -> tuple[float, float]:
        """1 배 크기의 좌표 → 크게 그리는 캔버스의 좌표."""
        return (px * self.f, py * self.f)


def make_building(width: int, height: int) -> np.ndarray:
    """빌라 건물: 기와지붕을 얹은 3 층 빌라의 정면과 옆면, 창문과 덧문, 발코니, 현관, 나무, 산과 하늘."""
    rng = np.random.default_rng(1997)
    unit = width / 512.0
    factor = 2
    image = _building_background(rng, width, height, unit)

    canvas = Image.fromarray(to_uint8(image)).resize((width * factor, height * factor), Image.Resampling.BICUBIC)
    walls = Image.new("L", canvas.size, 0)
    draw = ImageDraw.Draw(canvas, "RGBA")
    villa = _Villa(f=factor * unit)
    columns = np.linspace(villa.left + 26, villa.right - 26, 5)  # 창문 다섯 줄의 가운데
    _villa_walls(draw, ImageDraw.Draw(walls), villa)
    _villa_windows(draw, villa, columns)
    _villa_entrance(draw, villa, door_x=columns[2])
    _villa_balcony(draw, villa, columns)
    _villa_roof(draw, villa)
    _villa_garden(draw, rng, villa, door_x=columns[2], ground=height / unit)

    image = downsample(canvas, factor)
    wall_mask = np.asarray(walls.reduce(factor), dtype=np.float64) / 255.0
    stucco = (
        1.0
        + 0.035 * fractal(rng, height, width, 6 * unit, octaves=3)
        + 0.03 * fractal(rng, height, width, 60 * unit, octaves=3)
    )
    image = image * (1.0 + (stucco - 1.0) * wall_mask)[..., None]
    return to_uint8(image, step=2)


def _building_background(rng: np.random.Generator, width: int, height: int, unit: float) -> np.ndarray:
    """하늘, 먼 초록 산, 줄무늬로 깎은 잔디밭 (H, W, 3)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    image = _sky(rng, height, width, 0.62 * height, unit, cloudiness=0.05)
    noise = fractal(rng, 1, width, 90 * unit, octaves=4)[0]
    ridge = height * (0.44 - 0.10 * np.sin(x[0] / width * 3.0 + 0.3) - 0.03 * noise)
    mountain = mix(
        np.broadcast_to(rgb((84, 120, 100)), (height, width, 3)),
        rgb((132, 158, 150)),
        smoothstep(0.25, 0.75, y / height),
    )
    mountain = mountain * (1.0 + 0.12 * fractal(rng, height, width, 10 * unit, octaves=3))[..., None]
    image = mix(image, mountain, smoothstep(-0.7, 0.7, y - ridge[None, :]))
    lawn_top = 0.80 * height
    stripes = np.sin(x / (22.0 * unit) + (y - lawn_top) / (6.0 * unit)) > 0
    lawn = mix(
        np.broadcast_to(rgb((104, 156, 66)), (height, width, 3)), rgb((88, 140, 56)), stripes.astype(np.float64)
    )
    lawn = lawn * (1.0 + 0.07 * fractal(rng, height, width, 4 * unit, octaves=2))[..., None]
    return mix(image, lawn, smoothstep(-0.7, 0.7, y - lawn_top))


def _villa_walls(draw: ImageDraw.ImageDraw, wall_draw: ImageDraw.ImageDraw, villa: _Villa) -> None:
    """벽: 정면(밝은 크림색)과 옆면(그늘), 아래의 굽도리, 층 사이의 띠.

    벽이 있는 곳은 `wall_draw` 에도 칠합니다: 마지막에 벽에만 회반죽(stucco) 질감을 입히려고.
    """
    at, left, right, base, top, sx, sy = villa.at, villa.left, villa.right, villa.base, villa.top, villa.sx, villa.sy
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
    for k in (1, 2):  # 층 사이의 띠(cornice)와 그 아래 그림자
        yy = top + villa.storey * k
        draw.rectangle([*at(left - 3, yy - 3), *at(right, yy + 2)], fill=(248, 242, 228, 255))
        draw.rectangle([*at(left - 3, yy + 2), *at(right, yy + 5)], fill=(60, 50, 40, 60))
        draw.polygon(
            [at(right, yy - 3), at(right + sx, yy - 3 + sy), at(right + sx, yy + 2 + sy), at(right, yy + 2)],
            fill=(214, 204, 186, 255),
        )


def _villa_windows(draw: ImageDraw.ImageDraw, villa: _Villa, columns: np.ndarray) -> None:
    """창문: 1 층은 현관 양쪽에 아치 창 넷, 2·3 층은 덧문 달린 창 다섯. 옆면에는 기울어진 창이 층마다 둘."""
    at, right, top, sx, sy, storey = villa.at, villa.right, villa.top, villa.sx, villa.sy, villa.storey
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
                villa.f,
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
                width=max(1, int(1.6 * villa.f)),
            )


def _villa_entrance(draw: ImageDraw.ImageDraw, villa: _Villa, door_x: float) -> None:
    """현관: 하얀 테두리의 아치 문과 그 앞의 계단 세 단."""
    at, base, f = villa.at, villa.base, villa.f
    door_top = villa.top + villa.storey * 2 + 18
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


def _villa_balcony(draw: ImageDraw.ImageDraw, villa: _Villa, columns: np.ndarray) -> None:
    """발코니: 2 층 가운데, 바닥판과 그림자, 손잡이, 난간 기둥(baluster)."""
    at = villa.at
    b_left, b_right = columns[1] - 14, columns[3] + 14
    b_floor = villa.top + villa.storey * 2 - 6
    draw.rectangle([*at(b_left, b_floor - 2), *at(b_right, b_floor + 4)], fill=(232, 226, 212, 255))
    draw.rectangle([*at(b_left, b_floor + 4), *at(b_right, b_floor + 8)], fill=(50, 40, 30, 80))
    draw.rectangle([*at(b_left, b_floor - 24), *at(b_right, b_floor - 20)], fill=(244, 240, 230, 255))
    for bx in np.arange(b_left + 3, b_right - 1, 6.0):
        draw.rectangle([*at(bx - 1.2, b_floor - 20), *at(bx + 1.2, b_floor - 2)], fill=(236, 230, 216, 255))
        draw.rectangle([*at(bx + 1.2, b_floor - 20), *at(bx + 2.0, b_floor - 2)], fill=(150, 140, 126, 255))


def _villa_roof(draw: ImageDraw.ImageDraw, villa: _Villa) -> None:
    """지붕: 정면 사다리꼴, 옆면 세모, 위로 갈수록 좁아지는 기와 줄, 처마와 그 그림자, 굴뚝."""
    at, left, right, sx, sy, f = villa.at, villa.left, villa.right, villa.sx, villa.sy, villa.f
    eave = villa.top - 2
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
    for k in range(1, 12):
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


def _villa_garden(
    draw: ImageDraw.ImageDraw, rng: np.random.Generator, villa: _Villa, door_x: float, ground: float
) -> None:
    """나무와 덤불(왼쪽 큰 나무, 오른쪽 사이프러스, 벽 앞 생울타리)과 현관 앞의 디딤돌 길.

    `ground` 는 그림의 아래 끝 (1 배 크기 좌표).
    """
    at, left, right, base, f = villa.at, villa.left, villa.right, villa.base, villa.f
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


# ---------------------------------------------------------------------------------------------------
# 그림의 목록
# ---------------------------------------------------------------------------------------------------

PAINTINGS: dict[str, tuple[int, int, Callable[[int, int], np.ndarray]]] = {
    "klee": (512, 512, make_klee),
    "monet": (512, 512, make_monet),
    "swirl": (512, 512, make_swirl),
    "tofu": (512, 512, make_tofu),
    "countryside": (512, 384, make_countryside),
    "building": (512, 384, make_building),
}
"""이름 → (가로, 세로, 그리는 함수). 스타일 이미지는 512 × 512, 콘텐츠 이미지는 가로 512 × 세로 384."""
