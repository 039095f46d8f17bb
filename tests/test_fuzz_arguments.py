"""인자 퍼징(argument fuzzing): 공개 입구마다 이상한 인자를 넣어 봅니다 (Hypothesis).

입구: `style_transfer`, `style_grid`, `load_image`, `save_image`, 명령줄 `main(argv)`. 인자마다 쓸 만한 값과
경계의 양쪽 값, NaN/무한대, 음수, 틀린 형식(None, 목록, 글자 …), 빈 글자와 아주 긴 글자, 이상한 유니코드(NUL,
짝 없는 surrogate, 오른쪽→왼쪽 표시), 폴더와 장치(/dev/zero, /dev/stdin …)의 경로를 섞습니다.

한 경우(case)는 둘 중 하나로 끝나야 합니다:

- **결과(result)**: 약속한 모양의 값 (그림은 float32 (H, W, 3), [0, 1], 유한; 저장한 파일은 끝까지 읽힘).
  명령줄은 종료 코드 0 과 읽히는 결과 파일.
- **한국어 `NSTError`**: 명령줄은 종료 코드 2, "오류: " 로 시작하는 한국어 안내, 오류 추적(Traceback) 없음,
  그리고 명령줄에는 없는 이름(`max_size`, `learning_rate`, `overwrite=True` …)을 말하지 않음.

그 밖의 예외, 멈춤(hang), 반쯤 쓴 파일(임시 파일이 남음, 끝까지 읽히지 않는 그림·체크포인트), 있던 파일이 바뀜,
한국어가 아닌 안내문은 모두 실패입니다.

CI 는 입구마다 몇십~백 개 (`NSTLIB_FUZZ_EXAMPLES`, 기본 150 의 비율)를 돌립니다: 무작위 가중치, 32~48 px,
0~2 단계. 더 길게는 `python benchmarks/fuzz_arguments.py --cases 2000`. 이 파일의 값 목록과 판정 함수
(`POOLS`, `run_case` …)를 그 벤치마크도 함께 씁니다.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import math
import os
import re
import shutil
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import assert_korean
from test_fuzz import Hang, time_limit   # 멈춘 호출을 끊는 시계 (loaders 의 fuzz 와 같은 것)
from nstlib import display
from nstlib.errors import NSTError

EXAMPLES = int(os.environ.get("NSTLIB_FUZZ_EXAMPLES", "150"))
FUZZ = settings(database=None, deadline=None, derandomize=True, max_examples=EXAMPLES,
                suppress_health_check=list(HealthCheck))
HANG_SECONDS = 60.0
"""한 경우가 이보다 오래 걸리면 멈춘 것(hang)으로 봅니다. 가장 느린 정상 경우(XLA 컴파일)의 열 배쯤."""


# --------------------------------------------------------------------------------------------
# 값(value): 이름과, 경우마다 새로 만드는 함수. 경로·배열은 경우마다 새로 만들어야 서로 섞이지 않습니다.
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class V:
    label: str
    make: Callable[["Place"], Any]

    def __repr__(self):                  # Hypothesis 가 실패한 경우를 보여 줄 때
        return self.label


def same(value, label: str | None = None) -> V:
    return V(label or repr(value), lambda place: value)


@dataclass
class Place:
    """한 경우가 쓰는 곳: 쓰기는 모두 `folder` 안에서만 (현재 폴더와 HOME 도 여기). `shared` 에는 읽기용 파일."""

    folder: Path
    shared: Path
    url: str

    def file(self, name: str) -> str:
        return str(self.shared / name)

    def bytes(self, name: str) -> bytes:
        return (self.shared / name).read_bytes()


def photo(height: int = 40, width: int = 48, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(size=(height, width, 3)).astype(np.float32)


NUMBERS_BAD = [same(-1), same(math.nan, "nan"), same(math.inf, "inf"), same(-math.inf, "-inf"), same(None),
               same([1]), same(1e300), same(complex(1, 1)), same(np.float32("nan"), "np.float32(nan)"),
               same("열", "'열'"), same(""), same(object(), "object()")]
"""거의 모든 수 인자에 넣어 볼 틀린 값."""

STRINGS_ODD = [same(""), same(" "), same("가" * 300, "'가'*300"), same("a\x00b"), same("\ud800"),
               same("\u202eevil"), same("🎨"), same("C:\\그림\\x.png")]
"""이상한 글자들: 빈 글자, 아주 긴 글자, NUL, 짝 없는 surrogate, 오른쪽→왼쪽 표시, 그림 글자, Windows 경로."""

DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/full", "/dev/stdin", "/", "/proc/self/status"]
"""읽기에 넣어 볼 장치와 특별한 경로 (쓰기에는 쓰지 않음: 테스트는 case 폴더 밖에 쓰지 않습니다)."""

IMAGE_SOURCES = [
    V("photo array", lambda p: photo()), V("style array", lambda p: photo(44, 36, 1)), same("klee"),
    V("photo.png", lambda p: p.file("photo.png")), V("Path(photo.png)", lambda p: Path(p.file("photo.png"))),
    V("notes.jpg (text)", lambda p: p.file("notes.jpg")), V("folder", lambda p: p.file("folder")),
    V("missing.png", lambda p: p.file("missing.png")), V("url ok", lambda p: p.url + "/ok.png"),
    V("url 404", lambda p: p.url + "/missing.png"), V("url html", lambda p: p.url + "/page.html"),
    same("http://"), same("https://[::1"), same("http://127.0.0.1:1/x.png"),
    V("nan array", lambda p: np.full((40, 48, 3), np.nan, np.float32)),
    V("zeros (0, 48, 3)", lambda p: np.zeros((0, 48, 3))), V("4x4x3 uint16", lambda p: np.ones((4, 4, 3), np.uint16)),
    V("(2, 40, 48, 3)", lambda p: np.zeros((2, 40, 48, 3))),
    V("complex array", lambda p: np.ones((40, 48, 3), complex)),
    V("object array", lambda p: np.full((40, 48, 3), None)), V("ragged list", lambda p: [[1, 2], [3]]),
    V("int64 300", lambda p: np.full((40, 48, 3), 300, np.int64)), V("1x300 strip", lambda p: photo(1, 300)),
    V("bytes", lambda p: b"\x89PNG\r\n\x1a\n"), same(b"", "b''"), same(None), same(5), same([]), same({}),
    V("PIL image", lambda p: Image.fromarray((photo() * 255).astype(np.uint8))),
    V("upload 8.x", lambda p: ({"name": "x.png", "content": memoryview(p.bytes("photo.png"))},)),
    V("upload 7.x", lambda p: {"x.png": {"metadata": {"name": "x.png"}, "content": p.bytes("photo.png")}}),
    same({"name": "x.png", "content": 5}), same(({"content": "text"},)), same(({},)), same([{"a": 1}]),
    V("object()", lambda p: object()), *[same(device) for device in DEVICES], *STRINGS_ODD,
]
"""그림 자리(content, style, source)에 넣을 값."""

SAVE_PATHS = [
    V("x.png", lambda p: p.folder / "x.png"), V("x.JPG", lambda p: str(p.folder / "x.JPG")),
    V("x.webp", lambda p: p.folder / "x.webp"), V("x.txt", lambda p: p.folder / "x.txt"),
    V("no suffix", lambda p: p.folder / "x"), V("new/sub/x.png", lambda p: p.folder / "새 폴더" / "sub" / "x.png"),
    V("existing.png", lambda p: p.folder / "existing.png"), V("case folder", lambda p: p.folder),
    V("under a file", lambda p: p.folder / "existing.png" / "x.png"),
    V("'가'*90.png", lambda p: p.folder / ("가" * 90 + ".png")),
    V("'가'*81.png", lambda p: p.folder / ("가" * 81 + ".png")),
    V("NUL.png", lambda p: str(p.folder / "a\x00b.png")), V("surrogate.png", lambda p: str(p.folder / "\ud800.png")),
    V("undecodable.png", lambda p: str(p.folder / "\udcff.png")), V("relative x.png", lambda p: "x.png"),
    same("~/x.png"), same(""), same("/dev/null"), same("/"), same("/dev"), same(5), same(None),
    same(b"x.png", "b'x.png'"), same(["x.png"]),
]
"""저장할 경로: 모두 case 폴더 안이거나, 파일을 만들 수 없는 곳 (확장자 없는 장치, 폴더)."""


def numbers(*good, bad=NUMBERS_BAD) -> list[V]:
    return [same(value) for value in good] + list(bad)


def choices(*good, bad=()) -> list[V]:
    odd = [same(""), same(None), same(5), same(["x"]), same("가" * 300, "'가'*300")]
    return [same(value) for value in good] + [same(value) for value in bad] + odd


LAYERS = [same(None), same(["conv4_2"]), same(["conv1_1", "conv2_1"]), same("conv1_1"), same([]), same(["nope"]),
          same({"conv1_1": -1.0}), same({"conv1_1": math.nan}), same({"conv1_1": "x"}), same({"conv1_1": 0.0}),
          same([None]), same([1]), same(5), same(["block1_conv1"]), same({"conv5_1": math.inf}), same([["conv1_1"]])]


def callback_ok(step, image, losses):
    assert image.ndim == 3 and "total" in losses


RUN = {
    "size": numbers(32, 33, 48, 4096, 31, 4097, 0, 48.0, 32.5, True, "48"),
    "steps": numbers(0, 1, 2, 2.0, 1_000_001, 0.5, "1", True,    # 큰 정상값(백만)과 None(장치의 기본 200)은
                     bad=[v for v in NUMBERS_BAD if v.label != "None"]),   # 넣지 않음: 오래 걸림
    "alpha": numbers(0.0, 1.0, 1e12, 1e13, 1e-300),
    "beta": numbers(0.0, 1.0, 1e12, 1e13, 1e-300, bad=[same(None), *NUMBERS_BAD[:4]]),
    "tv_weight": numbers(0.0, 1.0, 1e12, 1e13),
    "learning_rate": numbers(1e-6, 1.0, 0.02, 1e-7, 1.0000001, 0.0, "0.1"),
    "init": [*(same(name) for name in ("content", "noise", "style", "matched", "Noise", "")),
             V("photo array", lambda p: photo(20, 20, 3)), V("nan array", lambda p: np.full((40, 48, 3), np.nan)),
             V("(40, 48) array", lambda p: np.zeros((40, 48))), V("object()", lambda p: object()),
             same(None), same(5), same([]), V("photo.png", lambda p: p.file("photo.png")),
             V("complex array", lambda p: np.ones((40, 48, 3), complex)),
             V("str array", lambda p: np.full((4, 4, 3), "a"))],
    "seed": numbers(0, 4_294_967_295, 4_294_967_296, 1.5, "0", True, np.int64(3)),
    "content_layers": LAYERS,
    "style_layers": LAYERS,
    "style_blend": [same(None), same([1.0]), same([0.0]), same([-1.0]), same([math.nan]), same([math.inf]),
                    same([1.0, 2.0]), same("1"), same(5), same([]), same([None]), same(["a"])],
    "weights": choices("random", "hed-vgg16", bad=["none", "/dev/null", "/dev/zero", "x.h5", "/"]),  # 인터넷은 쓰지 않음
    "architecture": choices(None, "vgg19", "vgg16", "VGG19", bad=["resnet"]),
    "pooling": choices("avg", "max", bad=["min", "AVG"]),
    "mode": choices("relative", "paper", bad=["PAPER"]),
    "compiled": [same(True), same(False), same(None), same("yes"), same(0)],
    "snapshot_every": numbers(0, 1, 3, 10**9, 1.5),
    "callback": [same(None), same(callback_ok, "callback_ok"), same(5), same("print"), same([callback_ok])],
    "callback_every": numbers(1, 2, 0, 10**9, 1.5),
    "progress": [same(False), same(True), same(None), same("no")],
    "optimizer": choices("adam", "lbfgs", bad=["Adam", "sgd"]),
    "coarse_to_fine": numbers(0, 1, 6, 7, 1.5, "1"),
    "precision": choices("float32", "mixed", "bfloat16", bad=["float16"]),
    "xla": [same(False), same(True), same(None), same("yes")],
    "checkpoint_dir": [same(None), V("case/checkpoints", lambda p: p.folder / "checkpoints"),
                       V("case folder (str)", lambda p: str(p.folder)), same(""),
                       V("existing file", lambda p: p.folder / "existing.png"), same("/dev/null"),
                       V("NUL", lambda p: str(p.folder / "a\x00b")), V("'가'*300", lambda p: p.folder / ("가" * 300)),
                       same(5), same(["x"])],
    "checkpoint_every": numbers(0, 1, 2, 10**9, 1.5),
    "name": [same(None), same("작품"), same(""), same("../위로"), same("a/b"), same(5), *STRINGS_ODD[2:5]],
}
"""style_transfer 의 인자마다의 값 목록 (content, style 은 IMAGE_SOURCES)."""

RUN_BASE = dict(size=32, steps=2, weights="random", progress=False, compiled=False)
"""인자를 바꾸지 않은 자리에 쓰는 값: 작은 그림, 적은 단계, 무작위 가중치 (가장 빠른 정상 실행)."""

GRID = {
    **{key: RUN[key] for key in ("size", "steps", "learning_rate", "tv_weight", "init", "seed", "content_layers",
                                 "style_blend", "weights", "architecture", "pooling", "mode", "compiled",
                                 "progress")},
    "ratios": [same([1.0]), same([10.0, 0.1]), same([]), same([0.0]), same([-1.0]), same([math.nan]), same(1.0),
               same("1"), same(None), same([1e-13]), same([1e13]), same([[1.0]]), same({1.0: 2})],
    "layer_sets": [same(None), same([["conv1_1"]]), same([["conv1_1"], ["conv1_1", "conv2_1"]]), same([]),
                   same("conv1_1"), same(["conv1_1"]), same([None]), same([[]]), same([["nope"]]), same([5]),
                   same([{"conv1_1": "x"}]), same({"conv1_1": 1.0})],
    "batched": [same(True), same(False), same(None), same("no")],
}
GRID_BASE = dict(ratios=[1.0], layer_sets=[["conv1_1"]], size=32, steps=2, weights="random", progress=False,
                 compiled=False)

LOAD = {
    "source": IMAGE_SOURCES,
    "max_size": numbers(None, 1, 16, 48, 512, 0, 1.5, True, 2**64, np.int64(40), "64"),
    "name": [same(None), same("그림.png"), same(""), same(5), *STRINGS_ODD],
    "min_side": numbers(1, 32, 0, 10**9, 1.5, np.int64(2)),
    "max_pixels": numbers(1, 100, 10**8, 0, 1.5, 10**30),
    "timeout": numbers(0.5, 2, 0, 1e-9, 10**9, "1"),
    "max_bytes": numbers(1, 100, 20 * 1024 * 1024, 0, 1.5, 10**30),
}
LOAD_BASE = dict(max_size=48)

SAVE = {
    "image": [V("photo", lambda p: photo()), V("(1, H, W, 3)", lambda p: photo()[None]),
              V("uint8", lambda p: (photo() * 255).astype(np.uint8)), V("bool", lambda p: photo() > 0.5),
              V("nan/inf", lambda p: np.array([[[np.nan, np.inf, -np.inf]]])),
              V("(0, 0, 3)", lambda p: np.zeros((0, 0, 3))),
              V("(4, 4, 5)", lambda p: np.zeros((4, 4, 5))), V("(2, 4, 4, 3)", lambda p: np.zeros((2, 4, 4, 3))),
              V("int64 -5", lambda p: np.full((4, 4, 3), -5)), V("complex", lambda p: np.ones((4, 4, 3), complex)),
              V("object", lambda p: np.full((4, 4, 3), None)), V("ragged", lambda p: [[1, 2], [3]]),
              V("strings", lambda p: np.full((4, 4, 3), "a")), V("1x2000 strip", lambda p: photo(1, 2000)),
              same(None), same("x.png"), same(5), same([])],
    "path": SAVE_PATHS,
    "overwrite": [same(False), same(True), same(None), same("yes"), same(1)],
}
SAVE_BASE = dict(image=None, path=None)          # 이 둘은 언제나 값 목록에서 고름


# --------------------------------------------------------------------------------------------
# 명령줄: argv 는 글자들의 목록
# --------------------------------------------------------------------------------------------

CLI_WORDS = ["", " ", "-", "--", "0", "-1", "1e309", "nan", "inf", "2.5", "가" * 300, "\udcff", "a\x00b",
             "\u202eevil", "🎨", "x.png", "~/x.png", "/dev/null", "/dev/zero", "/", "klee", "swirl", "none", "--size",
             "-o", "--weights=random", "--lr=1", "--size=32", "--ratio=-1", "--stepz", "--s", "--overwrite=yes"]
"""명령줄 어디에나 끼워 볼 낱말 (사람이 칠 수 있는 것: 짝 없는 surrogate 는 \\udcff 처럼 파이썬이 만드는 것만)."""

CLI_VALUES = {
    "--size": ["32", "48", "31", "4097", "0", "-5", "32.5", "1_000", "٣٢", "abc"],
    "--steps": ["1", "2", "0", "-3", "1000001", "열", "1.0"],
    "--ratio": ["1", "1e-2", "1e-12", "1e-13", "1e13", "0", "-1", "nan", "1e-300", "1e300"],
    "--tv": ["0", "0.01", "1e12", "1e13", "-1"],
    "--lr": ["0.02", "1", "1e-6", "1e-7", "1.5", "0", "1e4"],
    "--init": ["content", "noise", "style", "matched", "Noise", "photo.png", "notes.jpg", "folder", "/dev/zero"],
    "--seed": ["0", "4294967295", "4294967296", "-1", "1.5"],
    "--weights": ["random", "hed-vgg16", "x.h5", "folder", "/dev/zero", "/dev/null", "notes.jpg"],
    "--network": ["vgg19", "vgg16", "resnet"],
    "--pooling": ["avg", "max", "min"],
    "--mode": ["relative", "paper", "x"],
    "--blend": ["1", "0.7 0.3", "-1 2", "0 0", "nan", "inf 1", "1 1 1"],
    "--gif": ["과정.gif", "x.png", "folder", "sub/과정.gif", "가" * 90 + ".gif"],
    "--snapshot-every": ["1", "0", "-1", "10"],
    "--optimizer": ["adam", "lbfgs", "sgd"],
    "--coarse-to-fine": ["0", "1", "6", "7", "-1"],
    "--precision": ["float32", "mixed", "bfloat16", "float16"],
    "--checkpoint-every": ["0", "1", "-1", "50"],
    "--resume": ["ok.npz", "ok.npz", "notes.jpg", "missing.npz", "folder", "/dev/zero", "photo.png"],
    "-o": ["결과.png", "x.jpg", "x.txt", "folder", "sub/dir/x.webp", "가" * 90 + ".png", "notes.jpg/x.png",
           "existing.png", "/dev/null", "/"],
    "--xla": [None], "--overwrite": [None], "--preserve-colors": [None], "--list-examples": [None],
    "--help": [None],
}
"""옵션마다의 값 (None: 값 없는 옵션). 상대 경로는 case 폴더 안 (photo.png, notes.jpg, folder 는 미리 둠)."""


def cli_argv(content: str, styles: list[str], options: list[tuple[str, str | None]], extra: list[str]) -> list[str]:
    """작은 크기·적은 단계를 기본으로 두고(뒤의 옵션이 이김), 이미지와 고른 옵션, 낱말을 잇습니다."""
    argv = [content, *styles, "--size", "32", "--steps", "1"]
    for option, value in options:
        argv += [option] if value is None else [option, *value.split(" ")]
    return argv + extra


cli_strategy = st.builds(
    cli_argv,
    content=st.sampled_from(["photo.png", "klee", "missing.png", "folder", "notes.jpg", "/dev/zero", "", "-"]),
    styles=st.lists(st.sampled_from(["swirl", "klee", "photo.png", "notes.jpg", "missing.png", "/dev/stdin"]),
                    max_size=3),
    options=st.lists(st.sampled_from(sorted(CLI_VALUES)).flatmap(
        lambda option: st.tuples(st.just(option), st.sampled_from(CLI_VALUES[option]))), max_size=4),
    extra=st.lists(st.sampled_from(CLI_WORDS), max_size=2),
)


# --------------------------------------------------------------------------------------------
# 판정 (outcome): 'result' 또는 'error'. 그 밖에는 예외로 나갑니다 (AssertionError, Hang, 그 밖의 모든 예외).
# --------------------------------------------------------------------------------------------

class HalfWritten(AssertionError):
    """임시 파일이 남았거나, 끝까지 읽히지 않는 파일이 남았거나, 있던 파일이 바뀜."""


CLI_FOREIGN_NAMES = re.compile(r"max_size|learning_rate|tv_weight|style_blend|coarse_to_fine|checkpoint_every|"
                               r"snapshot_every|=True|optimizer=|alpha=|beta=|\(size\)|\(steps\)|seed=|weights=")
"""명령줄의 안내에 나오면 안 되는 이름 (파이썬 키워드 인자의 모양)."""

READABLE = {".png", ".jpg", ".jpeg", ".webp", ".gif"}


def fingerprint(folder: Path) -> dict:
    return {p: hashlib.sha1(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def check_files(folder: Path, before: dict, may_change=lambda path: False) -> None:
    """case 폴더에 반쯤 쓴 파일이 없는지: 임시 파일, 끝까지 읽히지 않는 그림·체크포인트, 바뀐 파일.

    덮어쓰라고 했거나(overwrite) 이어 그린 체크포인트(--resume)는 바뀌어도 되지만, 끝까지 읽혀야 합니다."""
    changed = set()
    for path, digest in before.items():
        if not path.exists() or hashlib.sha1(path.read_bytes()).hexdigest() != digest:
            if not (may_change(path) and path.exists()):
                raise HalfWritten(f"있던 파일이 바뀌거나 지워짐: {path.name}")
            changed.add(path)
    for path in folder.rglob("*"):
        if not path.is_file() or (path in before and path not in changed):
            continue
        if path.suffix == ".tmp":
            raise HalfWritten(f"임시 파일이 남음: {path.name}")
        if path.suffix.lower() in READABLE:
            try:
                with Image.open(path) as image:
                    image.load()
            except Exception as error:
                raise HalfWritten(f"끝까지 읽히지 않는 그림: {path.name} ({error})") from None
        if path.suffix == ".npz":
            with np.load(path) as data:
                data.files


def check_picture(image) -> None:
    assert isinstance(image, np.ndarray) and image.dtype == np.float32, type(image)
    assert image.ndim == 3 and image.shape[2] == 3 and min(image.shape[:2]) >= 1, image.shape
    assert np.isfinite(image).all() and image.min() >= 0.0 and image.max() <= 1.0


def check_value(entry: str, value, kwargs: dict) -> None:
    """결과가 약속한 모양인지."""
    if entry == "style_transfer":
        check_picture(value.best_image)
        check_picture(value.image)
    elif entry == "style_grid":
        for row in value.images:
            for image in row:
                if image is not None:
                    check_picture(image)
    elif entry == "load_image":
        check_picture(value)
        max_size = kwargs.get("max_size", 512)
        if max_size is not None:
            assert max(value.shape[:2]) <= max_size, (value.shape, max_size)
    elif entry == "save_image":
        assert isinstance(value, Path) and value.is_file(), value
        with Image.open(value) as saved:
            saved.load()


def run_case(entry: str, kwargs: dict, place: Place) -> str:
    """한 경우를 돌려 'result' 나 'error' 를 돌려줍니다 (판정은 이 모듈의 설명)."""
    import nstlib
    from nstlib.cli import main

    before = fingerprint(place.folder)
    seen: list[tuple[str, str]] = []
    original = display.notice
    display.notice = lambda text, level="info": seen.append((level, str(text)))
    try:
        with place_as_home(place), time_limit(HANG_SECONDS), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if entry == "cli":
                err = io.StringIO()
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                    code = main(list(kwargs["argv"]))
                text = err.getvalue()
                assert code in (0, 2), (code, text)
                assert "Traceback" not in text, text
                if code == 2:
                    assert text.startswith("오류: "), text
                    assert_korean(text)
                    assert not CLI_FOREIGN_NAMES.search(text), text
                outcome = "result" if code == 0 else "error"
                for line in text.splitlines():
                    assert not CLI_FOREIGN_NAMES.search(line), line
            else:
                function = {"style_transfer": nstlib.style_transfer, "style_grid": nstlib.style_grid,
                            "load_image": nstlib.load_image, "save_image": nstlib.save_image}[entry]
                try:
                    value = function(**kwargs)
                except NSTError as error:
                    assert_korean(error)
                    outcome = "error"
                else:
                    outcome = "result"
    finally:
        display.notice = original
    for _, text in seen:
        assert_korean(text)
    argv = list(kwargs.get("argv", ()))
    resumed = {place.folder / argv[i + 1] for i, word in enumerate(argv[:-1]) if word == "--resume"}
    overwriting = bool(kwargs.get("overwrite")) or "--overwrite" in argv
    check_files(place.folder, before, lambda path: overwriting or path in resumed)
    if outcome == "result" and entry != "cli":
        with place_as_home(place):                   # 상대 경로로 저장했으면 그 폴더에서 확인
            check_value(entry, value, kwargs)
    return outcome


@contextlib.contextmanager
def place_as_home(place: Place):
    """현재 폴더와 HOME 을 case 폴더로 (상대 경로와 '~' 가 그 밖에 쓰지 않도록)."""
    previous, home = os.getcwd(), os.environ.get("HOME")
    os.chdir(place.folder)
    os.environ["HOME"] = str(place.folder)
    try:
        yield
    finally:
        os.chdir(previous)
        if home is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = home


def make_kwargs(entry: str, chosen: dict, place: Place) -> dict:
    """바꾸지 않은 자리는 가장 빠른 정상값으로, 고른 자리는 고른 값으로."""
    if entry == "cli":
        return {"argv": chosen["argv"]}
    base = {"style_transfer": RUN_BASE, "style_grid": GRID_BASE, "load_image": LOAD_BASE, "save_image": SAVE_BASE}
    kwargs = dict(base[entry])
    if entry in ("style_transfer", "style_grid"):
        kwargs.setdefault("content", photo())
        kwargs.setdefault("style", photo(44, 36, 1))
    kwargs.update({name: value.make(place) for name, value in chosen.items()})
    return kwargs


ENTRIES = {"style_transfer": RUN, "style_grid": GRID, "load_image": LOAD, "save_image": SAVE}
"""입구마다 흔들 인자와 값 목록. style_transfer 와 style_grid 는 content/style 도 IMAGE_SOURCES 에서."""
for _pools in (RUN, GRID):
    _pools.update(content=IMAGE_SOURCES,
                  style=[*IMAGE_SOURCES, same([]), V("[photo, klee]", lambda p: [photo(), "klee"])])
REQUIRED = {"save_image": ("image", "path"), "load_image": ("source",)}
"""언제나 값 목록에서 고르는 인자."""


# --------------------------------------------------------------------------------------------
# 준비물: 읽기용 파일들과 127.0.0.1 의 작은 서버
# --------------------------------------------------------------------------------------------

def make_shared_files(folder: Path) -> None:
    """읽기용 파일: 사진, 그림이 아닌 글, 빈 폴더, 그리고 이어 그릴 수 있는 체크포인트 (2단계 중 1단계)."""
    from nstlib import style_transfer

    Image.fromarray((photo() * 255).astype(np.uint8)).save(folder / "photo.png")
    (folder / "notes.jpg").write_text("이것은 그림이 아니라 메모입니다.\n", encoding="utf-8")
    (folder / "folder").mkdir()
    original = display.notice
    display.notice = lambda text, level="info": None
    try:
        style_transfer(photo(), photo(44, 36, 1), size=32, steps=1, weights="random", progress=False,
                       checkpoint_dir=folder, name="ok")
    finally:
        display.notice = original


def fill_case_folder(folder: Path, shared: Path) -> None:
    """case 폴더: 명령줄이 상대 경로로 찾는 파일들과, 바뀌면 안 되는 '있던 파일'."""
    for name in ("photo.png", "notes.jpg", "ok.npz"):
        shutil.copy(shared / name, folder / name)
    (folder / "folder").mkdir()
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(folder / "existing.png")


SERVED = io.BytesIO()
Image.fromarray((photo() * 255).astype(np.uint8)).save(SERVED, format="PNG")
ROUTES = {"/ok.png": (200, "image/png", SERVED.getvalue()),
          "/page.html": (200, "text/html", b"<!doctype html><html></html>")}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        status, kind, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving():
    """127.0.0.1 의 작은 서버 (인터넷은 쓰지 않음). 주소를 돌려줍니다."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    previous = {key: os.environ.get(key) for key in ("no_proxy", "NO_PROXY")}
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def fuzz_places():
    """경우마다 새 case 폴더를 주는 함수를 돌려줍니다 (끝나면 모두 지움)."""
    root = Path(tempfile.mkdtemp(prefix="nstlib-fuzz-"))
    shared = root / "shared"
    shared.mkdir()
    make_shared_files(shared)
    counter = iter(range(10**9))
    with serving() as url:
        def new_place() -> Place:
            folder = root / f"case-{next(counter)}"
            folder.mkdir()
            fill_case_folder(folder, shared)
            return Place(folder, shared, url)
        try:
            yield new_place
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def places():
    with fuzz_places() as new_place:
        yield new_place


@pytest.fixture(autouse=True)
def random_weights(monkeypatch):
    monkeypatch.setenv("NSTLIB_WEIGHTS", "random")
    monkeypatch.delenv("NSTLIB_NETWORK", raising=False)


def chosen_arguments(entry: str):
    """고를 인자들(1~3개, 꼭 고를 것 포함)과 그 값 (Hypothesis 전략)."""
    pools = ENTRIES[entry]
    required = REQUIRED.get(entry, ())
    names = sorted(name for name in pools if name not in required)
    return st.lists(st.sampled_from(names), min_size=0 if required else 1, max_size=3, unique=True).flatmap(
        lambda keys: st.fixed_dictionaries({key: st.sampled_from(pools[key]) for key in (*required, *keys)}))


# --------------------------------------------------------------------------------------------
# 테스트: 입구마다 (CI 에서 모두 합쳐 몇백 개)
# --------------------------------------------------------------------------------------------

@settings(FUZZ, max_examples=max(EXAMPLES * 2 // 3, 10))
@given(chosen=chosen_arguments("style_transfer"))
def test_style_transfer_arguments(chosen, places):
    place = places()
    run_case("style_transfer", make_kwargs("style_transfer", chosen, place), place)


@settings(FUZZ, max_examples=max(EXAMPLES // 5, 10))
@given(chosen=chosen_arguments("style_grid"))
def test_style_grid_arguments(chosen, places):
    place = places()
    run_case("style_grid", make_kwargs("style_grid", chosen, place), place)


@FUZZ
@given(chosen=chosen_arguments("load_image"))
def test_load_image_arguments(chosen, places):
    place = places()
    run_case("load_image", make_kwargs("load_image", chosen, place), place)


@FUZZ
@given(chosen=chosen_arguments("save_image"))
def test_save_image_arguments(chosen, places):
    place = places()
    run_case("save_image", make_kwargs("save_image", chosen, place), place)


@settings(FUZZ, max_examples=max(EXAMPLES * 2 // 3, 10))
@given(argv=cli_strategy)
def test_command_line_arguments(argv, places):
    place = places()
    run_case("cli", {"argv": argv}, place)


def test_the_judge_catches_what_it_should(places, monkeypatch):
    """판정이 실제로 실패를 잡는지: 영어 예외, 영어 NSTError, 반쯤 쓴 파일, 명령줄에 없는 이름."""
    import nstlib

    place = places()
    monkeypatch.setattr(nstlib, "save_image", lambda **kw: (_ for _ in ()).throw(TypeError("boom")))
    with pytest.raises(TypeError):
        run_case("save_image", {"image": photo(), "path": place.folder / "a.png"}, place)
    monkeypatch.setattr(nstlib, "save_image", lambda **kw: (_ for _ in ()).throw(NSTError("English only")))
    with pytest.raises(AssertionError):
        run_case("save_image", {"image": photo(), "path": place.folder / "a.png"}, place)

    def half_written(image, path, **kw):
        Path(path).write_bytes(b"\x89PNG\r\n\x1a\n half")
        return Path(path)

    monkeypatch.setattr(nstlib, "save_image", half_written)
    with pytest.raises(HalfWritten):
        run_case("save_image", {"image": photo(), "path": place.folder / "a.png"}, place)
    monkeypatch.setattr(nstlib.cli, "run", lambda args: (_ for _ in ()).throw(NSTError("max_size 를 키우세요")))
    with pytest.raises(AssertionError):
        run_case("cli", {"argv": ["photo.png", "klee"]}, place)
