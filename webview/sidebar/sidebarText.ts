/**
 * Every word of the side bar's training view, in English and Korean; the Korean table is typed
 * against the English one, so a missing translation is a type error.
 */
import type { Lang } from '../../src/explain/termIds';
import type { RunStatus } from '../../src/protocol/messages';

const EN = {
  runsHeading: 'Runs',
  runsLabel: 'Runs of this workspace',
  noRuns: 'No runs yet: open a spec and press Train.',
  status: {
    running: 'training',
    done: 'done',
    stopped: 'stopped',
    failed: 'failed',
    interrupted: 'interrupted',
  } satisfies Record<RunStatus, string>,
  epoch: (e: number, n?: number) => (n === undefined ? `epoch ${e}` : `epoch ${e}/${n}`),
  testLoss: (v: string) => `test loss ${v}`,
  accuracy: (v: string) => `accuracy ${v}`,
  openRun: (name: string) => `Open ${name} in the lab`,
  liveHeading: 'Live curves',
  liveFor: (name: string) => `Live: ${name}`,
  noLive: 'Curves appear here while a run trains.',
  lossChart: 'Loss',
  accuracyChart: 'Test accuracy',
  mseChart: 'Test MSE',
  xEpoch: 'epoch',
  yLoss: 'loss',
  yAccuracy: 'accuracy',
  yMse: 'MSE',
  batchLoss: 'batch',
  trainLoss: 'train',
  testLossSeries: 'test',
  tokenAccuracy: 'token',
  sequenceAccuracy: 'sequence',
  mse: 'MSE',
  stepsPerSecond: (v: string) => `${v} steps/s`,
  batchOf: (b: number, n: number) => `batch ${b}/${n}`,
  finished: (s: string) => `finished in ${s} s`,
  stoppedAt: (e: number) => `stopped in epoch ${e}`,
  failedAt: (message: string) => `failed: ${message}`,
};

type Widen<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : { readonly [P in keyof T[K]]: string };
};

export type SidebarText = Widen<typeof EN>;

const KO: SidebarText = {
  runsHeading: '실행',
  runsLabel: '이 작업 영역의 실행',
  noRuns: '아직 실행이 없습니다. 스펙을 열고 학습을 누르세요.',
  status: {
    running: '학습 중',
    done: '완료',
    stopped: '중지됨',
    failed: '실패',
    interrupted: '중단됨',
  },
  epoch: (e: number, n?: number) => (n === undefined ? `에폭 ${e}` : `에폭 ${e}/${n}`),
  testLoss: (v: string) => `테스트 손실 ${v}`,
  accuracy: (v: string) => `정확도 ${v}`,
  openRun: (name: string) => `랩에서 ${name} 열기`,
  liveHeading: '실시간 곡선',
  liveFor: (name: string) => `실시간: ${name}`,
  noLive: '실행이 학습하는 동안 여기에 곡선이 나타납니다.',
  lossChart: '손실',
  accuracyChart: '테스트 정확도',
  mseChart: '테스트 MSE',
  xEpoch: '에폭',
  yLoss: '손실',
  yAccuracy: '정확도',
  yMse: 'MSE',
  batchLoss: '배치',
  trainLoss: '학습',
  testLossSeries: '테스트',
  tokenAccuracy: '토큰',
  sequenceAccuracy: '시퀀스',
  mse: 'MSE',
  stepsPerSecond: (v: string) => `초당 ${v}스텝`,
  batchOf: (b: number, n: number) => `배치 ${b}/${n}`,
  finished: (s: string) => `${s}초 만에 완료`,
  stoppedAt: (e: number) => `에폭 ${e}에서 중지됨`,
  failedAt: (message: string) => `실패: ${message}`,
};

const TEXTS: { readonly [L in Lang]: SidebarText } = { en: EN, ko: KO };

export function sidebarText(lang: Lang): SidebarText {
  return TEXTS[lang];
}
