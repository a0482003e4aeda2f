/**
 * The two training-curve charts the lab and the side bar both draw: loss (each batch, train and
 * test per epoch) and the test metric per epoch (token and sequence accuracy, or MSE for
 * regression). One definition of their series, so the two views read alike.
 */
import type { LineChartOptions } from './lineChart';

export interface EpochChartText {
  xEpoch: string;
  yLoss: string;
  yAccuracy: string;
  yMse: string;
  batchLoss: string;
  trainLoss: string;
  testLoss: string;
  tokenAccuracy: string;
  sequenceAccuracy: string;
  mse: string;
}

/** How big a chart is where it is drawn. */
export interface ChartSize {
  height: number;
  legendHeight?: number;
}

export function lossChartOptions(t: EpochChartText, size: ChartSize): LineChartOptions {
  return {
    ...size,
    xLabel: t.xEpoch,
    yLabel: t.yLoss,
    series: [
      { label: t.batchLoss, color: 0, faint: true },
      { label: t.trainLoss, color: 0, points: true, spanGaps: true },
      { label: t.testLoss, color: 1, points: true, spanGaps: true, dash: [6, 4] },
    ],
  };
}

export function metricChartOptions(
  t: EpochChartText,
  mode: 'accuracy' | 'mse',
  size: ChartSize,
): LineChartOptions {
  if (mode === 'mse') {
    return {
      ...size,
      xIntegers: true,
      xLabel: t.xEpoch,
      yLabel: t.yMse,
      series: [{ label: t.mse, color: 2, points: true }],
    };
  }
  return {
    ...size,
    xIntegers: true,
    xLabel: t.xEpoch,
    yLabel: t.yAccuracy,
    yRange: [0, 1],
    yFormat: (v) => `${Math.round(v * 100)}%`,
    series: [
      { label: t.tokenAccuracy, color: 2, points: true },
      { label: t.sequenceAccuracy, color: 3, points: true, dash: [6, 4] },
    ],
  };
}
