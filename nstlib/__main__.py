"""`python -m nstlib 콘텐츠 스타일 -o 결과.png` 로 실행합니다 (nstlib/cli.py)."""

import sys

from .cli import main

sys.exit(main())
