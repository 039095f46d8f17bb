"""교실(classroom): 노트북 수업에서만 쓰는 것들. 그림, 위젯, 준비 셀.

스타일 전이 자체(이미지, 신경망, 손실, 최적화)는 `nstlib/` 바로 아래에 있고, 이 폴더의 모듈은 그것을 화면에
보여 주는 일만 합니다. matplotlib 과 ipywidgets 는 여기에서만 불러오므로 `import nstlib` 과 명령줄
(`python -m nstlib`)은 이 폴더의 모듈을 처음 쓸 때까지 불러오지 않습니다 (`nstlib/__init__.py` 의 `__getattr__`).

==============  ==================================================================
course          준비 셀(`nst.course.setup`)과 '직접 해보기' 확인(`nst.course.check`)
answers         답이 맞는지, 아니면 무엇을 고치면 되는지 (`judge`; 조사 고르기 `with_particle`)
cell_errors     셀에서 난 오류(답 셀의 실수, 끝나지 않은 준비 셀)를 한국어로
pictures        그림 그리기: 나란히 보기, 특징 맵, 그램 행렬, 중간 그림, 손실 곡선, 비교 격자
animation       움직이는 그림 저장: GIF, MP4 (`save_gif`, `save_mp4`)
fonts           그림의 한글 글꼴 (`setup_korean_font`)
frames          그림의 입력 다듬기: 이미지·(단계, 이미지) 목록 → 배열 (pictures 와 animation 이 같이 씀)
widgets         화면의 작은 조각: α/β 슬라이더, 그림 고르기(`ImagePicker`), 내려받기(`offer_download`)
panel           스타일 전이 화면 (`from nstlib.classroom.panel import StyleTransferPanel`)
==============  ==================================================================
"""
