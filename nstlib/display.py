"""화면에 알리는 단 하나의 길: 안내문과 진행 막대(progress bar).

라이브러리의 다른 모듈은 `print` 를 쓰지 않습니다. 학생이 꼭 봐야 하는 말(예: "무작위 가중치를 쓰는 중")과
진행 상황은 모두 여기를 거쳐, Colab·JupyterLab 에서는 노트북 출력으로, 터미널에서는 표준 오류(stderr)로 나갑니다.

>>> notice("안녕하세요", level="info")  # doctest: +SKIP
"""

from __future__ import annotations

import html
import sys

_COLORS = {"info": ("#e8f1fb", "#1f5fa8"), "warning": ("#fff4e0", "#a85a00"), "error": ("#fde8e8", "#a81f1f")}
_ICONS = {"info": "ℹ️", "warning": "⚠️", "error": "⛔"}


def in_notebook() -> bool:
    """Jupyter/Colab 커널 안에서 실행 중이면 True."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def notice(text: str, level: str = "info") -> None:
    """학생에게 보이는 안내문 하나를 보여 줍니다. level: 'info', 'warning', 'error'."""
    icon = _ICONS.get(level, "")
    if in_notebook():
        from IPython.display import display

        bg, fg = _COLORS.get(level, _COLORS["info"])
        body = html.escape(text).replace("\n", "<br>")
        box = (f'<div style="background:{bg};color:{fg};border-left:4px solid {fg};'
               f'padding:6px 10px;margin:4px 0;border-radius:3px">{icon} {body}</div>')
        display({"text/plain": f"{icon} {text}", "text/html": box}, raw=True)
    else:
        print(f"{icon} {text}", file=sys.stderr, flush=True)


def progress(total: int, description: str = ""):
    """진행 막대를 만듭니다(노트북에서는 위젯, 터미널에서는 글자 막대). tqdm 객체를 돌려줍니다."""
    if in_notebook():
        try:
            from tqdm.notebook import tqdm

            return tqdm(total=total, desc=description)
        except Exception:  # 위젯을 쓸 수 없는 환경(예: ipywidgets 없음)에서는 글자 막대로
            pass
    from tqdm import tqdm

    return tqdm(total=total, desc=description, file=sys.stderr, dynamic_ncols=True)
