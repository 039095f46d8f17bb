"""체크포인트(checkpoint): 오래 걸리는 실행을 중간중간 파일로 남겨, 끊겨도 이어서 할 수 있게 합니다.

Colab 은 한동안 손대지 않으면 런타임을 끊고, 노트북 컴퓨터는 잠자기에 들어갑니다. 그래서 `style_transfer` 에
``checkpoint_dir`` 를 주면 ``checkpoint_every`` 단계마다(그리고 멈출 때와 끝날 때) 파일 하나에 이어 하는 데
필요한 것을 모두 씁니다:

- 지금 이미지, 가장 좋은 이미지와 그 단계, 손실의 역사, 스냅숏(0~255 정수로 줄여서),
- Adam 의 상태(모멘트, 단계 수, 학습률),
- 설정(α, β, 층, 신경망 …)과 **콘텐츠·스타일 이미지 자체** (업로드한 파일이 사라져도 이어 할 수 있게).

파일은 임시 파일에 다 쓴 뒤 이름을 바꾸므로(atomic), 쓰는 도중에 끊겨도 앞의 체크포인트가 망가지지 않습니다.
이어 하기: ``nst.resume("outputs/checkpoints/nst-....npz")``. 같은 seed, 같은 장치(CPU)라면 한 번도 끊기지
않은 실행과 **같은 이미지**가 나옵니다 (Adam; L-BFGS 는 기억을 새로 시작하므로 조금 다를 수 있음).
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import numpy as np

from . import display
from .errors import NSTError, option
from ._files import _as_path, _is_dir, check_file_name, unused_path, write_atomically
from .settings import Settings

FORMAT = 1   # 파일 형식이 바뀌면 올림


def new_checkpoint_path(folder, name: str | None = None) -> Path:
    """체크포인트 파일의 새 경로: ``folder/name.npz`` (이름이 없으면 시각으로, 이미 있으면 -1, -2 …).

    폴더나 이름이 파일 경로가 될 수 없으면 (글자가 아님, NUL, 너무 긴 이름) 실행을 시작하기 전에 한국어 NSTError.
    """
    if name is not None and not isinstance(name, str):
        raise NSTError(f"체크포인트 이름(name)은 글자여야 합니다 (받은 값: {name!r}). 예: name='내작품'")
    folder = _as_path(folder, "체크포인트 폴더(checkpoint_dir)")
    stem = name or time.strftime("nst-%Y%m%d-%H%M%S")
    path = folder / f"{Path(stem).stem}.npz"
    check_file_name(path)
    return unused_path(path)


def save_checkpoint(path: Path, settings: Settings, images: dict, state: dict) -> Path:
    """체크포인트 하나를 씁니다 (덮어씀, atomic). `images` 는 {"content", "styles": [...], "init"(있으면)},
    `state` 는 실행 상태."""
    arrays = {f"image:{key}": np.asarray(value, np.float32) for key, value in images.items() if key != "styles"}
    arrays.update({f"image:style{i}": np.asarray(style, np.float32) for i, style in enumerate(images["styles"])})
    for key, value in state.items():
        if key == "snapshots":
            arrays["snapshot_steps"] = np.array([step for step, _ in value], np.int64)
            for index, (_, frame) in enumerate(value):
                arrays[f"snapshot:{index}"] = (np.clip(frame, 0, 1) * 255 + 0.5).astype(np.uint8)
        elif key == "optimizer":
            for index, variable in enumerate(value):
                arrays[f"optimizer:{index}"] = np.asarray(variable)
        elif key == "history":
            for name, values in value.items():
                arrays[f"history:{name}"] = np.asarray(values, np.float64)
        else:
            arrays[f"state:{key}"] = np.asarray(value)
    arrays["settings"] = np.array(json.dumps({"format": FORMAT, **settings.to_dict()}, ensure_ascii=False))

    def write(temporary: Path) -> None:
        with open(temporary, "wb") as file:
            np.savez(file, **arrays)

    return write_atomically(Path(path), write, overwrite=True)


def load_checkpoint(path) -> tuple[Settings, dict, dict]:
    """체크포인트를 읽어 (settings, images, state) 를 돌려줍니다. 망가진 파일이면 한국어 NSTError.

    images 는 {"content", "styles": [...], "init"(있으면)}: 스타일은 저장한 차례대로 (style2 가 style10 앞)."""
    path = _as_path(path, "체크포인트")
    try:
        found = path.is_file()
    except (OSError, ValueError):               # 너무 긴 이름 등
        found = False
    if not found:
        folder = path.parent if _is_dir(path.parent) else None
        found = sorted(p.name for p in folder.glob("*.npz"))[-5:] if folder else []
        hint = f" 그 폴더에 있는 체크포인트: {', '.join(found)}" if found else ""
        raise NSTError(f"체크포인트 파일 '{path}' 이(가) 없습니다.{hint} 경로를 확인하세요. Colab 에서 런타임이 "
                       "끊기면 /content 의 파일도 지워지므로, 체크포인트는 Google Drive 에 두세요.", path=str(path))
    try:
        with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        settings = json.loads(str(arrays.pop("settings")))
    except Exception as error:
        raise NSTError(f"체크포인트 '{path.name}' 을(를) 읽지 못했습니다 ({type(error).__name__}). 파일이 덜 "
                       "복사되었거나 망가졌습니다. 같은 폴더의 다른 체크포인트를 쓰거나 처음부터 다시 실행하세요.",
                       path=str(path)) from None
    if settings.get("format") != FORMAT:
        raise NSTError(f"체크포인트 '{path.name}' 은(는) 다른 버전의 nstlib 로 만든 것입니다. 처음부터 다시 "
                       "실행하세요.", path=str(path))
    images, state, history, optimizer, snapshots = {}, {}, {}, {}, {}
    for key, value in arrays.items():
        kind, _, name = key.partition(":")
        if kind == "image":
            images[name] = value
        elif kind == "state":
            state[name] = value.item() if value.ndim == 0 else value
        elif kind == "history":
            history[name] = value.tolist()
        elif kind == "optimizer":
            optimizer[int(name)] = value
        elif kind == "snapshot":
            snapshots[int(name)] = value.astype(np.float32) / 255.0
    styles = sorted((key for key in images if key.startswith("style")), key=lambda key: int(key[5:]))
    images["styles"] = [images.pop(key) for key in styles]
    state["history"] = history
    state["optimizer"] = [optimizer[i] for i in sorted(optimizer)]
    steps = arrays.get("snapshot_steps", np.zeros(0, np.int64)).tolist()
    state["snapshots"] = [(int(step), snapshots[i]) for i, step in enumerate(steps)]
    return Settings.from_dict(settings), images, state


def announce(path: Path) -> None:
    """체크포인트를 처음 쓸 때 한 번: 어디에 있고 어떻게 이어 하는지."""
    how = option("resume", str(path))
    how = f"nst.resume('{path}')" if how.startswith("resume=") else f"python -m nstlib {how}"
    display.notice(f"체크포인트를 '{path}' 에 저장합니다. 실행이 끊기면 "
                   f"{how} 로 이어서 할 수 있습니다.", "info")
