"""nstlib.grid: α/β × 스타일 층 격자를 한 묶음(batch)으로 최적화하기.

기준(reference)은 칸마다 따로 부른 `style_transfer` (와 칸마다 만든 `StyleTransferLoss`), 그리고 numpy 로 적은
그램 행렬입니다. 무작위 가중치 VGG19 (seed 고정), 48 px, 얕은 층만 (모델이 conv2_2 에서 멈춤).
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from conftest import assert_korean, smooth_image
from nstlib.errors import NSTError
from nstlib.grid import GridResult, style_grid
from nstlib.losses import LOSS_NAMES, Cell, StyleTransferLoss
from nstlib.settings import layer_weights
from nstlib.transfer import style_transfer

SIZE = 48
SETS = [["conv1_1"], ["conv1_1", "conv2_1"]]
RATIOS = [1.0, 0.01]
# 모든 칸이 같은 설정: 잡음에서 시작(칸마다 같은 seed 의 같은 잡음), 콘텐츠 층은 얕게
SHARED = dict(size=SIZE, steps=6, init="noise", seed=0, tv_weight=0.01, content_layers=["conv2_2"],
              weights="random", architecture="vgg19", progress=False)


@pytest.fixture(scope="module")
def pictures():
    return smooth_image(SIZE, SIZE, seed=1), smooth_image(SIZE, SIZE, seed=2)


@pytest.fixture(scope="module")
def one_by_one(pictures):
    """칸마다 따로 부른 style_transfer: references[행][열]."""
    content, style = pictures
    return [[style_transfer(content, style, alpha=1.0, beta=1.0 / ratio, style_layers=layers, **SHARED)
             for ratio in RATIOS] for layers in SETS]


@pytest.fixture(scope="module")
def batched(pictures):
    return style_grid(*pictures, RATIOS, SETS, batched=True, **SHARED)


# ------------------------------------------------------------------ 묶음으로 계산한 식 = 칸마다 계산한 식

@pytest.mark.parametrize("mode", ["relative", "paper"])
def test_loss_of_each_cell_in_a_batch_is_the_style_transfer_loss_of_that_cell(random_extractor, pictures, mode):
    content, style = pictures
    cells = [(["conv1_1"], 1.0, 3.0), ({"conv2_1": 0.7, "conv1_1": 0.3}, 2.0, 50.0), (["conv2_1"], 0.0, 1.0)]
    shared = StyleTransferLoss.build(random_extractor, content, [style], content_layers=["conv2_2"],
                                     style_layers=["conv1_1", "conv2_1"], tv_weight=0.5, mode=mode)
    loss = shared.for_cells([Cell(alpha, beta, layer_weights(layers, "스타일")) for layers, alpha, beta in cells])
    images = np.random.default_rng(0).uniform(0, 1, (3, SIZE, SIZE, 3)).astype(np.float32)
    got = {name: value.numpy() for name, value in loss(images).items()}
    for b, (layers, alpha, beta) in enumerate(cells):
        alone = StyleTransferLoss.build(random_extractor, content, [style], content_layers=["conv2_2"],
                                        style_layers=layers, alpha=alpha, beta=beta, tv_weight=0.5, mode=mode)
        expected = alone(images[b])
        for name in LOSS_NAMES:
            assert got[name].shape == (3,)
            np.testing.assert_allclose(got[name][b], float(expected[name]), rtol=2e-5, err_msg=f"{b} {name}")


def test_cells_may_only_use_layers_whose_targets_were_computed(random_extractor, pictures):
    shared = StyleTransferLoss.build(random_extractor, *pictures, style_layers=["conv1_1"])
    with pytest.raises(NSTError, match="conv2_1"):
        shared.for_cells([Cell(1.0, 1.0, {"conv2_1": 1.0})])


# ------------------------------------------------------------------ 한 묶음 = 하나씩

def test_batched_grid_gives_the_images_of_style_transfer_one_by_one(batched, one_by_one):
    assert batched.batched and batched.steps_done == SHARED["steps"] and not batched.interrupted
    for r in range(len(SETS)):
        for c in range(len(RATIOS)):
            reference = one_by_one[r][c]
            assert np.abs(batched.final_images[r][c] - reference.image).max() < 2e-3, (r, c)
            assert np.abs(batched.images[r][c] - reference.best_image).max() < 2e-3, (r, c)
            assert batched.best_steps[r][c] == reference.best_step
            for name in LOSS_NAMES:
                np.testing.assert_allclose(batched.histories[r][c][name], reference.history[name], rtol=1e-4,
                                           atol=1e-7)
            assert not np.allclose(reference.image, reference.snapshots[0][1], atol=1e-2)   # 실제로 바뀌었음
    # 칸마다 다른 그림 (α/β 와 층이 정말 칸마다 쓰였음)
    flat = [image for row in batched.final_images for image in row]
    assert min(np.abs(a - b).max() for i, a in enumerate(flat) for b in flat[i + 1:]) > 1e-2


def test_one_after_another_is_style_transfer_per_cell(pictures, one_by_one):
    grid = style_grid(*pictures, RATIOS, SETS, batched=False, **SHARED)
    assert not grid.batched and len(grid.step_seconds) == 4
    for r in range(len(SETS)):
        for c in range(len(RATIOS)):
            np.testing.assert_array_equal(grid.images[r][c], one_by_one[r][c].best_image)
            assert grid.histories[r][c] == one_by_one[r][c].history


def test_changing_one_ratio_changes_only_its_column(pictures, batched):
    other = style_grid(*pictures, [RATIOS[0], 0.1], SETS, batched=True, **SHARED)
    for r in range(len(SETS)):
        np.testing.assert_allclose(other.final_images[r][0], batched.final_images[r][0], atol=1e-6)
        assert other.histories[r][0]["total"] == pytest.approx(batched.histories[r][0]["total"], rel=1e-6)
        assert np.abs(other.final_images[r][1] - batched.final_images[r][1]).max() > 1e-2
    assert other.col_titles == ["α/β = 1", "α/β = 0.1"]


# ------------------------------------------------------------------ 결과의 모양, 그림

def test_result_is_ready_for_compare_grid(batched):
    import matplotlib

    matplotlib.use("Agg")
    assert isinstance(batched, GridResult)
    assert batched.row_titles == ["conv1_1 까지", "conv2_1 까지"]
    assert batched.col_titles == ["α/β = 1", "α/β = 0.01"]
    assert len(batched.images) == 2 and all(len(row) == 2 for row in batched.images)
    for row in batched.images + batched.final_images:
        for image in row:
            assert image.shape == (SIZE, SIZE, 3) and image.dtype == np.float32
            assert image.min() >= 0.0 and image.max() <= 1.0
    assert len(batched.step_seconds) == 1 and len(batched.step_seconds[0]) == SHARED["steps"]
    assert batched.elapsed > 0 and batched.seconds_per_step > 0
    assert "무작위" in batched.network and batched.settings.size == SIZE
    assert "2행 × 2열" in assert_korean(batched.summary())
    fig = batched.figure(title="격자")
    assert len(fig.axes) == 4


# ------------------------------------------------------------------ 잘못된 입력

@pytest.mark.parametrize("ratios,layer_sets", [
    ([], None), ([1.0, -0.1], None), ([0.0], None), ([float("nan")], None), (["많이"], None), (None, None),
    ([1.0], []), ([1.0], ["conv1_1"]), ([1.0], [[]]), ([1.0], [["conv9_9"]]), ([1.0], [{"conv1_1": -1.0}]),
])
def test_bad_ratios_or_layer_sets_raise_korean_error(pictures, ratios, layer_sets):
    with pytest.raises(NSTError) as excinfo:
        style_grid(*pictures, ratios, layer_sets, **SHARED)
    assert_korean(excinfo.value)


@pytest.mark.parametrize("kwargs", [{"steps": -1}, {"size": 8}, {"learning_rate": 0.0}, {"init": "banana"},
                                    {"mode": "exact"}, {"tv_weight": -1.0}])
def test_bad_settings_raise_korean_error(pictures, kwargs):
    with pytest.raises(NSTError) as excinfo:
        style_grid(*pictures, RATIOS, SETS, **{**SHARED, **kwargs})
    assert_korean(excinfo.value)



def test_batching_is_the_default(pictures):
    result = style_grid(*pictures, RATIOS[:1], SETS[:1], **{**SHARED, "steps": 1})
    assert result.batched is True
