"""예제 이미지(nstlib.examples)와 그것을 그리는 스크립트(scripts/paintings.py)의 검사.

- 이름마다 올바른 모양, 자료형, 값의 범위로 불러와지는지
- 패키지 데이터 `nstlib/data/` 의 PNG 가 그리는 코드의 결과와 픽셀 하나까지 똑같은지 (파일과 스크립트가
  어긋나지 않도록), 그리고 라이브러리는 그리지 않고 파일만 읽는지 (없으면 다시 설치하라는 안내)
- 스타일 이미지에 여러 크기의 질감(texture)이 있는지: 평평한 색, 매끈한 그러데이션, 무작위 잡음(noise)은
  떨어지는 기준으로 잽니다 (기준 자체도 그 세 가지로 확인합니다).
"""

from __future__ import annotations

import ast
import fnmatch
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib import cbook
from PIL import Image

from nstlib import examples
from nstlib.errors import NSTError
from nstlib.examples import EXAMPLES, PHOTOS, example_path, generate_example, list_examples, load_example

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import paintings  # noqa: E402  (scripts/paintings.py: 예제 그림을 그리는 코드, 라이브러리 밖)

PACKAGE_DATA = ROOT / "nstlib" / "data"
STYLES = ["klee", "monet", "swirl", "tofu"]
CONTENTS = ["countryside", "building", "grace_hopper", "astronaut", "chelsea", "coffee", "rocket"]
SKIMAGE = ["astronaut", "chelsea", "coffee", "rocket"]
GENERATED = [name for name in EXAMPLES if name not in ["grace_hopper", *SKIMAGE]]
NATIVE = {"style": (512, 512, 3), "content": (384, 512, 3)}  # (H, W, 3): 과제의 약속, 코드에서 베끼지 않음
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def generated() -> dict[str, np.ndarray]:
    """scripts/paintings.py 가 새로 그린 그림 (한 번만 그려서 여러 검사가 함께 씀)."""
    return {name: paintings.paint(name) for name in GENERATED}


def _stored_pixels(name: str) -> np.ndarray:
    path = PACKAGE_DATA / f"{name}.png"
    assert path.is_file(), f"{path} 가 없습니다. python scripts/make_examples.py 를 실행하세요."
    with Image.open(path) as image:
        assert image.mode == "RGB"
        return np.asarray(image)


# ---------------------------------------------------------------------------------------------------
# 이름과 목록
# ---------------------------------------------------------------------------------------------------


def test_list_examples_partitions_the_names():
    styles, contents = list_examples("style"), list_examples("content")
    assert styles == STYLES
    assert contents == CONTENTS
    assert list_examples() == list(EXAMPLES) == styles + contents
    assert not set(styles) & set(contents)


def test_paintings_are_exactly_the_examples_that_are_not_photos():
    assert list(paintings.PAINTINGS) == GENERATED == [name for name in EXAMPLES if name not in PHOTOS]


def test_every_example_has_a_korean_title_and_description():
    for name, (kind, title, description) in EXAMPLES.items():
        assert kind in ("style", "content"), name
        assert HANGUL.search(title) and HANGUL.search(description), name


def test_unknown_kind_is_refused_in_korean():
    with pytest.raises(NSTError, match="style"):
        list_examples("styles")


@pytest.mark.parametrize("function", [load_example, generate_example, example_path])
def test_unknown_name_raises_nst_error_listing_the_names(function):
    with pytest.raises(NSTError) as error:
        function("picasso")
    message = str(error.value)
    assert HANGUL.search(message)
    assert "picasso" in message
    assert all(name in message for name in EXAMPLES)


# ---------------------------------------------------------------------------------------------------
# 불러오기
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_load_example_shape_dtype_range(name):
    image = load_example(name)
    if name in ["grace_hopper", *SKIMAGE]:
        if name == "grace_hopper":
            with Image.open(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)) as photo:
                width, height = photo.size
        else:
            import skimage.data

            height, width = getattr(skimage.data, name)().shape[:2]
        scale = min(1.0, 512 / max(width, height))                    # 작은 사진은 키우지 않음
        expected = (round(height * scale), round(width * scale), 3)
    else:
        expected = NATIVE[EXAMPLES[name].kind]
    assert image.shape == expected
    assert image.dtype == np.float32
    assert 0.0 <= image.min() and image.max() <= 1.0
    assert image.std() > 0.05  # 빈 그림이 아님


def test_max_size_shrinks_the_long_side_and_none_keeps_native_size(generated):
    assert load_example("klee", max_size=128).shape == (128, 128, 3)
    assert load_example("countryside", max_size=256).shape == (192, 256, 3)
    native = load_example("countryside", max_size=None)
    np.testing.assert_array_equal(native, generated["countryside"].astype(np.float32) / 255.0)


def test_generated_examples_have_the_promised_native_size(generated):
    for name, pixels in generated.items():
        assert pixels.dtype == np.uint8
        assert pixels.shape == NATIVE[EXAMPLES[name].kind], name
        np.testing.assert_array_equal(generate_example(name), pixels)     # 라이브러리가 주는 원래 크기 그대로


def test_grace_hopper_comes_from_matplotlib_not_from_data():
    path = example_path("grace_hopper")
    assert path is not None and path.name == "grace_hopper.jpg"
    assert "matplotlib" in str(path)
    assert not (examples.DATA_DIR / "grace_hopper.png").is_file()
    with Image.open(path) as photo:
        np.testing.assert_array_equal(generate_example("grace_hopper"), np.asarray(photo.convert("RGB")))


def test_examples_are_read_from_the_package_data():
    for name in GENERATED:
        path = example_path(name)
        assert path == PACKAGE_DATA / f"{name}.png", name     # 이 저장소의 nstlib 을 검사하고 있음


@pytest.mark.parametrize("function", [load_example, generate_example, example_path])
def test_missing_png_asks_to_reinstall_in_korean(function, monkeypatch, tmp_path):
    """설치가 덜 되어 PNG 가 없으면, 다시 그리지 않고 다시 설치하라고 말합니다 (파일 이름과 명령과 함께)."""
    monkeypatch.setattr(examples, "DATA_DIR", tmp_path / "no-data")
    with pytest.raises(NSTError) as error:
        function("building")
    message = str(error.value)
    assert HANGUL.search(message)
    assert "building.png" in message and "pip install --force-reinstall" in message
    assert load_example("grace_hopper", max_size=64).shape[2] == 3     # 다른 패키지의 사진은 그대로 읽힘


def test_library_does_not_import_the_drawing_code():
    tree = ast.parse((ROOT / "nstlib" / "examples.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported |= {node.module or ""} | {f"{node.module}.{alias.name}" for alias in node.names}
    assert not {"paintings", "painting_tools", "PIL.ImageDraw"} & imported, imported


# ---------------------------------------------------------------------------------------------------
# nstlib/data/ 의 파일 (패키지 데이터)
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GENERATED)
def test_stored_png_equals_the_generator_exactly(name, generated):
    np.testing.assert_array_equal(
        _stored_pixels(name),
        generated[name],
        err_msg=f"nstlib/data/{name}.png 가 그리는 코드와 다릅니다. python scripts/make_examples.py 로 다시 만드세요.",
    )


def test_generator_is_deterministic(generated):
    np.testing.assert_array_equal(paintings.paint("tofu"), generated["tofu"])


def test_data_folder_holds_exactly_the_generated_pngs_each_under_400_kb():
    pngs = sorted(PACKAGE_DATA.glob("*.png"))
    assert sorted(p.stem for p in pngs) == sorted(GENERATED)
    for path in pngs:
        assert path.stat().st_size < 400 * 1024, f"{path.name}: {path.stat().st_size / 1024:.0f} KB"
    assert not list((ROOT / "data").glob("*.png")), "예제 그림은 data/ 가 아니라 nstlib/data/ 에 둡니다"


def test_pyproject_ships_every_png_as_package_data():
    """pip install 로 설치해도 (Colab) 예제가 깔리도록: pyproject.toml 의 package-data 가 모든 PNG 를 덮음."""
    tomllib = pytest.importorskip("tomllib")                              # Python 3.11 부터
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["nstlib"]
    for path in PACKAGE_DATA.glob("*.png"):
        relative = path.relative_to(ROOT / "nstlib").as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative


def test_data_readme_names_every_file_and_the_licence():
    text = (PACKAGE_DATA / "README.md").read_text(encoding="utf-8")
    assert all(f"{name}.png" in text for name in GENERATED)
    assert "MIT" in text and "grace_hopper" in text and "퍼블릭 도메인" in text


def test_top_level_data_readme_says_where_the_examples_went():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert HANGUL.search(text)
    assert "nstlib/data/" in text and "scripts/make_examples.py" in text


# ---------------------------------------------------------------------------------------------------
# 질감: 라플라시안 피라미드(Laplacian pyramid)의 층마다 세기, 그리고 잡음이 아님
# ---------------------------------------------------------------------------------------------------


def _luminance(image: np.ndarray) -> np.ndarray:
    return np.asarray(image, dtype=np.float64) @ np.array([0.299, 0.587, 0.114])


def _band_energies(gray: np.ndarray, levels: int = 5) -> list[float]:
    """라플라시안 피라미드의 층(1, 2, 4, 8, 16 픽셀 크기의 무늬)마다 세기(표준편차)."""
    energies = []
    for _ in range(levels):
        h, w = gray.shape[0] // 2 * 2, gray.shape[1] // 2 * 2
        gray = gray[:h, :w]
        coarse = gray.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
        detail = gray - np.repeat(np.repeat(coarse, 2, axis=0), 2, axis=1)
        energies.append(float(detail.std()))
        gray = coarse
    return energies


def _neighbour_correlation(gray: np.ndarray, lag: int = 2) -> float:
    """잔무늬(9×9 평균을 뺀 값)가 lag 픽셀 떨어진 이웃과 얼마나 닮았는지. 무작위 잡음이면 0 근처."""
    k = 9
    padded = np.pad(gray, ((k // 2 + 1, k // 2), (k // 2 + 1, k // 2)), mode="edge")
    c = padded.cumsum(0).cumsum(1)
    local_mean = (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)
    detail = gray - local_mean
    across = np.corrcoef(detail[:, :-lag].ravel(), detail[:, lag:].ravel())[0, 1]
    down = np.corrcoef(detail[:-lag].ravel(), detail[lag:].ravel())[0, 1]
    return float((across + down) / 2)


def _has_multiscale_texture(image: np.ndarray) -> bool:
    """1~16 픽셀의 모든 크기에 무늬가 있고(평평하지 않음), 큰 무늬가 가장 잔 무늬의 절반 이상이며
    (픽셀 잡음만 있는 것이 아님), 잔무늬가 이웃과 이어져 있음(붓질·구멍 같은 모양)."""
    energies = _band_energies(_luminance(image))
    return (
        min(energies) > 0.012
        and max(energies[3:]) > 0.5 * energies[0]
        and _neighbour_correlation(_luminance(image)) > 0.15
    )


@pytest.mark.parametrize("name", STYLES)
def test_style_images_have_texture_at_several_scales(name, generated):
    image = generated[name] / 255.0
    assert _has_multiscale_texture(image), (name, _band_energies(_luminance(image)))


def test_texture_measure_rejects_flat_colour_smooth_gradient_and_noise():
    rng = np.random.default_rng(0)
    flat = np.full((256, 256, 3), 0.5)
    gradient = np.linspace(0.0, 1.0, 256)[None, :, None] * np.ones((256, 256, 3))
    noise = rng.random((256, 256, 3))
    blocks = np.kron(rng.random((16, 16, 3)), np.ones((16, 16, 1)))  # 평평한 색면 조각들
    for image in (flat, gradient, noise, blocks):
        assert not _has_multiscale_texture(image)


@pytest.mark.parametrize("name", ["countryside", "building"])
def test_content_images_have_clear_edges(name, generated):
    gray = _luminance(generated[name] / 255.0)
    gx = np.abs(np.diff(gray, axis=1))[:-1, :]
    gy = np.abs(np.diff(gray, axis=0))[:, :-1]
    strong = np.hypot(gx, gy) > 0.08
    assert 0.01 < strong.mean() < 0.3  # 또렷한 윤곽이 있되, 온통 잡음은 아님


@pytest.mark.parametrize("name", SKIMAGE)
def test_real_photos_come_from_scikit_image(name):
    import skimage.data

    assert example_path(name) is None and not (examples.DATA_DIR / f"{name}.png").is_file()
    photo = getattr(skimage.data, name)()
    np.testing.assert_array_equal(generate_example(name), photo[..., :3])
    image = load_example(name, max_size=128)
    assert max(image.shape[:2]) == 128 and image.dtype == np.float32
    h, w = photo.shape[:2]
    assert abs(image.shape[0] / image.shape[1] - h / w) < 0.02      # 비율 그대로
