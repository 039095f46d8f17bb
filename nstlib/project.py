"""이 과정(course)의 저장소 주소를 적어 두는 단 한 곳.

저장소를 옮기면 `REPO` 만 바꾸고 `python scripts/sync_repo_url.py` 를 실행하세요. 노트북의 Colab 배지와
설치 셀이 이 값으로 다시 쓰이고, `tests/test_project.py` 가 어긋난 주소를 찾아 냅니다.
"""

REPO = "nst-course/nst-korean"  # GitHub 의 owner/name
BRANCH = "main"
REPO_URL = f"https://github.com/{REPO}"
PIP_URL = f"git+{REPO_URL}.git"
COLAB_URL = f"https://colab.research.google.com/github/{REPO}/blob/{BRANCH}/notebooks"
