/**
 * A sweep's axes and values as people read them, in English and Korean: `model.cell` is "cell"
 * (셀) and its `lstm` is "LSTM", `model.attention`'s `none` is "no attention" (어텐션 없음). Any
 * field may be swept (spec/sweepSchema.ts), so a field without a name here is shown as the spec
 * writes it, which is still what the user typed. Shared by the lab's Sweep view and the side bar.
 */
import type { Lang } from '../../src/explain/termIds';
import type { SweepValue } from '../../src/spec/sweepSchema';

type Words = Readonly<Record<string, string>>;

const FIELDS: { readonly [L in Lang]: Words } = {
  en: {
    'task.kind': 'task',
    'task.lag': 'lag',
    'task.length': 'length',
    'task.samples': 'training samples',
    'task.vocab': 'vocabulary',
    'model.cell': 'cell',
    'model.hidden': 'hidden size',
    'model.layers': 'layers',
    'model.embedding': 'embedding size',
    'model.attention': 'attention',
    'model.activation': 'activation',
    'model.architecture': 'architecture',
    'model.init.forgetBias': 'forget/update-gate bias',
    'model.init.recurrentScale': 'recurrent weight scale',
    'train.epochs': 'epochs',
    'train.batchSize': 'batch size',
    'train.learningRate': 'learning rate',
    'train.optimizer': 'optimizer',
    'train.clipNorm': 'clip norm',
    'train.tbptt': 'truncated BPTT steps',
    'train.seed': 'seed',
  },
  ko: {
    'task.kind': '태스크',
    'task.lag': '지연',
    'task.length': '길이',
    'task.samples': '학습 샘플 수',
    'task.vocab': '어휘',
    'model.cell': '셀',
    'model.hidden': '은닉 크기',
    'model.layers': '층 수',
    'model.embedding': '임베딩 크기',
    'model.attention': '어텐션',
    'model.activation': '활성화 함수',
    'model.architecture': '구조',
    'model.init.forgetBias': '망각/갱신 게이트 편향',
    'model.init.recurrentScale': '순환 가중치 배율',
    'train.epochs': '에폭',
    'train.batchSize': '배치 크기',
    'train.learningRate': '학습률',
    'train.optimizer': '옵티마이저',
    'train.clipNorm': '클리핑 노름',
    'train.tbptt': '절단 BPTT 단계',
    'train.seed': '시드',
  },
};

/** Values with words of their own, per field (others are shown as written). */
const VALUES: { readonly [L in Lang]: Readonly<Record<string, Words>> } = {
  en: {
    'model.cell': { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' },
    'model.attention': { none: 'no attention', additive: 'additive', dot: 'dot-product' },
    'train.optimizer': { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' },
    'model.architecture': { seq2seq: 'Seq2Seq' },
  },
  ko: {
    'model.cell': { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' },
    'model.attention': { none: '어텐션 없음', additive: '덧셈', dot: '내적' },
    'train.optimizer': { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' },
    'model.architecture': { seq2seq: 'Seq2Seq' },
  },
};

const BOOLEANS: { readonly [L in Lang]: readonly [string, string] } = {
  en: ['yes', 'no'],
  ko: ['예', '아니요'],
};

/** The field's name: `cell` for `model.cell`; the dotted field where there is none. */
export function fieldName(field: string, lang: Lang): string {
  return FIELDS[lang][field] ?? field;
}

/** A value of `field` as shown: `LSTM`, `no attention`, `50`. */
export function valueName(field: string, value: SweepValue, lang: Lang): string {
  if (typeof value === 'string') return VALUES[lang][field]?.[value] ?? value;
  if (typeof value === 'boolean') return BOOLEANS[lang][value ? 0 : 1];
  return JSON.stringify(value);
}

/** A point of a sweep: `cell LSTM, lag 50` (셀 LSTM, 지연 50). */
export function pointName(values: Readonly<Record<string, SweepValue>>, lang: Lang): string {
  return Object.entries(values)
    .map(([field, value]) => `${fieldName(field, lang)} ${valueName(field, value, lang)}`)
    .join(', ');
}
