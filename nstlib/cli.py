"""명령줄(command line): 터미널에서 스타일 전이를 한 번에.

    python -m nstlib 콘텐츠 스타일 -o 결과.png [--size 256] [--steps 200] [--ratio 1e-2] ...

콘텐츠와 스타일에는 파일 경로, 인터넷 주소(URL), 또는 예제 이름(`python -m nstlib --list-examples`)을
쓸 수 있습니다. 스타일을 여러 개 주면 `--blend` 비율로 섞습니다.

종료 코드: 0 성공, 2 잘못된 입력(한국어 안내), 130 중간에 멈춤(그때까지 가장 좋은 그림은 저장함).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import math
import os
import re
import sys
import tempfile
from pathlib import Path

from .errors import NSTError, spelled_as

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 2, 130


def option_names() -> dict:
    """라이브러리의 키워드 인자 → 명령줄 옵션 (`Settings`, `RunOptions` 의 flag 에서). 명령줄에서는 안내문이 이
    이름으로 말합니다 (`errors.option`)."""
    from dataclasses import fields

    from .settings import RunOptions, Settings

    names = {f.name: f.metadata["flag"] for cls in (Settings, RunOptions) for f in fields(cls)
             if f.metadata.get("flag")}
    return {**names, "max_size": "--size", "overwrite": "--overwrite", "resume": "--resume"}


_EXAMPLE_VALUES = {"--size": "256", "--steps": "200", "--ratio": "1e-2", "--tv": "0.01", "--lr": "0.02",
                   "--seed": "0", "--blend": "0.7 0.3", "--output": "결과.png", "--gif": "과정.gif",
                   "--snapshot-every": "10", "--init": "content", "--weights": "imagenet"}


class _KoreanHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "사용법: ")


class _KoreanParser(argparse.ArgumentParser):
    """argparse 의 영어 오류문을 무엇을 고치면 되는지 알려 주는 한국어 안내로 바꿉니다 (종료 코드 2)."""

    def error(self, message):
        self.exit(EXIT_BAD_INPUT, f"오류: {self._korean(message)}\n도움말: python -m nstlib --help\n")

    def _korean(self, message: str) -> str:
        match = re.match(r"argument (\S+): (.*)", message, re.S)
        option, detail = (match[1].split("/")[-1], match[2]) if match else ("", message)
        example = f"{option} {_EXAMPLE_VALUES.get(option, '...')}"
        if "the following arguments are required" in detail:
            return "콘텐츠 이미지와 스타일 이미지를 주어야 합니다 (예: python -m nstlib 사진.jpg swirl -o 결과.png)."
        if "invalid choice" in detail:
            choice = re.search(r"invalid choice: (.*?) \(choose from (.*)\)", detail, re.S)
            if choice:
                choices = ", ".join(c.strip(" '") for c in choice[2].split(","))
                return f"{option} 에는 {choices} 중 하나를 고르세요 (받은 값: {choice[1]})."
        if detail.startswith("expected"):
            return f"{option} 뒤에 값을 빠뜨렸습니다. 값을 붙여 주세요 (예: {example})."
        if detail.startswith("unrecognized arguments"):
            return self._unknown(detail.split(":", 1)[-1].split())
        if detail.startswith("ambiguous option"):
            wanted = re.search(r"ambiguous option: (\S+?)(=\S*)? could match (.*)", detail)
            if wanted:
                return (f"'{wanted[1]}' 는 여러 옵션({wanted[3]})의 앞부분과 같아 어느 것인지 알 수 없습니다. "
                        "옵션 이름을 끝까지 쓰세요.")
        if detail.startswith("ignored explicit argument"):
            return f"{option} 뒤에는 값을 붙이지 않습니다. '{option}' 만 쓰세요."
        if re.search("[가-힣]", detail):           # _number 가 만든 한국어 안내
            return detail
        return f"명령을 이해하지 못했습니다 ({message}). 아래 도움말의 예처럼 써 보세요."

    def _unknown(self, items: list[str]) -> str:
        options = [o for action in self._actions for o in action.option_strings]
        words = []
        for item in items:
            close = difflib.get_close_matches(item.split("=")[0], options, n=1, cutoff=0.7)
            words.append(f"{item} (혹시 {close[0]}?)" if close and item.startswith("-") else item)
        if all(not item.startswith("-") for item in items):
            return (f"무엇인지 알 수 없는 값입니다: {', '.join(words)}. 옵션 이름(예: --size)을 빠뜨렸거나 띄어쓰기가 "
                    "들어간 파일 이름이라면 따옴표로 감싸세요 (예: \"내 사진.jpg\").")
        return f"알 수 없는 옵션입니다: {', '.join(words)}. 쓸 수 있는 옵션은 python -m nstlib --help 로 보세요."


def _number(kind, what):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            if kind is int:
                raise argparse.ArgumentTypeError(f"{what} 에는 정수를 넣어야 합니다 (받은 값: '{text}'). "
                                                 f"예: {what} {_EXAMPLE_VALUES.get(what, '10')}") from None
            raise argparse.ArgumentTypeError(f"{what} 에는 수를 넣어야 합니다 (받은 값: '{text}'). "
                                             f"예: {what} {_EXAMPLE_VALUES.get(what, '0.5')}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{what} 에는 보통의 수를 넣어야 합니다 (받은 값: '{text}', 무한대나 "
                                             f"NaN 은 안 됩니다). 예: {what} {_EXAMPLE_VALUES.get(what, '0.5')}")
        return value
    return parse


def build_parser() -> argparse.ArgumentParser:
    """명령줄의 옵션들. 그림의 설정은 `Settings`/`RunOptions` 의 필드(기본값, 도움말)에서 만듭니다."""
    from dataclasses import MISSING, fields

    from .settings import DEFAULTS, RunOptions, Settings

    parser = _KoreanParser(
        prog="python -m nstlib",
        usage="python -m nstlib 콘텐츠 스타일 [스타일 ...] [-o 결과.png] [옵션 ...]",
        description="신경망 스타일 전이 (Gatys et al. 2015): 콘텐츠 이미지에 스타일 이미지의 화풍을 입힙니다.",
        epilog="예: python -m nstlib countryside swirl -o 결과.png --steps 200 --gif 과정.gif",
        formatter_class=_KoreanHelp, add_help=False,
    )
    parser._positionals.title = "이미지"
    parser._optionals.title = "옵션"
    parser.add_argument("-h", "--help", action="help", help="이 도움말을 보여 주고 끝냄")
    parser.add_argument("content", nargs="?", help="콘텐츠 이미지 (경로, URL, 또는 예제 이름)")
    parser.add_argument("style", nargs="*", help="스타일 이미지 (하나 이상)")
    parser.add_argument("-o", "--output", default="결과.png", help="결과 파일 (기본: 결과.png, 있으면 결과-1.png ...)")
    parser.add_argument("--ratio", type=_number(float, "--ratio"), default=DEFAULTS.ratio,
                        help="α/β: 작을수록 스타일이 강해짐")
    for f in (*fields(Settings), *fields(RunOptions)):
        flag, rule = f.metadata.get("flag"), f.metadata
        if not flag:
            continue
        default = None if f.default is MISSING else f.default
        if rule.get("kind") is bool:
            parser.add_argument(flag, dest=f.name, action="store_true", help=rule["help"])
        elif "choices" in rule and f.name != "init":
            parser.add_argument(flag, dest=f.name, choices=[c for c in rule["choices"] if c], default=default,
                                help=rule["help"])
        else:
            kind = {int: int, "seed": int, float: float, "blend": float}.get(rule.get("kind"))
            parser.add_argument(flag, dest=f.name, default=default, help=rule["help"],
                                type=_number(kind, flag) if kind else None,
                                nargs="+" if rule.get("kind") == "blend" else None)
    parser.add_argument("--preserve-colors", action="store_true", help="콘텐츠 사진의 색을 지킴")
    parser.add_argument("--gif", default=None, help="과정을 담은 움직이는 GIF 파일")
    parser.add_argument("--resume", default=None, metavar="체크포인트.npz",
                        help="끊긴 실행을 체크포인트에서 이어 그림 (이미지와 설정은 체크포인트에서)")
    parser.add_argument("--overwrite", action="store_true", help="같은 이름의 파일이 있으면 덮어씀")
    parser.add_argument("--list-examples", action="store_true", help="예제 이미지 이름을 보여 주고 끝냄")
    return parser


def settings_from(args: argparse.Namespace):
    """명령줄의 값들 → `Settings` (α = 1, β = 1 / --ratio)."""
    from dataclasses import fields

    from .settings import Settings

    values = {f.name: getattr(args, f.name) for f in fields(Settings) if hasattr(args, f.name)}
    return Settings(**values).replace(alpha=1.0, beta=1.0 / args.ratio if args.ratio > 0 else None)


def _list_examples() -> str:
    from .examples import EXAMPLES

    lines = ["예제 이미지 (이름을 경로 대신 쓸 수 있습니다):"]
    for name, (kind, title, *_rest) in EXAMPLES.items():
        lines.append(f"  {name:<14} {'스타일' if kind == 'style' else '콘텐츠'}  {title}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """파싱한 인자로 스타일 전이를 하고 파일을 씁니다. 종료 코드를 돌려줍니다."""
    from . import display
    from .images import save_image
    from .settings import INITS, device_defaults
    from .transfer import resume, style_transfer

    defaults = device_defaults()
    if args.size is None:
        args.size = defaults["size"]
    settings = check_arguments(args)
    output = Path(args.output).expanduser()
    checkpoint_dir = output.parent / "checkpoints" if args.checkpoint_every else None
    steps_for_gif = args.steps or defaults["steps"]
    snapshot_every = args.snapshot_every or (max(steps_for_gif // 20, 1) if args.gif else 0)
    if args.resume is not None:
        result = resume(args.resume, steps=args.steps, checkpoint_every=args.checkpoint_every,
                        snapshot_every=snapshot_every)
    else:
        init = args.init
        if init not in INITS:
            from .images import load_image

            init = load_image(init, max_size=args.size, min_side=1)   # 시작 그림은 콘텐츠의 크기로 맞춰 씀
        result = style_transfer(args.content, args.style, settings, init=init, snapshot_every=snapshot_every,
                                xla=args.xla, checkpoint_dir=checkpoint_dir, checkpoint_every=args.checkpoint_every,
                                name=output.stem)
    image = result.best_image
    if args.preserve_colors:
        from .colors import preserve_colors
        from .transfer import resize_to

        content = result_content(args, result)
        image = preserve_colors(image, resize_to(content, image.shape[:2]))
    written = save_image(image, output, overwrite=args.overwrite)
    display.notice(f"결과를 저장했습니다: {written}  ({result.summary()})")
    if args.gif:
        from .classroom.animation import save_gif

        gif = save_gif(result.snapshots, args.gif, overwrite=args.overwrite)
        display.notice(f"과정 GIF 를 저장했습니다: {gif}")
    if result.interrupted:
        again = f" 이어 그리려면: python -m nstlib --resume '{result.checkpoint}' -o '{output}'" \
            if result.checkpoint else ""
        display.notice(f"중간에 멈췄습니다. 그때까지 가장 좋은 그림({result.best_step}단계)을 {written} 에 "
                       f"저장했습니다.{again}", "warning")
        return EXIT_INTERRUPTED
    return EXIT_OK


def result_content(args: argparse.Namespace, result):
    """색 지키기에 쓸 콘텐츠 사진: 새 실행이면 주어진 것, 이어 하기면 체크포인트 안의 것."""
    if args.resume is None:
        from .examples import open_image
        from .settings import MIN_SHORT_SIDE

        return open_image(args.content, args.size, min_side=MIN_SHORT_SIDE)
    from .checkpoints import load_checkpoint

    return load_checkpoint(args.resume)[1]["content"]


def check_arguments(args: argparse.Namespace):
    """오래 걸리는 스타일 전이를 시작하기 **전에** 잘못된 값을 찾아 한국어 `NSTError` 로 알려 줍니다.

    설정의 값은 `Settings.checked()` 가 (라이브러리와 같은 곳에서) 확인합니다. 여기서는 명령줄에만 있는 것:
    `--steps 0` 도 거절합니다: 0 단계는 그림을 하나도 바꾸지 않아 시작 이미지(콘텐츠 사진)를 그대로
    결과로 저장하게 되는데, 학생은 그것을 "스타일 전이가 안 된다" 로 읽기 쉽기 때문입니다.
    저장할 파일의 확장자와 폴더도 여기서 확인해, 몇 분을 기다린 뒤에야 저장에 실패하는 일이 없게 합니다.
    확인한 `Settings` 를 돌려줍니다.
    """
    from .images import SAVE_FORMATS
    from .settings import INITS, RunOptions, check_blend_count

    resuming = getattr(args, "resume", None) is not None
    if not args.style and not resuming:
        raise NSTError("스타일 이미지를 하나 이상 주세요 (예: python -m nstlib 사진.jpg swirl -o 결과.png). "
                       "예제 이름은 --list-examples 로 볼 수 있습니다.")
    if args.steps is not None and args.steps < 1:
        raise NSTError(f"--steps(최적화 단계 수)는 1 이상이어야 합니다 (받은 값: {args.steps}). 0 단계면 그림이 "
                       "하나도 바뀌지 않습니다. 처음에는 --steps 200 정도로 해 보세요.")
    if not 1e-12 <= args.ratio <= 1e12:         # α = 1, β = 1/ratio 가 라이브러리의 범위(1e12 이하) 안에
        raise NSTError(f"--ratio(α/β)는 0 보다 커야 합니다: 1e-12 에서 1e12 사이 (받은 값: {args.ratio:g}). 작을수록 "
                       "스타일이 강해집니다. 예: --ratio 1e-2 (보통 1e-4 ~ 1)")
    settings = settings_from(args)
    if settings.init not in INITS:                # 이미지 경로: run 이 읽어서 넘김
        settings = settings.replace(init="image")
    settings = settings.checked()
    RunOptions(checkpoint_every=args.checkpoint_every, snapshot_every=args.snapshot_every or 0).checked()
    if args.style_blend is not None and not resuming:
        check_blend_count(args.style_blend, len(args.style))
    _check_output(Path(args.output).expanduser(), "-o/--output", set(SAVE_FORMATS), "결과.png")
    if args.gif:
        _check_output(Path(args.gif).expanduser(), "--gif", {".gif", ""}, "과정.gif")
    return settings


def _check_output(path: Path, option: str, suffixes: set[str], example: str) -> None:
    """저장할 경로의 이름(길이, 글자), 확장자와, 그 폴더(없으면 있는 가장 가까운 위 폴더)에 쓸 수 있는지 미리
    확인합니다."""
    from ._files import _exists, _is_dir, check_file_name

    try:
        check_file_name(path)
    except NSTError as error:
        raise NSTError(f"{option} {error}", path=error.path) from None
    if _is_dir(path):
        raise NSTError(f"{option} '{path}' 는 폴더입니다. 폴더 안의 파일 이름을 주세요 (예: {path / example}).",
                       path=str(path))
    if path.suffix.lower() not in suffixes:
        known = sorted(s for s in suffixes if s)
        ending = known[0] if len(known) == 1 else f"{', '.join(known)} 중 하나"
        raise NSTError(f"{option} '{path.name}': 확장자 '{path.suffix or '(없음)'}' 로는 저장할 수 없습니다. "
                       f"이름 끝을 {ending}(으)로 쓰세요 (예: {example}).", path=str(path))
    folder = path.parent
    while not _exists(folder) and folder != folder.parent:
        folder = folder.parent                  # 없는 폴더는 저장할 때 만듭니다
    if not _is_dir(folder):
        raise NSTError(f"{option} '{path}': 경로 중간의 '{folder}' 는 폴더가 아니라 파일입니다. 경로를 확인하세요.",
                       path=str(path))
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise NSTError(f"{option} '{path}': 폴더 '{folder}' 에 파일을 쓸 수 없습니다 ({error.strerror or error}). "
                       "쓸 수 있는 다른 폴더를 고르거나(예: -o ~/결과.png), 폴더의 권한과 남은 저장 공간을 확인하세요.",
                       path=str(path)) from None


def main(argv: list[str] | None = None) -> int:
    """`python -m nstlib` 의 입구. 잘못된 입력은 한국어 안내와 종료 코드 2 (파이썬 오류 추적 없이).

    노트북에서 `main([...])` 으로 불러도 SystemExit 대신 종료 코드를 돌려줍니다.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        parser = build_parser()
        try:
            args = parser.parse_intermixed_args(argv)   # 옵션이 이미지 이름 사이에 끼어 있어도 됩니다
        except SystemExit as stop:                      # 잘못된 옵션(안내는 이미 나감) 또는 --help
            return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
        if args.list_examples:
            print(_list_examples())
            return EXIT_OK
        if args.content is None and args.resume is None:
            print(f"오류: {parser._korean('the following arguments are required: content')}\n"
                  "도움말: python -m nstlib --help", file=sys.stderr)
            return EXIT_BAD_INPUT
        with spelled_as(option_names()):
            return run(args)
    except NSTError as error:
        print(f"오류: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:          # 그림을 그리는 중의 Ctrl-C 는 optimize 가 받아, run 이 가장 좋은 그림을 저장함
        print("멈췄습니다 (Ctrl-C). 다시 하려면 같은 명령을 다시 실행하세요.", file=sys.stderr)
        return EXIT_INTERRUPTED


@contextlib.contextmanager
def ctrl_c_while_starting():
    """`python -m nstlib` 이 TensorFlow 를 불러오는 처음 몇 초에 누른 Ctrl-C: 85줄짜리 영어 오류 추적(traceback)
    대신 한 줄 안내와 종료 코드 130.

    `nstlib/__init__.py` 가 무거운 모듈을 불러오는 동안 씁니다. 노트북이나 다른 프로그램의 `import nstlib` 에서는
    아무것도 하지 않습니다 (KeyboardInterrupt 가 그대로 올라감).
    """
    if not _starting_the_command_line():
        yield
        return
    try:
        yield
    except KeyboardInterrupt:
        print("멈췄습니다 (Ctrl-C). 프로그램을 준비하던 중이라(TensorFlow 불러오기) 그린 것도 저장한 것도 없습니다. "
              "다시 하려면 같은 명령을 다시 실행하세요.", file=sys.stderr)
        raise SystemExit(EXIT_INTERRUPTED) from None


def _starting_the_command_line() -> bool:
    """지금 `python -m nstlib …` 이 nstlib 을 찾아 불러오는 중인가.

    그동안 파이썬은 sys.argv[0] 을 "-m" 으로 둡니다. 다른 `python -m 무엇` 이 nstlib 을 불러오는 경우와 가르려고
    처음 명령(sys.orig_argv)에 "-m nstlib" 이 있는지도 봅니다.
    """
    command = list(getattr(sys, "orig_argv", []))[1:] + [""]
    first = next((i for i, word in enumerate(command) if word.startswith("-m")), None)   # 파이썬의 -m (처음 것만)
    module = None if first is None else command[first][2:] or command[first + 1]
    return sys.argv[:1] == ["-m"] and module == "nstlib"
