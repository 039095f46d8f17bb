"""노트북의 Colab 배지와 설치 셀의 저장소 주소를 nstlib/project.py 의 값으로 다시 씁니다.

    python scripts/sync_repo_url.py          # 고치기
저장소 주소는 nstlib/project.py 한 곳에서만 바꿉니다. tests/test_notebooks.py 가 어긋난 주소를 찾아 냅니다.
"""

import json
import re
from pathlib import Path

from nstlib.project import COLAB_URL, PIP_URL

ROOT = Path(__file__).resolve().parent.parent


def sync(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        source = re.sub(r"https://colab\.research\.google\.com/github/[^)\s\"]+/notebooks/([\w.]+\.ipynb)",
                        lambda m: f"{COLAB_URL}/{m.group(1)}", source)
        source = re.sub(r"git\+https://github\.com/[\w.-]+/[\w.-]+?\.git", PIP_URL, source)
        cell["source"] = source.splitlines(keepends=True)
    new = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if sync(notebook):
            print("고침:", notebook.name)
