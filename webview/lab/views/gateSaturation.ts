/**
 * Gate saturation after each epoch: for every layer and gate, the mean activation and the share
 * of activations that are shut (< 0.1) or open (> 0.9), as numbers and as a three-part bar.
 * A forget gate that stays open carries memory far; a gate stuck shut or open passes little
 * gradient. Rows carry `data-layer` / `data-gate` so `focusGate` (and tests) can find them.
 */
import type { GateStat } from '../../../src/engine/trainEvents';
import {
  formatGateStats,
  layerLabel,
  renderPlainText,
  termTitle,
  type Lang,
} from '../../../src/explain';
import { ChartCard } from './chartCard';
import { exportButtons, toCsv, type SaveFile } from './chartExport';
import { el } from '../../common/dom';
import { GATE_ORDER, kindHelp, kindTitle } from './stateKinds';
import { type ViewText } from './viewText';
import { formatNumber, formatPercent } from '../../common/numberFormat';

export class GateSaturation {
  readonly element: HTMLElement;
  private readonly card: ChartCard;
  private readonly table = el('table', { class: 'lab-table lab-gate-table' });
  private stats: GateStat[] = [];
  private epoch = 0;
  private focused: { layer: string; gate: string } | undefined;

  constructor(
    private readonly text: ViewText,
    private readonly lang: Lang,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
  ) {
    this.card = new ChartCard({
      title: termTitle('saturation', lang),
      help: renderPlainText('saturation', lang),
      testid: 'gate-saturation',
      height: 120,
      empty: text.gateEmpty,
    });
    this.card.body.appendChild(el('div', { class: 'lab-scroll-x' }, this.table));
    this.card.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-gates`,
          csv: () =>
            toCsv(
              ['epoch', 'layer', 'gate', 'mean', 'below01', 'above09'],
              this.stats.map((s) => [this.epoch, s.layer, s.gate, s.mean, s.below01, s.above09]),
            ),
          json: () => ({ epoch: this.epoch, gates: this.stats }),
        },
        onError,
      ),
    );
    this.element = this.card.element;
  }

  /** The gate statistics of one epoch (an empty list: the cell has no gates). */
  show(epoch: number, stats: readonly GateStat[]): void {
    this.epoch = epoch;
    // Layers in the engine's (model) order, gates in the cell's order within each layer.
    const layers = [...new Set(stats.map((s) => s.layer))];
    const gateIndex = (g: string): number => (GATE_ORDER as readonly string[]).indexOf(g);
    this.stats = [...stats].sort(
      (a, b) =>
        layers.indexOf(a.layer) - layers.indexOf(b.layer) || gateIndex(a.gate) - gateIndex(b.gate),
    );
    if (this.stats.length === 0) {
      this.card.setEmpty(this.text.noGates);
      this.table.replaceChildren();
      return;
    }
    this.card.setEmpty(undefined);
    this.render();
  }

  clear(): void {
    this.stats = [];
    this.table.replaceChildren();
    this.card.setEmpty(this.text.gateEmpty);
  }

  /** Highlights one row and brings it into view; false when there is no such row. */
  focus(layer: string, gate: string): boolean {
    this.focused = { layer, gate };
    this.render();
    const row = this.table.querySelector<HTMLElement>(
      `tr[data-layer="${CSS.escape(layer)}"][data-gate="${CSS.escape(gate)}"]`,
    );
    row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    return row !== null;
  }

  private render(): void {
    const t = this.text;
    const head = el(
      'tr',
      {},
      el('th', { scope: 'col' }, t.layersWord),
      el('th', { scope: 'col' }, t.gateColumn),
      el('th', { scope: 'col', class: 'num' }, t.meanColumn),
      el('th', { scope: 'col', class: 'num' }, t.shutColumn),
      el('th', { scope: 'col', class: 'num' }, t.openColumn),
      el('th', { scope: 'col' }, t.barLegend),
    );
    const rows = this.stats.map((s) => {
      const bar = el(
        'div',
        { class: 'lab-gate-bar', 'aria-hidden': 'true' },
        el('span', { class: 'shut' }),
        el('span', { class: 'mid' }),
        el('span', { class: 'open' }),
      );
      const [shut, mid, open] = [...bar.children] as HTMLElement[];
      const middle = Math.max(0, 1 - s.below01 - s.above09);
      if (shut) shut.style.flexGrow = String(s.below01);
      if (mid) mid.style.flexGrow = String(middle);
      if (open) open.style.flexGrow = String(s.above09);
      const isFocused = this.focused?.layer === s.layer && this.focused.gate === s.gate;
      return el(
        'tr',
        {
          'data-layer': s.layer,
          'data-gate': s.gate,
          class: isFocused ? 'is-focused' : undefined,
          title: `${formatGateStats(s, this.lang)}\n\n${kindHelp(s.gate, this.lang)}`,
        },
        el('td', {}, layerLabel(s.layer, this.lang)),
        el('td', {}, `${kindTitle(s.gate, this.lang)} · ${s.gate}`),
        el('td', { class: 'num' }, formatNumber(s.mean, 2)),
        el('td', { class: 'num' }, formatPercent(s.below01)),
        el('td', { class: 'num' }, formatPercent(s.above09)),
        el('td', {}, bar),
      );
    });
    this.table.replaceChildren(
      el(
        'caption',
        { class: 'lab-sr-only' },
        `${termTitle('saturation', this.lang)} · ${t.epochsWord} ${this.epoch}`,
      ),
      el('thead', {}, head),
      el('tbody', {}, ...rows),
    );
  }
}
