"""nstlib: 신경망 스타일 전이(Neural Style Transfer, Gatys et al. 2015)를 배우는 한국어 과정의 라이브러리.

강의의 생각 하나가 모듈 하나입니다:

==============  ==================================================================
images          이미지 불러오기·저장하기 (`load_image`, `save_image`)
network         VGG19/VGG16 과 특징 지도 (`feature_extractor`, `load_vgg`)
losses          그램 행렬과 손실들 (`gram_matrix`, `content_loss`, `style_layer_loss` ...)
optimization    최적화의 한 단계와 반복문: 가르치는 길과 빠른 길 (`train_step`, `optimize`)
transfer        스타일 전이 전체: 그림 읽기 → 시작 이미지 → 손실 → 최적화 (`style_transfer`, `resume`, `reconstruct`)
settings        설정 하나를 한 곳에서 확인 (`Settings`, `DEFAULTS`, `device_defaults`)
grid            α/β × 층 격자를 한 묶음으로 (`style_grid`)
colors          사진의 색 지키기 (`preserve_colors`, `match_colors`)
examples        예제 이미지 (`list_examples`, `load_example`)
artworks        인터넷의 실제 명화 (`load_artwork`; 인터넷이 없으면 그린 예제로 대신하고 알림)
device          GPU 찾기 (`detect_device`)
display         화면에 알리는 단 하나의 길 (`notice`)
cli             명령줄: `python -m nstlib 콘텐츠 스타일 -o 결과.png`
classroom/      노트북 수업에서만 쓰는 것: 그림(`show_images` ...), GIF, 위젯, 준비 셀(`nst.course`)
==============  ==================================================================

classroom/ 의 이름(`nst.show_images`, `nst.save_gif`, `nst.course`, `nst.widgets` ...)도 `nst.` 으로 바로 쓸 수
있습니다. 처음 쓸 때 불러오므로 `import nstlib` 과 명령줄은 matplotlib·ipywidgets 를 불러오지 않습니다.

>>> import nstlib as nst                                                  # doctest: +SKIP
>>> result = nst.style_transfer("countryside", "swirl", size=256, steps=200)  # doctest: +SKIP
>>> nst.show_images([result.best_image], ["결과"])                          # doctest: +SKIP
"""

import importlib as _importlib
import os as _os
from types import ModuleType as _ModuleType

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # TensorFlow 의 C++ 로그(CUDA 없음 등)를 학생 화면에서 숨김

from ._quiet import matplotlib_left_for_later as _matplotlib_left_for_later  # noqa: E402  (표준 라이브러리만)
from ._quiet import native_stderr_hidden as _native_stderr_hidden  # noqa: E402
from .cli import ctrl_c_while_starting as _ctrl_c_while_starting  # noqa: E402  (표준 라이브러리만 씀)

with _ctrl_c_while_starting():   # python -m nstlib: TensorFlow 를 불러오는 동안의 Ctrl-C 는 한 줄 안내로
    with _native_stderr_hidden(), _matplotlib_left_for_later():   # C++ 의 영어 줄을 가리고, matplotlib 은 나중에
        import tensorflow as _tensorflow  # noqa: F401
    from .artworks import describe_artwork, list_artworks, load_artwork
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
    from .grid import GridResult, style_grid

__version__ = "0.1.0"

_CLASSROOM = {
    "course": "course", "pictures": "pictures", "widgets": "widgets",
    "show_images": "pictures", "show_feature_maps": "pictures", "show_gram_matrix": "pictures",
    "show_snapshots": "pictures", "plot_losses": "pictures", "compare_grid": "pictures",
    "save_gif": "animation", "save_mp4": "animation", "setup_korean_font": "fonts",
}
"""`nst.이름` → 그 이름이 있는 nstlib/classroom/ 의 모듈. 모듈 이름 그대로면(`nst.course`) 모듈 자체."""


def __getattr__(name: str):
    """classroom/ 의 이름은 처음 쓸 때 불러옵니다 (PEP 562): matplotlib·ipywidgets 는 그림이나 위젯을 쓸 때에만."""
    if name not in _CLASSROOM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = _importlib.import_module(f"{__name__}.classroom.{_CLASSROOM[name]}")
    value = module if name == _CLASSROOM[name] else getattr(module, name)
    globals()[name] = value          # 다음부터는 보통의 속성 (__getattr__ 를 다시 거치지 않음)
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_CLASSROOM))


__all__ = sorted({name for name, value in globals().items()
                  if not name.startswith("_") and not isinstance(value, _ModuleType)} | set(_CLASSROOM))
