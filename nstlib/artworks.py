"""실제 명화와 사진 (real artworks): 인터넷이 될 때 내려받는 퍼블릭 도메인(public domain) 작품.

강의의 스타일 이미지는 클레와 모네의 진짜 그림이었습니다. 이 모듈은 위키미디어 공용(Wikimedia Commons)에 있는
명화 일곱 점(클레, 모네 두 점, 반 고흐, 뭉크, 칸딘스키, 호쿠사이)과, 논문 그림 7 (사진 같은 전이,
photorealistic transfer)을 위한 같은 건물의 낮 사진과 밤 사진을 목록 `ARTWORKS` 로 가지고 있습니다.

`load_artwork` 는 작품을 한 번 내려받아 캐시(cache) 폴더에 저장하고, 다음부터는 인터넷 없이 그 파일을 읽습니다.
인터넷이 안 되면(오프라인 교실, 시간 초과, 사이트 오류) 멈추지 않고 가장 비슷한 예제 이미지(`nstlib.examples`,
대부분 이 과정이 직접 그린 그림)를 대신 돌려주며, 그렇다고 안내문을 한 번 보여 줍니다.

>>> describe_artwork("great_wave")
'가나가와 해변의 높은 파도 아래 (神奈川沖浪裏), 가쓰시카 호쿠사이, 1831년경 — 퍼블릭 도메인'
>>> image = load_artwork("great_wave", max_size=256)  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import hashlib
import os
import urllib.parse
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import display
from .errors import NSTError, particle
from .examples import EXAMPLES, PHOTOS, load_example
from .images import URL_TIMEOUT, _check_size_argument, _check_timeout, load_image, save_image

__all__ = ["ARTWORKS", "Artwork", "commons_url", "list_artworks", "describe_artwork", "load_artwork",
           "default_cache_dir"]

DOWNLOAD_WIDTH = 1280
"""위키미디어에 부탁하는 그림의 너비(픽셀). 1280 은 위키미디어가 미리 만들어 두는 표준 크기 가운데 하나입니다.
캐시에는 이 크기로 저장하므로 `max_size` 가 이보다 커도 더 큰 그림은 나오지 않습니다."""

ARTWORK_MAX_BYTES = 10 * 1024 * 1024
"""작품 하나로 내려받을 수 있는 최대 크기(10 MB). 1280 픽셀 JPEG 는 보통 1 MB 도 되지 않습니다."""


def commons_url(file_name: str, width: int = DOWNLOAD_WIDTH) -> str:
    """위키미디어 공용 파일의 주소. `Special:FilePath` 가 `width` 픽셀로 줄인 그림으로 보내 줍니다(redirect).

    >>> commons_url("Tsunami_by_hokusai_19th_century.jpg")
    'https://commons.wikimedia.org/wiki/Special:FilePath/Tsunami_by_hokusai_19th_century.jpg?width=1280'
    """
    return f"https://commons.wikimedia.org/wiki/Special:FilePath/{urllib.parse.quote(file_name)}?width={width}"


class Artwork(NamedTuple):
    """작품 하나: 한국어 제목, 원래 제목, 작가, 연도, 위키미디어 공용의 파일 이름과 주소, 인터넷이 안 될 때 대신 쓰는
    예제 이미지의 이름(`standin`), 종류("painting" 또는 "photo"), 저작권 상태."""

    key: str
    title: str
    original: str
    artist: str
    year: str
    file: str
    url: str
    standin: str
    kind: str = "painting"
    licence: str = "퍼블릭 도메인"

    @property
    def page(self) -> str:
        """위키미디어 공용의 파일 설명 페이지 (작가, 출처, 저작권 상태를 확인하는 곳)."""
        return "https://commons.wikimedia.org/wiki/File:" + urllib.parse.quote(self.file)


def _work(key, title, original, artist, year, file, standin, kind="painting") -> Artwork:
    return Artwork(key, title, original, artist, year, file, commons_url(file), standin, kind)


# 파일 이름은 모두 공개된 글에서 글자 그대로 찾은 것입니다. 위키미디어의 주소 /x/xy/파일이름 의 xy 는 파일 이름의 MD5 앞 두
# 글자이므로, 그 주소가 함께 적힌 곳에서는 MD5 로 파일 이름이 한 글자도 틀리지 않았음을 다시 확인했습니다 (괄호 안).
ARTWORKS: tuple[Artwork, ...] = (
    # chessprogramming.org 'SISSY Bitboards' 의 그림과 출처 각주 (thumb/6/6c/..., MD5 6c 일치)
    _work("klee_highways", "큰길과 샛길", "Hauptweg und Nebenwege", "파울 클레", "1929",
          "Paul_Klee,_Hauptweg_und_Nebenwege,_1929,_Öl_auf_Leinwand,_83,7_x_67,5_cm,_Museum_Ludwig_1976.jpg", "klee"),
    # 여러 공개 저장소의 upload.wikimedia.org/.../a/aa/... 주소 (MD5 aa 일치). 시카고 미술관 소장
    _work("monet_water_lilies", "수련", "Nymphéas", "클로드 모네", "1906",
          "Claude_Monet_-_Water_Lilies_-_1906,_Ryerson.jpg", "monet"),
    # 여러 공개 저장소의 파일 페이지 주소와 '5/54' 목록 (MD5 54 일치). 마르모탕 모네 미술관 소장
    _work("monet_sunrise", "인상, 해돋이", "Impression, soleil levant", "클로드 모네", "1872",
          "Claude_Monet,_Impression,_soleil_levant.jpg", "monet"),
    # 여러 공개 저장소의 thumb/e/ea/... 주소 (MD5 ea 일치). 논문(2015) 그림 2 의 스타일 가운데 하나
    _work("starry_night", "별이 빛나는 밤", "De sterrennacht", "빈센트 반 고흐", "1889",
          "Van_Gogh_-_Starry_Night_-_Google_Art_Project.jpg", "swirl"),
    # 여러 공개 저장소의 파일 페이지와 thumb/c/c5/... 주소 (MD5 c5 일치). 논문(2015) 그림 2 의 스타일
    _work("scream", "절규", "Skrik", "에드바르 뭉크", "1893",
          "Edvard_Munch,_1893,_The_Scream,_oil,_tempera_and_pastel_on_cardboard,_91_x_73_cm,"
          "_National_Gallery_of_Norway.jpg", "swirl"),
    # 공개 저장소의 commons/b/b4/... 주소와 파일 페이지 (MD5 b4 일치). 논문(2015) 그림 2 와 TensorFlow 튜토리얼의 스타일
    _work("composition_7", "구성 VII", "Komposition VII", "바실리 칸딘스키", "1913",
          "Vassily_Kandinsky,_1913_-_Composition_7.jpg", "klee"),
    # 여러 공개 저장소의 commons/a/a5/... 주소와 파일 페이지 (MD5 a5 일치)
    _work("great_wave", "가나가와 해변의 높은 파도 아래", "神奈川沖浪裏", "가쓰시카 호쿠사이", "1831년경",
          "Tsunami_by_hokusai_19th_century.jpg", "swirl"),
    # 논문 그림 7 (사진 같은 전이): 같은 건물(미국 국회의사당 동쪽 정면)의 낮과 밤. 두 사진 모두 촬영자가 퍼블릭 도메인으로
    # 공개했다고 여러 공개 저장소의 출처 목록에 적혀 있습니다 (thumb/2/27/..., thumb/5/57/...; MD5 27, 57 일치).
    _work("capitol_day", "미국 국회의사당, 낮", "Capitol Building Full View", "Noclip (위키미디어 사용자)",
          "촬영 연도 미상", "Capitol_Building_Full_View.jpg", "building", kind="photo"),
    _work("capitol_night", "미국 국회의사당, 밤", "US Capitol Building at night", "데이비드 일리프 (Diliff)", "2006",
          "US_Capitol_Building_at_night_Jan_2006.jpg", "rocket", kind="photo"),
)
"""작품 목록. 앞의 일곱 점은 스타일로 쓰는 그림, 마지막 두 장은 논문 그림 7 을 위한 낮과 밤 사진입니다."""


def list_artworks(kind: str | None = None) -> list[Artwork]:
    """작품 목록 (수업의 표에 쓰기 좋게). `kind` 로 "painting" 이나 "photo" 만 고를 수 있습니다.

    >>> [work.key for work in list_artworks("photo")]
    ['capitol_day', 'capitol_night']
    """
    if kind not in (None, "painting", "photo"):
        raise NSTError(f"작품의 종류(kind)는 'painting'(그림) 이나 'photo'(사진) 중 하나여야 합니다. 받은 값: {kind!r}")
    return [work for work in ARTWORKS if kind is None or work.kind == kind]


_STOOD_IN: dict[str, str] = {}
"""이 세션에서 가져오지 못해 대신한 작품 → 대신 쓴 예제 이름 (`describe_artwork` 가 그림과 맞는 말을 하도록)."""


def describe_artwork(key: str) -> str:
    """작품을 소개하는 한 줄: "제목 (원제), 작가, 연도 — 저작권 상태".

    마지막 `load_artwork(key)` 가 인터넷에서 가져오지 못해 예제로 대신했다면, 그림 제목이 화면의 그림과 맞도록
    "대신 쓴 그림: …" 이라고 말합니다.

    >>> describe_artwork("starry_night")
    '별이 빛나는 밤 (De sterrennacht), 빈센트 반 고흐, 1889 — 퍼블릭 도메인'
    """
    work = _find(key)
    if key in _STOOD_IN:
        standin = EXAMPLES[_STOOD_IN[key]].title
        return f"대신 쓴 그림: '{standin}' ({particle(f'「{work.title}」', '을를')} 가져오지 못함)"
    return f"{work.title} ({work.original}), {work.artist}, {work.year} — {work.licence}"


def default_cache_dir() -> Path:
    """내려받은 작품을 두는 폴더: `$NSTLIB_CACHE/artworks`, 없으면 `~/.cache/nstlib/artworks`.

    `XDG_CACHE_HOME` 이 정해져 있으면 `~/.cache` 대신 그 폴더를, 홈 폴더에 쓸 수 없으면 `/tmp` 를 씁니다.
    """
    root = os.environ.get("NSTLIB_CACHE")
    if not root:
        home = os.path.expanduser("~")
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home if os.access(home, os.W_OK) else "/tmp", ".cache")
        root = os.path.join(base, "nstlib")
    return Path(root) / "artworks"


def load_artwork(key: str, max_size: int | None = 512, *, cache_dir: str | os.PathLike | None = None,
                 timeout: float = URL_TIMEOUT, max_bytes: int = ARTWORK_MAX_BYTES) -> np.ndarray:
    """작품을 float32 배열 `(H, W, 3)`, 값 [0, 1] 로 불러옵니다 (`nstlib.images.load_image` 와 같은 모양).

    1. 캐시 폴더에 내려받아 둔 파일이 있으면 인터넷 없이 그 파일을 읽습니다.
    2. 없으면 위키미디어 공용에서 내려받아(너비 1280 픽셀) 캐시에 저장합니다. 내려받기는 `load_image` 가 합니다:
       nstlib 이름을 밝히는 User-Agent, 전체 시간 한도 `timeout` 초, 최대 크기 `max_bytes` 바이트.
    3. 내려받지 못하면 그 작품과 가장 비슷한 예제 이미지(`Artwork.standin`)를 대신 돌려주고, 까닭과 함께 경고
       안내문(`display.notice`)을 한 번 보여 줍니다. 오류를 내지 않으므로 오프라인 교실에서도 셀이 멈추지 않습니다.

    긴 변이 `max_size` 보다 크면 비율을 지켜 줄입니다 (`None` 이면 캐시의 크기 그대로).

    >>> style = load_artwork("starry_night", max_size=512)   # doctest: +SKIP
    >>> max(style.shape[:2]), style.dtype                    # doctest: +SKIP
    (512, dtype('float32'))
    """
    work = _find(key)
    _check_arguments(max_size, cache_dir, timeout, max_bytes)   # 잘못된 설정을 '인터넷 안 됨' 으로 숨기지 않도록
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cached = folder / f"{work.key}-{hashlib.sha1(work.url.encode()).hexdigest()[:10]}.png"
    if cached.is_file():
        try:
            image = load_image(cached, max_size)
            _STOOD_IN.pop(work.key, None)
            return image
        except NSTError:                 # 망가진 캐시 파일 (예: 저장 중에 런타임이 끊김): 지우고 다시 내려받음
            cached.unlink(missing_ok=True)
    try:
        image = load_image(work.url, DOWNLOAD_WIDTH, name=work.key, timeout=timeout, max_bytes=max_bytes)
    except NSTError as error:
        display.notice(_offline_notice(work, _reason(error, work.key)), "warning")
        _STOOD_IN[work.key] = work.standin
        return load_example(work.standin, max_size)
    _STOOD_IN.pop(work.key, None)
    if _save_to_cache(image, cached):
        return load_image(cached, max_size)   # 다음 번(캐시에서 읽기)과 픽셀까지 똑같도록 같은 길로
    return image if max_size is None else load_image(image, max_size)


# ---------------------------------------------------------------------------------------------------
# 도움 함수
# ---------------------------------------------------------------------------------------------------


def _find(key: str) -> Artwork:
    """이름(key)으로 작품을 찾습니다. 없으면 비슷한 이름(작가 이름으로 찾은 것 포함)을 알려 주는 `NSTError`."""
    for work in ARTWORKS:
        if work.key == key:
            return work
    keys = [work.key for work in ARTWORKS]
    wanted = str(key).strip().lower().replace(" ", "_")
    close = [w.key for w in ARTWORKS if wanted and (wanted in w.key or wanted in w.file.lower())]  # 'kandinsky'
    close = close or difflib.get_close_matches(wanted, keys, n=3, cutoff=0.5)
    hint = f" 혹시 {', '.join(repr(c) for c in close)} 인가요?" if close else ""
    raise NSTError(f"{key!r} 이라는 작품은 목록에 없습니다.{hint} 쓸 수 있는 이름: {', '.join(keys)}. "
                   "list_artworks() 로 제목과 작가까지 볼 수 있습니다.")


def _check_arguments(max_size, cache_dir, timeout, max_bytes) -> None:
    _check_size_argument("max_size", max_size, allow_none=True)
    _check_size_argument("max_bytes", max_bytes, allow_none=False, unit="바이트 수")
    _check_timeout(timeout)
    if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
        raise NSTError(f"cache_dir(캐시 폴더)는 폴더 경로여야 합니다 (받은 값: {cache_dir!r}). 예: cache_dir='artworks'")


def _reason(error: NSTError, key: str) -> str:
    """`load_image` 의 오류 문장에서 앞의 이름표('key': )와 뒤의 조언을 떼고 까닭만 남깁니다."""
    text = str(error).removeprefix(f"'{key}': ")
    return text.split(". ")[0].rstrip(".")


def _offline_notice(work: Artwork, reason: str) -> str:
    standin, noun = EXAMPLES[work.standin], "사진" if work.kind == "photo" else "작품"
    if work.standin in PHOTOS:
        instead = (f"대신 쓰는 사진: '{standin.title}' (예제 '{work.standin}'). 이 과정에 들어 있는 실제 사진이지만 "
                   "다른 장면입니다.")
    else:
        drawn = "그 느낌을 흉내 내어 직접 그린 그림" if work.kind == "painting" else "직접 그린 비슷한 장면"
        instead = f"대신 쓰는 그림: '{standin.title}' (예제 '{work.standin}'). 진짜 {noun}이 아니라, 이 과정이 {drawn}입니다."
    return (f"인터넷에서 「{work.title}」({work.artist}, {work.year}) {noun}을 가져오지 못했습니다 — {reason}. "
            f"{instead} 인터넷이 되면 이 셀을 다시 실행하세요.")


def _save_to_cache(image: np.ndarray, path: Path) -> bool:
    """내려받은 그림을 캐시에 PNG 로 저장합니다. 저장하지 못하면 알리고 `False` (그림은 그대로 쓰고, 다음에 다시 내려받음)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save_image(image, path, overwrite=True)
        return True
    except (OSError, NSTError) as error:
        display.notice(f"내려받은 작품을 캐시 폴더 '{path.parent}' 에 저장하지 못했습니다 ({error}). 이번에는 그대로 "
                       "쓰고, 다음에 다시 내려받습니다.", "info")
        return False
