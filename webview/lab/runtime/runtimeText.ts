/**
 * The runtime's sentences for people (backend reasons, notices, failure advice), in English and
 * Korean. The views show them as they are.
 */
import type { Lang } from '../../../src/explain/termIds';

const en = {
  webglHardware: (renderer: string) => `WebGL runs on the GPU (${renderer}).`,
  webglSoftware: (name: string) =>
    `WebGL runs on a software renderer (${name}) here, where WASM is faster: WASM trains.`,
  noWebgl: 'This page has no WebGL: WASM trains.',
  webglFailed: (error: string) => `WebGL did not start (${error}): WASM trains.`,
  webglHalfFloat:
    'WebGL renders only 16-bit floats on this GPU, too coarse for training: WASM trains.',
  chosen: (name: string, source: string) => `${name} (chosen in ${source}).`,
  fallback: (wanted: string, got: string, error: string) =>
    `${wanted} did not start (${error}): ${got} trains instead.`,
  cpuSlow: 'the CPU backend is the slowest',
  contextLost: (to: string, epoch: number) =>
    `The WebGL context was lost (the GPU was reset or taken by another program): training goes ` +
    `on with ${to} from ${epoch > 0 ? `the checkpoint of epoch ${epoch}` : 'the start'}.`,
  contextLostIdle: (to: string) =>
    `The WebGL context was lost: the lab goes on with ${to}, with the model's last checkpoint.`,
  backendFailed: (from: string, to: string, error: string, epoch: number) =>
    `${from} failed (${error}): training goes on with ${to} from ` +
    `${epoch > 0 ? `the checkpoint of epoch ${epoch}` : 'the start'}.`,
  specChanged: 'The spec changed while training: the lab loads the new version when this run ends.',
  notSaved: (reason: string) =>
    `This run is not saved in the workspace (${reason}); it trains in the lab only.`,
  checkpointNotSaved: (reason: string) => `A checkpoint could not be saved: ${reason}.`,
  untrusted:
    'This workspace is not trusted: the lab explains but does not train. Trust the workspace to train.',
  noData: (why: string) => `The model cannot be built: ${why}.`,
  busy: 'The lab is busy with another run: stop it first.',
  noSweep: 'This spec has no "sweep": add one to train a grid of its variants.',
  noSpec: 'There is no valid spec to train: fix the problems shown, or open a spec.',
  failureAdvice: (epoch: number) =>
    `Try a smaller train.batchSize or model.hidden, or another backend (the setting ` +
    `rnnLab.backend or train.backend). ` +
    (epoch > 0
      ? `The run so far is kept (checkpoint of epoch ${epoch}).`
      : 'No epoch had completed.'),
  bottleneckNeedsSeq2seq: (architecture: string) =>
    `The bottleneck experiment needs a seq2seq spec (this one is ${architecture}).`,
  bottleneckPlan: (epochs: number, samples: number, trained: string, tested: string) =>
    `Bottleneck: each model trains ${epochs} epoch(s) on ${samples} samples of input lengths ` +
    `${trained}, then is tested on lengths ${tested}.`,
  cannotContinue: (runId: string) =>
    `Run ${runId} cannot continue here: load the run (with its data) first.`,
  torchLoaded: (file: string, cell: string, features: number, example: string) =>
    `${file}: a PyTorch ${cell.toUpperCase()}. Inspect an input of ${features} number(s) per ` +
    `step, e.g. "${example}".`,
  noModel: 'There is no model yet: open a valid spec first.',
  runLoaded: (runId: string, epoch: number) => `Run ${runId}, checkpoint of epoch ${epoch}.`,
  runWithoutWeights: (runId: string) =>
    `Run ${runId} has no checkpoint: its curves are shown, but its model starts from new weights.`,
};

type Words = typeof en;

const ko: Words = {
  webglHardware: (renderer) => `GPU(${renderer})에서 WebGL로 학습합니다.`,
  webglSoftware: (name) =>
    `이곳의 WebGL은 소프트웨어 렌더러(${name})로 동작하여 WASM이 더 빠릅니다: WASM으로 학습합니다.`,
  noWebgl: '이 페이지에는 WebGL이 없습니다: WASM으로 학습합니다.',
  webglFailed: (error) => `WebGL을 시작하지 못했습니다(${error}): WASM으로 학습합니다.`,
  webglHalfFloat:
    '이 GPU의 WebGL은 16비트 부동소수점만 렌더링하여 학습에 부족합니다: WASM으로 학습합니다.',
  chosen: (name, source) => `${name} (${source}에서 선택).`,
  fallback: (wanted, got, error) =>
    `${wanted}을(를) 시작하지 못했습니다(${error}): 대신 ${got}(으)로 학습합니다.`,
  cpuSlow: 'CPU 백엔드가 가장 느립니다',
  contextLost: (to, epoch) =>
    `WebGL 컨텍스트를 잃었습니다(GPU가 재설정되었거나 다른 프로그램이 사용 중): ` +
    `${epoch > 0 ? `에폭 ${epoch}의 체크포인트부터` : '처음부터'} ${to}(으)로 학습을 이어 갑니다.`,
  contextLostIdle: (to) =>
    `WebGL 컨텍스트를 잃었습니다: 모델의 마지막 체크포인트로 ${to}에서 계속합니다.`,
  backendFailed: (from, to, error, epoch) =>
    `${from} 실패(${error}): ${epoch > 0 ? `에폭 ${epoch}의 체크포인트부터` : '처음부터'} ` +
    `${to}(으)로 학습을 이어 갑니다.`,
  specChanged: '학습 중에 스펙이 바뀌었습니다: 이 실행이 끝나면 새 버전을 불러옵니다.',
  notSaved: (reason) =>
    `이 실행은 작업 영역에 저장되지 않습니다(${reason}). 랩 안에서만 학습합니다.`,
  checkpointNotSaved: (reason) => `체크포인트를 저장하지 못했습니다: ${reason}.`,
  untrusted:
    '신뢰하지 않는 작업 영역입니다: 랩은 설명만 하고 학습하지 않습니다. 학습하려면 작업 영역을 신뢰하세요.',
  noData: (why) => `모델을 만들 수 없습니다: ${why}.`,
  busy: '랩이 다른 실행으로 바쁩니다: 먼저 멈추세요.',
  noSweep: '이 스펙에는 "sweep"이 없습니다. 변형들의 격자를 학습하려면 추가하세요.',
  noSpec: '학습할 올바른 스펙이 없습니다: 표시된 문제를 고치거나 스펙을 여세요.',
  failureAdvice: (epoch) =>
    `train.batchSize나 model.hidden을 줄이거나 다른 백엔드(설정 rnnLab.backend 또는 ` +
    `train.backend)를 써 보세요. ` +
    (epoch > 0
      ? `지금까지의 실행은 보존됩니다(에폭 ${epoch}의 체크포인트).`
      : '완료된 에폭이 없습니다.'),
  bottleneckNeedsSeq2seq: (architecture) =>
    `병목 실험에는 seq2seq 스펙이 필요합니다(이 스펙은 ${architecture}).`,
  bottleneckPlan: (epochs, samples, trained, tested) =>
    `병목 실험: 각 모델을 입력 길이 ${trained}의 샘플 ${samples}개로 ${epochs} 에폭 학습한 뒤 ` +
    `길이 ${tested}에서 시험합니다.`,
  cannotContinue: (runId) =>
    `실행 ${runId}은(는) 여기서 이어서 학습할 수 없습니다: 먼저 그 실행을(데이터와 함께) 불러오세요.`,
  torchLoaded: (file, cell, features, example) =>
    `${file}: PyTorch ${cell.toUpperCase()}. 스텝마다 숫자 ${features}개인 입력을 살펴보세요(예: "${example}").`,
  noModel: '아직 모델이 없습니다: 먼저 올바른 스펙을 여세요.',
  runLoaded: (runId, epoch) => `실행 ${runId}, 에폭 ${epoch}의 체크포인트.`,
  runWithoutWeights: (runId) =>
    `실행 ${runId}에는 체크포인트가 없습니다: 곡선은 보이지만 모델은 새 가중치에서 시작합니다.`,
};

export type RuntimeWords = Words;

export function runtimeText(lang: Lang): RuntimeWords {
  return lang === 'ko' ? ko : en;
}
