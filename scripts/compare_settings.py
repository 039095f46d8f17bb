"""기본 설정을 고르려고 그림을 나란히 그려 보는 스크립트 (docs/defaults.md 의 근거).

예:  NSTLIB_WEIGHTS=hed-vgg16 python scripts/compare_settings.py --content grace_hopper --style swirl \
        --ratios 1e-3 1e-2 1e-1 --tv 1e-2 --size 256 --steps 200 --out outputs/ratios.png
"""

import argparse
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from nstlib.examples import load_example  # noqa: E402
from nstlib.transfer import style_transfer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", default="grace_hopper")
    parser.add_argument("--style", nargs="+", default=["swirl"])
    parser.add_argument("--ratios", nargs="+", type=float, default=[1e-3, 1e-2, 1e-1])
    parser.add_argument("--tv", nargs="+", type=float, default=[1e-2])
    parser.add_argument("--lr", nargs="+", type=float, default=[0.02])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--init", default="content")
    parser.add_argument("--mode", default="relative")
    parser.add_argument("--weights", default=None)
    parser.add_argument("--out", default="outputs/compare.png")
    args = parser.parse_args()

    rows = [(style, tv, lr) for style in args.style for tv in args.tv for lr in args.lr]
    fig, axes = plt.subplots(len(rows), len(args.ratios) + 1, figsize=(3 * (len(args.ratios) + 1), 3 * len(rows)),
                             squeeze=False)
    for r, (style, tv, lr) in enumerate(rows):
        axes[r, 0].imshow(load_example(style, args.size))
        axes[r, 0].set_title(f"{style} tv={tv:g} lr={lr:g}", fontsize=8)
        for c, ratio in enumerate(args.ratios, start=1):
            start = time.perf_counter()
            result = style_transfer(args.content, style, size=args.size, steps=args.steps, alpha=1.0,
                                    beta=1.0 / ratio, tv_weight=tv, learning_rate=lr, init=args.init,
                                    mode=args.mode, weights=args.weights, progress=False)
            h = result.history
            print(f"{style} tv={tv:g} lr={lr:g} a/b={ratio:g}: content {h['content'][0]:.3g}->{h['content'][-1]:.3g} "
                  f"style {h['style'][0]:.3g}->{h['style'][-1]:.3g} tv {h['tv'][-1]:.3g} "
                  f"({time.perf_counter() - start:.0f}s)", flush=True)
            axes[r, c].imshow(np.clip(result.best_image, 0, 1))
            axes[r, c].set_title(f"a/b={ratio:g}", fontsize=8)
    for ax in axes.flat:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(args.out, dpi=80)
    print("saved", args.out)


if __name__ == "__main__":
    main()
