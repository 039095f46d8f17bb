"""nstlib.settings: 설정 하나(`Settings`)를 한 곳에서 확인하기.

기준은 과정의 문서에 적힌 범위(README, docs/defaults.md: 크기 32~4096, 학습률 ≤ 1 …)와, 명령줄·라이브러리·
체크포인트가 같은 값을 주고받는지입니다. 신경망을 만들지 않는 빠른 테스트입니다.
"""

from __future__ import annotations

import json
from dataclasses import fields

import numpy as np
import pytest

from conftest import assert_korean
from nstlib.cli import build_parser, main, settings_from
from nstlib.errors import NSTError, particle, spelled_as
from nstlib.settings import (DEFAULT_RATIO, DEFAULTS, RunOptions, Settings, check_blend_count, check_ratios,
                             device_defaults, layer_weights, split_options)

# 문서에 적힌 범위: (필드, 받는 가장 작은 값, 가장 큰 값, 그 밖의 값 하나씩)
RANGES = [
    ("size", 32, 4096, (31, 4097)),
    ("steps", 0, 1_000_000, (-1, 1_000_001)),
    ("learning_rate", 1e-6, 1.0, (0.0, 1.5)),
    ("tv_weight", 0.0, 1e12, (-0.1, float("inf"))),
    ("alpha", 0.0, 1e12, (-1.0, float("nan"))),
    ("coarse_to_fine", 0, 6, (-1, 7)),
    ("seed", 0, 2**32 - 1, (-1, 2**32)),
]


@pytest.fixture(autouse=True)
def _random_weights(monkeypatch):
    monkeypatch.setenv("NSTLIB_WEIGHTS", "random")


@pytest.mark.parametrize("name, low, high, outside", RANGES)
def test_each_number_is_checked_at_its_documented_bounds(name, low, high, outside):
    base = Settings(beta=1.0)                      # α = 0 이어도 β 가 있도록
    assert getattr(base.replace(**{name: low}).checked(), name) == low
    assert getattr(base.replace(**{name: high}).checked(), name) == high
    for value in outside:
        with pytest.raises(NSTError) as excinfo:
            base.replace(**{name: value}).checked()
        assert name in assert_korean(excinfo.value)          # 어느 설정인지 말함


@pytest.mark.parametrize("name, value", [("init", "photo"), ("optimizer", "sgd"), ("mode", "absolute"),
                                         ("pooling", "min"), ("precision", "float16"), ("architecture", "resnet")])
def test_choices_name_what_is_allowed(name, value):
    with pytest.raises(NSTError) as excinfo:
        Settings(**{name: value}).checked()
    allowed = next(f.metadata["choices"] for f in fields(Settings) if f.name == name)
    message = assert_korean(excinfo.value)
    assert value in message and all(repr(c) in message for c in allowed if c not in (None, "image"))


def test_lbfgs_keeps_float32_unless_asked(monkeypatch):
    from nstlib import device

    monkeypatch.setattr(device, "cpu_has_bfloat16", lambda: True)
    cpu = device.DeviceInfo("CPU", "CPU", "/CPU:0")
    assert Settings().checked(cpu).precision == "bfloat16"
    assert Settings(optimizer="lbfgs").checked(cpu).precision == "float32"
    assert Settings(optimizer="lbfgs", precision="bfloat16").checked(cpu).precision == "bfloat16"


def test_checked_fills_what_was_left_to_the_device_and_the_default_ratio():
    settings = Settings(alpha=3.0).checked()
    assert (settings.size, settings.steps, settings.precision) == tuple(device_defaults()[name] for name in
                                                                      ("size", "steps", "precision"))
    assert settings.beta == pytest.approx(3.0 / DEFAULT_RATIO) and settings.ratio == pytest.approx(0.5)
    assert settings.weights == "random" and settings.architecture == "vgg19"
    assert DEFAULTS.size is None and DEFAULTS.ratio == pytest.approx(0.5)


def test_alpha_and_beta_both_zero_is_refused():
    with pytest.raises(NSTError, match="α 와 β"):
        Settings(alpha=0.0, beta=0.0).checked()


def test_layers_become_weights_that_sum_to_one():
    assert layer_weights(["conv1_1", "conv2_1", "conv3_1", "conv4_1"], "스타일") == {
        "conv1_1": 0.25, "conv2_1": 0.25, "conv3_1": 0.25, "conv4_1": 0.25}
    assert Settings(style_layers="conv2_1").checked().style_layers == {"conv2_1": 1.0}
    with pytest.raises(NSTError, match="conv3_1"):
        layer_weights({"conv3_1": -1}, "스타일")


def test_blend_is_normalised_and_counted_against_the_styles():
    assert check_blend_count([50, 50], 2) == [0.5, 0.5]
    assert check_blend_count(None, 3) == pytest.approx([1 / 3] * 3)
    with pytest.raises(NSTError, match="3개인데"):
        check_blend_count([1, 1], 3)
    with pytest.raises(NSTError):
        Settings(style_blend=(0, 0)).checked()


def test_ratios_of_the_grid():
    assert check_ratios(0.1) == [0.1] and check_ratios([10, 1]) == [10.0, 1.0]
    for bad in ([], [0], ["열"], None):
        with pytest.raises(NSTError):
            check_ratios(bad)


def test_an_unknown_option_gets_the_close_name():
    with pytest.raises(NSTError) as excinfo:
        split_options({"learning_rte": 0.1})
    assert "learning_rate" in assert_korean(excinfo.value)
    settings, run = split_options({"size": 64, "progress": False, "checkpoint_every": 5})
    assert settings.size == 64 and not run.progress and run.checkpoint_every == 5


def test_run_options_are_checked_in_the_same_place():
    assert RunOptions(callback_every=0).checked().callback_every == 1
    with pytest.raises(NSTError, match="callback"):
        RunOptions(callback="print").checked()
    with pytest.raises(NSTError, match="snapshot_every"):
        RunOptions(snapshot_every=-1).checked()


def test_settings_go_through_json_unchanged():
    settings = Settings(size=64, steps=3, beta=7.0, style_blend=(0.7, 0.3), style_layers={"conv1_1": 1.0},
                        init="noise", seed=9).checked()
    again = Settings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert again == settings


# ------------------------------------------------------------------ 명령줄은 같은 필드에서

def test_the_command_line_has_one_option_per_flagged_field_with_the_same_default():
    parser = build_parser()
    by_flag = {option: action for action in parser._actions for option in action.option_strings}
    for cls in (Settings, RunOptions):
        for f in fields(cls):
            flag = f.metadata.get("flag") if f.metadata else None
            if flag:
                assert flag in by_flag, flag
                assert by_flag[flag].dest == f.name and by_flag[flag].default == f.default, flag


def test_command_line_values_arrive_as_the_same_settings():
    args = build_parser().parse_args(["photo.jpg", "klee", "--lr", "0.05", "--ratio", "0.1", "--tv", "3",
                                      "--optimizer", "lbfgs", "--blend", "1", "--coarse-to-fine", "2"])
    expected = Settings(learning_rate=0.05, alpha=1.0, beta=10.0, tv_weight=3.0, optimizer="lbfgs",
                        style_blend=[1.0], coarse_to_fine=2)
    assert settings_from(args) == expected


def test_the_command_line_and_the_library_say_the_same_thing_about_a_bad_value(capsys):
    with spelled_as({"learning_rate": "--lr"}):
        with pytest.raises(NSTError) as excinfo:
            Settings(learning_rate=5.0).checked()
    code = main(["countryside", "swirl", "--lr", "5", "--checkpoint-every", "0"])
    err = capsys.readouterr().err
    assert code == 2 and str(excinfo.value) in err and "--lr" in err


def test_particles_follow_the_last_syllable():
    assert particle("학습률(--lr)") == "학습률(--lr)은" and particle("이미지 크기(size)") == "이미지 크기(size)는"
    assert particle("흐림 필터", "을를") == "흐림 필터를" and particle("β 를 키우면", "이가") == "β 를 키우면이"
    assert particle("GPU", "을를") == "GPU을"      # 한글이 없으면 받침이 있는 쪽 (안전한 쪽)


# ------------------------------------------------------------------ 체크포인트의 스타일 차례

def test_a_checkpoint_keeps_eleven_styles_in_their_order(tmp_path):
    from nstlib.checkpoints import load_checkpoint, save_checkpoint

    styles = [np.full((4, 4, 3), i / 20, np.float32) for i in range(11)]
    images = {"content": np.zeros((4, 4, 3), np.float32), "styles": styles}
    state = dict(step=1, best_step=0, best_loss=1.0, image=styles[0], best_image=styles[0],
                 history={"total": [1.0]}, snapshots=[], optimizer=[])
    save_checkpoint(tmp_path / "c.npz", Settings(style_blend=tuple(range(1, 12))), images, state)
    settings, loaded, _ = load_checkpoint(tmp_path / "c.npz")
    assert [float(s[0, 0, 0]) for s in loaded["styles"]] == pytest.approx([i / 20 for i in range(11)])
    assert settings.style_blend == tuple(float(b) for b in range(1, 12))
