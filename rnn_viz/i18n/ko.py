"""한국어 카탈로그: ``en.py``와 같은 키, 같은 자리표시자(placeholder).

용어는 국내 머신러닝 강의에서 쓰는 말을 따르고 영어 기호를 옆에 둔다
(은닉 상태 h, 셀 상태 c, 망각 게이트 f, 입력 게이트 i, 출력 게이트 o,
리셋 게이트 r, 업데이트 게이트 z, 후보 상태 c̃ / h̃).
"""

TEXT: dict[str, str] = {
    # ------------------------------------------------------------------ 홈 (app.py)
    "home.page_title": "rnn-viz: LSTM과 GRU의 속을 들여다보기",
    "home.title": "rnn-viz: LSTM과 GRU가 단어마다 무엇을 계산하는지",
    "home.intro": (
        "IMDB 영화 리뷰로 학습한 작은 순환 신경망은 리뷰를 한 단어씩 읽고, 다 읽은 뒤 리뷰가 "
        "긍정일 확률 p(positive)를 냅니다. 이 앱은 그 속을 열어 보여 줍니다. 어떤 리뷰든 "
        "단어마다 모든 층의 게이트와 상태를 보여 주고, 단어를 하나 읽을 때마다 판정이 어떻게 "
        "움직이는지 보여 줍니다.\n"
        "\n"
        "- **{@nav.explorer}**: 모델과 리뷰를 고르고 토큰을 하나씩 따라가 봅니다.\n"
        "- **{@nav.train}**: 데이터셋으로 모델을 직접 학습시키고 학습 곡선을 지켜봅니다.\n"
        "- **{@nav.compare}**: LSTM과 GRU의 학습 곡선과 크기를 비교하고, 같은 리뷰를 나란히 놓고 "
        "봅니다.\n"
        "- **{@nav.saturation}**: 테스트 세트 전체에서 각 게이트 유닛이 거의 닫히거나 거의 "
        "열리는 빈도와, 그 빈도가 학습하는 동안 어떻게 바뀌었는지 봅니다.\n"
        "- **{@nav.units}**: 한 유닛이 테스트 세트의 어디에서 반응하는지, 어떤 단어가 그 유닛을 "
        "가장 크게 움직이는지 봅니다.\n"
        "- **{@nav.what_if}**: 단어 하나를 바꾸면 각 게이트에서 무엇이 달라지는지 봅니다.\n"
        "- **{@nav.memory}**: 앞쪽의 어떤 단어가 아직 판정에 영향을 주는지 RNN, LSTM, GRU를 "
        "나란히 놓고 봅니다.\n"
        "- **{@nav.diagnostics}**: 모델이 어디서 틀리는지(지표, 두 모델의 불일치), 은닉 상태 "
        "공간, 감성 유닛, 예측을 뒤집는 가장 작은 수정을 봅니다.\n"
        "- **{@nav.glossary}**: 이 앱의 용어를 영어와 한국어로 정리했습니다."
    ),
    "home.read_heading": "히트맵 읽는 법",
    "home.read_body": (
        "히트맵의 **행 하나는 유닛 하나**, **열 하나는 토큰 하나**이고, 강조된 열이 지금 읽는 "
        "토큰입니다. 색의 뜻은 어디서나 같습니다.\n"
        "- **게이트**(σ, 0..1, Viridis): 어두울수록 닫힘(0), 노란색일수록 열림(1)\n"
        "- **tanh 값**(후보 상태, h; −1..1): 파랑은 음수, 흰색은 0, 빨강은 양수\n"
        "- **LSTM의 셀 상태 c**에는 범위 제한이 없어서 따로 대칭 척도 ±max|c|를 씁니다(갈색은 "
        "음수, 초록은 양수).\n"
        "\n"
        "위쪽 선은 판정, 곧 *리뷰가 그 토큰에서 끝났다면* 나왔을 p(positive)입니다. 마지막 값이 "
        "모델의 예측입니다. 모델은 모든 리뷰를 500스텝 길이로 읽고, 짧은 리뷰는 앞을 패딩으로 "
        "채웁니다. 이 패딩은 화면에서 숨겼습니다. 첫 열 *시작 상태*(state in)는 첫 번째 실제 "
        "단어가 만나는 상태입니다."
    ),
    "home.lstm_heading": "LSTM (Keras의 게이트 순서 i, f, c̃, o)",
    "home.gru_heading": "GRU (Keras의 게이트 순서 z, r, h̃)",
    "home.eq.input_gate": "입력 게이트",
    "home.eq.forget_gate": "망각 게이트",
    "home.eq.output_gate": "출력 게이트",
    "home.eq.update_gate": "업데이트 게이트",
    "home.eq.reset_gate": "리셋 게이트",
    "home.eq.candidate": "후보 상태",
    "home.eq.kept_written": "유지 + 기록",
    "home.eq.hidden_state": "은닉 상태",
    "home.gru_caption": (
        "Keras의 GRU(기본값 reset_after=True)는 z가 1에 가까우면 이전 상태를 유지하고, "
        "0에 가까우면 후보 상태를 기록합니다. 일부 교과서의 표기와는 반대입니다."
    ),
    "home.start_heading": "시작하기",
    "home.no_models": (
        "아직 쓸 수 있는 모델이 없습니다. assets/models에 있어야 할 기본 모델이 없습니다. "
        "{@nav.train} 페이지에서 모델을 학습시키거나, {@nav.explorer} 페이지에서 .keras 파일을 "
        "올려 주세요."
    ),
    "home.example": "예시 리뷰",
    "home.open": "{@nav.explorer}에서 열기 ▶",
    "home.models_here": "이 컴퓨터의 모델: {names}.",
    "home.none_yet": "아직 없음",
    "home.switch_hint": (
        "언어 바꾸기: 사이드바의 페이지 목록 아래 English / 한국어 스위치를 쓰거나, "
        "주소 끝에 ?lang=ko / ?lang=en을 붙이세요."
    ),
    # ------------------------------------------------------------------ 용어집
    "glossary.page_title": "{@nav.glossary} · rnn-viz",
    "glossary.title": "용어집: 영어와 한국어 용어",
    "glossary.intro": (
        "한국어 화면은 국내 머신러닝 강의에서 흔히 쓰는 용어를 따르고, 각 용어 옆에 영어 기호를 "
        "그대로 둡니다. 그래서 수식은 두 언어에서 똑같이 읽힙니다. 개념 하나에는 아래 용어 "
        "하나만 씁니다."
    ),
    "glossary.col.en": "영어",
    "glossary.col.ko": "한국어",
    "glossary.col.symbol": "기호",
    "glossary.col.meaning": "뜻",
    "glossary.hidden_state": "층이 다음 스텝과 다음 층으로 넘겨주는 값입니다.",
    "glossary.cell_state": (
        "LSTM의 장기 기억입니다. 망각 게이트가 남길 양을 정하고, 입력 게이트를 거쳐 새 "
        "내용이 기록됩니다."
    ),
    "glossary.forget_gate": "이전 셀 상태를 얼마나 남길지 정합니다(1이면 전부 유지).",
    "glossary.input_gate": "후보 상태를 셀 상태에 얼마나 기록할지 정합니다.",
    "glossary.output_gate": "tanh(c) 중 얼마만큼을 은닉 상태로 내보낼지 정합니다.",
    "glossary.reset_gate": "GRU의 후보 상태가 이전 상태를 얼마나 참고할지 정합니다.",
    "glossary.update_gate": (
        "Keras의 GRU에서는 이전 상태를 얼마나 유지할지 정하고, 1 − z만큼 후보 상태가 기록됩니다."
    ),
    "glossary.candidate": "이번 스텝에 새로 제안되는 내용입니다(tanh 층).",
    "glossary.sigmoid": "값을 0과 1 사이로 좁혀 줍니다. 게이트는 모두 시그모이드 층입니다.",
    "glossary.tanh": "값을 −1과 1 사이로 좁혀 줍니다. 후보 상태와 LSTM의 출력에 쓰입니다.",
    "glossary.embedding": (
        "어휘의 단어마다 하나씩 있는 벡터입니다. 모델은 단어를 이 벡터로 바꿔 읽습니다."
    ),
    "glossary.time_step": "리뷰의 단어 하나를 읽는 차례입니다. t가 그 순서를 셉니다.",
    "glossary.unit": "층의 상태를 이루는 값 하나입니다(히트맵의 한 행).",
    "glossary.oov": "어휘에 없는 단어입니다. 모델은 이를 [UNK]로 읽습니다.",
    "glossary.padding": "모든 입력을 500스텝으로 맞추려고 짧은 리뷰 앞에 채우는 값입니다.",
    "glossary.saturation": "게이트가 여러 리뷰에 걸쳐 0이나 1 근처에 붙어 있는 현상입니다.",
    "glossary.readout": (
        "단어를 읽을 때마다 모델이 내는, 리뷰가 긍정일 확률입니다. 마지막 단어 뒤의 판정이 "
        "모델의 예측입니다."
    ),
    "glossary.layer": (
        "여러 층을 쌓은 모델의 순환 층 하나입니다. 임베딩 쪽부터 세어 층 1은 단어를 읽고, 층 2는 "
        "층 1의 h를 읽습니다. 번호는 ‘층 2’처럼 뒤에 붙입니다."
    ),
    "glossary.masking": (
        "층이 일부 스텝을 건너뛰게 하는 것입니다(Keras의 mask_zero=True는 패딩을 건너뜁니다)."
    ),
    "glossary.gradient": (
        "한 값이 조금 움직일 때 다른 값이 얼마나 움직이는지입니다. 여기서는 단어 벡터에 대한 "
        "판정의 기울기입니다."
    ),
    "glossary.integrated_gradients": (
        "판정에서 단어마다 차지하는 몫입니다. 모두 패딩인 리뷰에서 출발하는 경로를 따라 기울기를 "
        "더해 구합니다."
    ),
    "glossary.trace": "모든 층의 게이트와 상태를 단어마다 기록한 것입니다.",
    "glossary.training": (
        "레이블이 붙은 리뷰에 맞게 모델의 가중치를 에포크마다 고쳐 나가는 과정입니다."
    ),
    "glossary.edit": "리뷰를 바꾸는 것입니다. 단어 하나를 바꾸거나, 지우거나, 넣습니다.",
    # ------------------------------------------------------------------ 공용 위젯 (rnn_viz/app)
    "ui.no_models": (
        "아직 쓸 수 있는 모델이 없습니다. 기본 모델(assets/models)이 없고, 직접 학습시키거나 "
        "올린 모델도 없습니다. **{@nav.train}** 페이지에서 학습시키거나 .keras 파일을 올려 "
        "주세요."
    ),
    "ui.broken": "{label} · 손상됨",
    "ui.cannot_open": "{label} 모델을 열 수 없습니다: {why}",
    "ui.review": "리뷰",
    "ui.source.example": "예시 리뷰",
    "ui.source.test": "테스트 세트 리뷰",
    "ui.source.own": "직접 입력",
    "ui.example": "예시",
    "ui.look_for": "**눈여겨볼 점:** {note}",
    "ui.your_review": "리뷰 입력",
    "ui.too_long": "{n:,}자입니다. 모델은 마지막 500단어만 읽습니다.",
    "ui.korean_input": (
        "이 모델은 영어만 읽습니다. 어휘가 IMDB의 영어 단어로 이루어져 있어서, 한국어 문장은 "
        "모든 단어가 어휘에 없는 단어([UNK])가 되고 추적 결과에도 [UNK]만 나옵니다. 리뷰를 "
        "영어로 입력해 주세요."
    ),
    "ui.label": "정답 레이블",
    "ui.any": "전체",
    "ui.positive": "긍정",
    "ui.negative": "부정",
    "ui.right": "맞힘",
    "ui.wrong": "틀림",
    "ui.prediction": "모델의 예측",
    "ui.predicted_class": "예측한 클래스",
    "ui.class": "클래스",
    "ui.predicted": "예측",
    "ui.class_help": (
        "분석이 따라가는 클래스로, 이 클래스의 확률을 설명합니다. 처음에는 모델이 예측한 "
        "클래스가 선택되어 있습니다."
    ),
    "ui.no_readout_help": (
        "이 모델은 p(positive)를 내지 않으므로 예측이 맞았는지 틀렸는지 따질 수 없습니다."
    ),
    "ui.length": "길이 (단어 수, 최대 {maxlen}까지 셈)",
    "ui.no_match": "이 조건에 맞는 테스트 리뷰가 없습니다.",
    "ui.match": "검색 결과 (1 … {n:,})",
    "dataset.imdb.caption.test": (
        "테스트 리뷰 #{i} ({label}, 별점 {stars}/10, {words}단어, 파일 {file})"
    ),
    "dataset.imdb.caption.train": (
        "학습 리뷰 #{i} ({label}, 별점 {stars}/10, {words}단어, 파일 {file})"
    ),
    "dataset.table.caption.test": "{file}의 테스트 행 {row} (레이블: {label}, 단어 {words}개)",
    "dataset.table.caption.train": "{file}의 학습 행 {row} (레이블: {label}, 단어 {words}개)",
    "dataset.folders.caption.test": "테스트 파일 {file} (레이블: {label}, 단어 {words}개)",
    "dataset.folders.caption.train": "학습 파일 {file} (레이블: {label}, 단어 {words}개)",
    "dataset.label.negative": "부정",
    "dataset.label.positive": "긍정",
    "dataset.label.stars_1_2": "별 1–2개",
    "dataset.label.stars_3_4": "별 3–4개",
    "dataset.label.stars_7_8": "별 7–8개",
    "dataset.label.stars_9_10": "별 9–10개",
    "ui.no_dataset": (
        "**이 컴퓨터에 IMDB 데이터셋이 없어서** 테스트 세트 리뷰와 말뭉치 분석을 쓸 수 없습니다. "
        "https://ai.stanford.edu/~amaas/data/sentiment/ 에서 `aclImdb_v1.tar.gz`를 내려받아 "
        "`RNN_VIZ_DATA=/path/to/aclImdb_v1.tar.gz`(또는 `aclImdb/`가 든 폴더)로 앱을 시작하거나, "
        "**{@nav.train}** 페이지에서 데이터셋을 내려받아 한 번 학습시켜 주세요. 리뷰 하나를 보는 "
        "화면({@nav.explorer}, 토큰 기여도, {@nav.what_if}){은/는} 데이터셋 없이도 동작합니다."
    ),
    "ui.dataset_unusable": (
        "**데이터셋이 있지만 쓸 수 없어서** 테스트 세트 리뷰와 말뭉치 분석을 쓸 수 없습니다. "
        "{why} 리뷰 하나를 보는 화면({@nav.explorer}, 토큰 기여도, {@nav.what_if}){은/는} "
        "데이터셋 없이도 동작합니다."
    ),
    "ui.or": "{first} 또는 {last}",
    "ui.model_dataset": "모델 {label}: {why}",
    # ------------------------------------------------------------------ 오류 (클래스별)
    "error.with_detail": "{sentence} (자세히: {detail})",
    "error.RnnVizError": "요청한 작업을 할 수 없습니다.",
    "error.ModelError": "이 모델은 쓸 수 없습니다.",
    "error.UploadError": "올린 모델은 쓸 수 없습니다.",
    "error.DatasetError": "데이터셋을 쓸 수 없습니다.",
    "error.DatasetError.named": "{dataset} 데이터셋을 쓸 수 없습니다.",
    "error.DatasetNotFoundError": "이 컴퓨터에 데이터셋이 없습니다.",
    "error.DatasetNotFoundError.named": "이 컴퓨터에 {dataset} 데이터셋이 없습니다.",
    "error.DatasetUnreadableError": "데이터셋이 있지만 읽을 수 없습니다.",
    "error.DatasetUnreadableError.named": "{dataset} 데이터셋이 있지만 읽을 수 없습니다.",
    "error.DatasetFormatError": "데이터셋을 끝까지 읽을 수 없습니다.",
    "error.DatasetColumnError": "표의 열이 맞지 않습니다.",
    "error.DatasetLabelError": "이 레이블로는 분류기를 만들 수 없습니다.",
    "error.DatasetTooLargeError": "데이터셋이 업로드 한도를 넘습니다.",
    "error.DatasetMismatchError": (
        "이 모델이 학습한 데이터셋이 이 컴퓨터에 없거나 그 뒤로 바뀌었습니다."
    ),
    "error.UnknownDatasetKindError": (
        "이 모델은 rnn-viz가 읽을 수 없는 종류의 데이터셋으로 학습했습니다."
    ),
    "error.TraceError": "이 리뷰는 추적할 수 없습니다.",
    "error.TokenizerError": "이 토크나이저는 여기서 쓸 수 없습니다.",
    "error.VectorizationError": "이 모델의 TextVectorization 층은 rnn-viz가 따라갈 수 없습니다.",
    "error.VectorizerMismatchError": (
        "모델의 TextVectorization이 이 텍스트를 화면에 보이는 단어와 다르게 읽었습니다."
    ),
    "error.NoReadableWordError": (
        "이 텍스트에는 모델이 읽을 수 있는 단어가 없습니다(비어 있거나 문장 부호, 기호, "
        "이모지뿐입니다)."
    ),
    "error.CapabilityError": "이 모델로는 이 분석을 실행할 수 없습니다.",
    "error.WriteError": "파일을 쓰지 못했습니다. 바뀐 것은 없습니다.",
    "error.EditError": "이 수정은 할 수 없습니다.",
    "error.DiagnosticsError": "이 진단은 계산할 수 없습니다.",
    "error.MemoryAnalysisError": "이 기억 분석은 계산할 수 없습니다.",
    "error.NoEpochsError": "이 모델은 학습 중 에포크별 가중치를 남기지 않았습니다.",
    "error.SaturationError": "게이트 포화를 계산할 수 없습니다.",
    "error.DiagramError": "셀 다이어그램을 그릴 수 없습니다.",
    "error.ReadoutError": "모델의 판정 p(positive)를 구할 수 없습니다.",
    "error.ParameterCountError": "파라미터 수가 층과 맞지 않습니다.",
    # ------------------------------------------------------------------ Diagnostics
    "dg.page_title": "진단 · rnn-viz",
    "dg.title": "모델은 어디서, 왜 틀리는가",
    "dg.show": "보기",
    "dg.section.Metrics": "지표",
    "dg.section.Disagreements": "두 모델의 불일치",
    "dg.section.State space": "상태 공간",
    "dg.section.Sentiment units": "감성 유닛",
    "dg.section.Flips": "예측 뒤집기",
    "dg.model_a": "모델 A",
    "dg.model_b": "모델 B",
    "dg.no_readout": "{k}: {label}에는 테스트 지표, 불일치, 예측 뒤집기가 없습니다: {why}",
    "dg.col.model": "모델",
    "dg.col.accuracy": "정확도",
    "dg.col.ROC AUC": "ROC AUC",
    "dg.col.average precision": "평균 정밀도",
    "dg.col.Brier score": "브라이어 점수",
    "dg.multiclass": (
        "{label}{은/는} 클래스가 {k}개입니다. 가장 확률이 높은 클래스가 정답 레이블과 같으면 "
        "맞힌 것으로 셉니다. ROC 곡선, 정밀도-재현율 곡선, 보정, 브라이어 점수는 두 클래스용이라 "
        "그리지 않고, 대신 표에 클래스마다 정밀도, 재현율, F1, 표본 수, 일대다 ROC AUC를 보여 "
        "줍니다."
    ),
    "dg.class_table": "{label}: 클래스별",
    "dg.avg.macro": "매크로 평균",
    "dg.avg.micro": "마이크로 평균",
    "dg.avg.weighted": "가중 평균",
    "dg.metrics_caption": (
        "테스트 리뷰 {n:,}개 전체, 임곗값 0.5 (scikit-learn). 보정(calibration): "
        "p(positive)를 같은 폭의 "
        "구간 10개로 나누었고, 45° 선이 완벽한 보정입니다. 브라이어 점수 = 평균 (p − "
        "label)², 낮을수록 좋습니다. 리뷰 길이는 "
        "토크나이저가 나눈 단어 수(패딩이나 자르기 전에 모델이 읽는 단어)이므로, 모델이 읽는 "
        "길이보다 긴 리뷰(모델은 마지막 {maxlen}단어만 읽음)는 따로 한 구간으로 묶었습니다."
    ),
    "dg.col.reviews": "리뷰 수",
    "dg.col.words": "단어 수",
    "dg.only_right": "{k}({name})만 맞힘",
    "dg.both_wrong": "둘 다 틀림",
    "dg.both_right": "둘 다 맞힘",
    "dg.reviews": "리뷰",
    "dg.kind.a right, b wrong": "A({a}){은/는} 맞히고 B({b}){은/는} 틀림",
    "dg.kind.b right, a wrong": "B({b}){은/는} 맞히고 A({a}){은/는} 틀림",
    "dg.kind.both wrong": "둘 다 틀림",
    "dg.kind.both right": "둘 다 맞힘",
    "dg.words": "단어 수 (토큰화 후)",
    "dg.rows_caption": (
        "리뷰 {n:,}개. 두 모델의 차이가 큰 것부터 보여 줍니다(처음 200개). 행을 고르면 그 리뷰를 "
        "열 수 있습니다."
    ),
    "dg.col.review": "리뷰",
    "dg.col.beginning": "첫 부분",
    "dg.open_explorer": "리뷰 #{review}{을/를} 모델 {k}{(으)로} {@nav.explorer}에서 열기",
    "dg.open_compare": "리뷰 #{review}{을/를} {@nav.compare} 페이지에서 열기 (A와 B)",
    "dg.colour_by": "색 기준",
    "dg.colour.label": "정답 레이블",
    "dg.colour.prediction": "예측",
    "dg.cannot_trace": "이 텍스트는 추적할 수 없습니다: {why}",
    "dg.word": "단어",
    "dg.word_help": "지금 단어입니다. 두 경로 모두에 표시됩니다.",
    "dg.space_title": "{k}: {name}, 마지막 층의 h_T",
    "dg.space_title_layer": "{k}: {name}, 층 {layer}의 h_T",
    "dg.explained": "설명된 분산",
    "dg.pca_caption": (
        "테스트 리뷰 {n:,}개(고정된 무작위 표본, seed 0)의 마지막 h_T에 맞춘 PCA (scikit-learn)."
    ),
    "dg.path_caption": (
        "경로: {desc}. 단어마다 점 하나(각 단어 뒤의 h), 지금 단어는 별, 마지막 상태는 "
        "네모로 표시합니다."
    ),
    "dg.best_units": (
        "**{k}: {name}**: 가장 좋은 단일 유닛은 표본에 따라 달라집니다. 리뷰 {n:,}개에서 잰 "
        "유닛마다의 ROC AUC와 그 95% 구간, 그리고 이 리뷰들을 {resamples}번 부트스트랩 "
        "재표집했을 때 그 유닛이 가장 좋았던 비율입니다: {units}."
    ),
    "dg.best_unit_part": (
        "층 {layer}의 {state}[{unit}]: {auc:.3f} [{low:.3f}–{high:.3f}], {direction}, 재표집의 "
        "{share:.0%}에서 최고"
    ),
    "dg.col.layer": "층",
    "dg.col.state": "상태",
    "dg.col.units": "유닛 수",
    "dg.col.probe": "프로브 정확도",
    "dg.col.std": "± (폴드 간 표준편차)",
    "dg.col.folds": "폴드 수",
    "dg.open_unit": "층 {layer}의 {state}[{unit}]{을/를} 유닛 검색에서 열기",
    "dg.open_example": "이 유닛이 가장 잘 드러나는 리뷰 #{review}{을/를} {@nav.explorer}에서 보기",
    "dg.units_caption": (
        "유닛별: 마지막 단어 뒤의 값으로 레이블을 가를 때의 ROC AUC (scikit-learn)입니다(0.5는 "
        "우연 수준, 0이나 1에 가까우면 감성 유닛). 층별: 그 층의 모든 유닛으로 학습한 로지스틱 "
        "회귀, 층화 교차 검증. 아래 버튼은 표에서 고른 행을 엽니다."
    ),
    "dg.model": "모델",
    "dg.no_flips": "{label}에는 예측 뒤집기가 없습니다: {why}",
    "dg.type_review": "수정을 찾을 리뷰를 입력하거나 고르세요.",
    "dg.top_words": "바꿔 넣을 단어 수 (어휘에서 가장 자주 나오는 단어)",
    "dg.best_edit": "가장 좋은 수정",
    "dg.flipping": "{target}{(으)로} 뒤집는 수정 수",
    "dg.no_word": "이 리뷰에는 수정할 단어가 없습니다.",
    "dg.open_whatif": "“{edit}”{을/를} {@nav.what_if}에서 열기",
    "dg.flips_caption": (
        "리뷰: {desc}. 가능한 모든 삭제({deletions}개)와 교체 {replacements}개를 모델에 넣어 "
        "보았습니다. 교체는 후보 {scored:,}개(각 단어 × 가장 자주 나오는 단어 {top:,}개) 가운데 "
        "기울기 추정으로 골랐습니다. 검색 시간 {seconds:.1f}초. 아래 버튼은 표에서 고른 행의 "
        "수정을 엽니다."
    ),
    # ------------------------------------------------------------------ more shared widgets
    "ui.limit": "분석할 테스트 리뷰 수 (고정된 무작위 표본)",
    "ui.limit_help": (
        "리뷰가 많을수록 수치는 안정되지만 첫 실행이 오래 걸립니다. 결과는 모델별로 디스크에 "
        "캐시됩니다."
    ),
    "progress.saturation": "게이트 포화: 리뷰",
    "progress.saturation_epochs": "에포크별 포화: 에포크",
    "progress.unit_search": "유닛 검색: 리뷰",
    "progress.words_per_unit": "유닛별 단어: 리뷰",
    "progress.final_states": "마지막 상태: 리뷰",
    "ui.figure_html": "그림을 HTML로 받기",
    "ui.figure_png_help": "PNG가 필요하면 차트 도구 막대의 카메라 아이콘을 쓰세요.",
    "ui.trace_npz": "추적 결과를 .npz로 받기",
    "ui.trace_csv": "추적 결과를 CSV로 받기",
    # ------------------------------------------------------------------ What-if
    "wi.page_title": "{@nav.what_if} · rnn-viz",
    "wi.title": "리뷰가 다른 말을 했다면?",
    "wi.show_pad": "패딩 스텝 보기",
    "wi.type_review": "수정할 리뷰를 입력하거나 고르세요.",
    "wi.edit": "수정 방식",
    "wi.mode.One word": "단어 하나",
    "wi.mode.Free edit": "자유롭게 수정",
    "wi.operation": "작업",
    "wi.word": "단어",
    "wi.insert_before": "이 단어 앞에 넣기",
    "wi.at_end": "{k} · (맨 끝)",
    "wi.new_word": "새 단어",
    "wi.cannot_edit": "이 수정은 할 수 없습니다: {why}",
    "wi.edited": "수정한 리뷰 (B)",
    "wi.changed_steps": "단어가 다른 스텝 수",
    "wi.largest_change": "가장 큰 상태 변화 {v:.3f}",
    "wi.flips": "이 수정으로 판정이 **뒤집힙니다**.",
    "wi.p_class": "{k}: p({label})",
    "wi.moved": "예측이 {a}({pa:.2f})에서 {b}({pb:.2f}){(으)로} 바뀌었습니다.",
    "wi.stayed": "예측은 그대로 {a}입니다 ({pa:.2f} → {pb:.2f}).",
    "wi.align": (
        "두 리뷰 모두 앞을 패딩으로 채우므로 스텝은 끝에서부터 맞춰집니다. 수정한 곳 뒤의 "
        "단어는 정확히 맞고, 삽입이나 삭제 앞의 단어는 한 스텝씩 어긋납니다."
    ),
    "wi.diff_heading": "차이 B − A, 스텝별",
    "wi.traces_heading": "두 추적 결과",
    "wi.downloads": "내려받기",
    "wi.diff_csv": "차이를 CSV로 받기",
    "wi.footer": "모델: {label} · 리뷰 A: {desc}.",
    "wi.op.replace": "바꾸기",
    "wi.op.delete": "지우기",
    "wi.op.insert": "넣기",
    # ------------------------------------------------------------------ Compare
    "cmp.page_title": "비교 · rnn-viz",
    "cmp.title": "두 모델 비교",
    "cmp.training": "학습",
    "cmp.per_epoch": "에포크별",
    "cmp.per_second": "학습 시간(초)별",
    "cmp.curves_caption": "실선: 학습, 점선: 검증(학습 리뷰의 25%).",
    "cmp.metrics": "테스트 지표와 속도",
    "cmp.parameters": "층별 파라미터",
    "cmp.parameters_caption": (
        "순환 층은 게이트마다 가중치 묶음이 하나씩 있습니다: (입력·유닛 + 유닛·유닛 + 편향) "
        "× 게이트 수. reset_after=True(Keras 기본값)인 GRU는 게이트마다 편향이 두 "
        "개(2·유닛)입니다. 합계는 model.summary()와 같습니다."
    ),
    "cmp.same_review": "같은 리뷰를 나란히",
    "cmp.type_review": "추적할 리뷰를 입력하거나 고르세요.",
    "cmp.test_accuracy": "{name}: 테스트 정확도",
    "cmp.review_caption": (
        "리뷰: {desc}. 셀 상태 c는 두 그림에서 같은 척도 ±{c_max:.2f}{을/를} 쓰고, 게이트는 "
        "0..1, tanh 값은 어디서나 −1..1입니다."
    ),
    "cmp.lengths_differ": (
        "두 모델이 읽는 길이가 다릅니다. 한 모델이 아직 읽지 않은 단어에서는 그 모델의 강조 "
        "표시가 사라집니다."
    ),
    # ------------------------------------------------------------------ Gate explorer
    "ex.page_title": "{@nav.explorer} · rnn-viz",
    "ex.title": "게이트 탐색기",
    "ex.pad_help": (
        "모델은 늘 500스텝을 읽으며, 짧은 리뷰는 앞을 패딩으로 채웁니다. 패딩을 숨기면 첫 열은 "
        "첫 번째 실제 단어가 받는 상태입니다."
    ),
    "ex.attr": "토큰 기여도",
    "ex.attr_help": (
        "패딩만 있는 리뷰에서 출발한 적분 기울기(integrated gradients)로, 각 단어가 "
        "p(positive)를 얼마나 움직였는지 보여 줍니다. 판정 곡선 아래의 색 띠입니다."
    ),
    "ex.pick": "클릭으로 유닛 고르기",
    "ex.pick_help": (
        "게이트 히트맵의 칸을 클릭하면 그 유닛이 테스트 세트의 어디에서 켜지는지 "
        "찾습니다({@nav.units} 페이지)."
    ),
    "ex.hears": "앞 단어가 아직 미치는 영향",
    "ex.hears_help": (
        "재생을 멈춘 스텝에서 ‖∂p_t/∂e_s‖, 곧 그 시점의 판정이 앞의 각 단어에 따라 아직 얼마나 "
        "움직이는지를 단어별 보기 아래에 보여 줍니다({@nav.memory} 페이지에서는 모든 스텝을 다른 "
        "모델과 나란히 볼 수 있습니다)."
    ),
    "ex.prediction": "예측 p(positive)",
    "ex.prediction_class": "예측한 클래스",
    "ex.words_read": "읽은 단어",
    "ex.unknown": "어휘에 없는 단어 {n}개",
    "ex.parity": (
        "모든 스텝과 층에 걸친 |추적한 h_t − Keras 원래 층의 출력|의 최댓값(그리고 |마지막 판정 "
        "− model.predict|)입니다. 추적한 숫자는 float32 반올림 오차 안에서 모델 자신의 값과 "
        "같습니다."
    ),
    "ex.parity_help": (
        "테스트 리뷰 25,000개 전체에서 기본 모델의 차이는 2e-5 이내입니다(측정한 최댓값은 lstm "
        "1.2e-5, lstm2 4.6e-6, gru2 5.9e-6이고, 보통의 리뷰에서는 3e-7~6e-7입니다. `python "
        "benchmarks/parity_bound.py`로 잽니다). 이 차이는 float32 반올림이 다른 순서로 일어나서 "
        "생깁니다. 추적은 XLA로 컴파일한 그래프 하나로 돌고 원래 층은 컴파일 없이 도는데, 둘 다 "
        "float64로 다시 계산한 값에서 비슷한 만큼 떨어져 있습니다."
    ),
    "ex.attr_caption": (
        "토큰 기여도(적분 기울기, 경로를 {steps}구간으로 나눔): 점수의 합 {total:+.4f}, f(리뷰) "
        "− f(패딩만) = {f:.4f} − {f0:.4f} = {delta:+.4f}, 완전성 오차 {err:.1%}"
    ),
    "ex.attr_ok": "(5% 이내 ✓).",
    "ex.attr_over": "(**5% 초과**: 색 띠를 조심해서 읽으세요).",
    "ex.no_conn": "이 모델은 연결도를 계산할 수 없습니다: {why}",
    "ex.hears_pause": "앞 단어가 아직 미치는 영향을 보려면 리뷰의 단어에서 재생을 멈추세요.",
    "ex.hears_title": (
        "{place}의 판정에 앞의 각 단어가 아직 미치는 영향 (log10 ‖∂p_t/∂e_s‖; 단어에서 멈추면 갱신)"
    ),
    "ex.click_cell": "게이트 히트맵의 칸을 클릭해 유닛을 고르세요.",
    "ex.search_unit": ("테스트 세트에서 층 {layer} · {gate} · 유닛 {unit} 찾기 ({place}에서 고름)"),
    "ex.downloads": "내려받기 ({place}: “{token}”)",
    "ex.step_csv": "{place}의 패널을 CSV로 받기",
    "ex.fig_html": "{place}의 그림을 HTML로 받기",
    "ex.parity_short": "추적한 숫자는 모델이 계산한 숫자 그대로입니다",
    "ex.test_acc": "테스트 정확도",
    "ex.n_test": "테스트 리뷰 {n:,}개",
    "ex.not_measured": "측정 안 됨",
    "ex.no_history": "이 모델에는 학습 기록이 없습니다.",
    "ex.footer": "모델: {label} · 리뷰: {desc}. 게이트 이름: ",
    # ------------------------------------------------------------------ Units
    "un.page_title": "유닛 · rnn-viz",
    "un.title": "유닛은 무엇에 반응하는가",
    "un.search_tab": "유닛 검색",
    "un.words_tab": "유닛별 단어",
    "un.search_caption": (
        "층의 게이트나 상태에서 유닛 하나와 임곗값을 고르면, 그 유닛이 켜져 있는 테스트 "
        "세트의 구절을 긴 것부터 앞뒤 문맥, 리뷰의 정답 레이블, 모델의 예측과 함께 보여 "
        "줍니다."
    ),
    "un.layer": "층",
    "un.layer_n": "층 {n}",
    "un.gate_or_state": "게이트 또는 상태",
    "un.unit": "유닛",
    "un.threshold": "임곗값",
    "un.on_when": "켜짐 기준",
    "un.above": "초과",
    "un.below": "미만",
    "un.runs": (
        "리뷰 {reviews:,}개에서 층 {layer} · {gate} · 유닛 {unit}의 값이 {threshold:.3g} {side}인 "
        "구간 **{runs:,}**개 (가장 긴 {shown}개):"
    ),
    "un.threshold_as": "임곗값 기준",
    "un.threshold_as.percentile": "백분위수",
    "un.threshold_as.value": "값",
    "un.threshold_as_help": (
        "백분위수: 읽은 리뷰의 실제 단어(패딩 제외)에서 이 유닛이 가진 값의 백분위수입니다. 95로 "
        "두면 유닛이 상위 5%에 있는 구절을 찾습니다. 값: 고정된 수입니다. 리뷰 내내 그 값을 넘는 "
        "유닛은 리뷰 전체가 한 구절로 나옵니다."
    ),
    "un.percentile": "백분위수",
    "un.percentile_of": " (읽은 실제 단어에서 이 유닛의 {p:g} 백분위수)",
    "un.picked": "리뷰 #{review}: … {before} **{phrase}** {after} …",
    "un.never_on": (
        "이 임곗값에서는 유닛이 한 번도 켜지지 않습니다. 임곗값을 낮추거나 “{@un.below}”{을/를} "
        "고르세요."
    ),
    "un.open": "리뷰 #{review}{을/를} 스텝 {step}에서 {@nav.explorer}{(으)로} 열기",
    "un.select_row": "버튼으로 열 리뷰는 표에서 행을 골라 정합니다.",
    "un.matches_csv": "검색 결과를 CSV로 받기",
    "un.words_caption": (
        "단어마다, 그 단어를 읽을 때 각 유닛의 상태가 평균적으로 얼마나 바뀌는지(단어 뒤의 "
        "상태 − 단어 앞의 상태)를 그 단어가 나오는 모든 곳에서 잽니다."
    ),
    "un.state": "상태",
    "un.layer_prefix": "층 ",
    "un.hidden_suffix": " · 은닉 상태 h",
    "un.cell_suffix": " · 셀 상태 c",
    "un.min_count": "최소 등장 횟수",
    "un.sort_by": "정렬 기준",
    "un.frequency": "빈도",
    "un.desc": "가장 크게 올리는 단어부터",
    "un.desc_help": "끄면 유닛을 가장 크게 내리는 단어부터 나옵니다.",
    "un.words_shown": "보여 줄 단어 수",
    "un.no_word": (
        "이 리뷰들에는 그만큼 자주 나오는 단어가 없습니다. “{@un.min_count}”{을/를} 낮추세요."
    ),
    "un.reviews_with": "“{word}”{이/가} 나오는 리뷰 (다른 행을 고르면 단어가 바뀝니다):",
    "un.open_review": "리뷰 #{review} ({label}, {times}번 나옴): {@nav.explorer}에서 열기",
    "un.wpu_csv": "유닛별 단어를 CSV로 받기",
    # ------------------------------------------------------------------ Saturation
    "sat.page_title": "포화 · rnn-viz",
    "sat.title": "게이트 포화",
    "sat.caption": (
        "점 하나는 한 게이트의 유닛 하나입니다. x는 게이트가 **오른쪽 포화**(높은 임곗값 초과, "
        "거의 완전히 열림)인 실제 스텝의 비율, y는 **왼쪽 포화**(낮은 임곗값 미만, 거의 닫힘)인 "
        "비율입니다. 원점의 유닛은 한 번도 포화되지 않고, 점선 대각선 x + y = 1 위의 유닛은 항상 "
        "포화됩니다. Keras의 GRU는 z가 1에 가까울 때 이전 상태를 유지하므로(h = z·h(t−1) + "
        "(1−z)·h̃) 논문의 z와 반대입니다. 스위치를 켜면 논문의 표기(1 − z)로 보여 줍니다."
    ),
    "sat.no_gates": (
        "이 모델에는 게이트가 없습니다. 기본 순환 층(SimpleRNN)은 스텝마다 상태 전체를 다시 "
        "씁니다(h = tanh(x W + h(t−1) U + b)). 그래서 어떤 유닛도 포화될 수 없습니다. 그 대가는 "
        "{@nav.memory} 페이지에서 볼 수 있습니다."
    ),
    "sat.thresholds": "임곗값: 왼쪽은 미만, 오른쪽은 초과",
    "sat.thresholds_help": (
        "논문은 0.1과 0.9를 씁니다. 느슨하게 하면 어떤 유닛이 닫힘이나 열림 쪽으로 기우는지 "
        "보입니다."
    ),
    "sat.paper": "GRU의 z를 논문의 1 − z로 보기",
    "sat.over_test": "테스트 세트 전체의 포화 (왼쪽 < {low:g}, 오른쪽 > {high:g})",
    "sat.counts": "**{label}** · 리뷰 {reviews:,}개, 실제 스텝 {steps:,}개",
    "sat.barely": (
        "{label} 모델은 {low:g} / {high:g}에서 포화되지 않습니다. 가장 많이 포화된 유닛도 실제 "
        "스텝의 {most:.1%}에서만 임곗값을 넘어서, 모든 점이 원점이나 그 근처에 있습니다. 이 "
        "작은 모델들은 게이트 값을 0과 1에서 떨어진 곳에 둡니다."
    ),
    "sat.looser": (
        "게이트 값 가운데 {low:g} 미만은 많아야 {share:.0%}, {high:g} 초과도 많아야 "
        "{share:.0%}입니다(아래 히스토그램). 이 임곗값에서는 어느 유닛이 닫힘이나 열림 쪽으로 "
        "기우는지 보입니다."
    ),
    "sat.use_looser": "{low:g} / {high:g} 사용",
    "sat.csv": "포화를 CSV로 받기",
    "sat.hist_title": "게이트 값의 분포",
    "sat.across": "학습하는 동안",
    "sat.across_caption": (
        "에포크마다 저장한 가중치(keep-epochs로 학습한 모델)로 같은 테스트 리뷰를 읽은 "
        "결과를 학습 곡선 옆에 보여 줍니다."
    ),
    "sat.per_epoch_reviews": "에포크마다 읽을 테스트 리뷰 수 (고정된 무작위 표본)",
    "sat.no_epochs": (
        "두 모델 모두 에포크별 가중치(epochs/)를 남기지 않았습니다. 학습하는 동안의 포화를 "
        "보려면 {@nav.train} 페이지에서 “{@tr.keep}”{을/를} 켜고 학습시키세요(또는 `python -m "
        "rnn_viz train NAME --keep-epochs`)."
    ),
    "sat.pause": "일시정지",
    "sat.play": "재생",
    "sat.one_epoch": "에포크 하나만 저장됨 (에포크 {epoch}).",
    "sat.epoch": "에포크",
    "sat.epoch_n": "에포크 {epoch}",
    # ------------------------------------------------------------------ Train
    "tr.page_title": "학습 · rnn-viz",
    "tr.title": "모델 학습시키기",
    "tr.source": "데이터셋",
    "tr.source.imdb": "IMDB 리뷰",
    "tr.source.own": "내 데이터셋",
    "tr.own.upload": "표 파일이나 레이블 폴더를 묶은 zip 올리기",
    "tr.own.upload_help": (
        "텍스트 열과 레이블 열이 있는 .csv, .tsv, .jsonl 파일(train/test 값의 'split' 열은 "
        "선택), 또는 레이블마다 .txt 파일 폴더 하나를 둔 .zip(train/, test/ 아래에 두어도 "
        "됩니다). 최대 {mb} MB. 분할이 없으면 클래스마다 20%를 테스트용으로 떼어 둡니다(시드 고정)."
    ),
    "tr.own.path": "…또는 서버의 경로",
    "tr.own.path_help": "이 컴퓨터에 있는 표 파일, 또는 레이블 폴더의 폴더나 .zip.",
    "tr.own.none": "데이터셋을 올리거나 경로를 입력하면 클래스가 보입니다.",
    "tr.own.text_column": "텍스트 열",
    "tr.own.label_column": "레이블 열",
    "tr.own.label": "클래스",
    "tr.own.train": "학습",
    "tr.own.test": "테스트",
    "tr.no_dataset": "이 컴퓨터에 IMDB 데이터셋이 없어서 여기서는 모델을 학습시킬 수 없습니다.",
    "tr.get_it": (
        "다음 중 한 가지 방법으로 받으세요.\n1. <{url}> 에서 `aclImdb_v1.tar.gz`(80 MB)를 "
        "내려받고 `RNN_VIZ_DATA=/path/to/aclImdb_v1.tar.gz streamlit run app.py`로 앱을 "
        "시작합니다.\n2. 또는 아래 버튼으로 앱이 Keras 캐시(`~/.keras/datasets`)에 내려받게 "
        "합니다."
    ),
    "tr.where": "앱이 찾아본 곳",
    "tr.download": "데이터셋 내려받기 (80 MB)",
    "tr.downloading": "Stanford에서 내려받는 중…",
    "tr.download_failed": "내려받기에 실패했습니다: {why}",
    "tr.preset": "미리 정한 설정 (참고 노트북의 설정)",
    "tr.custom": "직접 설정",
    "tr.name": "모델 이름",
    "tr.name_help": (
        "{folder}(RNN_VIZ_MODELS)에 새 폴더로 저장합니다. 기본 모델은 절대 덮어쓰지 않습니다."
    ),
    "tr.cell": "셀",
    "tr.units": "층마다 유닛 수",
    "tr.layers": "층 수",
    "tr.bidirectional": "양방향 (앞뒤로 읽기)",
    "tr.bidirectional_help": "각 순환 층이 텍스트를 거꾸로도 읽습니다(Keras Bidirectional).",
    "tr.merge_mode": "두 방향의 병합 방식",
    "tr.merge_mode_help": "양방향 층이 순방향과 역방향 출력을 합치는 방식입니다.",
    "tr.dropout": "드롭아웃",
    "tr.tokenizer": "토크나이저",
    "tr.tokenizer_help": (
        "리뷰를 모델이 읽는 토큰으로 나누는 방법입니다. 단어: 소문자로 바꾸고 문장 부호를 지운 뒤 "
        "공백으로 나눕니다(참고 노트북의 방식). 문자: 문자 하나가 토큰 하나이며 소문자로 바꾸고, "
        "이어진 공백은 토큰 ␣ 하나가 됩니다. 한국어 형태소: kiwipiepy가 나눈 형태소입니다"
        "(pip install 'rnn-viz[korean]')."
    ),
    "tr.tokenizer.reference": "단어 (참고 노트북)",
    "tr.tokenizer.chars": "문자",
    "tr.tokenizer.kiwi": "한국어 형태소 (kiwi)",
    "tr.lr": "학습률 (RMSprop)",
    "tr.epochs": "최대 에포크 수 (조기 종료, patience 3)",
    "tr.keep": "에포크마다 가중치 저장",
    "tr.keep_help": (
        "에포크마다 약 0.7 MB입니다. {@nav.saturation} 페이지의 “{@sat.across}”에서 다시 재생할 "
        "수 있습니다."
    ),
    "tr.start": "학습 시작",
    "tr.unreadable": "데이터셋을 읽을 수 없습니다.",
    "tr.dataset_caption": (
        "데이터셋: {source}. 학습 리뷰 {n_train:,}개 중 75%로 학습하고 25%로 검증하며, "
        "테스트 지표는 마지막에 테스트 리뷰 {n_test:,}개로 계산합니다."
    ),
    "tr.none_yet": "이 세션에서는 아직 학습을 시작하지 않았습니다.",
    "tr.waiting": "{name}{은/는} 서버의 다른 학습이 끝나기를 기다립니다: 대기열 {position}번째",
    "tr.cancel": "취소",
    "tr.cancelled": "{name}{은/는} 시작하기 전에 취소되었습니다. 아무것도 학습하지 않았습니다.",
    "tr.running": "{name} 학습 중: 에포크 {epoch} / 최대 {epochs}",
    "tr.batch": ", 배치 {done}/{total}",
    "tr.stopping": " — 이 배치가 끝나면 멈춥니다…",
    "tr.done": "{name} 학습을 마치고 저장했습니다.",
    "tr.stopped": (
        "요청대로 {name} 학습을 중간에 멈췄습니다. 그때까지 가장 좋은 에포크를 저장했습니다."
    ),
    "tr.failed": "{name} 학습에 실패했습니다.",
    "tr.unexpected": "예상하지 못한 오류({error}){(으)로} 학습이 멈췄습니다: {detail}",
    "tr.stop": "학습 멈추기",
    "tr.saved": "{out}에 저장했습니다",
    "tr.saved_acc": " · 테스트 정확도 {acc:.3f}",
    "tr.saved_end": ". 이제 {@nav.explorer}{과/와} {@nav.compare} 페이지의 모델 목록에 있습니다.",
    # ------------------------------------------------------------------ Memory
    "mem.page_title": "기억 · rnn-viz",
    "mem.title": "기억은 얼마나 오래 남는가",
    "mem.caption": (
        "교과서는 게이트가 필요한 이유를 이렇게 설명합니다. 기본 RNN은 단어마다 상태 전체를 다시 "
        "쓰므로, 오래전에 읽은 단어에 대한 판정의 기울기는 점점 작아질 것으로 예상됩니다(기울기 "
        "소실). 반면 LSTM의 셀 상태와 GRU의 업데이트 게이트는 단어의 정보를 더 멀리 실어 나를 수 "
        "있습니다. 여기서는 그것을 여러분의 리뷰와 테스트 세트에서 직접 잽니다. **연결도** "
        "‖∂p_t/∂e_s‖는 단어 t 뒤의 판정(리뷰가 거기서 끝났다면 나왔을 p(positive))이 s번째에 "
        "읽은 단어 벡터 e_s에 따라 아직 얼마나 움직이는지입니다. **생존**은 한 단어가 쓴 내용 중 "
        "아직 상태에 남은 비율입니다(LSTM의 c는 ∏ f, Keras GRU는 ∏ z이며, z가 1에 가까우면 "
        "유지). 마지막으로 테스트 세트에서 거리에 따른 기울기를 잽니다."
    ),
    "mem.model_c": "모델 C",
    "mem.n_models": "나란히 볼 모델 수",
    "mem.type_review": "앞 단어의 영향을 잴 리뷰를 입력하거나 고르세요.",
    "mem.word": "읽고 있는 단어",
    "mem.word_help": "모든 모델에서 같은 단어입니다(리뷰를 가장 많이 읽는 모델 기준으로 셉니다).",
    "mem.word_of": "**{n}단어 중 {position}번째: “{word}”** · 리뷰: {desc}",
    "mem.hears": "모델마다 앞 단어들이 아직 미치는 영향",
    "mem.hears_caption": (
        "색: log10 ‖∂p_t/∂e_s‖이며, 보이는 모든 모델에 같은 척도를 씁니다. 띠는 아래 히트맵에서 "
        "지금 단어의 행이고, 어두운 단어일수록 지금의 판정을 덜 움직입니다."
    ),
    "mem.p_here": " · 여기서 p(positive) {p:.3f}",
    "mem.p_class_here": " · 여기서 p({label}) {p:.3f}",
    "mem.cut": "모델은 마지막 {steps}스텝만 읽습니다. 처음 {n:,}단어는 잘렸습니다.",
    "mem.not_far": "이 모델은 이만큼 앞까지 읽지 않습니다(시퀀스가 더 짧습니다).",
    "mem.npz": "연결도를 .npz로 받기",
    "mem.survival": "각 단어가 쓴 내용이 이 단어까지 얼마나 남는가",
    "mem.survival_caption": (
        "게이트 값으로 유닛마다 바로 계산합니다. LSTM의 셀 상태 c는 그 단어 이후의 ∏ f, Keras "
        "GRU의 h는 그 단어 이후의 ∏ z입니다(z가 1에 가까우면 유지). 유닛의 반감기는 이 곱이 "
        "처음으로 ½ 아래로 떨어질 때까지 거슬러 올라간 단어 수입니다(∞: 이 리뷰 안에서는 "
        "떨어지지 않음)."
    ),
    "mem.not_far_short": "이 모델은 이만큼 앞까지 읽지 않습니다.",
    "mem.no_gates": (
        "층 {layer} ({name}): {note}. 그래서 앞 단어가 쓴 내용은 그대로 남지 않습니다. 앞 단어의 "
        "정보는 h(t−1) U를 거쳐서만 이 단어까지 오며, 스텝마다 U가 새로 곱해집니다."
    ),
    "mem.vanishing": "테스트 세트에서 잰 기울기 소실",
    "mem.vanishing_caption": (
        "두 레이블의 테스트 리뷰로 된 고정 표본에서 ‖∂p_T/∂e_(T−k)‖, 곧 끝에서 k단어 앞에 있는 "
        "단어에 따라 모델의 최종 판정이 얼마나 움직이는지를 잽니다. 선은 길이가 k + 1단어 이상인 "
        "리뷰들의 중앙값이고, 띠는 사분위 범위입니다."
    ),
    "mem.n_reviews": "잴 테스트 리뷰 수 (고정된 무작위 표본)",
    "mem.measure": "재기 (처음에는 모델마다 1분까지 걸리고, 그 뒤로는 캐시를 씁니다)",
    "mem.curve_csv": "{label}: 곡선을 CSV로 받기",
    # --- training options (tr.*)
    "tr.advanced": "고급 설정",
    "tr.xla": "학습 계산(train step)을 XLA로 컴파일",
    "tr.xla_help": (
        "긴 학습에 유리합니다. CPU에서는 에포크가 흔히 2–3배 빨라집니다. 대신 시작이 느립니다. "
        "첫 배치는 컴파일이 끝날 때까지 기다립니다. 짧게 시험할 때는 끄세요."
    ),
    # (end of this block)
    # --- charts: titles, axes, legends and colour bars built in plots.py (plot.*)
    "direction.fwd": "정방향",
    "direction.bwd": "역방향",
    "direction.title_fwd": "{layer} · 정방향",
    "direction.title_bwd": "{layer} · 역방향",
    "plot.layer": "층 {layer}",
    "plot.unit": "유닛",
    "plot.unit_n": "유닛 {unit}",
    "plot.word_n": "단어 {word}",
    "plot.step_n": "스텝 {step}",
    "plot.epoch": "에포크",
    "plot.epoch_n": "에포크 {epoch}",
    "plot.reviews_n": "리뷰 {n}개",
    "plot.words_n": "{n}단어",
    "plot.train": "학습",
    "plot.val": "검증",
    "plot.loss": "손실",
    "plot.acc": "정확도",
    "plot.accuracy": "정확도",
    "plot.positive": "긍정",
    "plot.negative": "부정",
    "plot.p_pos": "p(긍정)",
    "plot.p_class": "p(클래스)",
    "plot.token_axis": "토큰 (스텝 · 단어)",
    "plot.attribution": "기여도",
    "plot.legend_colour": "색: ",
    "plot.trace.readout": "판정: 리뷰가 여기서 끝났다면 나왔을 p(positive)",
    "plot.trace.attribution": (
        "토큰 기여도(적분 기울기): 초록은 긍정 쪽으로, 보라는 부정 쪽으로 밉니다"
    ),
    "plot.trace.panel": "층 {layer} ({name}) · {gate}",
    "plot.cbar.sigmoid": "σ 게이트",
    "plot.cbar.cell": "셀 c",
    "plot.hist.loss": "이진 교차 엔트로피",
    "plot.hist.acc": "정확도 (맞힌 비율)",
    "plot.hist.per_epoch": "에포크별 {label}",
    "plot.hist.per_second": "학습 시간(초)별 {label}",
    "plot.hist.seconds": "학습 시간 (초)",
    "plot.card.best": "에포크 (가장 좋은 에포크: {epoch})",
    "plot.sat.paper_gate": "1-{gate} (논문의 {gate})",
    "plot.sat.right_axis": "{high:g} 초과 비율 (오른쪽)",
    "plot.sat.left_axis": "{low:g} 미만 비율 (왼쪽)",
    "plot.sat.right_hover": "오른쪽 포화 (> {high:g}) {x}",
    "plot.sat.left_hover": "왼쪽 포화 (< {low:g}) {y}",
    "plot.sat.always": "항상<br>포화",
    "plot.sat.value_hover": "값 {value} ± {width}",
    "plot.sat.share_hover": "비율 {share}",
    "plot.sat.gate_value": "게이트 값",
    "plot.sat.share_axis": "값의 비율",
    "plot.sat.col.layer": "층",
    "plot.sat.col.gate": "게이트",
    "plot.sat.col.units": "유닛 수",
    "plot.sat.col.mean_left": "평균 왼쪽 비율",
    "plot.sat.col.mean_right": "평균 오른쪽 비율",
    "plot.sat.col.saturated": "50% 넘게 포화된 유닛 수",
    "plot.wu.change": "평균 변화 {z}",
    "plot.wu.read": "{n}번 읽음",
    "plot.wu.cbar": "평균<br>변화",
    "plot.diff.readout": "판정: B − A의 p(positive)",
    "plot.diff.panel": "층 {layer} · {gate} · B − A",
    "plot.conn.reading": "읽는 스텝 {step}",
    "plot.conn.x": "앞 단어 s",
    "plot.conn.y": "읽고 있는 스텝 t",
    "plot.surv.title": "층 {layer} · 각 단어 이후의 ∏ {gate} (남은 {state})",
    "plot.surv.no_gates": "층 {layer} · {note}",
    "plot.surv.written": "{word}에서 씀",
    "plot.surv.still": "남은 몫: {z}",
    "plot.surv.kept": "남은 몫",
    "plot.grad.distance": "거리 {k}단어",
    "plot.grad.median": "중앙값 {v}",
    "plot.grad.quartiles": "사분위 {lo} – {hi}",
    "plot.grad.x": "거리 k (마지막 단어에서 몇 단어 앞인지)",
    "plot.m.roc": "ROC 곡선",
    "plot.m.pr": "정밀도-재현율 곡선",
    "plot.m.calibration": "보정 (신뢰도)",
    "plot.m.by_length": "리뷰 길이별 정확도",
    "plot.m.fpr": "거짓 양성 비율",
    "plot.m.tpr": "참 양성 비율",
    "plot.m.recall": "재현율",
    "plot.m.precision": "정밀도",
    "plot.m.mean_p_bin": "구간의 평균 p(positive)",
    "plot.m.mean_p": "평균 p(positive)",
    "plot.m.positive_share": "긍정 리뷰의 비율",
    "plot.m.positive_share_hover": "긍정 비율",
    "plot.m.length": "리뷰의 단어 수 (토큰화 후)",
    "plot.conf.predicted": "예측 {label}",
    "plot.conf.true": "실제 {label}",
    "plot.ss.label": "레이블 {label}",
    "plot.ss.review": "테스트 리뷰 #{row}",
    "plot.ss.path": "이 리뷰, 단어별",
    "plot.ss.final": "마지막 h_T",
    "plot.ss.current": "현재 단어",
    "plot.ss.pc1": "PC 1 (분산의 {share:.1%})",
    "plot.auc.y": "유닛 최종 값의 ROC AUC",
    # (end of this block)
    # --- tables, notes, spinners, upload box: ui, compare, parameters, models (pkg.*)
    "pkg.model": "모델",
    "pkg.source.shipped": "기본 제공",
    "pkg.source.user": "직접 학습",
    "pkg.source.uploaded": "업로드",
    "pkg.note.readout_off": "이 모델은 예측(p(positive))을 보여 줄 수 없습니다: {why}",
    "pkg.note.attribution_off": "이 모델은 토큰 기여도를 계산할 수 없습니다: {why}",
    "pkg.attr.no_embedding": "모델이 기여도를 매길 임베딩(Embedding) 층으로 시작하지 않습니다.",
    "pkg.attr.mask_zero": (
        "임베딩이 패딩을 마스킹하므로(mask_zero=True), 적분 기울기의 기준점인 ‘모두 패딩인 "
        "리뷰’를 모델이 읽지 않고 건너뜁니다."
    ),
    "pkg.attr.no_readout": (
        "토큰 기여도는 p(positive)를 설명하는데, 이 모델은 그 값을 내지 않습니다."
    ),
    "pkg.grad.no_embedding": (
        "모델이 임베딩(Embedding) 층으로 시작하지 않아, 미분할 단어 벡터가 없습니다"
    ),
    "pkg.grad.no_readout": "앞 단어의 영향은 판정 p(positive)로 재는데, {why}",
    "pkg.grad.no_stepwise": "마지막 순환 층 뒤의 층들을 그 출력에 스텝마다 적용할 수 없습니다",
    "pkg.grad.bidirectional": (
        "양방향 층은 모든 단어를 양 끝에서 읽으므로, 단어 t 뒤의 판정이 t까지의 단어만으로 "
        "정해지지 않아 기울기를 스텝마다 따라갈 수 없습니다"
    ),
    "pkg.grad.untraceable": "순환 층을 따라 미분할 수 없습니다: {detail}",
    "pkg.cap.attribution": "토큰 기여도를 계산할 수 없습니다: {why}",
    "pkg.cap.flips": "예측 뒤집기 탐색을 실행할 수 없습니다: {why}",
    "pkg.cap.metrics": "{name}에는 테스트 지표, 불일치, 예측 뒤집기가 없습니다: {why}",
    "pkg.cap.predictions": "{name}{은/는} p(positive)를 내지 않습니다: {why}",
    "pkg.param.input": "입력 커널 (입력 수·유닛 수)",
    "pkg.param.recurrent": "순환 커널 (유닛 수·유닛 수)",
    "pkg.param.bias": "편향 (유닛 수)",
    "pkg.param.bias2": "편향 두 개 (2·유닛 수; reset_after=True)",
    "pkg.param.weight": "가중치 {name}",
    "pkg.param.caption": "{title} 층 {layer}: 파라미터 {formula}개.",
    "pkg.spinner.model": "모델을 불러오는 중…",
    "pkg.spinner.tracer": "추적기를 준비하는 중…",
    "pkg.shared_wait": (
        "다른 사용자가 {seconds:.0f}초 전에 같은 계산을 요청했습니다. 한 번만 계산해 함께 씁니다…"
    ),
    "pkg.spinner.trace": "리뷰를 추적하는 중…",
    "pkg.spinner.dataset": "IMDB 데이터셋을 읽는 중…",
    "pkg.spinner.own_dataset": "내 데이터셋을 읽는 중…",
    "pkg.spinner.predictions": "모든 테스트 리뷰를 예측하는 중 (모델마다 한 번)…",
    "pkg.spinner.attributor": "적분 기울기를 준비하는 중…",
    "pkg.spinner.attribution": "리뷰 전체에 적분 기울기를 계산하는 중…",
    "pkg.spinner.what_if": "두 리뷰를 추적하는 중…",
    "pkg.spinner.metrics": "테스트 세트 지표를 계산하는 중 (모델마다 한 번)…",
    "pkg.spinner.disagreement": "두 모델의 예측을 비교하는 중…",
    "pkg.spinner.word_counts": "모든 테스트 리뷰의 단어 수를 세는 중…",
    "pkg.spinner.pca": "PCA를 맞추는 중…",
    "pkg.spinner.units": "모든 유닛을 평가하는 중 (ROC AUC, 프로브)…",
    "pkg.spinner.flip_searcher": "예측 뒤집기 탐색을 준비하는 중…",
    "pkg.spinner.flips": "한 단어 수정을 찾는 중…",
    "pkg.spinner.probe": "기울기 측정을 준비하는 중…",
    "pkg.spinner.connectivity": "각 단어가 아직 얼마나 영향을 주는지 재는 중…",
    "pkg.progress.gradient_distance": "거리에 따른 기울기: 리뷰",
    "pkg.upload.expander": "모델 올리기 (.keras, 또는 모델 폴더를 묶은 .zip)",
    "pkg.upload.label": "Keras 모델",
    "pkg.upload.help": (
        "Keras의 안전 모드로 불러옵니다. Lambda 층과 사용자 정의 코드는 거부합니다. "
        "{layers} 층이 있어야 합니다. 파일은 최대 {mb} MB, 압축을 풀면 최대 {total} MB까지 "
        "받으며, 세션이 끝날 때까지 보관합니다."
    ),
    "pkg.upload.button": "파일 올리기",
    "pkg.upload.limit": "파일당 최대 {mb} MB • {types}",
    "pkg.upload.drop": "여기에 파일을 놓으세요",
    "pkg.upload.refused": "거부됨: {why}",
    "pkg.upload.loaded": "{shown} 파일을 {name} 모델로 불러왔습니다. {note}",
    "pkg.upload.borrowed": (
        "{shown}에는 자체 어휘가 없어서, 기본 제공 모델 '{name}'의 어휘({words}단어)로 "
        "단어를 읽습니다."
    ),
    "pkg.col.model": "모델",
    "pkg.col.cell": "셀",
    "pkg.col.layers": "층 수",
    "pkg.col.units": "유닛 수",
    "pkg.col.parameters": "파라미터 수",
    "pkg.col.test_accuracy": "테스트 정확도",
    "pkg.col.test_loss": "테스트 손실",
    "pkg.col.test_macro_f1": "테스트 매크로 F1",
    "pkg.col.classes": "클래스 수",
    "pkg.col.epochs": "에포크 수",
    "pkg.col.seconds_per_epoch": "에포크당 초",
    "pkg.col.training_seconds": "학습 시간(초)",
    "pkg.col.layer": "층",
    "pkg.col.type": "종류",
    "pkg.col.formula": "계산식",
    "pkg.folder.no_model": "model.keras 파일이 없습니다.",
    "pkg.folder.not_zip": (
        "model.keras가 Keras 모델 파일이 아닙니다 (.keras 파일은 zip 압축 파일입니다)."
    ),
    "pkg.folder.no_vocab": "vocab.json이 없어서 모델의 단어를 읽을 수 없습니다.",
    "pkg.folder.bad_vocab": "vocab.json이 올바른 어휘 파일이 아닙니다.",
    "pkg.name.invalid": (
        "영문자, 숫자, '-', '_', '.'로 1~40자를 쓰되, 영문자나 숫자로 시작해 주세요."
    ),
    "pkg.name.shipped": "'{name}'{은/는} 기본 제공 모델입니다. 다른 이름을 골라 주세요.",
    "pkg.name.exists": "{target}{이/가} 이미 있습니다. 다른 이름을 골라 주세요.",
    "pkg.desc.own": "직접 입력한 글",
    "pkg.desc.no_dataset": "데이터셋 없음",
    "pkg.desc.no_match": "맞는 리뷰 없음",
    "pkg.size_note": (
        "이 데이터셋에는 학습 리뷰 {train:,}개(부정 {train_neg:,}, 긍정 {train_pos:,}){과/와} "
        "테스트 리뷰 {test:,}개(부정 {test_neg:,}, 긍정 {test_pos:,}){이/가} 있습니다. 공식 "
        "데이터셋의 25,000개와 25,000개(분할·레이블마다 {per_folder:,}개)가 아니므로, 정확도를 "
        "참고 노트북의 값과 비교할 수 없습니다."
    ),
    # (end of this block)
    # --- step panel, stepper, cell diagram, gate names, page names (step, diagram, gate, nav)
    "gate.i": "입력 게이트 i",
    "gate.f": "망각 게이트 f",
    "gate.g": "후보 상태 c̃",
    "gate.o": "출력 게이트 o",
    "gate.c": "셀 상태 c",
    "gate.h": "은닉 상태 h",
    "gate.z": "업데이트 게이트 z",
    "gate.r": "리셋 게이트 r",
    "gate.hh": "후보 상태 h̃",
    "gate.a": "활성화 전 값 a",
    "nav.home": "홈",
    "nav.explorer": "게이트 탐색기",
    "nav.train": "학습",
    "nav.compare": "비교",
    "nav.saturation": "포화",
    "nav.units": "유닛",
    "nav.what_if": "만약에 (What-if)",
    "nav.memory": "기억",
    "nav.diagnostics": "진단",
    "nav.glossary": "용어집",
    "step.state_in": "시작 상태",
    "step.col.c_prev": "c(t−1)",
    "step.col.h_prev": "h(t−1)",
    "step.col.tanh_c": "tanh c",
    "step.col.kept": "유지",
    "step.col.written": "기록",
    "step.caption.lstm": "유지 = f⊙c(t−1), 기록 = i⊙c̃; 유지 + 기록 = 새 셀 상태 c.",
    "step.caption.gru": (
        "유지 = z⊙h(t−1), 기록 = (1−z)⊙h̃; 유지 + 기록 = 새 은닉 상태 h. Keras의 GRU에서는 z가 "
        "1에 가까우면 이전 상태를 유지합니다."
    ),
    "step.caption.rnn": (
        "게이트가 없습니다: a는 단어와 이전 은닉 상태 h(t−1) 전체를 섞고, h = tanh(a)가 그 "
        "상태를 대신합니다. 그대로 유지되는 것이 없으므로 앞 단어가 쓴 내용은 U가 이어 주지 "
        "않으면 흐려집니다."
    ),
    "step.one_row": "유닛마다 한 행입니다.",
    "step.unit": "유닛",
    "step.prev": "◀ 이전",
    "step.next": "다음 ▶",
    "step.play": "▶ 재생",
    "step.pause": "⏸ 일시정지",
    "step.pace": "재생 속도",
    "step.per_second": "초당 {n}토큰",
    "step.slider": "토큰 (스텝)",
    "step.hint": (
        "← / → 키로 단어를 하나씩 넘깁니다. 띠, 단어, 히트맵 열을 클릭하면 그곳으로 갑니다."
    ),
    "step.overview": (
        "리뷰 전체의 판정 곡선입니다. 상자는 지금 보이는 구간이며, 클릭하면 그곳으로 갑니다."
    ),
    "step.layer_tab": "층 {k} · {name}",
    "step.unit_for": "식에 넣을 유닛",
    "step.panel_title": "“{word}” ({place}): 이 토큰의 숫자를 넣은 셀의 식",
    "step.word_place": "단어 {n}/{total}",
    "step.pad_place": "패딩 {n}/{total}",
    "step.before_first": "첫 단어 앞",
    "step.failed": "단어별 보기를 시작할 수 없습니다: {why}",
    # the stepper as a web page (rnn_viz.viz.html_export) and its download button
    "page.title": "rnn-viz 단계별 보기: {names}",
    "page.parity_ok": (
        "{name}: 일치도 {value} (≤ {bound}: 보이는 숫자는 모델이 계산한 그대로입니다)"
    ),
    "page.parity_off": (
        "{name}: 일치도 {value}, {bound} 초과: 보이는 숫자가 모델과 다를 수 있습니다"
    ),
    "page.parity_unknown": "{name}: 일치도를 재지 않았습니다 (모델 없이 받은 추적)",
    "page.made": "rnn-viz로 만든 날짜: {when}",
    "page.text": "텍스트 ({n}자)",
    "page.offline": (
        "이 페이지는 보여 주는 내용을 모두 담고 있어서, 네트워크 없이 오프라인에서도 열립니다."
    ),
    "page.download": "웹 페이지로 받기",
    "page.download_help": (
        "단어별 보기와 그 숫자, Plotly를 모두 담은 HTML 파일 하나로 받습니다. 최신 브라우저라면 "
        "오프라인에서도 열리고, 이 페이지처럼 단어를 하나씩 넘겨 볼 수 있습니다."
    ),
    "diagram.x_word": "x(t): 단어 “{word}”",
    "diagram.x_layer": "x(t) = 층 {layer}의 h(t)",
    "diagram.unit": "유닛 {unit}",
    "diagram.caption": (
        "이 스텝에서 층 {layer}, 유닛 {unit}의 셀입니다. 색은 히트맵과 같습니다: σ 게이트는 "
        "0..1, tanh 값은 −1..1."
    ),
    "diagram.caption_cell": (
        "이 스텝에서 층 {layer}, 유닛 {unit}의 셀입니다. 색은 히트맵과 같습니다: σ 게이트는 "
        "0..1, tanh 값은 −1..1, 셀 상태는 ±{c_max:.2f}."
    ),
    "diagram.no_diagram": "{title} 층 {layer}에는 셀 그림이 없습니다.",
    "diagram.bad_layer": (
        "이 추적 결과의 층 번호는 0부터 {last}까지입니다(층 {layer}{은/는} 없습니다)."
    ),
    "diagram.bad_unit": (
        "층 {layer}의 유닛 번호는 0부터 {last}까지입니다(유닛 {unit}{은/는} 없습니다)."
    ),
    "diagram.bad_step": "리뷰의 스텝 번호는 0부터 {last}까지입니다(스텝 {t}{은/는} 없습니다).",
    "step.parity": "일치도 {value}",
    "step.training_title": "{name}: 학습 과정",
    "step.half_life": "반감기 (단어 수)",
    # (end of this block)
    # --- sentences and table columns built in rnn_viz.analysis (analysis.*)
    "analysis.note.bidirectional": (
        "양방향(Bidirectional) 층은 리뷰를 양쪽으로 읽습니다. 역방향은 읽는 순서대로 보여 "
        "줍니다. 단어 t에서 역방향은 마지막 단어부터 t까지 거꾸로 읽은 상태이고, 그 직전 상태는 "
        "오른쪽 단어에서의 상태입니다. 단어 t 뒤의 판정은 t에서의 정방향 상태와 리뷰 전체를 읽은 "
        "역방향 상태를 나란히 놓고 구하므로, 마지막 값이 모델의 예측입니다."
    ),
    "analysis.note.masked": (
        "모델이 일부 스텝을 마스킹합니다(예: mask_zero=True인 패딩). 그 스텝에서 순환 층은 "
        "진행하지 않고 상태를 그대로 둡니다. 추적 결과는 층이 그곳에 내보내는 "
        "값(zero_output_for_mask=True이면 0, 아니면 직전 출력)을 보여 주고 masked로 표시합니다."
    ),
    "analysis.note.no_readout": "판정 p(positive)를 구할 수 없습니다: {why}",
    "analysis.note.no_stepwise_head": (
        "판정 p(positive)를 구할 수 없습니다: 마지막 순환 층 뒤의 층들을 스텝마다의 출력에 "
        "적용할 수 없습니다."
    ),
    "analysis.note.cut": (
        "이 텍스트는 {words}단어입니다. 모델은 마지막 {read}단어만 읽으므로 앞의 {cut}단어는 "
        "잘렸습니다."
    ),
    "analysis.note.all_oov": (
        "모델의 어휘에 있는 단어가 하나도 없습니다. 모델은 모든 단어를 어휘에 없는 단어 [UNK] "
        "하나로 읽습니다."
    ),
    "analysis.note.oov": "{real}단어 중 {oov}단어가 어휘에 없어 [UNK]로 읽힙니다.",
    "analysis.note.kind_gru": (
        "Keras의 GRU는 업데이트 게이트 z가 1에 가까운 곳에서 이전 은닉 상태 h를 유지합니다: "
        "h = z*h_prev + (1-z)*hh (z가 0에 가까우면 후보 상태 hh를 씁니다)."
    ),
    "analysis.summary.step": "스텝",
    "analysis.summary.token": "토큰",
    "analysis.summary.counts": "읽은 단어 {words}개, 패딩 스텝 {pad}개",
    "analysis.summary.counts_hidden": (
        "읽은 단어 {words}개, 패딩 스텝 {pad}개 (숨김; --show-pad로 표시)"
    ),
    "analysis.summary.prediction": "예측: p(positive) = {prob} → {verdict}",
    "analysis.summary.prediction_class": "예측: {label} (p = {prob})",
    "analysis.summary.note": "참고: {note}",
    "analysis.survival.no_gates": "게이트 없음: {cell} 층은 매 스텝 상태 전체를 덮어씁니다",
    "analysis.survival.backward": (
        "역방향 층은 마지막 단어부터 거꾸로 읽으므로, 간직하는 내용은 오른쪽 단어들에서 옵니다. "
        "앞 단어 이후의 생존은 정방향 층에서 보여 줍니다"
    ),
    "analysis.fading.none": "측정한 모델이 없습니다.",
    "analysis.fading.too_short": (
        "리뷰가 너무 짧아 거리를 비교할 수 없습니다: 마지막 단어보다 먼 거리 중 모든 모델에서 "
        "리뷰 {min_reviews}개 이상이 닿은 거리가 없습니다."
    ),
    "analysis.fading.part.fades": "{label}: 줄어듦 ÷{factor} (중앙값 {last} → {far})",
    "analysis.fading.part.stays": "{label}: 거의 그대로, ×{factor} 이내 (중앙값 {last} → {far})",
    "analysis.fading.part.grows": "{label}: 커짐 ×{factor} (중앙값 {last} → {far})",
    "analysis.fading.sentence": (
        "테스트 리뷰 {n}개에서, 끝에서 {k}단어 앞에 있는 단어의 ‖∂p_T/∂e‖ 중앙값을 마지막 "
        "단어의 중앙값과 비교하면(×{tolerance:g} 안의 차이는 그대로로 봅니다): {parts}."
    ),
    "analysis.fading.extremes": (
        "기울기가 줄어드는 모델 가운데 거리에 따라 가장 빨리 줄어드는 모델은 {steep}, 가장 "
        "천천히 줄어드는 모델은 {flat}입니다."
    ),
    "analysis.padding.grows": (
        "**{label}** 모델은 이 리뷰 앞의 패딩 {pad}스텝을 읽습니다. 첫 패딩 스텝({back}스텝 "
        "앞)에 대한 최종 판정의 기울기는 {far}, 마지막 단어에 대한 기울기는 {last}입니다"
        "(×{factor}). 패딩이 아직 예측을 움직이므로, 예측은 리뷰의 단어뿐 아니라 "
        "길이에도 좌우됩니다."
    ),
    "analysis.padding.stays": (
        "**{label}** 모델은 이 리뷰 앞의 패딩 {pad}스텝을 읽습니다. 첫 패딩 스텝({back}스텝 "
        "앞)에 대한 최종 판정의 기울기는 {far}, 마지막 단어에 대한 기울기는 {last}입니다. "
        "둘은 비슷합니다(×{factor} 이내). 패딩이 아직 예측을 움직이므로, 예측은 리뷰의 "
        "길이에도 좌우됩니다."
    ),
    "analysis.padding.fades": (
        "**{label}** 모델은 이 리뷰 앞의 패딩 {pad}스텝을 읽습니다. 첫 패딩 스텝({back}스텝 "
        "앞)에 대한 최종 판정의 기울기는 {far}, 마지막 단어에 대한 기울기는 {last}입니다"
        "(÷{factor})."
    ),
    "analysis.padding.zero": (
        "**{label}** 모델은 이 리뷰 앞의 패딩 {pad}스텝을 읽습니다. 첫 패딩 스텝({back}스텝 "
        "앞)에 대한 최종 판정의 기울기는 (float32에서) 0, 마지막 단어에 대한 기울기는 "
        "{last}입니다."
    ),
    "analysis.padding.masking": (
        "마스킹(`Embedding(mask_zero=True)`)을 쓰면 층이 패딩을 건너뜁니다. 그러면 패딩에 대한 "
        "기울기는 정확히 0이 되고, 같은 단어들로 된 리뷰는 패딩이 얼마이든 같은 예측을 받습니다."
    ),
    "analysis.padding.settled": (
        "패딩의 영향은 가라앉았습니다. 예측을 거의 움직이지 않습니다(마스킹을 쓰면 정확히 "
        "0이 됩니다)."
    ),
    "analysis.padding.masked": (
        "**{label}** 모델은 패딩을 마스킹합니다(`mask_zero=True`). 패딩 {pad}스텝을 "
        "건너뛰므로 예측을 움직이지 않습니다(기울기가 정확히 0)."
    ),
    "analysis.flip.delete": "“{old}” 삭제 (단어 {position})",
    "analysis.flip.replace": "“{old}” → “{new}” (단어 {position})",
    "analysis.flip.other_class": "{label} 이외의 클래스",
    "analysis.units.higher_positive": "높을수록 긍정",
    "analysis.units.higher_negative": "높을수록 부정",
    "analysis.col.edit": "수정",
    "analysis.col.op": "종류",
    "analysis.col.position": "위치",
    "analysis.col.old": "원래 단어",
    "analysis.col.new": "새 단어",
    "analysis.col.p(positive)": "p(긍정)",
    "analysis.col.change": "변화",
    "analysis.col.flips": "판정 뒤집힘",
    "analysis.col.layer": "층",
    "analysis.col.reading": "읽는 방향",
    "analysis.col.state": "상태",
    "analysis.col.unit": "유닛",
    "analysis.col.unit_n": "유닛 {unit}",
    "analysis.col.auc": "ROC AUC 값",
    "analysis.col.separation": "분리도",
    "analysis.col.direction": "방향",
    "analysis.col.example": "예시 리뷰",
    "analysis.col.review": "리뷰",
    "analysis.col.steps": "스텝",
    "analysis.col.length": "길이",
    "analysis.col.mean_value": "평균값",
    "analysis.col.before": "앞 문맥",
    "analysis.col.phrase": "구절",
    "analysis.col.after": "뒤 문맥",
    "analysis.col.label": "정답 레이블",
    "analysis.col.class": "클래스",
    "analysis.col.precision": "정밀도",
    "analysis.col.recall": "재현율",
    "analysis.col.f1": "F1 점수",
    "analysis.col.support": "리뷰 수",
    "analysis.col.roc_auc": "ROC AUC (일대다)",
    "analysis.col.word": "단어",
    "analysis.col.id": "단어 ID",
    "analysis.col.count": "횟수",
    "analysis.col.delta": "평균 변화",
    "analysis.bucket.cut": "> {longest} (잘림)",
    "analysis.head.outputs": "모델의 출력이 {n}개라서 하나의 예측이 아닙니다.",
    "analysis.head.shape": "모델 출력의 형태({shape})로는 리뷰마다 값이 하나로 나오지 않습니다.",
    "analysis.head.sigmoids": (
        "모델이 시그모이드 유닛 하나가 아니라 {width}개로 끝납니다: 긍정 클래스의 확률 하나가 "
        "아닙니다."
    ),
    "analysis.head.softmax": (
        "모델이 클래스 {width}개짜리 소프트맥스로 끝납니다(2개 이상이어야 합니다). 출력이 늘 "
        "1입니다."
    ),
    "analysis.head.other": (
        "모델이 {layer}(폭 {width}){(으)로} 끝납니다. 시그모이드 유닛이나 소프트맥스가 아니므로 "
        "출력이 확률이 아닙니다."
    ),
    "analysis.head.other_activation": (
        "모델이 활성화 함수가 {activation}인 {layer}(폭 {width}){(으)로} 끝납니다. 시그모이드 "
        "유닛이나 소프트맥스가 아니므로 출력이 확률이 아닙니다."
    ),
    # (end of this block)
}
