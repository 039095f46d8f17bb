"""nstlib: 신경망 스타일 전이(Neural Style Transfer) 과정의 라이브러리."""
