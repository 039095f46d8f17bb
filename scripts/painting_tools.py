"""예제 그림을 그리는 도구: 잡음(noise), 흐림(blur), 색 섞기, 붓 터치(dab)와 굽은 붓질(stroke).

`scripts/paintings.py` 의 그림들이 함께 씁니다. 라이브러리(`nstlib`)는 이 코드를 부르지 않습니다: 그림은
`python scripts/make_examples.py` 가 한 번 그려 `nstlib/data/` 에 PNG 로 넣어 두고, 라이브러리는 그 파일을 읽습니다.
모든 함수는 씨앗(seed)을 고정한 `numpy.random.Generator` 를 받으므로, 같은 씨앗이면 언제나 같은 픽셀이 나옵니다.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

# ---------------------------------------------------------------------------------------------------
# 잡음(noise), 흐림(blur), 색 섞기
# ---------------------------------------------------------------------------------------------------


def lattice(rng: np.random.Generator, size: int = 256) -> np.ndarray:
    """값 잡음(value noise)의 격자: [0, 1) 의 난수, 가장자리가 이어지도록(주기적으로) 씁니다."""
    return rng.random((size, size))


def noise_at(grid: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
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


def fractal(
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
        grid = lattice(rng)
        scale = cell / (2.0**octave)
        offset = rng.random(2) * 256
        total += amplitude * (noise_at(grid, along / scale + offset[0], across / scale + offset[1]) - 0.5)
        norm += amplitude * 0.5
        amplitude *= 0.5
    return total / norm


def box_blur_axis(a: np.ndarray, radius: int, axis: int) -> np.ndarray:
    if radius < 1:
        return a
    pad = [(0, 0)] * a.ndim
    pad[axis] = (radius + 1, radius)
    padded = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis)
    n = a.shape[axis]
    upper = np.take(padded, np.arange(2 * radius + 1, 2 * radius + 1 + n), axis=axis)
    lower = np.take(padded, np.arange(0, n), axis=axis)
    return (upper - lower) / (2 * radius + 1)


def blur(a: np.ndarray, sigma: float) -> np.ndarray:
    """가우스 흐림(Gaussian blur)을 상자 흐림(box blur) 세 번으로 근사합니다 (축 0, 1 방향)."""
    radius = int(round((np.sqrt(4.0 * sigma * sigma + 1.0) - 1.0) / 2.0))
    out = np.asarray(a, dtype=np.float64)
    for _ in range(3):
        out = box_blur_axis(out, radius, 0)
        out = box_blur_axis(out, radius, 1)
    return out


def smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def mix(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """a 와 b 를 t 의 비율로 섞습니다 (t 는 (H, W) 또는 (H, W, 1))."""
    t = np.asarray(t, dtype=np.float64)
    if t.ndim == 2:
        t = t[..., None]
    return a + (np.asarray(b, dtype=np.float64) - a) * t


def rgb(values: tuple[int, int, int]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def to_uint8(image: np.ndarray, step: int = 1) -> np.ndarray:
    """0–255 의 uint8 로 바꿉니다. `step` 단계로 값을 고르면 PNG 파일이 작아집니다 (눈으로는 차이가 없음)."""
    return np.clip(np.rint(np.asarray(image) / step) * step, 0, 255).astype(np.uint8)


def downsample(image: Image.Image, factor: int) -> np.ndarray:
    """크게 그린 그림을 `factor` 배 줄여 계단 현상(aliasing)을 없앱니다."""
    return np.asarray(image.reduce(factor), dtype=np.float64)


# ---------------------------------------------------------------------------------------------------
# 붓 터치(dab): 모네풍 그림의 짧고 두꺼운 반투명 터치
# ---------------------------------------------------------------------------------------------------


def dab_polygons(
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


def paint_dabs(
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
    body = dab_polygons(xs * factor, ys * factor, lengths * factor, widths * factor, angles)
    hair = dab_polygons(
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



# ---------------------------------------------------------------------------------------------------
# 굽은 붓질(stroke): 흐름(방향장)을 따라가는 소용돌이 붓질
# ---------------------------------------------------------------------------------------------------


def trace_strokes(
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


def paint_strokes(
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

