"""명령줄(command line): 터미널에서 스타일 전이를 한 번에.

    python -m nstlib 콘텐츠 스타일 -o 결과.png [--size 256] [--steps 200] [--ratio 1e-2] ...

콘텐츠와 스타일에는 파일 경로, 인터넷 주소(URL), 또는 예제 이름(`python -m nstlib --list-examples`)을
쓸 수 있습니다. 스타일을 여러 개 주면 `--blend` 비율로 섞습니다.

종료 코드: 0 성공, 2 잘못된 입력(한국어 안내), 130 중간에 멈춤(그때까지 가장 좋은 그림은 저장함).
"""

from __future__ import annotations

import argparse
import os
import sys

from .errors import NSTError

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 2, 130


class _KoreanParser(argparse.ArgumentParser):
    """argparse 의 영어 오류문을 한국어 안내로 바꿉니다."""

    def error(self, message):
        if "required" in message:
            message = "콘텐츠 이미지와 스타일 이미지를 주어야 합니다 (예: python -m nstlib 사진.jpg swirl -o 결과.png)."
        elif "invalid choice" in message:
            message = f"고를 수 없는 값입니다: {message}"
        elif "unrecognized arguments" in message:
            message = f"알 수 없는 옵션입니다: {message.split(':', 1)[-1].strip()}"
        elif "expected" in message:
            message = f"옵션 뒤에 값을 빠뜨렸습니다: {message}"
        self.exit(EXIT_BAD_INPUT, f"오류: {message}\n도움말: python -m nstlib --help\n")


def _number(kind, what):
    def parse(text):
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} 에는 수를 넣어야 합니다: '{text}'") from None
    return parse


def build_parser() -> argparse.ArgumentParser:
    from .optimization import DEFAULTS

    parser = _KoreanParser(
        prog="python -m nstlib",
        description="신경망 스타일 전이 (Gatys et al. 2015): 콘텐츠 이미지에 스타일 이미지의 화풍을 입힙니다.",
        epilog="예: python -m nstlib countryside swirl -o 결과.png --steps 200 --gif 과정.gif",
    )
    parser.add_argument("content", nargs="?", help="콘텐츠 이미지 (경로, URL, 또는 예제 이름)")
    parser.add_argument("style", nargs="*", help="스타일 이미지 (하나 이상)")
    parser.add_argument("-o", "--output", default="결과.png", help="결과 파일 (기본: 결과.png, 있으면 결과-1.png ...)")
    parser.add_argument("--size", type=_number(int, "--size"), default=DEFAULTS["size"], help="긴 변의 픽셀 수")
    parser.add_argument("--steps", type=_number(int, "--steps"), default=DEFAULTS["steps"], help="최적화 단계 수")
    parser.add_argument("--ratio", type=_number(float, "--ratio"), default=DEFAULTS["ratio"],
                        help="α/β: 작을수록 스타일이 강해짐")
    parser.add_argument("--tv", type=_number(float, "--tv"), default=DEFAULTS["tv_weight"],
                        help="총 변위(TV) 가중치: 클수록 매끈함")
    parser.add_argument("--lr", type=_number(float, "--lr"), default=DEFAULTS["learning_rate"], help="학습률")
    parser.add_argument("--init", default=DEFAULTS["init"],
                        help="시작 이미지: content, noise, style 또는 이미지 경로")
    parser.add_argument("--seed", type=_number(int, "--seed"), default=DEFAULTS["seed"])
    parser.add_argument("--weights", default=None,
                        help="imagenet, hed-vgg16, random 또는 .h5 파일 (기본: $NSTLIB_WEIGHTS 또는 imagenet)")
    parser.add_argument("--network", choices=["vgg19", "vgg16"], default=None, help="신경망")
    parser.add_argument("--pooling", choices=["avg", "max"], default=DEFAULTS["pooling"], help="풀링 (논문: avg)")
    parser.add_argument("--mode", choices=["relative", "paper"], default=DEFAULTS["mode"], help="손실의 형태")
    parser.add_argument("--blend", type=_number(float, "--blend"), nargs="+", default=None,
                        help="스타일이 여럿일 때 섞는 비율 (예: --blend 0.7 0.3)")
    parser.add_argument("--preserve-colors", action="store_true", help="콘텐츠 사진의 색을 지킴")
    parser.add_argument("--gif", default=None, help="과정을 담은 움직이는 GIF 파일")
    parser.add_argument("--snapshot-every", type=_number(int, "--snapshot-every"), default=None,
                        help="GIF 에 담을 간격 (기본: 단계 수/20)")
    parser.add_argument("--overwrite", action="store_true", help="같은 이름의 파일이 있으면 덮어씀")
    parser.add_argument("--list-examples", action="store_true", help="예제 이미지 이름을 보여 주고 끝냄")
    return parser


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
    from .optimization import style_transfer

    if not args.style:
        raise NSTError("스타일 이미지를 하나 이상 주세요 (예: python -m nstlib 사진.jpg swirl -o 결과.png). "
                       "예제 이름은 --list-examples 로 볼 수 있습니다.")
    init = args.init
    if init not in ("content", "noise", "style"):
        from .images import load_image

        init = load_image(init, max_size=args.size)
    snapshot_every = args.snapshot_every or (max(args.steps // 20, 1) if args.gif else 0)
    result = style_transfer(args.content, args.style, size=args.size, steps=args.steps, alpha=1.0,
                            beta=1.0 / args.ratio if args.ratio > 0 else None, tv_weight=args.tv,
                            learning_rate=args.lr, init=init, seed=args.seed, style_blend=args.blend,
                            weights=args.weights, architecture=args.network, pooling=args.pooling,
                            mode=args.mode, snapshot_every=snapshot_every)
    image = result.best_image
    if args.preserve_colors:
        from .colors import preserve_colors
        from .examples import open_image

        image = preserve_colors(image, open_image(args.content, args.size))
    written = save_image(image, args.output, overwrite=args.overwrite)
    display.notice(f"결과를 저장했습니다: {written}  ({result.summary()})")
    if args.gif:
        from .pictures import save_gif

        gif = save_gif(result.snapshots, args.gif, overwrite=args.overwrite)
        display.notice(f"과정 GIF 를 저장했습니다: {gif}")
    return EXIT_INTERRUPTED if result.interrupted else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """`python -m nstlib` 의 입구. 잘못된 입력은 한국어 안내와 종료 코드 2."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_examples:
        print(_list_examples())
        return EXIT_OK
    if args.content is None:
        parser.error("the following arguments are required: content")
    if args.ratio <= 0:
        parser.exit(EXIT_BAD_INPUT, f"오류: --ratio(α/β) 는 0 보다 커야 합니다: {args.ratio}\n")
    try:
        return run(args)
    except NSTError as error:
        print(f"오류: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("멈췄습니다.", file=sys.stderr)
        return EXIT_INTERRUPTED
