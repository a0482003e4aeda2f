/**
 * Gradient reach, drawn: the normalised gradient ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ against the distance T − t
 * on a log axis, one line per curve (the untrained and the trained model; in Compare, each cell
 * before and after training), with the fitted factor per step and the verdict on each curve below.
 * On a log axis an exponential decay is a straight falling line, so a plain RNN's steeper decay
 * shows as a steeper line than the gated cells'.
 *
 * The curves are full backpropagation through time (a property of the weights, engine
 * `gradientReach`); where training truncates (`train.tbptt` = k) a dotted line between k − 1 and k
 * steps back marks where training's gradient stops, and the verdict says `truncated`.
 */
import { reachVerdict, type ReachVerdict } from '../../../src/engine/gradientReach';
import type { ReachEvent } from '../../../src/engine/trainEvents';
import { layerLabel, renderPlainText, type Lang } from '../../../src/explain';
import { el } from '../../common/dom';
import { LineChart, type SeriesSpec } from '../../common/lineChart';
import { formatNumber } from '../../common/numberFormat';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { reachSentence, type ReachText } from './reachText';
import type { ViewText } from './viewText';

/** One line of the chart: who was measured (a cell, or '' for the lab's own run) and when. */
export interface ReachLine {
  key: string;
  /** The cell or variant name as the page shows it; '' for the Training tab's one model. */
  who: string;
  when: ReachEvent['when'];
  /** Theme series colour. */
  color: number;
}

/** A verdict that warns: vanishing (unless the run learned anyway), growing or exploding. */
export function isWarning(verdict: ReachVerdict | undefined): boolean {
  if (!verdict) return false;
  if (verdict.kind === 'vanishing') return !verdict.learnedAnyway;
  return verdict.kind === 'growing' || verdict.kind === 'exploding';
}

interface Curve {
  event: ReachEvent;
  accuracy?: number;
}

export class GradientReachChart {
  readonly element: HTMLElement;
  private readonly card: ChartCard;
  private readonly chart: LineChart;
  private readonly verdicts = el('ul', { class: 'lab-reach-verdicts', 'aria-live': 'polite' });
  private readonly note = el('p', { class: 'lab-axis-note' });
  /** Which line style is which: uPlot's legend swatches do not show a dash. */
  private readonly key = el('div', { class: 'lab-reach-key', 'data-testid': 'reach-key' });
  private readonly curves = new Map<string, Curve>();

  constructor(
    private readonly words: ReachText,
    private readonly lang: Lang,
    private readonly lines: readonly ReachLine[],
    text: ViewText,
    save: SaveFile,
    name: () => string,
    onError: (message: string) => void,
    testid = 'gradient-reach',
  ) {
    const series: SeriesSpec[] = lines.map((line) => ({
      label: this.label(line),
      color: line.color,
      // Untrained curves dashed and thin, trained ones solid: the pair of one cell shares a colour.
      ...(line.when === 'init' ? { dash: [5, 4], width: 1.5 } : { width: 2.5 }),
    }));
    this.card = new ChartCard({
      title: words.reachTitle,
      help: renderPlainText('vanishing-gradient', lang),
      testid,
      height: 230,
      empty: words.reachEmpty,
    });
    this.chart = new LineChart({
      height: 230,
      xLabel: words.reachAxis,
      yLabel: words.reachY,
      yLog: true,
      xIntegers: true,
      series,
    });
    this.card.body.append(this.key, this.chart.element, this.note, this.verdicts);
    this.card.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name,
          png: () => canvasesToPng(this.chart.canvas ? [this.chart.canvas] : [], words.reachTitle),
          csv: () => this.csv(),
          json: () =>
            this.lines.flatMap((line) => {
              const curve = this.curves.get(line.key);
              return curve ? [{ who: line.who, ...curve.event, accuracy: curve.accuracy }] : [];
            }),
        },
        onError,
      ),
    );
    this.element = this.card.element;
    this.render();
  }

  /** The curve of `key` (a line given to the constructor); `accuracy` of the measured model. */
  set(key: string, event: ReachEvent, accuracy?: number): void {
    if (!this.lines.some((l) => l.key === key)) return;
    this.curves.set(key, { event, ...(accuracy !== undefined ? { accuracy } : {}) });
    this.render();
  }

  /** Forgets the curves of `keys` (a cell that trains again from scratch). */
  remove(...keys: string[]): void {
    for (const key of keys) this.curves.delete(key);
    this.render();
  }

  clear(): void {
    this.curves.clear();
    this.render();
  }

  /** The curves drawn, by key (tests and exports read them). */
  get shown(): ReadonlyMap<string, Curve> {
    return this.curves;
  }

  private label(line: ReachLine): string {
    return this.words.lineLabel(
      line.who,
      line.when === 'init' ? this.words.untrained : this.words.trained,
    );
  }

  private render(): void {
    const empty = this.curves.size === 0;
    this.card.setEmpty(empty ? this.words.reachEmpty : undefined);
    const longest = Math.max(0, ...[...this.curves.values()].map((c) => c.event.reach.length));
    const x = Array.from({ length: longest }, (_, d) => d);
    // A log axis has no room for zeros: a step the gradient never reached is a gap.
    const columns = this.lines.map((line) => {
      const reach = this.curves.get(line.key)?.event.reach;
      return x.map((d) => {
        const r = reach?.[d];
        return r !== undefined && r > 0 && Number.isFinite(r) ? r : null;
      });
    });
    this.chart.setData(x, columns);
    this.element.dataset.curves = String(this.curves.size);
    // Training's gradient reaches 0 … k − 1 steps back: the line sits between k − 1 and k.
    const cuts = [...new Set([...this.curves.values()].flatMap((c) => c.event.tbptt ?? []))].sort(
      (a, b) => a - b,
    );
    this.chart.setMarkers(cuts.map((k) => ({ x: k - 0.5, label: this.words.cutLabel(k) })));
    this.element.dataset.cut = cuts.join(' ');
    this.renderKey(cuts);

    const first = [...this.curves.values()][0]?.event;
    const note = first
      ? this.words.reachNote(layerLabel(first.layer, this.lang), first.samples, first.reach.length)
      : '';
    this.note.textContent = [note, ...cuts.map((k) => this.words.reachCutNote(k))].join(' ');
    this.verdicts.replaceChildren(
      ...this.lines.flatMap((line) => {
        const curve = this.curves.get(line.key);
        if (!curve) return [];
        const { tbptt } = curve.event;
        const verdict = reachVerdict(
          curve.event.reach,
          curve.accuracy,
          tbptt !== undefined ? { steps: tbptt, measure: 'full' } : undefined,
        );
        const factor = curve.event.decayPerStep;
        return [
          el(
            'li',
            {
              'data-testid': 'reach-verdict',
              'data-key': line.key,
              'data-kind': verdict?.kind ?? '',
              'data-decay': factor === null ? '' : String(factor),
              'data-farthest': String(verdict?.farthest ?? ''),
              'data-tone': isWarning(verdict) ? 'warning' : 'ok',
            },
            el('strong', {}, `${this.label(line)}: `),
            factor === null ? '' : `${this.words.perStep(formatNumber(factor, 3))}. `,
            reachSentence(this.words, verdict, curve.accuracy),
          ),
        ];
      }),
    );
  }

  private renderKey(cuts: readonly number[]): void {
    const item = (style: string, words: string, testid: string): HTMLElement =>
      el(
        'span',
        { class: 'lab-reach-key-item', 'data-testid': testid },
        el('span', { class: `lab-reach-key-line ${style}`, 'aria-hidden': 'true' }),
        words,
      );
    const whens = new Set(this.lines.map((l) => l.when));
    this.key.replaceChildren(
      ...(whens.has('init') ? [item('is-dashed', this.words.keyDashed, 'key-untrained')] : []),
      ...(whens.has('trained') ? [item('', this.words.keySolid, 'key-trained')] : []),
      ...cuts.map((k) => item('is-dotted', this.words.keyDotted(k), 'key-cut')),
    );
  }

  private csv(): string {
    const rows: (string | number)[][] = [];
    for (const line of this.lines) {
      const curve = this.curves.get(line.key);
      curve?.event.reach.forEach((r, d) => rows.push([line.who, line.when, d, r]));
    }
    return toCsv(['who', 'when', 'distance', 'reach'], rows);
  }
}
