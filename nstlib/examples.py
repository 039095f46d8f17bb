"""예제 이미지 (example data): 실습에 쓰는 스타일 이미지와 콘텐츠 이미지.

강의의 실습은 클레(Paul Klee)와 모네(Claude Monet)의 그림, 두부 사진을 스타일 이미지로, 시골 풍경과
빌라 사진을 콘텐츠 이미지로 썼습니다. 이 과정은 인터넷에서 그림을 내려받지 않습니다. 대신 그 화가들의
"느낌을 흉내 낸" 그림을 (논문의 대표 예인 반 고흐풍 소용돌이 붓질도 하나) 저장소의 `scripts/paintings.py` 가
numpy 와 PIL 로 그려 두었고, 그 PNG 파일이 패키지 안(`nstlib/data/`)에 들어 있어 `pip install` 로 설치해도
(Colab 에서도) 함께 깔립니다. 실제 사진은 matplotlib 에 들어 있는 그레이스 호퍼(Grace Hopper)의 사진과
scikit-image 에 들어 있는 사진 넷을 그대로 읽습니다.

>>> list_examples("style")
['klee', 'monet', 'swirl', 'tofu']
>>> image = load_example("klee", max_size=256)
>>> image.shape, image.dtype
((256, 256, 3), dtype('float32'))
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image

from nstlib.errors import NSTError
from nstlib.images import MIN_SIDE, load_image
from nstlib.project import PIP_URL

DATA_DIR = resources.files("nstlib") / "data"
"""패키지 안의 예제 그림 폴더 (`nstlib/data/`, `importlib.resources` 로 찾음). 설치할 때 함께 깔립니다."""


class ExampleInfo(NamedTuple):
    """예제 이미지 하나의 설명: 종류("style" 또는 "content"), 한국어 제목, 한 줄 설명."""

    kind: str
    title: str
    description: str


EXAMPLES: dict[str, ExampleInfo] = {
    "klee": ExampleInfo(
        "style",
        "클레풍 색면 구성",
        "파울 클레(Paul Klee)의 '마법의 사각형'처럼 살짝 비뚤어진 격자에 따뜻한 색과 차가운 색의 "
        "사각형을 채우고 붓 자국과 종이 질감을 더한 그림",
    ),
    "monet": ExampleInfo(
        "style",
        "모네풍 수련 연못",
        "클로드 모네(Claude Monet)의 수련 연못처럼 파랑, 초록, 연보라, 분홍의 짧고 두꺼운 반투명 "
        "붓 터치를 수천 번 겹쳐 물빛과 수련 잎을 그린 그림",
    ),
    "swirl": ExampleInfo(
        "style",
        "소용돌이 붓질",
        "빈센트 반 고흐(Vincent van Gogh)의 밤하늘처럼 소용돌이치는 흐름을 따라 짧고 굽은 붓질 "
        "수천 개를 깊은 파랑과 노랑으로 그린 그림",
    ),
    "tofu": ExampleInfo(
        "style",
        "두부 질감",
        "강의에서 스타일로 썼던 두부 사진처럼 크림색 표면에 작은 구멍이 송송 난 부드러운 질감",
    ),
    "countryside": ExampleInfo(
        "content",
        "시골 풍경",
        "구름 낀 하늘, 완만한 언덕, 고랑이 난 밭, 나무 몇 그루, 작은 집과 오솔길이 있는 시골 풍경",
    ),
    "building": ExampleInfo(
        "content",
        "빌라 건물",
        "창문과 발코니, 기와지붕, 현관이 또렷한 빌라 정면과 나무, 하늘",
    ),
    "grace_hopper": ExampleInfo(
        "content",
        "그레이스 호퍼 사진",
        "matplotlib 에 들어 있는 실제 인물 사진 (미 해군 제복을 입은 컴퓨터 과학자 그레이스 호퍼, 퍼블릭 도메인)",
    ),
    "astronaut": ExampleInfo(
        "content",
        "우주비행사 사진",
        "scikit-image 에 들어 있는 실제 사진: 우주복을 입은 NASA 우주비행사 아일린 콜린스, 뒤에 성조기와 "
        "우주왕복선 모형 (퍼블릭 도메인)",
    ),
    "chelsea": ExampleInfo(
        "content",
        "고양이 사진",
        "scikit-image 에 들어 있는 실제 사진: 얼룩 고양이 첼시의 얼굴과 털 (CC0)",
    ),
    "coffee": ExampleInfo(
        "content",
        "커피잔 사진",
        "scikit-image 에 들어 있는 실제 사진: 나무 탁자 위의 커피잔과 받침 (CC0)",
    ),
    "rocket": ExampleInfo(
        "content",
        "로켓 발사 사진",
        "scikit-image 에 들어 있는 실제 사진: 해 질 녘 발사대에 서 있는 팰컨 9 로켓과 탑, 불빛들 (퍼블릭 도메인)",
    ),
}
"""이름 → (종류, 제목, 설명). 순서는 강의의 실습 순서(스타일 먼저, 콘텐츠 다음)입니다."""


PHOTOS = ("grace_hopper", "astronaut", "chelsea", "coffee", "rocket")
"""설치된 패키지(matplotlib, scikit-image)에서 읽는 실제 사진. 나머지는 `nstlib/data/` 의 PNG 입니다."""


# ---------------------------------------------------------------------------------------------------
# 공개 함수 (public API)
# ---------------------------------------------------------------------------------------------------


def list_examples(kind: str | None = None) -> list[str]:
    """예제 이미지의 이름들. `kind` 로 "style" 이나 "content" 만 고를 수 있습니다.

    >>> list_examples("content")
    ['countryside', 'building', 'grace_hopper', 'astronaut', 'chelsea', 'coffee', 'rocket']
    """
    if kind is not None and kind not in ("style", "content"):
        raise NSTError(f"예제의 종류(kind)는 'style' 이나 'content' 중 하나여야 합니다. 받은 값: {kind!r}")
    return [name for name, info in EXAMPLES.items() if kind is None or info.kind == kind]


def example_path(name: str) -> Path | None:
    """예제 이미지가 담긴 파일의 경로. scikit-image 의 사진처럼 파일로 주지 않는 예제는 `None`.

    그린 그림은 패키지 안 `nstlib/data/` 의 PNG, `grace_hopper` 는 matplotlib 에 들어 있는 JPEG 의 경로입니다.
    PNG 가 없으면(설치가 덜 되었으면) 다시 설치하라는 `NSTError` 를 던집니다.

    >>> example_path("grace_hopper").name
    'grace_hopper.jpg'
    >>> example_path("klee").name
    'klee.png'
    """
    _check_name(name)
    if name == "grace_hopper":
        return _grace_hopper_path()
    if name in PHOTOS:
        return None            # scikit-image 의 사진: `generate_example` 이 패키지에서 읽음
    return _packaged_file(f"{name}.png")


def generate_example(name: str) -> np.ndarray:
    """예제 이미지를 원래 크기 그대로 uint8 배열 (H, W, 3) 로 줍니다 (줄이지도, [0, 1] 로 바꾸지도 않음).

    스타일 이미지는 512 × 512, 콘텐츠 이미지는 가로 512 × 세로 384 입니다 (사진은 사진 크기 그대로).
    이름은 예전 그대로지만 이제는 그리지 않고 파일을 읽습니다. 그림을 새로 그리는 코드는 저장소의
    `scripts/paintings.py` 에 있습니다.

    >>> generate_example("countryside").shape
    (384, 512, 3)
    """
    _check_name(name)
    path = example_path(name)
    if path is None:
        return _skimage_photo(name)
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.uint8).copy()


def open_image(source, max_size: int | None = 512, *, min_side: int = MIN_SIDE) -> np.ndarray:
    """예제 이름이면 예제를, 아니면 `nstlib.images.load_image` 로 무엇이든(경로, URL, 바이트, 배열 ...) 불러옵니다.

    >>> open_image("klee", 64).shape
    (64, 64, 3)
    """
    if isinstance(source, str) and source in EXAMPLES:
        return load_example(source, max_size=max_size, min_side=min_side)
    return load_image(source, max_size=max_size, min_side=min_side)


def load_example(name: str, max_size: int | None = 512, *, min_side: int = MIN_SIDE) -> np.ndarray:
    """예제 이미지를 float32 배열 (H, W, 3), 값의 범위 [0, 1] 로 불러옵니다.

    긴 변이 `max_size` 보다 크면 비율을 지켜 그 길이로 줄입니다 (LANCZOS, `nstlib.images.load_image` 와
    같은 규칙이라 작은 그림을 키우지는 않습니다). `max_size=None` 이면 원래 크기 그대로입니다.

    >>> load_example("monet", max_size=128).shape
    (128, 128, 3)
    >>> load_example("countryside", max_size=None).shape
    (384, 512, 3)
    """
    _check_name(name)
    path = example_path(name)
    if path is not None:
        return load_image(path, max_size, min_side=min_side)
    return load_image(Image.fromarray(_skimage_photo(name)), max_size, name=f"{name}.png", min_side=min_side)


# ---------------------------------------------------------------------------------------------------
# 파일 찾기
# ---------------------------------------------------------------------------------------------------


def _check_name(name: str) -> None:
    if name not in EXAMPLES:
        names = ", ".join(EXAMPLES)
        raise NSTError(
            f"'{name}' 이라는 예제 이미지는 없습니다. 쓸 수 있는 이름: {names}. "
            "list_examples() 로 목록을 볼 수 있습니다."
        )


_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def _packaged_file(filename: str) -> Path:
    """패키지 안 `nstlib/data/` 의 파일의 실제 경로.

    보통은 설치된 폴더의 파일 그대로입니다. 패키지가 zip 안에 있을 때만 `as_file` 로 임시 파일을 꺼내고, 그
    파일은 프로그램이 끝날 때 지웁니다 (돌려준 경로를 그동안 써도 되도록).
    """
    resource = DATA_DIR / filename
    if not resource.is_file():
        raise NSTError(
            f"예제 그림 파일 '{filename}' 이(가) 설치된 nstlib 안에 없습니다 (찾은 곳: {resource}). "
            "설치가 덜 되었거나 파일이 지워진 것 같습니다. nstlib 을 다시 설치한 뒤 커널(런타임)을 다시 시작하세요: "
            f'pip install --force-reinstall --no-deps "{PIP_URL}"  '
            "(저장소를 clone 해서 쓰고 있다면 git checkout -- nstlib/data 로 되살릴 수 있습니다)",
            path=str(resource),
        )
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(resources.as_file(resource))


def _skimage_photo(name: str) -> np.ndarray:
    """scikit-image 에 들어 있는 사진 (`skimage.data.astronaut()` …) 을 uint8 (H, W, 3) 로."""
    try:
        import skimage.data
    except ImportError:
        raise NSTError(f"예제 사진 '{name}' 은(는) scikit-image 패키지에 들어 있습니다. 설치하세요: "
                       "pip install scikit-image  (Colab 에는 이미 있습니다)") from None
    return np.ascontiguousarray(getattr(skimage.data, name)()[..., :3], dtype=np.uint8)


def _grace_hopper_path() -> Path:
    from matplotlib import cbook

    return Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
