/**
 * The words of the lab's views of real-valued data (input channels, spectrogram, forecasts, MSE
 * by step ahead), in English and Korean; the Korean table is typed against the English one.
 */
import type { Lang } from '../../../src/explain/termIds';

const EN = {
  inputTitle: 'Input',
  spectrogramTitle: 'Input: log-mel spectrogram',
  spectrogramHelp:
    'Each column is one frame of the recording (one time step of the model); each row a mel band, low pitches at the bottom. Bright is loud. It lines up with the hidden state above.',
  channelsTitle: 'Input channels',
  channelsHelp:
    'Each channel over the time steps, in the data’s units; the columns line up with the hidden state above.',
  band: (k: number) => `mel band ${k}`,
  channelValue: (channel: string, value: string) => `${channel}: ${value}`,
  spectrogramAria: (steps: number, bands: number) =>
    `Log-mel spectrogram of the input, ${steps} frames × ${bands} bands`,
  channelsAria: (steps: number, channels: number) =>
    `Input channels over time, ${steps} steps × ${channels} channels`,
  forecastTitle: 'Forecast against the actual values',
  forecastHelp:
    'The channel as the model read it, then what the model predicted for the next steps, and, for a test sample, what really came.',
  history: 'input',
  predicted: 'forecast',
  actual: 'actual',
  stepAxis: 'time step',
  valueAxis: 'value',
  forecastAria: (channel: string) => `Forecast of ${channel} against the actual values`,
  horizonTitle: 'Test MSE by step ahead',
  horizonHelp:
    'The error of each step of the forecast, on the test split: predicting further ahead is harder.',
  horizonAxis: 'steps ahead',
  mseAxis: 'MSE (scaled units)',
  latestEpoch: 'latest epoch',
  firstEpoch: 'epoch 1',
};

export type RealDataText = typeof EN;

const KO: RealDataText = {
  inputTitle: '입력',
  spectrogramTitle: '입력: 로그 멜 스펙트로그램',
  spectrogramHelp:
    '열 하나가 녹음의 프레임 하나(모델의 시점 하나)이고, 행 하나가 멜 대역 하나이며 낮은 음이 아래에 있습니다. 밝을수록 큽니다. 위의 은닉 상태와 시점이 맞춰져 있습니다.',
  channelsTitle: '입력 채널',
  channelsHelp:
    '채널마다 시점에 따른 값(데이터의 단위)입니다. 열이 위의 은닉 상태와 맞춰져 있습니다.',
  band: (k: number) => `멜 대역 ${k}`,
  channelValue: (channel: string, value: string) => `${channel}: ${value}`,
  spectrogramAria: (steps: number, bands: number) =>
    `입력의 로그 멜 스펙트로그램, 프레임 ${steps}개 × 대역 ${bands}개`,
  channelsAria: (steps: number, channels: number) =>
    `시점에 따른 입력 채널, 시점 ${steps}개 × 채널 ${channels}개`,
  forecastTitle: '예측과 실제 값',
  forecastHelp:
    '모델이 읽은 채널 값, 이어서 모델이 다음 시점들에 대해 예측한 값, 그리고 테스트 샘플이면 실제로 온 값입니다.',
  history: '입력',
  predicted: '예측',
  actual: '실제',
  stepAxis: '시점',
  valueAxis: '값',
  forecastAria: (channel: string) => `${channel}의 예측과 실제 값`,
  horizonTitle: '앞선 시점별 테스트 MSE',
  horizonHelp:
    '테스트 세트에서 예측의 각 시점이 낸 오차입니다. 더 먼 시점일수록 예측이 어렵습니다.',
  horizonAxis: '몇 시점 앞',
  mseAxis: 'MSE (정규화 단위)',
  latestEpoch: '최근 에포크',
  firstEpoch: '에포크 1',
};

export function realDataText(lang: Lang): RealDataText {
  return lang === 'ko' ? KO : EN;
}
