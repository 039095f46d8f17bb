"""움직이는 그림(animation): 최적화 중간 그림(snapshot)들을 GIF 나 MP4 로 저장.

GIF 는 Pillow 만으로 만들고(명령줄의 `--gif` 도 이것), MP4 는 ffmpeg 가 있을 때만 만듭니다.
입력은 `result.snapshots` 같은 [(단계, 이미지), ...] 또는 이미지 목록입니다 ([0, 1] float 또는 uint8).

>>> save_gif(result.snapshots, "과정.gif", max_size=256)  # doctest: +SKIP
PosixPath('과정.gif')
"""

from __future__ import annotations

import importlib.util
import numbers
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ..errors import NSTError
from ..images import to_uint8, write_atomically
from .frames import as_frames

__all__ = ["save_gif", "save_mp4"]


def _same_size(images: list[np.ndarray]) -> list[np.ndarray]:
    """크기가 다른 이미지는 첫 이미지의 크기로 맞춥니다 (GIF/MP4 의 모든 프레임은 크기가 같아야 함)."""
    height, width = images[0].shape[:2]
    out = []
    for image in images:
        if image.shape[:2] != (height, width):
            image = np.asarray(Image.fromarray(image).resize((width, height), Image.Resampling.LANCZOS))
        out.append(image)
    return out


def _output_path(path: str | os.PathLike, suffix: str) -> Path:
    target = Path(path).expanduser()
    if target.suffix == "":
        target = target.with_name(target.name + suffix)
    elif target.suffix.lower() != suffix:
        raise NSTError(f"'{target}' 의 확장자가 {target.suffix} 입니다. {suffix} 로 끝나는 이름을 써 주세요 "
                       f"(예: '{target.with_suffix(suffix).name}').", path=str(target))
    return target


def _frames_uint8(items: Any, what: str, max_size: int | None = None) -> list[np.ndarray]:
    images = _same_size([to_uint8(image) for _, image in as_frames(items, what)])
    if max_size is not None:
        if not isinstance(max_size, numbers.Integral) or max_size < 1:
            raise NSTError(f"max_size 는 1 이상의 정수(픽셀)여야 합니다: {max_size!r}")
        height, width = images[0].shape[:2]
        scale = max_size / max(height, width)
        if scale < 1:
            new = (max(1, round(width * scale)), max(1, round(height * scale)))
            images = [np.asarray(Image.fromarray(image).resize(new, Image.Resampling.LANCZOS)) for image in images]
    return images


def _shared_palette(images: list[np.ndarray], colors: int = 256, max_pixels: int = 400_000) -> Image.Image:
    """모든 프레임에서 고르게 뽑은 픽셀로 256색 팔레트 하나를 만듭니다 (프레임마다 색이 튀지 않게)."""
    pixels = np.concatenate([image.reshape(-1, 3) for image in images])
    pixels = pixels[:: max(1, len(pixels) // max_pixels)]
    sample = Image.fromarray(np.ascontiguousarray(pixels[None, :, :]), "RGB")
    return sample.quantize(colors=colors, method=Image.Quantize.MEDIANCUT)


def save_gif(snapshots_or_images: Any, path: str | os.PathLike, *, duration_ms: int = 120, loop: int = 0,
             overwrite: bool = False, max_size: int | None = None, last_frame_ms: int = 1500) -> Path:
    """움직이는 GIF 를 저장하고 실제로 저장한 경로를 돌려줍니다.

    모든 프레임이 같이 쓰는 256색 팔레트를 만들고 플로이드-스타인버그 디더링(dithering)으로 색을 옮겨
    그러데이션이 계단처럼 끊기지 않게 합니다. 마지막 프레임은 `last_frame_ms` 동안 멈춰 보여 줍니다.

    Args:
        snapshots_or_images: [(단계, 이미지), ...] (예: `result.snapshots`) 또는 이미지 목록.
            크기가 다른 이미지는 첫 이미지의 크기로 맞춥니다.
        path: 저장할 파일 이름 (.gif). 확장자가 없으면 .gif 를 붙입니다.
        duration_ms: 프레임 하나를 보여 주는 시간 (밀리초).
        loop: 반복 횟수 (0 = 끝없이 반복).
        overwrite: False(기본)면 있는 파일을 덮어쓰지 않고 out-1.gif, out-2.gif … 로 저장합니다.
        max_size: 긴 변을 이 픽셀 수 이하로 줄입니다 (파일을 작게).
        last_frame_ms: 마지막 프레임을 보여 주는 시간 (밀리초).

    >>> save_gif(result.snapshots, "과정.gif", max_size=256)  # doctest: +SKIP
    PosixPath('과정.gif')
    """
    for name, value in (("duration_ms", duration_ms), ("last_frame_ms", last_frame_ms)):
        if not isinstance(value, numbers.Real) or not value > 0:
            raise NSTError(f"{name} 은(는) 0보다 큰 밀리초여야 합니다: {value!r}")
    if not isinstance(loop, numbers.Integral) or loop < 0:
        raise NSTError(f"loop 는 0(끝없이) 이상의 정수여야 합니다: {loop!r}")
    target = _output_path(path, ".gif")
    images = _frames_uint8(snapshots_or_images, "GIF 로 만들 이미지", max_size)
    palette = _shared_palette(images)
    frames = [Image.fromarray(image, "RGB").quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
              for image in images]
    durations = [int(duration_ms)] * (len(frames) - 1) + [int(max(duration_ms, last_frame_ms))]

    def write(temp: Path) -> None:
        frames[0].save(temp, format="GIF", save_all=True, append_images=frames[1:], duration=durations,
                       loop=int(loop), disposal=1)

    return write_atomically(target, write, overwrite=overwrite)


def _find_ffmpeg() -> str | None:
    """MP4 를 만들 ffmpeg 실행 파일: 시스템의 ffmpeg(matplotlib 이 찾는 것), 없으면 imageio-ffmpeg 의 것."""
    import matplotlib
    from matplotlib.animation import FFMpegWriter as writer

    available = getattr(writer, "isAvailable", None) or getattr(writer, "is_available", None)
    try:
        if available is not None and available():
            binary = matplotlib.rcParams["animation.ffmpeg_path"]
            return shutil.which(binary) or binary
    except Exception:
        pass
    if importlib.util.find_spec("imageio_ffmpeg") is not None:
        try:
            import imageio_ffmpeg

            return imageio_ffmpeg.get_ffmpeg_exe()
        except Exception:
            return None
    return None


def _even(image: np.ndarray) -> np.ndarray:
    """H.264(yuv420p) 는 높이·너비가 짝수여야 하므로 가장자리 한 줄을 복사해 붙입니다."""
    height, width = image.shape[:2]
    return np.pad(image, ((0, height % 2), (0, width % 2), (0, 0)), mode="edge")


def save_mp4(snapshots_or_images: Any, path: str | os.PathLike, *, fps: float = 8,
             overwrite: bool = False, hold_last_s: float = 1.0) -> Path | None:
    """MP4 동영상(H.264)을 저장하고 저장한 경로를 돌려줍니다. **인코더가 없으면 아무것도 하지 않고 None.**

    인코더는 시스템의 ffmpeg(matplotlib 이 찾는 것, Colab 에는 있음) 또는 imageio-ffmpeg 패키지의 ffmpeg
    입니다. 둘 다 없으면 None 을 돌려주니, 그럴 때는 `save_gif` 를 쓰세요. 높이·너비가 홀수이면 가장자리를
    한 줄 늘려 짝수로 맞춥니다. 마지막 프레임은 `hold_last_s` 초 동안 멈춰 보여 줍니다.

    Args:
        snapshots_or_images: [(단계, 이미지), ...] 또는 이미지 목록.
        path: 저장할 파일 이름 (.mp4). 확장자가 없으면 .mp4 를 붙입니다.
        fps: 1초에 보여 줄 프레임 수.
        overwrite: False(기본)면 있는 파일을 덮어쓰지 않고 out-1.mp4 … 로 저장합니다.

    >>> save_mp4(result.snapshots, "과정.mp4") or save_gif(result.snapshots, "과정.gif")  # doctest: +SKIP
    """
    if not isinstance(fps, numbers.Real) or not 0 < fps <= 120:
        raise NSTError(f"fps 는 0보다 크고 120 이하인 수여야 합니다: {fps!r}")
    target = _output_path(path, ".mp4")
    images = [_even(image) for image in _frames_uint8(snapshots_or_images, "MP4 로 만들 이미지")]
    ffmpeg = _find_ffmpeg()
    if ffmpeg is None:
        return None
    images += [images[-1]] * max(0, round(fps * hold_last_s) - 1)
    height, width = images[0].shape[:2]
    raw = b"".join(np.ascontiguousarray(image).tobytes() for image in images)

    def write(temp: Path) -> None:
        messages = []
        for codec in (["-c:v", "libx264", "-preset", "medium", "-crf", "18"], ["-c:v", "mpeg4", "-q:v", "2"]):
            command = [ffmpeg, "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
                       "-s", f"{width}x{height}", "-r", f"{fps:g}", "-i", "-", "-an", *codec,
                       "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", str(temp)]
            done = subprocess.run(command, input=raw, capture_output=True, check=False)
            if done.returncode == 0 and temp.exists() and temp.stat().st_size > 0:
                return
            messages.append(done.stderr.decode(errors="replace").strip()[-300:])
        raise NSTError(f"ffmpeg 로 '{target.name}' 을(를) 만들지 못했습니다: {messages[-1]} "
                       f"대신 save_gif 를 써 보세요.", path=str(target))

    return write_atomically(target, write, overwrite=overwrite)
