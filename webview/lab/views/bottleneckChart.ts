/**
 * The fixed-context bottleneck, shown: Seq2Seq accuracy against input length without attention
 * and with it. Without attention the curve falls as inputs outgrow what one context vector can
 * hold; with attention it stays up. The same numbers as a table beneath, so neither colour nor
 * the chart is the only way to read them.
 */
import type { TrainEvent } from '../../../src/engine/trainEvents';
import { renderPlainText, termTitle, type Lang } from '../../../src/explain';
import type { BottleneckResult } from '../../../src/protocol/messages';
import { ATTENTIONS, type AttentionKind } from '../../../src/spec/specSchema';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { el } from '../../common/dom';
import { LineChart } from '../../common/lineChart';
import { type ViewText } from './viewText';
import { formatPercent } from '../../common/numberFormat';

const DASHES: (number[] | undefined)[] = [undefined, [6, 4], [2, 3]];

export class BottleneckChart {
  readonly element: HTMLElement;
  private readonly card: ChartCard;
  private readonly chart: LineChart;
  private readonly table = el('table', { class: 'lab-table', 'data-testid': 'bottleneck-table' });
  private readonly progress = el('p', { class: 'lab-progress', 'aria-live': 'polite' }, '\u00a0');
  private result: BottleneckResult | undefined;
  private epochsOf = new Map<string, number>();

  constructor(
    private readonly text: ViewText,
    lang: Lang,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
  ) {
    const t = text;
    this.card = new ChartCard({
      title: `${termTitle('bottleneck', lang)}: ${t.bottleneckChart}`,
      help: renderPlainText('bottleneck', lang),
      testid: 'bottleneck-chart',
      height: 240,
      empty: t.bottleneckEmpty,
    });
    this.chart = new LineChart({
      height: 240,
      xLabel: t.xLength,
      yLabel: t.yAccuracy,
      yRange: [0, 1],
      xIntegers: true,
      yFormat: (v) => `${Math.round(v * 100)}%`,
      series: ATTENTIONS.map((a, i) => ({
        label: t.attentionNames[a],
        color: i === 0 ? 1 : i === 1 ? 0 : 2,
        points: true,
        spanGaps: true,
        ...(DASHES[i] ? { dash: DASHES[i] } : {}),
      })),
    });
    this.card.body.append(
      this.chart.element,
      el('p', { class: 'lab-hint' }, t.bottleneckHint),
      el('div', { class: 'lab-scroll-x' }, this.table),
    );
    this.card.toolbar.appendChild(
      exportButtons(
        t,
        save,
        {
          name: () => `${stem()}-bottleneck`,
          png: () => canvasesToPng(this.chart.canvas ? [this.chart.canvas] : [], t.bottleneckChart),
          csv: () =>
            toCsv(
              ['length', 'attention', 'accuracy', 'sequenceAccuracy'],
              (this.result?.points ?? []).map((p) => [
                p.length,
                p.attention,
                p.accuracy,
                p.sequenceAccuracy,
              ]),
            ),
          json: () => this.result,
        },
        onError,
      ),
    );
    this.element = el('div', { class: 'lab-bottleneck' }, this.progress, this.card.element);
  }

  /** Progress of the experiment's runs (`tag.variant` is the attention kind). */
  trainEvent(event: TrainEvent, variant: string): void {
    const name = this.text.attentionNames[variant as AttentionKind] ?? variant;
    if (event.type === 'start') this.epochsOf.set(variant, event.firstEpoch + event.epochs - 1);
    if (event.type === 'epoch') {
      this.progress.textContent = this.text.bottleneckTraining(
        name,
        event.epoch,
        this.epochsOf.get(variant) ?? event.lastEpoch,
      );
    }
    if (event.type === 'done' || event.type === 'stopped' || event.type === 'failed') {
      this.progress.textContent = '\u00a0';
    }
  }

  show(result: BottleneckResult): void {
    this.result = result;
    this.progress.textContent = '\u00a0';
    const points = result.points;
    this.card.setEmpty(points.length > 0 ? undefined : this.text.bottleneckEmpty);
    const lengths = [...new Set(points.map((p) => p.length))].sort((a, b) => a - b);
    const value = (a: AttentionKind, length: number) =>
      points.find((p) => p.attention === a && p.length === length);
    this.chart.setData(
      lengths,
      ATTENTIONS.map((a) => lengths.map((n) => value(a, n)?.accuracy ?? null)),
    );
    const present = ATTENTIONS.filter((a) => points.some((p) => p.attention === a));
    const t = this.text;
    this.table.replaceChildren(
      el('caption', { class: 'lab-sr-only' }, t.bottleneckTable),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, t.lengthColumn),
          // Each cell holds two numbers: the header says which is which.
          ...present.map((a) =>
            el(
              'th',
              { scope: 'col', class: 'num' },
              t.attentionNames[a],
              el('div', { class: 'lab-th-sub' }, t.tokenAndSequence),
            ),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        ...lengths.map((n) =>
          el(
            'tr',
            { 'data-length': n },
            el('th', { scope: 'row' }, String(n)),
            ...present.map((a) => {
              const p = value(a, n);
              const seq =
                p?.sequenceAccuracy === undefined ? '' : ` (${formatPercent(p.sequenceAccuracy)})`;
              const title = p
                ? t.tokenAndSequenceTitle(
                    formatPercent(p.accuracy),
                    p.sequenceAccuracy === undefined
                      ? undefined
                      : formatPercent(p.sequenceAccuracy),
                  )
                : undefined;
              return el(
                'td',
                { class: 'num', title },
                p ? `${formatPercent(p.accuracy)}${seq}` : '–',
              );
            }),
          ),
        ),
      ),
    );
  }

  clear(): void {
    this.result = undefined;
    this.table.replaceChildren();
    this.chart.setData(
      [],
      ATTENTIONS.map(() => []),
    );
    this.card.setEmpty(this.text.bottleneckEmpty);
    this.progress.textContent = '\u00a0';
  }

  get hasData(): boolean {
    return this.result !== undefined;
  }
}
