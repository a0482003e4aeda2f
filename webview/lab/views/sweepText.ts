/**
 * The words of the Sweep view, in English and Korean (the Korean table is typed against the
 * English one). A table of its own beside viewText.ts, so the view is one piece.
 */
import type { Lang } from '../../../src/explain/termIds';
import type { PointStatus, SpreadMetric } from '../../../src/engine/sweepResult';
import type { ChanceLevel } from '../../../src/tasks/chanceLevel';

const EN = {
  tabSweep: 'Sweep',
  sweepEmpty:
    'Add a "sweep" to the spec (e.g. "sweep": { "over": { "task.lag": [10, 50], "model.cell": ["rnn", "lstm"] }, "seeds": 3 }) and run “RNN Lab: Run Sweep”: every point trains on every seed, and the mean and spread over the seeds land here.',
  sweepChart: 'Metric against the swept value',
  sweepTable: 'Every point of the sweep, over its seeds',
  metricLabel: 'Metric',
  metrics: {
    accuracy: 'test accuracy',
    sequenceAccuracy: 'whole-sequence accuracy',
    loss: 'test loss',
    mse: 'test MSE',
  } satisfies Record<SpreadMetric, string>,
  bandNote: (seeds: number) =>
    seeds > 1
      ? `Line: mean over ${seeds} seeds; band (or whisker): lowest to highest seed.`
      : 'One seed per point: no spread to show (add "seeds" to the sweep).',
  /** The reference line's label: what a model that learned nothing scores. */
  chance: (metric: ChanceLevel['metric'], value: string, answer: string) =>
    metric === 'mse' ? `answering ${answer} every time: MSE ${value}` : `guessing: ${value}`,
  chanceNote: (label: string) =>
    ` Dashed line: ${label}, the score of a model that learned nothing.`,
  noAxes: 'seed',
  allPoints: 'all points',
  point: 'point',
  mean: 'mean ± sd',
  range: 'lowest–highest',
  perSeed: 'per seed',
  seeds: 'seeds',
  seconds: 'seconds',
  progress: (done: number, planned: number) => `point ${done} of ${planned} done`,
  trainingPoint: (k: number, planned: number, point: string, epoch: string) =>
    `Training point ${k} of ${planned}: ${point}${epoch ? ` · ${epoch}` : ''}`,
  eta: (seconds: number) =>
    seconds >= 90
      ? `about ${Math.round(seconds / 60)} min left`
      : `about ${Math.round(seconds)} s left`,
  stop: 'Stop sweep',
  finished: (done: number, planned: number, seconds: string) =>
    `Finished: ${done} of ${planned} trainings in ${seconds} s`,
  stopped: (done: number, planned: number) =>
    `Stopped: ${done} of ${planned} trainings finished, the rest stopped or skipped`,
  interrupted: (done: number, planned: number) =>
    `Cut short: ${done} of ${planned} trainings finished before the sweep ended`,
  saved: (folder: string) => `saved in ${folder}`,
  status: {
    done: 'done',
    stopped: 'stopped',
    failed: 'failed',
    skipped: 'skipped',
  } satisfies Record<PointStatus, string>,
  pending: 'waiting',
  training: 'training…',
  failedSeeds: (n: number) => `${n} failed`,
};

export type SweepText = typeof EN;

const KO: SweepText = {
  tabSweep: '스윕',
  sweepEmpty:
    '스펙에 "sweep"을 추가하고(예: "sweep": { "over": { "task.lag": [10, 50], "model.cell": ["rnn", "lstm"] }, "seeds": 3 }) “RNN Lab: Run Sweep”을 실행하세요. 모든 지점이 모든 시드로 학습되고, 시드에 걸친 평균과 퍼짐이 여기에 나타납니다.',
  sweepChart: '스윕한 값에 따른 지표',
  sweepTable: '스윕의 모든 지점(시드에 걸쳐)',
  metricLabel: '지표',
  metrics: {
    accuracy: '테스트 정확도',
    sequenceAccuracy: '시퀀스 전체 정확도',
    loss: '테스트 손실',
    mse: '테스트 MSE',
  },
  bandNote: (seeds) =>
    seeds > 1
      ? `선: 시드 ${seeds}개의 평균, 띠(또는 수염): 가장 낮은 시드부터 가장 높은 시드까지.`
      : '지점마다 시드가 하나뿐이라 퍼짐이 없습니다(스윕에 "seeds"를 추가하세요).',
  chance: (metric, value, answer) =>
    metric === 'mse' ? `늘 같은 답 ${answer}: MSE ${value}` : `무작위로 고를 때: ${value}`,
  chanceNote: (label) => ` 점선: ${label}. 아무것도 배우지 못한 모델의 점수입니다.`,
  noAxes: '시드',
  allPoints: '모든 지점',
  point: '지점',
  mean: '평균 ± 표준편차',
  range: '최저–최고',
  perSeed: '시드별',
  seeds: '시드',
  seconds: '초',
  progress: (done, planned) => `지점 ${planned}개 중 ${done}개 완료`,
  trainingPoint: (k, planned, point, epoch) =>
    `지점 ${planned}개 중 ${k}번째 학습 중: ${point}${epoch ? ` · ${epoch}` : ''}`,
  eta: (seconds) =>
    seconds >= 90 ? `약 ${Math.round(seconds / 60)}분 남음` : `약 ${Math.round(seconds)}초 남음`,
  stop: '스윕 중지',
  finished: (done, planned, seconds) => `완료: 학습 ${planned}개 중 ${done}개, ${seconds}초`,
  stopped: (done, planned) =>
    `중지됨: 학습 ${planned}개 중 ${done}개 완료, 나머지는 중지되거나 건너뜀`,
  interrupted: (done, planned) =>
    `중간에 끊김: 스윕이 끝나기 전에 학습 ${planned}개 중 ${done}개가 끝남`,
  saved: (folder) => `${folder}에 저장됨`,
  status: {
    done: '완료',
    stopped: '중지됨',
    failed: '실패',
    skipped: '건너뜀',
  },
  pending: '대기',
  training: '학습 중…',
  failedSeeds: (n) => `${n}개 실패`,
};

export function sweepText(lang: Lang): SweepText {
  return lang === 'ko' ? KO : EN;
}
