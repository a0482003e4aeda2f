/**
 * 스펙 필드 설명의 한국어판. 영어 원문(`specSchema.ts`의 `markdownDescription`, 없으면
 * `description`)을 키로 씁니다. vscode.l10n 번들과 같은 방식이라, 원문이 바뀌면 그 키가 사라져
 * `renderEditorSchema('ko')`와 단위 테스트가 번역이 빠진 문장을 알려 줍니다. 본문의 `$…$` 수식은
 * 영어판과 똑같이 `readableMath`를 거칩니다.
 */
import { taskKindList, type TaskKind } from './taskKinds';

const TASK_SUMMARY_KO: Record<TaskKind, string> = {
  copy: '입력 시퀀스를 그대로 되풀이합니다: "abc" -> "abc".',
  reverse: '입력을 거꾸로 출력합니다: "abc" -> "cba".',
  sort: '입력 기호를 어휘 순서대로 출력합니다: "dab" -> "abd".',
  addition: '숫자로 쓴 두 수를 더합니다: "123+45" -> "168".',
  parity: '비트열에서 1의 개수가 홀수인가? "1101" -> "1".',
  'delayed-recall': '`lag`개의 방해 기호 뒤에 첫 기호를 답합니다: "c" + 잡음 -> "c".',
  motif: 'ACGT로 된 DNA 시퀀스에 모티프(예: "TATA")가 있는가?',
  sine: '잡음 섞인 사인파 합(오디오 같은 신호)의 다음 값을 예측합니다.',
  adding: '덧셈 문제: 시점마다 값 하나와 표시 하나가 주어지고, 표시된 두 값의 합을 출력합니다.',
  text: '텍스트의 다음 문자를 예측합니다(인라인 `text` 또는 `file`).',
  examples: '직접 만든 입력/정답 쌍: 인라인 `examples` 또는 `.jsonl`/`.csv` `file`.',
  series: '직접 가져온 실숫값 시퀀스(.csv/.jsonl): 시퀀스마다 분류하거나 다음 값들을 예측합니다.',
  audio: 'WAV 녹음을 분류합니다. 클래스마다 폴더 하나, 로그 멜 프레임으로 읽습니다(말소리, 소리).',
};

/** 영어 원문 → 한국어. */
const DOCS_KO: Record<string, string> = {
  'RNN Lab task spec': 'RNN Lab 태스크 스펙',
  'An RNN Lab spec: a sequence task, a recurrent model and how to train it.':
    'RNN Lab 스펙: 시퀀스 태스크, 순환 모델, 학습 방법.',
  'The JSON schema of this file.': '이 파일의 JSON 스키마.',
  'A short name for the spec, used in run folder names (letters, digits, . _ -).':
    '스펙의 짧은 이름. 실행 폴더 이름에 쓰입니다(영문자, 숫자, . _ -).',
  'The sequence task: what the model must learn.': '시퀀스 태스크: 모델이 배워야 할 것.',
  'Sequence length: a number, or `[min, max]` for lengths drawn uniformly from that range. For `addition` it is the number of digits of each operand; `delayed-recall` does not use it (its sequences are 1 + `lag` symbols long); `sine` uses the largest value as its window; `adding` uses one length T (at least 2), the span its first marked value must be carried.':
    '시퀀스 길이: 숫자 하나, 또는 그 범위에서 고르게 뽑을 길이 `[min, max]`. `addition`에서는 각 피연산자의 자릿수입니다. `delayed-recall`은 쓰지 않습니다(시퀀스 길이가 1 + `lag`). `sine`은 가장 큰 값을 창 크기로 씁니다. `adding`은 길이 T 하나(2 이상)를 쓰며, 첫 번째 표시된 값을 그만큼 실어 날라야 합니다.',
  '[min, max]': '[최소, 최대]',
  'Lengths of the test sequences when they differ from `length` (which then holds for the training sequences only): a number, or `[min, max]`. Test on lengths the model never trained on, e.g. `"length": [2, 10], "testLength": [11, 40]`: the same weights run every step, so a model that learned the step rule handles longer inputs too, and training ends with the accuracy at each test length. For `copy`, `reverse`, `sort` and `parity`.':
    '테스트 시퀀스의 길이가 `length`와 다를 때의 길이(그러면 `length`는 학습 시퀀스에만 적용): 숫자 하나 또는 `[min, max]`. 모델이 학습한 적 없는 길이로 테스트해 보세요. 예: `"length": [2, 10], "testLength": [11, 40]`. 모든 시점에서 같은 가중치가 돌기 때문에 시점 규칙을 배운 모델은 더 긴 입력도 처리하고, 학습이 끝나면 테스트 길이별 정확도가 나옵니다. `copy`, `reverse`, `sort`, `parity`용.',
  'Symbols used by symbolic tasks (`copy`, `reverse`, `sort`, `delayed-recall`, `examples`), one per character. For `examples`, every symbol of the data must be in it (when given).':
    '기호 태스크(`copy`, `reverse`, `sort`, `delayed-recall`, `examples`)가 쓰는 기호, 한 글자에 하나. `examples`에서는(지정했다면) 데이터의 모든 기호가 여기에 있어야 합니다.',
  'For `addition`: the largest number of digits of each operand (`"123+45"` has 3).':
    '`addition`용: 각 피연산자의 최대 자릿수(`"123+45"`는 3).',
  'For `delayed-recall`: how many distractor symbols come between the symbol to remember and the answer. A long lag is the long-term dependency problem: gradients through many steps vanish in a plain RNN.':
    '`delayed-recall`용: 기억할 기호와 답 사이에 오는 방해 기호의 수. 긴 지연이 곧 장기 의존성 문제입니다. 단순 RNN에서는 여러 시점을 거친 기울기가 사라집니다.',
  'For `motif`: the DNA pattern to detect, over `A`, `C`, `G`, `T` (e.g. `"TATA"`).':
    '`motif`용: 찾아낼 DNA 패턴, `A`, `C`, `G`, `T`로 씁니다(예: `"TATA"`).',
  'For `sine`: standard deviation of the Gaussian noise added to the signal.':
    '`sine`용: 신호에 더하는 가우스 잡음의 표준편차.',
  'For `text`: the text to learn next-character prediction from (or use `file`).':
    '`text`용: 다음 문자 예측을 배울 텍스트(또는 `file`을 쓰세요).',
  'A data file, relative to this spec and inside the workspace folder: plain text for `text`; `.jsonl` (one `{"input": ..., "target": ...}` per line) or `.csv` (columns `input,target`) for `examples`; for `series` a `.csv` (a header of column names) or `.jsonl` (one object of columns per line) file, or a folder of them, each file one sequence; for `audio` a folder with one subfolder of `.wav` files per class.':
    '데이터 파일. 이 스펙 기준의 상대 경로이며 작업 영역 폴더 안에 있어야 합니다. `text`는 일반 텍스트, `examples`는 `.jsonl`(한 줄에 `{"input": ..., "target": ...}` 하나) 또는 `.csv`(열 `input,target`), `series`는 `.csv`(첫 줄에 열 이름) 또는 `.jsonl`(한 줄에 열 객체 하나) 파일이나 그런 파일들의 폴더(파일 하나가 시퀀스 하나), `audio`는 클래스마다 `.wav` 파일 하위 폴더를 하나씩 둔 폴더.',
  'For `examples`: your own input/target pairs, e.g. `[{"input": "abc", "target": "cba"}]` (or use `file`).':
    '`examples`용: 직접 만든 입력/정답 쌍, 예: `[{"input": "abc", "target": "cba"}]`(또는 `file`을 쓰세요).',
  'One input/target pair.': '입력/정답 쌍 하나.',
  'The input sequence, one symbol per character.': '입력 시퀀스, 한 글자에 기호 하나.',
  'The expected output: a sequence (Seq2Seq) or a single label (many-to-one).':
    '기대하는 출력: 시퀀스(Seq2Seq) 또는 레이블 하나(many-to-one).',
  'How many training samples to generate.': '만들 학습 샘플 수.',
  'How many test samples to hold out. They never overlap the training samples.':
    '따로 떼어 둘 테스트 샘플 수. 학습 샘플과 절대 겹치지 않습니다.',
  'For `series`: the columns that are the input channels, e.g. `["temperature", "humidity"]`. By default every column except `idColumn` and `labelColumn`; list them to leave out a time or date column.':
    '`series`용: 입력 채널이 되는 열, 예: `["temperature", "humidity"]`. 기본값은 `idColumn`과 `labelColumn`을 뺀 모든 열입니다. 시각이나 날짜 열을 빼려면 열을 나열하세요.',
  'For `series`: the column that names the sequence each row belongs to (rows with the same id, in file order, are one sequence). Without it each file is one sequence.':
    '`series`용: 각 행이 속한 시퀀스를 가리키는 열(id가 같은 행들이 파일 순서대로 한 시퀀스). 없으면 파일 하나가 시퀀스 하나입니다.',
  'For `series`: the column holding the class of each sequence (the same on every row of a sequence): the model reads a sequence and names its class (many-to-one). Without it the task is forecasting.':
    '`series`용: 시퀀스마다의 클래스를 담은 열(한 시퀀스의 모든 행에서 같은 값). 모델이 시퀀스를 읽고 클래스를 답합니다(many-to-one). 없으면 예측 태스크가 됩니다.',
  'For `series` without `labelColumn`: how many future steps to predict, the next `horizon` values of the forecast channels, after the window (`many-to-one`) or after every step (`many-to-many`).':
    '`labelColumn`이 없는 `series`용: 앞으로 몇 시점을 예측할지. 예측 채널의 다음 `horizon`개 값을 창 뒤에서(`many-to-one`) 또는 매 시점 뒤에서(`many-to-many`) 예측합니다.',
  'For `series` forecasting: the channels to predict, each one of `channels` (default: all of them).':
    '`series` 예측용: 예측할 채널, 각각 `channels` 중 하나(기본값: 전부).',
  'For `series` and `audio`: a sequence longer than `task.length` is cut into windows of `task.length` steps, one every `stride` steps (default `task.length`: windows that do not overlap). Windows never cross between the training and the test split: the split is by whole sequence.':
    '`series`와 `audio`용: `task.length`보다 긴 시퀀스는 `task.length` 시점짜리 창으로 잘리며, 창은 `stride` 시점마다 하나씩 시작합니다(기본값 `task.length`: 겹치지 않는 창). 학습 분할과 테스트 분할은 시퀀스 단위로 나뉘므로 창이 두 분할에 걸치는 일은 없습니다.',
  'For `series` and `audio`: scale each channel to mean 0 and standard deviation 1. The mean and deviation are measured on the training split only and saved with the run, so the test split and every input inspected later are scaled the same way.':
    '`series`와 `audio`용: 채널마다 평균 0, 표준편차 1로 맞춥니다. 평균과 표준편차는 학습 분할에서만 재고 실행과 함께 저장하므로, 테스트 분할과 나중에 살펴보는 모든 입력이 같은 방식으로 맞춰집니다.',
  'For `audio`: mel bands per frame; each frame is the log energy in each band, one input channel per band.':
    '`audio`용: 프레임당 멜 대역 수. 각 프레임은 대역별 로그 에너지이며, 대역 하나가 입력 채널 하나입니다.',
  'For `audio`: samples per analysis frame (Hann window), a power of 2: 256 is 32 ms at 8 kHz.':
    '`audio`용: 분석 프레임당 샘플 수(Hann 창), 2의 거듭제곱. 8 kHz에서 256은 32 ms입니다.',
  'For `audio`: samples between the starts of two frames, so one time step of the model is `hopSize` samples.':
    '`audio`용: 두 프레임 시작 사이의 샘플 수. 모델의 한 시점이 `hopSize` 샘플입니다.',
  "A pattern matched against each clip's file name (not its class folder); `*` is any run of characters, `?` one.":
    '각 클립의 파일 이름(클래스 폴더가 아니라)에 맞춰 보는 패턴. `*`는 아무 글자 여러 개, `?`는 한 글자입니다.',
  'For `audio`: the clips whose file names match one of these patterns are the test split, and every other clip trains, instead of a seeded fifth of each class. `["*-f3-*", "*-m3-*"]` holds out two voices of the spoken digits, so the test says how the model does on speakers it never heard. Each pattern must match a clip, and every class must keep a clip for training.':
    '`audio`용: 파일 이름이 이 패턴 중 하나에 맞는 클립이 테스트 분할이 되고, 나머지 클립은 모두 학습에 쓰입니다(클래스마다 시드로 뽑은 5분의 1 대신). `["*-f3-*", "*-m3-*"]`는 숫자 음성의 두 목소리를 떼어 두므로, 테스트가 모델이 한 번도 듣지 못한 화자에게서 어떻게 하는지 알려 줍니다. 패턴마다 클립 하나에는 맞아야 하고, 클래스마다 학습할 클립이 남아야 합니다.',
  "Generated tasks: every training input appears at most once, as in the Keras example `addition_rnn` (which draws distinct questions). By default training inputs may repeat (small input spaces need that); test inputs are always distinct and never seen in training. With `true`, `samples` + `testSamples` must fit in the task's distinct inputs.":
    '생성 태스크: 모든 학습 입력이 많아야 한 번 나옵니다(서로 다른 문제를 뽑는 Keras 예제 `addition_rnn`처럼). 기본값에서는 학습 입력이 반복될 수 있습니다(입력 공간이 작으면 필요합니다). 테스트 입력은 언제나 서로 다르고 학습에서 본 적이 없습니다. `true`이면 `samples` + `testSamples`가 태스크의 서로 다른 입력 수 안에 들어야 합니다.',
  'The recurrent model.': '순환 모델.',
  'The recurrent cell: `rnn` (one state), `lstm` (gates and a cell state `cₜ`) or `gru` (two gates, fewer parameters).':
    '순환 셀: `rnn`(상태 하나), `lstm`(게이트와 셀 상태 `cₜ`) 또는 `gru`(게이트 둘, 파라미터가 더 적음).',
  '`rnn` only: the nonlinearity, `tanh` or `relu` (ReLU can make gradients explode).':
    '`rnn` 전용: 비선형 함수, `tanh` 또는 `relu`(ReLU는 기울기 폭주를 일으킬 수 있습니다).',
  'Units in each recurrent layer: the size of the hidden state `hₜ`.':
    '순환층마다의 유닛 수: 은닉 상태 `hₜ`의 크기.',
  "Stacked recurrent layers: layer 2 reads layer 1's hidden states.":
    '쌓은 순환층 수: 2층은 1층의 은닉 상태를 읽습니다.',
  'Embedding size for input symbols; `0` feeds one-hot vectors instead. Ignored for real-valued tasks (`sine`).':
    '입력 기호의 임베딩 크기. `0`이면 대신 원-핫 벡터를 넣습니다. 실숫값 태스크(`sine`)에서는 쓰지 않습니다.',
  '- `many-to-one`: one output after reading the whole sequence (classification).\n- `many-to-many`: one output per time step.\n- `seq2seq`: an encoder compresses the input into a context vector, a decoder generates the output from it.\n\nThe default depends on `task.kind`.':
    '- `many-to-one`: 시퀀스 전체를 읽은 뒤 출력 하나(분류).\n- `many-to-many`: 시점마다 출력 하나.\n- `seq2seq`: 인코더가 입력을 컨텍스트 벡터로 압축하고, 디코더가 그것으로 출력을 만듭니다.\n\n기본값은 `task.kind`에 따라 다릅니다.',
  'How the weights start (see each field).': '가중치의 초깃값(각 필드 참고).',
  'The bias the memory gate starts with: the LSTM forget gate $f$, the GRU update gate $z$ (ignored by `rnn`, which has no gate).\n\n- a number $b$: every unit starts keeping $\\sigma(b)$ of its memory per step (`0`: half, so a memory fades as $0.5^t$; `1`: 0.73; `3`: 0.95).\n- `"chrono"` (Tallec & Ollivier 2018): unit $j$ gets $b_j = \\log u_j$, $u_j \\sim U(1, T-1)$ for the longest input length $T$, so the units start with memories of 1 to $T$ steps; an LSTM also starts its input gate at $-b_j$.\n\nAbsent: `lstm` 1 (unit forget bias, as Keras), `gru` `"chrono"`.':
    '기억 게이트의 초기 편향: LSTM의 망각 게이트 $f$, GRU의 업데이트 게이트 $z$(게이트가 없는 `rnn`은 무시).\n\n- 숫자 $b$: 모든 유닛이 시점마다 기억의 $\\sigma(b)$만큼을 지키며 시작합니다(`0`: 절반, 그래서 기억이 $0.5^t$로 옅어짐, `1`: 0.73, `3`: 0.95).\n- `"chrono"`(Tallec & Ollivier 2018): 가장 긴 입력 길이 $T$에 대해 유닛 $j$가 $b_j = \\log u_j$, $u_j \\sim U(1, T-1)$을 받아, 유닛들이 1에서 $T$ 시점까지의 기억으로 시작합니다. LSTM은 입력 게이트도 $-b_j$에서 시작합니다.\n\n생략하면: `lstm` 1(Keras처럼 망각 편향 1), `gru` `"chrono"`.',
  'Chrono initialisation (Tallec & Ollivier 2018).': 'Chrono 초기화(Tallec & Ollivier 2018).',
  'The initial recurrent weights $W$ (orthogonal, every singular value 1) times this. Above 1 a plain RNN amplifies what it carries and its gradients can **explode** (train it with and without `train.clipNorm`); below 1 they vanish faster.':
    '초기 순환 가중치 $W$(직교, 모든 특잇값 1)에 곱하는 배율. 1보다 크면 단순 RNN이 실어 나르는 값을 키우고 기울기가 **폭주**할 수 있습니다(`train.clipNorm`을 켜고 끄고 학습해 보세요). 1보다 작으면 더 빨리 소실됩니다.',
  '`seq2seq` only. `none`: the decoder sees only the fixed context vector (the bottleneck). `additive` (Bahdanau) or `dot` (Luong): at every step the decoder looks at every encoder state.':
    '`seq2seq` 전용. `none`: 디코더는 고정된 컨텍스트 벡터만 봅니다(병목). `additive`(Bahdanau) 또는 `dot`(Luong): 디코더가 시점마다 인코더의 모든 상태를 봅니다.',
  "`seq2seq` only. In every mode the context vector (the encoder's final states) starts the decoder; this says what the decoder reads at each step:\n\n- `previous`: the previous output token (`<s>` first), as in the study note and Sutskever et al. (2014).\n- `previous+context`: the previous token and the context vector (the top encoder layer's final $h$) side by side, as in Cho et al. (2014): the context is not only a start that fades.\n- `context`: the context vector alone, at every step, as the Keras example `addition_rnn` does (`RepeatVector`). The decoder never sees its own outputs, so training and test-time decoding run the same computation (`train.teacherForcing` plays no part).":
    '`seq2seq` 전용. 어느 방식이든 컨텍스트 벡터(인코더의 마지막 상태)가 디코더를 시작시킵니다. 이 필드는 디코더가 시점마다 무엇을 읽는지 정합니다:\n\n- `previous`: 이전 출력 토큰(처음에는 `<s>`). 학습 노트와 Sutskever 외(2014)의 방식입니다.\n- `previous+context`: 이전 토큰과 컨텍스트 벡터(인코더 맨 위층의 마지막 $h$)를 나란히. Cho 외(2014)의 방식으로, 컨텍스트가 처음에만 주어지고 옅어지는 값이 아니게 됩니다.\n- `context`: 시점마다 컨텍스트 벡터만. Keras 예제 `addition_rnn`(`RepeatVector`)의 방식입니다. 디코더가 자기 출력을 보지 않으므로 학습과 테스트 디코딩이 같은 계산을 합니다(`train.teacherForcing`은 상관없음).',
  '`seq2seq` only: the encoder reads the input from its last symbol to its first, as Sutskever et al. (2014) and the Keras example `addition_rnn` do. The first input symbols are then the last the encoder read, close to the first outputs they decide (for addition: the lowest digits come last). The inspector shows the encoder steps in the order they were read.':
    '`seq2seq` 전용: 인코더가 입력을 마지막 기호부터 첫 기호까지 거꾸로 읽습니다. Sutskever 외(2014)와 Keras 예제 `addition_rnn`의 방식입니다. 그러면 첫 입력 기호가 인코더가 마지막에 읽은 기호가 되어, 그 기호가 정하는 첫 출력과 가까워집니다(덧셈에서는 가장 낮은 자리가 마지막에 옵니다). 검사기는 인코더 시점을 읽은 순서대로 보여 줍니다.',
  'How to train.': '학습 방법.',
  'Passes over the training samples.': '학습 샘플 전체를 몇 번 돌지(에폭 수).',
  'Samples per training step.': '학습 단계 하나에 쓰는 샘플 수.',
  '`adam`, `sgd` (with `momentum`) or `rmsprop`.':
    '`adam`, `sgd`(`momentum`과 함께) 또는 `rmsprop`.',
  'Step size of the optimizer.': '옵티마이저의 보폭(학습률).',
  '`sgd` only: momentum (0 is plain SGD).': '`sgd` 전용: 모멘텀(0이면 일반 SGD).',
  'Clip the global norm of all gradients to this value: the usual guard against **exploding gradients**.':
    '모든 기울기를 합친 전체 노름을 이 값으로 자릅니다. **기울기 폭주**를 막는 흔한 방법입니다.',
  'Clip every gradient element to [-clipValue, clipValue].':
    '기울기의 모든 원소를 [-clipValue, clipValue]로 자릅니다.',
  'Truncated backpropagation through time (TBPTT) with `k` steps: the gradient of the carried state (`hₜ`, and `cₜ` for an LSTM) is cut every `k` steps, counted back from the last step, so a many-to-one loss reaches the last `k` steps only and a many-to-many output reaches back to the start of its block of `k` steps. The forward pass is unchanged and there is still one optimizer step per batch. A dependency longer than `k` steps gets no gradient, so it cannot be learned: the price of backpropagating through fewer steps. Absent: full backpropagation through time. Not for `seq2seq` (its decoder steps one token at a time).':
    '`k` 시점 단위의 잘린 시간 역전파(TBPTT): 넘겨지는 상태(`hₜ`, LSTM은 `cₜ`도)의 기울기를 마지막 시점부터 거꾸로 세어 `k` 시점마다 끊습니다. 그래서 many-to-one 손실은 마지막 `k` 시점에만 닿고, many-to-many 출력은 자기가 속한 `k` 시점 블록의 처음까지만 거슬러 갑니다. 순전파는 그대로이고 배치마다 옵티마이저 단계도 여전히 하나입니다. `k` 시점보다 긴 의존성은 기울기를 받지 못해 배울 수 없습니다. 더 적은 시점으로 역전파하는 대가입니다. 생략하면: 전체 시간 역전파. `seq2seq`에는 쓸 수 없습니다(디코더가 토큰을 하나씩 진행).',
  '`seq2seq` only: probability that the decoder is fed the **true** previous token while training (1 = always), instead of its own previous prediction.':
    '`seq2seq` 전용: 학습 중에 디코더가 자기의 이전 예측 대신 **정답** 이전 토큰을 받을 확률(1 = 항상).',
  'Random seed: the same seed gives the same data and the same weights.':
    '난수 시드: 같은 시드는 같은 데이터와 같은 가중치를 줍니다.',
  'TensorFlow.js backend. `auto` picks WebGL on a hardware GPU and WASM otherwise (the CLI uses `cpu` or `wasm`).':
    'TensorFlow.js 백엔드. `auto`는 하드웨어 GPU가 있으면 WebGL, 없으면 WASM을 고릅니다(CLI는 `cpu` 또는 `wasm`).',
  'Record per-time-step gradient norms every N batches.':
    'N 배치마다 시점별 기울기 노름을 기록합니다.',
  'What to look at after training.': '학습 뒤에 살펴볼 것.',
  'Input sequences the lab opens its step-by-step inspector on, e.g. `["abcdefg"]`.':
    '랩이 단계별 검사기를 열어 보여 줄 입력 시퀀스, 예: `["abcdefg"]`.',
  'Train a grid of variants of this spec, each with `seeds` seeds, and report every point’s metrics with their mean and spread over the seeds (`rnnlab sweep SPEC`). At most 200 trainings (points × seeds).':
    '이 스펙의 변형을 격자로 만들어 각각 `seeds`개의 시드로 학습하고, 점마다 지표와 시드에 걸친 평균과 퍼짐을 보고합니다(`rnnlab sweep SPEC`). 학습은 최대 200번(점 × 시드).',
  'The axes of the grid: a spec field (dotted, e.g. `"task.lag"`) and the list of values to try. Every combination of the axes is one point; fields not named keep the spec’s values.':
    '격자의 축: 스펙 필드(점으로 이은 경로, 예: `"task.lag"`)와 시도할 값 목록. 축들의 조합 하나하나가 점 하나이고, 적지 않은 필드는 스펙의 값을 그대로 씁니다.',
  'How many seeds each point trains with: `train.seed`, `train.seed + 1`, … Results are reported per point with their mean and spread over the seeds.':
    '점마다 학습할 시드 수: `train.seed`, `train.seed + 1`, … 결과는 점마다 시드에 걸친 평균과 퍼짐으로 보고합니다.',
};

/** The English doc of `task.kind` and its Korean, both listing every task kind. */
const KIND_DOC = {
  en: `Which sequence task to learn:\n\n${taskKindList()}`,
  ko: `배울 시퀀스 태스크:\n\n${taskKindList(TASK_SUMMARY_KO)}`,
};

/** The sweep's per-field doc (`sweepSchema.ts`), one per field that a sweep may vary. */
const SWEEP_VALUES = /^The values of `([\w.]+)` to train with, each one a valid `\1`\.$/;

/** Korean for an English doc of the spec, or undefined when it has none (yet). */
export function koreanDoc(english: string): string | undefined {
  if (english === KIND_DOC.en) return KIND_DOC.ko;
  const sweep = SWEEP_VALUES.exec(english);
  if (sweep)
    return `학습에 쓸 \`${sweep[1]}\` 값들. 각각이 올바른 \`${sweep[1]}\` 값이어야 합니다.`;
  return DOCS_KO[english];
}

/** The English docs the table translates (to find the ones no longer in the spec). */
export const TRANSLATED_DOCS: readonly string[] = Object.keys(DOCS_KO);
