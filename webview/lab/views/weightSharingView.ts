/**
 * Weight sharing, drawn from the inspected model (engine/weightSharing.ts): the first layer
 * unrolled over the inspected input, every step's box joined to the same U, W and b boxes (the
 * model's own tensors, named and sized from its weights). Hovering a step lights up the three
 * tensors it reads; hovering a tensor lights up every step that reads it: all of them. Beside
 * it, the parameter count against sequence length, measured at several lengths: flat, while a
 * network with its own weights per step would grow with T.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';
import type { WeightSharing } from '../../../src/engine/weightSharing';
import { layerLabel, renderPlainText, type Lang } from '../../../src/explain';
import { el } from '../../common/dom';
import { LineChart } from '../../common/lineChart';
import { formatNumber } from '../../common/numberFormat';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import type { ViewText } from './viewText';

const EN = {
  title: 'Weight sharing: every step reads the same U, W and b',
  empty: 'Inspect an input to see its steps unrolled over the one set of weights.',
  note: (layer: string, steps: number, shown: number) =>
    `${layer} unrolled over ${steps} steps${shown < steps ? ` (the first ${shown} drawn)` : ''}. Hover a step to see the tensors it reads, or a tensor to see the steps that read it.`,
  weight: (symbol: string, shape: string, size: string) => `${symbol} ${shape} · ${size}`,
  step: (t: number) => `t = ${t}`,
  countTitle: 'Parameters against sequence length',
  countEmpty: 'Inspect an input to count the parameters at several lengths.',
  xLength: 'sequence length T (log scale)',
  yParams: 'parameters (log scale)',
  shared: 'this layer (shared weights)',
  unshared: 'one set of weights per step',
  countNote: (layer: string, count: string, lengths: string) =>
    `Counted on ${layer} at T = ${lengths}: the unrolled steps read ${count} parameters at every length.`,
};

type SharingText = typeof EN;

const KO: SharingText = {
  title: '가중치 공유: 모든 시점이 같은 U, W, b를 읽습니다',
  empty: '입력을 살펴보면 그 시점들이 하나의 가중치 위에 펼쳐진 모습이 보입니다.',
  note: (layer, steps, shown) =>
    `${layer}을 ${steps}단계로 펼쳤습니다${shown < steps ? `(앞의 ${shown}단계만 그림)` : ''}. 시점에 마우스를 올리면 그 시점이 읽는 텐서가, 텐서에 올리면 그 텐서를 읽는 시점이 표시됩니다.`,
  weight: (symbol, shape, size) => `${symbol} ${shape} · ${size}`,
  step: (t) => `t = ${t}`,
  countTitle: '시퀀스 길이에 따른 파라미터 수',
  countEmpty: '입력을 살펴보면 여러 길이에서 파라미터 수를 셉니다.',
  xLength: '시퀀스 길이 T (로그 눈금)',
  yParams: '파라미터 (로그 눈금)',
  shared: '이 층(가중치 공유)',
  unshared: '시점마다 가중치를 따로 둘 때',
  countNote: (layer, count, lengths) =>
    `${layer}에서 T = ${lengths}일 때 센 값: 펼친 시점들은 길이와 상관없이 파라미터 ${count}개를 읽습니다.`,
};

/** Steps drawn at most (a long input scrolls no further; the note says how many are drawn). */
const MAX_STEPS = 24;
const STEP_W = 58;
const SVG_NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export class WeightSharingView {
  readonly element: HTMLElement;
  private readonly t: SharingText;
  private readonly card: ChartCard;
  private readonly countCard: ChartCard;
  private readonly diagram = el('div', { class: 'lab-sharing', 'data-testid': 'sharing-diagram' });
  private readonly note = el('p', { class: 'lab-axis-note' });
  private readonly countNote = el('p', { class: 'lab-axis-note', 'data-testid': 'sharing-note' });
  private readonly chart: LineChart;
  private sharing: WeightSharing | undefined;

  constructor(
    private readonly lang: Lang,
    text: ViewText,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
  ) {
    const t = (this.t = lang === 'ko' ? KO : EN);
    this.card = new ChartCard({
      title: t.title,
      help: renderPlainText('weight-sharing', lang),
      testid: 'weight-sharing',
      empty: t.empty,
    });
    this.card.body.append(el('div', { class: 'lab-scroll-x' }, this.diagram), this.note);
    this.countCard = new ChartCard({
      title: t.countTitle,
      help: renderPlainText('weight-sharing', lang),
      testid: 'sharing-count',
      height: 230,
      empty: t.countEmpty,
    });
    this.chart = new LineChart({
      height: 230,
      // Two long series names: room for two legend lines.
      legendHeight: 46,
      xLabel: t.xLength,
      yLabel: t.yParams,
      // Both axes log: the shared count is a flat line a decade or more below T × it, which is a
      // straight line of slope 1 (on a linear axis it dwarfs the flat one into the x axis).
      yLog: true,
      yWholeDecades: true,
      xLog: true,
      // 1k … 100k: whole decades fit the axis's width (hovered counts below 1000 stay exact).
      yFormat: (v) => (v >= 1000 ? `${formatNumber(v / 1000, 1)}k` : formatNumber(v, 0)),
      xFormat: (v) => formatNumber(v, 0),
      series: [
        { label: t.shared, color: 0, points: true, width: 2.5 },
        { label: t.unshared, color: 1, dash: [5, 4], points: true },
      ],
    });
    this.countCard.body.append(this.chart.element, this.countNote);
    this.countCard.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-weight-sharing`,
          png: () => canvasesToPng(this.chart.canvas ? [this.chart.canvas] : [], t.countTitle),
          csv: () =>
            toCsv(
              ['length', 'parameters', 'perStepWeights'],
              (this.sharing?.byLength ?? []).map((l) => [l.length, l.used, l.perStepWeights]),
            ),
          json: () => this.sharing ?? null,
        },
        onError,
      ),
    );
    this.element = el(
      'div',
      { class: 'lab-sharing-pair' },
      this.card.element,
      this.countCard.element,
    );
  }

  show(inspection: Inspection): void {
    const sharing = inspection.sharing;
    this.sharing = sharing;
    this.card.setEmpty(sharing ? undefined : this.t.empty);
    this.countCard.setEmpty(sharing ? undefined : this.t.countEmpty);
    if (!sharing) return;
    this.drawDiagram(sharing, inspection.inputTokens);
    const rows = sharing.byLength;
    this.chart.setData(
      rows.map((r) => r.length),
      [rows.map((r) => r.used), rows.map((r) => r.perStepWeights)],
    );
    const counts = [...new Set(rows.map((r) => r.used))];
    this.countNote.textContent = this.t.countNote(
      layerLabel(sharing.layer, this.lang),
      counts.map((c) => formatNumber(c, 0)).join(' / '),
      rows.map((r) => r.length).join(', '),
    );
    this.countCard.element.dataset.counts = rows.map((r) => r.used).join(',');
  }

  clear(): void {
    this.sharing = undefined;
    this.diagram.replaceChildren();
    this.card.setEmpty(this.t.empty);
    this.countCard.setEmpty(this.t.countEmpty);
  }

  private drawDiagram(sharing: WeightSharing, tokens: readonly string[]): void {
    const t = this.t;
    const steps = tokens.length;
    const shown = Math.min(steps, MAX_STEPS);
    const width = Math.max(shown * STEP_W + 20, sharing.weights.length * 150);
    const height = 170;
    const root = svg('svg', {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': t.title,
    });
    const weightW = Math.min(140, (width - 20) / sharing.weights.length - 10);
    const weightX = (i: number) =>
      10 + ((width - 20) / sharing.weights.length) * (i + 0.5) - weightW / 2;
    const stepX = (s: number) => 10 + s * STEP_W;
    const lines = svg('g', { class: 'lab-sharing-lines' });
    const weightBoxes: SVGGElement[] = [];
    const stepBoxes: SVGGElement[] = [];
    // Every step to every weight: the same tensors, not copies.
    for (let s = 0; s < shown; s++) {
      sharing.weights.forEach((w, i) => {
        lines.appendChild(
          svg('line', {
            x1: stepX(s) + (STEP_W - 8) / 2,
            y1: 112,
            x2: weightX(i) + weightW / 2,
            y2: 46,
            'data-step': s + 1,
            'data-weight': w.symbol,
          }),
        );
      });
    }
    root.appendChild(lines);
    sharing.weights.forEach((w, i) => {
      const g = svg('g', {
        class: 'lab-sharing-weight',
        'data-testid': 'shared-weight',
        'data-weight': w.symbol,
        'data-name': w.name,
        'data-size': w.size,
        tabindex: 0,
      });
      g.append(
        svg('rect', { x: weightX(i), y: 10, width: weightW, height: 36, rx: 4 }),
        Object.assign(svg('text', { x: weightX(i) + weightW / 2, y: 33 }), {
          textContent: t.weight(w.symbol, w.shape.join('×'), formatNumber(w.size, 0)),
        }),
      );
      const title = svg('title', {});
      title.textContent = w.name;
      g.appendChild(title);
      weightBoxes.push(g);
      root.appendChild(g);
    });
    for (let s = 0; s < shown; s++) {
      const g = svg('g', {
        class: 'lab-sharing-step',
        'data-testid': 'sharing-step',
        'data-step': s + 1,
        tabindex: 0,
      });
      g.append(
        svg('rect', { x: stepX(s), y: 112, width: STEP_W - 8, height: 40, rx: 4 }),
        Object.assign(svg('text', { x: stepX(s) + (STEP_W - 8) / 2, y: 128 }), {
          textContent: t.step(s + 1),
        }),
        Object.assign(svg('text', { x: stepX(s) + (STEP_W - 8) / 2, y: 145, class: 'is-token' }), {
          textContent: tokens[s] ?? '',
        }),
      );
      // h_{t-1} → h_t: the state is what changes from step to step, not the weights.
      if (s > 0) {
        root.appendChild(
          svg('line', {
            class: 'lab-sharing-chain',
            x1: stepX(s) - 8,
            y1: 132,
            x2: stepX(s),
            y2: 132,
          }),
        );
      }
      stepBoxes.push(g);
      root.appendChild(g);
    }
    const light = (step: string | undefined, weight: string | undefined): void => {
      for (const line of lines.querySelectorAll('line')) {
        const on =
          (step !== undefined && line.dataset.step === step) ||
          (weight !== undefined && line.dataset.weight === weight);
        line.classList.toggle('is-hot', on);
      }
      for (const g of weightBoxes) {
        g.classList.toggle(
          'is-hot',
          step !== undefined || (weight !== undefined && g.dataset.weight === weight),
        );
      }
      for (const g of stepBoxes) {
        g.classList.toggle(
          'is-hot',
          weight !== undefined || (step !== undefined && g.dataset.step === step),
        );
      }
    };
    for (const g of stepBoxes) {
      const on = () => light(g.dataset.step, undefined);
      g.addEventListener('mouseenter', on);
      g.addEventListener('focus', on);
      g.addEventListener('mouseleave', () => light(undefined, undefined));
      g.addEventListener('blur', () => light(undefined, undefined));
    }
    for (const g of weightBoxes) {
      const on = () => light(undefined, g.dataset.weight);
      g.addEventListener('mouseenter', on);
      g.addEventListener('focus', on);
      g.addEventListener('mouseleave', () => light(undefined, undefined));
      g.addEventListener('blur', () => light(undefined, undefined));
    }
    this.diagram.replaceChildren(root);
    this.diagram.dataset.steps = String(shown);
    this.note.textContent = t.note(layerLabel(sharing.layer, this.lang), steps, shown);
  }
}
