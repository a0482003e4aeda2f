/**
 * The Training tab's test MSE by step ahead, for forecasts of several steps (`task.horizon` > 1):
 * the latest epoch's error of each step ahead against epoch 1's. Hidden for every other task.
 */
import type { EpochEvent } from '../../../src/engine/trainEvents';
import type { Lang } from '../../../src/explain/termIds';
import { LineChart } from '../../common/lineChart';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { realDataText } from './realDataText';
import { viewText } from './viewText';

export class HorizonChart {
  readonly element: HTMLElement;
  private readonly card: ChartCard;
  private readonly chart: LineChart;
  private first: number[] | undefined;
  private latest: EpochEvent | undefined;

  constructor(lang: Lang, save: SaveFile, stem: () => string, onError: (m: string) => void) {
    const t = realDataText(lang);
    this.card = new ChartCard({
      title: t.horizonTitle,
      help: t.horizonHelp,
      testid: 'horizon-chart',
      height: 170,
      empty: '',
    });
    this.chart = new LineChart({
      height: 170,
      xIntegers: true,
      xLabel: t.horizonAxis,
      yLabel: t.mseAxis,
      series: [
        { label: t.firstEpoch, color: 0, points: true, dash: [6, 4] },
        { label: t.latestEpoch, color: 1, points: true },
      ],
    });
    this.card.body.appendChild(this.chart.element);
    this.card.toolbar.appendChild(
      exportButtons(
        viewText(lang),
        save,
        {
          name: () => `${stem()}-mse-by-horizon`,
          png: () => canvasesToPng(this.chart.canvas ? [this.chart.canvas] : [], t.horizonTitle),
          csv: () =>
            toCsv(
              ['stepAhead', 'epoch1', 'latest'],
              (this.latest?.mseByHorizon ?? []).map((v, h) => [h + 1, this.first?.[h], v]),
            ),
          json: () => ({ epoch1: this.first, latest: this.latest?.mseByHorizon }),
        },
        onError,
      ),
    );
    this.element = this.card.element;
    this.element.hidden = true;
  }

  epoch(event: EpochEvent): void {
    const errors = event.mseByHorizon;
    if (!errors) return;
    if (event.epoch === 1 || !this.first) this.first = errors;
    this.latest = event;
    this.element.hidden = false;
    this.card.setEmpty(undefined);
    const x = errors.map((_, h) => h + 1);
    this.chart.setData(x, [this.first, errors]);
    this.chart.element.setAttribute('data-epoch', String(event.epoch));
  }

  clear(): void {
    this.first = undefined;
    this.latest = undefined;
    this.element.hidden = true;
  }
}
