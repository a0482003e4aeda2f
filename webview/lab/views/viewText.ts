/**
 * Every word of the lab page, in English and Korean. The Korean table is typed against the
 * English one, so a missing or extra key is a type error, not a blank label. Terms that
 * src/explain already names (gates, states, encoder, attention…) come from there instead.
 */
import type { Lang } from '../../../src/explain/termIds';
import type { AttentionKind } from '../../../src/spec/specSchema';
import type { RuntimeState } from '../labContracts';

const EN = {
  tabsLabel: 'Lab sections',
  tabTraining: 'Training',
  tabInspector: 'Inspector',
  tabCompare: 'Compare',
  tabBottleneck: 'Bottleneck',

  // Spec and controls
  noSpec: 'Open a *.rnnlab.json spec and run “RNN Lab: Open Lab” to start.',
  task: 'task',
  cellWord: 'cell',
  hiddenWord: 'hidden',
  layersWord: 'layers',
  attentionWord: 'attention',
  epochsWord: 'epochs',
  batchWord: 'batch',
  tbpttWord: (k: number) => `truncated BPTT ${k} steps`,
  seed: (seed: number) => `seed ${seed}`,
  untrusted:
    'This workspace is not trusted: the lab explains and shows saved runs, but does not train.',
  controlsLabel: 'Training controls',
  train: 'Train',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  reset: 'Reset',
  resetTitle: 'New weights from the seed; the curves start over',
  learningRate: 'Learning rate',
  teacherForcing: 'Teacher forcing',
  teacherForcingOff: 'Teacher forcing only applies to Seq2Seq models',
  appliesNextEpoch: 'applies from the next epoch',
  invalidLearningRate: 'Enter a number above 0, e.g. 0.001',

  // Backend and state
  backendLabel: 'Backend',
  backendPending: 'Backend: starting…',
  tensorMemory: (tensors: number, size: string) =>
    `TensorFlow.js memory: ${tensors} tensors, ${size}`,
  tensorMemoryTitle:
    'What TensorFlow.js holds now on this backend; it returns to the same level when a run or experiment ends',
  noRenderer: 'no GPU renderer',
  /** The backend badge: what the backend means for training, in words. */
  backendWords: (name: 'webgl' | 'wasm' | 'cpu', software: boolean, renderer: string) => {
    const soft = `Software renderer${renderer ? ` (${renderer})` : ''}`;
    if (name === 'wasm')
      return software
        ? `${soft}: training on WASM, which is faster here`
        : 'Training on WASM (CPU)';
    if (name === 'webgl')
      return software
        ? `${soft}: training on WebGL as asked (WASM is faster here)`
        : 'GPU: training on WebGL';
    return 'Training on plain JavaScript (CPU), the slowest';
  },
  states: {
    empty: 'No model yet',
    ready: 'Ready to train',
    training: 'Training',
    paused: 'Paused',
    done: 'Training finished',
    stopped: 'Stopped',
    failed: 'Training failed',
  } satisfies Record<RuntimeState, string>,

  // Error state, notices, failure
  errorTitle: (n: number) => (n === 1 ? 'The spec has 1 error' : `The spec has ${n} errors`),
  errorHint: 'Fix it in the editor; the lab updates when the spec is valid.',
  warningsTitle: (n: number) => (n === 1 ? '1 warning' : `${n} warnings`),
  revealProblem: 'Go to line',
  revealProblemTitle: (line: number, column: number) =>
    `Show line ${line}, column ${column} in the editor`,
  wholeFile: '(whole file)',
  dismiss: 'Dismiss',
  noticeLevels: { info: 'Info', warning: 'Warning', error: 'Error' },
  failedTitle: 'Training failed',
  failedTipsTitle: 'What to try',
  failedTips: [
    'Lower train.learningRate (e.g. divide it by 10).',
    'Set train.clipNorm (e.g. 1.0) to cap exploding gradients.',
    'Use a smaller model (model.hidden, model.layers) or shorter sequences.',
    'Switch the rnnLab.backend setting to wasm or cpu and train again.',
  ],

  // Training tab
  emptyCurves: 'Train to see curves.',
  inspectorOffer: 'The trained model is ready: see its steps, gates and outputs.',
  inspectorOfferButton: 'Open the Inspector',
  epochOf: (e: number, n: number) => `epoch ${e}/${n}`,
  batchOf: (b: number, n: number) => `batch ${b}/${n}`,
  stepsPerSecond: (v: string) => `${v} steps/s`,
  paramsTotal: (n: string) => `${n} parameters`,
  seconds: (s: string) => `${s} s`,
  lossChart: 'Loss',
  accuracyChart: 'Accuracy on the test split',
  mseChart: 'Mean squared error on the test split',
  xEpoch: 'epoch',
  yLoss: 'loss',
  yAccuracy: 'accuracy',
  yMse: 'MSE',
  batchLoss: 'batch loss',
  trainLoss: 'train loss',
  testLoss: 'test loss',
  tokenAccuracy: 'token accuracy',
  sequenceAccuracy: 'sequence accuracy',
  mse: 'test MSE',
  gradientEmpty: 'Train to see how much gradient reaches each time step.',
  gradientAxis: 'training progress →',
  gradientStepsAxis: 'time step',
  globalNorm: 'global gradient norm',
  globalNormChart: 'Global gradient norm (before clipping)',
  yNorm: '‖g‖',
  gradientCell: (epoch: number, batch: number) => `epoch ${epoch}, batch ${batch}`,
  gradientStep: (t: number) => `time step t = ${t}`,
  gateEmpty: 'Gate statistics appear after the first epoch.',
  noGates: 'A plain RNN has no gates: there is nothing to saturate. Compare with LSTM or GRU.',
  gateColumn: 'gate',
  meanColumn: 'mean',
  shutColumn: '< 0.1 (shut)',
  openColumn: '> 0.9 (open)',
  barLegend: 'shut · between · open',

  // Inspector
  inputLabel: 'Input sequence',
  inputPlaceholder: 'Type a sequence, e.g. abcd',
  inspect: 'Inspect',
  specInputs: 'From the spec',
  sampleLabel: 'Test sample',
  samplePlaceholder: 'Pick a test sample…',
  sampleOption: (input: string, target: string) => `${input} → ${target}`,
  emptyInspector:
    'Type a sequence to inspect, or pick a test sample. Train first: an untrained model shows noise.',
  stepSlider: 'Time step',
  decoderStepSlider: 'Decoder step',
  stepValue: (t: number, n: number, token: string) => `step ${t}/${n} · “${token}”`,
  unitLabel: (u: number) => `unit ${u}`,
  stepLabel: (t: number, token: string) => `step t = ${t} · “${token}”`,
  valueLabel: (v: string) => `value ${v}`,
  heatmapAria: (title: string, layer: string, steps: number, units: number) =>
    `${title}, ${layer}: ${steps} steps × ${units} units. Arrow keys move through the cells.`,
  scaledRows: (units: number) => `${units} units, scaled to fit`,
  outputsTitle: 'Output at each step',
  outputStep: 'step',
  outputInput: 'input',
  outputPredicted: 'predicted',
  outputProbability: 'p',
  outputTarget: 'target',
  outputCheck: 'right?',
  right: 'right',
  wrong: 'wrong',
  topChoices: (t: number) => `Most likely outputs at step ${t}`,
  outputValues: 'predicted values',
  bridgeHint:
    'The encoder’s last state is the context vector: without attention it is all the decoder gets from the input.',
  bridgeHintAttention:
    'The context vector starts the decoder; with attention, every decoder step also looks back at all encoder states.',
  contextH: 'h',
  contextC: 'c',
  decodedLabel: 'decoded',
  notEnded: '(no </s> within the step limit)',
  attentionAria: (rows: number, cols: number) =>
    `Attention weights: ${rows} decoder steps × ${cols} encoder steps`,
  attentionCell: (dec: string, enc: string) => `decoder “${dec}” → encoder “${enc}”`,
  attentionWeight: (v: string) => `weight ${v}`,
  attentionAxis: 'rows: decoder steps · columns: encoder steps',

  // Compare
  compareEmpty:
    'Run “RNN Lab: Compare RNN, LSTM and GRU” from the Command Palette: the same spec and seed trains with each cell, and their curves meet here.',
  compareLoss: 'Test loss per epoch',
  compareAccuracy: 'Test accuracy per epoch',
  compareMse: 'Test MSE per epoch',
  compareTable: 'RNN, LSTM and GRU on the same spec and seed',
  cellColumn: 'cell',
  paramsColumn: 'parameters',
  secondsColumn: 'seconds',
  epochsColumn: 'epochs',
  testLossColumn: 'test loss',
  accuracyColumn: 'accuracy',
  sequenceAccuracyColumn: 'sequence acc.',
  mseColumn: 'MSE',
  statusColumn: 'status',
  compareTraining: 'training…',
  compareDone: 'done',
  compareStopped: 'stopped',
  compareFailed: 'failed',
  compareWaiting: 'waiting',

  // Bottleneck
  bottleneckEmpty:
    'Run “RNN Lab: Run Bottleneck Experiment” from the Command Palette: Seq2Seq trains without and with attention, then accuracy is measured against input length.',
  bottleneckChart: 'Accuracy against input length',
  bottleneckTable: 'Accuracy per input length',
  tokenAndSequence: 'token (whole sequence)',
  tokenAndSequenceTitle: (token: string, sequence: string | undefined) =>
    sequence === undefined
      ? `token accuracy ${token}`
      : `token accuracy ${token}; whole sequences right ${sequence}`,
  xLength: 'input length',
  lengthColumn: 'length',
  attentionNames: {
    none: 'no attention',
    additive: 'additive attention',
    dot: 'dot-product attention',
  } satisfies Record<AttentionKind, string>,
  bottleneckTraining: (variant: string, epoch: number, epochs: number) =>
    `training ${variant}: epoch ${epoch}/${epochs}`,
  bottleneckHint:
    'Without attention, accuracy falls as inputs grow longer: one fixed-size context vector cannot hold them (the bottleneck). Attention lets the decoder read every encoder state.',

  // Export
  exportGroup: 'Save',
  exportAs: (kind: string) => `Save as ${kind}`,
  exportFailed: (message: string) => `Could not save: ${message}`,
};

type Widen<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends readonly string[]
      ? readonly string[]
      : T[K] extends (...args: infer A) => string
        ? (...args: A) => string
        : { readonly [P in keyof T[K]]: string };
};

export type ViewText = Widen<typeof EN>;

const KO: ViewText = {
  tabsLabel: '랩 구역',
  tabTraining: '학습',
  tabInspector: '단계 살펴보기',
  tabCompare: '비교',
  tabBottleneck: '병목',

  noSpec: '*.rnnlab.json 스펙을 열고 “RNN Lab: 랩 열기”를 실행하면 시작됩니다.',
  task: '태스크',
  cellWord: '셀',
  hiddenWord: '은닉',
  layersWord: '층',
  attentionWord: '어텐션',
  epochsWord: '에폭',
  batchWord: '배치',
  tbpttWord: (k: number) => `절단 BPTT ${k}단계`,
  seed: (seed: number) => `시드 ${seed}`,
  untrusted:
    '신뢰하지 않는 작업 영역입니다. 랩은 설명과 저장된 실행만 보여 주고 학습하지 않습니다.',
  controlsLabel: '학습 제어',
  train: '학습',
  pause: '일시 정지',
  resume: '계속',
  stop: '중지',
  reset: '초기화',
  resetTitle: '시드로 새 가중치를 만들고 곡선을 처음부터 다시 그립니다',
  learningRate: '학습률',
  teacherForcing: '교사 강요',
  teacherForcingOff: '교사 강요는 Seq2Seq 모델에만 적용됩니다',
  appliesNextEpoch: '다음 에폭부터 적용',
  invalidLearningRate: '0보다 큰 수를 입력하세요. 예: 0.001',

  backendLabel: '백엔드',
  tensorMemory: (tensors: number, size: string) =>
    `TensorFlow.js 메모리: 텐서 ${tensors}개, ${size}`,
  tensorMemoryTitle:
    '지금 이 백엔드에서 TensorFlow.js가 쥐고 있는 메모리입니다. 학습이나 실험이 끝나면 같은 수준으로 돌아옵니다',
  backendPending: '백엔드: 시작하는 중…',
  noRenderer: 'GPU 렌더러 없음',
  backendWords: (name: 'webgl' | 'wasm' | 'cpu', software: boolean, renderer: string) => {
    const soft = `소프트웨어 렌더러${renderer ? `(${renderer})` : ''}`;
    if (name === 'wasm')
      return software ? `${soft}: 여기서 더 빠른 WASM으로 학습합니다` : 'WASM(CPU)으로 학습합니다';
    if (name === 'webgl')
      return software
        ? `${soft}: 요청대로 WebGL로 학습합니다 (여기서는 WASM이 더 빠름)`
        : 'GPU: WebGL로 학습합니다';
    return '순수 JavaScript(CPU)로 학습합니다 (가장 느림)';
  },
  states: {
    empty: '아직 모델이 없습니다',
    ready: '학습 준비됨',
    training: '학습 중',
    paused: '일시 정지됨',
    done: '학습 완료',
    stopped: '중지됨',
    failed: '학습 실패',
  },

  errorTitle: (n: number) => `스펙에 오류가 ${n}개 있습니다`,
  errorHint: '편집기에서 고치면 스펙이 올바를 때 랩이 다시 그려집니다.',
  warningsTitle: (n: number) => `경고 ${n}개`,
  revealProblem: '줄로 이동',
  revealProblemTitle: (line: number, column: number) => `편집기에서 ${line}줄 ${column}열 보기`,
  wholeFile: '(파일 전체)',
  dismiss: '닫기',
  noticeLevels: { info: '알림', warning: '경고', error: '오류' },
  failedTitle: '학습 실패',
  failedTipsTitle: '해 볼 것',
  failedTips: [
    'train.learningRate를 낮추세요(예: 10분의 1).',
    'train.clipNorm을 설정해(예: 1.0) 폭주하는 기울기를 제한하세요.',
    '더 작은 모델(model.hidden, model.layers)이나 더 짧은 시퀀스를 쓰세요.',
    'rnnLab.backend 설정을 wasm이나 cpu로 바꾸고 다시 학습하세요.',
  ],

  emptyCurves: '학습하면 곡선이 나타납니다.',
  inspectorOffer: '학습한 모델이 준비되었습니다. 단계, 게이트, 출력을 살펴보세요.',
  inspectorOfferButton: '단계 살펴보기 열기',
  epochOf: (e: number, n: number) => `에폭 ${e}/${n}`,
  batchOf: (b: number, n: number) => `배치 ${b}/${n}`,
  stepsPerSecond: (v: string) => `초당 ${v}스텝`,
  paramsTotal: (n: string) => `파라미터 ${n}개`,
  seconds: (s: string) => `${s}초`,
  lossChart: '손실',
  accuracyChart: '테스트 세트 정확도',
  mseChart: '테스트 세트 평균 제곱 오차',
  xEpoch: '에폭',
  yLoss: '손실',
  yAccuracy: '정확도',
  yMse: 'MSE',
  batchLoss: '배치 손실',
  trainLoss: '학습 손실',
  testLoss: '테스트 손실',
  tokenAccuracy: '토큰 정확도',
  sequenceAccuracy: '시퀀스 정확도',
  mse: '테스트 MSE',
  gradientEmpty: '학습하면 각 시점에 기울기가 얼마나 도달하는지 보입니다.',
  gradientAxis: '학습 진행 →',
  gradientStepsAxis: '시점',
  globalNorm: '전체 기울기 노름',
  globalNormChart: '전체 기울기 노름(클리핑 전)',
  yNorm: '‖g‖',
  gradientCell: (epoch: number, batch: number) => `에폭 ${epoch}, 배치 ${batch}`,
  gradientStep: (t: number) => `시점 t = ${t}`,
  gateEmpty: '첫 에폭이 끝나면 게이트 통계가 나타납니다.',
  noGates: '기본 RNN에는 게이트가 없어 포화될 것이 없습니다. LSTM이나 GRU와 비교해 보세요.',
  gateColumn: '게이트',
  meanColumn: '평균',
  shutColumn: '< 0.1 (닫힘)',
  openColumn: '> 0.9 (열림)',
  barLegend: '닫힘 · 중간 · 열림',

  inputLabel: '입력 시퀀스',
  inputPlaceholder: '시퀀스를 입력하세요. 예: abcd',
  inspect: '살펴보기',
  specInputs: '스펙의 입력',
  sampleLabel: '테스트 샘플',
  samplePlaceholder: '테스트 샘플 고르기…',
  sampleOption: (input: string, target: string) => `${input} → ${target}`,
  emptyInspector:
    '살펴볼 시퀀스를 입력하거나 테스트 샘플을 고르세요. 먼저 학습하세요. 학습 전 모델은 잡음만 보입니다.',
  stepSlider: '시점',
  decoderStepSlider: '디코더 시점',
  stepValue: (t: number, n: number, token: string) => `시점 ${t}/${n} · “${token}”`,
  unitLabel: (u: number) => `유닛 ${u}`,
  stepLabel: (t: number, token: string) => `시점 t = ${t} · “${token}”`,
  valueLabel: (v: string) => `값 ${v}`,
  heatmapAria: (title: string, layer: string, steps: number, units: number) =>
    `${title}, ${layer}: ${steps}개 시점 × ${units}개 유닛. 화살표 키로 칸을 이동합니다.`,
  scaledRows: (units: number) => `유닛 ${units}개, 크기에 맞춰 축소`,
  outputsTitle: '시점별 출력',
  outputStep: '시점',
  outputInput: '입력',
  outputPredicted: '예측',
  outputProbability: '확률',
  outputTarget: '정답',
  outputCheck: '맞음?',
  right: '맞음',
  wrong: '틀림',
  topChoices: (t: number) => `시점 ${t}에서 가장 가능성 높은 출력`,
  outputValues: '예측 값',
  bridgeHint:
    '인코더의 마지막 상태가 컨텍스트 벡터입니다. 어텐션이 없으면 디코더가 입력에서 받는 것은 이것뿐입니다.',
  bridgeHintAttention:
    '컨텍스트 벡터가 디코더를 시작시키고, 어텐션이 있으면 디코더는 매 시점 모든 인코더 상태를 다시 봅니다.',
  contextH: 'h',
  contextC: 'c',
  decodedLabel: '디코딩 결과',
  notEnded: '(단계 제한 안에 </s>가 나오지 않음)',
  attentionAria: (rows: number, cols: number) =>
    `어텐션 가중치: 디코더 ${rows}개 시점 × 인코더 ${cols}개 시점`,
  attentionCell: (dec: string, enc: string) => `디코더 “${dec}” → 인코더 “${enc}”`,
  attentionWeight: (v: string) => `가중치 ${v}`,
  attentionAxis: '행: 디코더 시점 · 열: 인코더 시점',

  compareEmpty:
    '명령 팔레트에서 “RNN Lab: RNN, LSTM, GRU 비교”를 실행하세요. 같은 스펙과 시드로 세 셀을 각각 학습해 곡선을 여기에 겹쳐 그립니다.',
  compareLoss: '에폭별 테스트 손실',
  compareAccuracy: '에폭별 테스트 정확도',
  compareMse: '에폭별 테스트 MSE',
  compareTable: '같은 스펙과 시드로 학습한 RNN, LSTM, GRU',
  cellColumn: '셀',
  paramsColumn: '파라미터',
  secondsColumn: '초',
  epochsColumn: '에폭',
  testLossColumn: '테스트 손실',
  accuracyColumn: '정확도',
  sequenceAccuracyColumn: '시퀀스 정확도',
  mseColumn: 'MSE',
  statusColumn: '상태',
  compareTraining: '학습 중…',
  compareDone: '완료',
  compareStopped: '중지됨',
  compareFailed: '실패',
  compareWaiting: '대기',

  bottleneckEmpty:
    '명령 팔레트에서 “RNN Lab: 병목 실험 실행”을 실행하세요. Seq2Seq를 어텐션 없이, 그리고 어텐션과 함께 학습한 뒤 입력 길이별 정확도를 잽니다.',
  bottleneckChart: '입력 길이별 정확도',
  bottleneckTable: '입력 길이별 정확도',
  tokenAndSequence: '토큰 (시퀀스 전체)',
  tokenAndSequenceTitle: (token: string, sequence: string | undefined) =>
    sequence === undefined
      ? `토큰 정확도 ${token}`
      : `토큰 정확도 ${token}, 시퀀스 전체가 맞은 비율 ${sequence}`,
  xLength: '입력 길이',
  lengthColumn: '길이',
  attentionNames: {
    none: '어텐션 없음',
    additive: '덧셈 어텐션',
    dot: '내적 어텐션',
  },
  bottleneckTraining: (variant: string, epoch: number, epochs: number) =>
    `${variant} 학습 중: 에폭 ${epoch}/${epochs}`,
  bottleneckHint:
    '어텐션이 없으면 입력이 길어질수록 정확도가 떨어집니다. 고정 크기 컨텍스트 벡터 하나에 다 담을 수 없기 때문입니다(병목). 어텐션은 디코더가 모든 인코더 상태를 읽게 합니다.',

  exportGroup: '저장',
  exportAs: (kind: string) => `${kind}로 저장`,
  exportFailed: (message: string) => `저장하지 못했습니다: ${message}`,
};

const TEXTS: { readonly [L in Lang]: ViewText } = { en: EN, ko: KO };

export function viewText(lang: Lang): ViewText {
  return TEXTS[lang];
}

/** Numbers as people read them: 0.0123 → 0.0123, 12345 → 12,345, tiny ones in e-notation. */
