"""nstlib: 신경망 스타일 전이(Neural Style Transfer, Gatys et al. 2015)를 배우는 한국어 과정의 라이브러리.

강의의 생각 하나가 모듈 하나입니다:

==============  ==================================================================
images          이미지 불러오기·저장하기 (`load_image`, `save_image`)
network         VGG19/VGG16 과 특징 지도 (`feature_extractor`, `load_vgg`)
losses          그램 행렬과 손실들 (`gram_matrix`, `content_loss`, `style_layer_loss` ...)
optimization    최적화: 가르치는 반복문과 빠른 경로 (`style_transfer`, `optimize`)
colors          사진의 색 지키기 (`preserve_colors`, `match_colors`)
pictures        그림 그리기: 나란히 보기, 특징 지도, 그램 행렬, 손실 곡선, GIF
widgets         슬라이더 화면 (`from nstlib.widgets import StyleTransferPanel`)
examples        예제 이미지 (`list_examples`, `load_example`)
device          GPU 찾기 (`detect_device`)
display         화면에 알리는 단 하나의 길 (`notice`)
cli             명령줄: `python -m nstlib 콘텐츠 스타일 -o 결과.png`
==============  ==================================================================

>>> import nstlib as nst                                                  # doctest: +SKIP
>>> result = nst.style_transfer("countryside", "swirl", size=256, steps=200)  # doctest: +SKIP
>>> nst.show_images([result.best_image], ["결과"])                          # doctest: +SKIP
"""

import os as _os

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # TensorFlow 의 C++ 로그(CUDA 없음 등)를 학생 화면에서 숨김

from .cli import ctrl_c_while_starting as _ctrl_c_while_starting  # noqa: E402  (표준 라이브러리만 씀)

with _ctrl_c_while_starting():   # python -m nstlib: TensorFlow 를 불러오는 동안의 Ctrl-C 는 한 줄 안내로
    from . import course
    from .colors import match_colors, preserve_colors
    from .device import detect_device
    from .display import notice
    from .errors import NSTError
    from .examples import EXAMPLES, list_examples, load_example, open_image
    from .images import load_image, save_image
    from .losses import (CONTENT_LAYERS, STYLE_LAYERS, StyleTransferLoss, content_loss, gram_matrix,
                         style_layer_loss, style_target, total_loss, total_variation_loss)
    from .network import (choose_default, default_architecture, default_weights, describe, feature_extractor,
                          keras_layer_name, load_vgg, paper_layer_name, preprocess)
    from .settings import DEFAULTS, RunOptions, Settings, device_defaults
    from .optimization import Result, optimize, train_step
    from .transfer import initial_image, reconstruct, resume, style_transfer
    from .pictures import (compare_grid, plot_losses, save_gif, save_mp4, setup_korean_font, show_feature_maps,
                           show_gram_matrix, show_images, show_snapshots)
    from .grid import GridResult, style_grid

    from . import widgets  # (위젯은 다른 모듈을 모두 쓰므로 마지막에)

__version__ = "0.1.0"
