/**
 * Seq2Seq in the inspector: the bridge (encoder h_t → the context vector, drawn as its own
 * column → decoder h_t, layer by layer), the other states and gates of encoder and decoder,
 * and the attention matrix when the model has attention.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';
import { layerLabel, renderPlainText, termTitle, type Lang } from '../../../src/explain';
import { absMax, divergingScale } from './colorScales';
import { el } from '../../common/dom';
import { HeatmapCanvas } from './heatmapCanvas';
import { kindSummary, kindTitle } from './stateKinds';
import { stateHeatmap, type PlacedHeatmap, type StateHeatmapContext } from './stateHeatmaps';
import type { Tooltip } from './tooltip';
import { type ViewText } from './viewText';
import { formatNumber } from '../../common/numberFormat';

type Seq2SeqTrace = NonNullable<Inspection['seq2seq']>;

/** The context vector: one column per encoder layer (h, and c for LSTM), `data-testid="context-vector"`. */
export function contextVector(
  context: Seq2SeqTrace['context'],
  options: { lang: Lang; text: ViewText; tooltip: Tooltip },
): {
  element: HTMLElement;
  canvases: HeatmapCanvas[];
  refresh(context: Seq2SeqTrace['context']): void;
} {
  const { lang, text, tooltip } = options;
  const canvases: HeatmapCanvas[] = [];
  const cMaxOf = (ctx: Seq2SeqTrace['context']): number =>
    Math.max(1, ...ctx.map((c) => absMax(c.c ? [c.c] : [])));
  const cMax = cMaxOf(context);
  const column = (layer: string, kind: 'h' | 'c', values: number[]): HTMLElement => {
    const scale = kind === 'c' ? divergingScale(cMax) : divergingScale(1);
    const units = values.length;
    const heatmap = new HeatmapCanvas({
      values: [values],
      rows: units,
      scale,
      colLabels: [kind === 'h' ? text.contextH : text.contextC],
      // The c column stands right of h: the unit numbers are already there.
      rowLabel: kind === 'c' ? () => '' : (r) => String(r + 1),
      attrs: {
        'data-testid': 'context-column',
        'data-layer': layer,
        'data-kind': kind,
        'data-units': String(units),
      },
      ariaLabel: `${termTitle('context-vector', lang)} · ${kindTitle(kind, lang)} · ${layerLabel(layer, lang)}`,
      cellWidth: 22,
      cellHeight: Math.max(2, Math.min(10, Math.floor(180 / Math.max(1, units)))),
      maxPlotHeight: 220,
      tooltip,
      describe: (cell) => ({
        heading: `${termTitle('context-vector', lang)} · ${layerLabel(layer, lang)}`,
        lines: [
          `${kindTitle(kind, lang)}`,
          text.unitLabel(cell.row + 1),
          text.valueLabel(formatNumber(cell.value, 4)),
        ],
        note: kindSummary(kind, lang),
      }),
    });
    canvases.push(heatmap);
    return heatmap.element;
  };
  const layers = context.map((entry) =>
    el(
      'figure',
      { class: 'lab-context-layer', 'data-layer': entry.layer },
      el('figcaption', { class: 'lab-heatmap-caption' }, layerLabel(entry.layer, lang)),
      el(
        'div',
        { class: 'lab-context-columns' },
        column(entry.layer, 'h', entry.h),
        entry.c ? column(entry.layer, 'c', entry.c) : null,
      ),
    ),
  );
  const element = el(
    'div',
    {
      class: 'lab-context',
      'data-testid': 'context-vector',
      'data-layers': String(context.length),
      'data-units': String(context[0]?.h.length ?? 0),
    },
    el(
      'div',
      { class: 'lab-context-title', title: renderPlainText('context-vector', lang) },
      termTitle('context-vector', lang),
    ),
    ...layers,
  );
  const refresh = (next: Seq2SeqTrace['context']): void => {
    const m = cMaxOf(next);
    let k = 0;
    for (const entry of next) {
      canvases[k++]?.setData({ values: [entry.h], scale: divergingScale(1) });
      if (entry.c) canvases[k++]?.setData({ values: [entry.c], scale: divergingScale(m) });
    }
  };
  return { element, canvases, refresh };
}

/** Encoder h → context → decoder h, with the hint of what the bridge means. */
export function bridge(
  inspection: Inspection,
  ctx: StateHeatmapContext,
): {
  element: HTMLElement;
  placed: PlacedHeatmap[];
  context: HeatmapCanvas[];
  refreshContext(context: Seq2SeqTrace['context']): void;
} {
  const s2s = inspection.seq2seq;
  if (!s2s) throw new Error('not a Seq2Seq inspection');
  const placed: PlacedHeatmap[] = [];
  const encoder = inspection.layers
    .map((layer) => stateHeatmap(layer, 'h', inspection.inputTokens, 'input', ctx))
    .filter((p): p is PlacedHeatmap => p !== undefined);
  const decoder = s2s.decoder
    .map((layer) => stateHeatmap(layer, 'h', s2s.decoderInputs, 'decoder', ctx))
    .filter((p): p is PlacedHeatmap => p !== undefined);
  placed.push(...encoder, ...decoder);
  const ctxView = contextVector(s2s.context, ctx);
  const stack = (title: string, items: PlacedHeatmap[], term: 'encoder' | 'decoder'): HTMLElement =>
    el(
      'div',
      { class: 'lab-bridge-stack' },
      el('div', { class: 'lab-bridge-title', title: renderPlainText(term, ctx.lang) }, title),
      ...items.map((p) => {
        p.figure
          .querySelector('.lab-heatmap-title')
          ?.prepend(`${layerLabel(p.layer, ctx.lang)} · `);
        return p.figure;
      }),
    );
  const arrow = (): HTMLElement =>
    el('div', { class: 'lab-bridge-arrow', 'aria-hidden': 'true' }, '→');
  const hasAttention = s2s.attention !== undefined;
  const element = el(
    'section',
    { class: 'lab-bridge', 'data-testid': 'seq2seq-bridge' },
    el(
      'h4',
      {},
      `${termTitle('encoder', ctx.lang)} → ${termTitle('context-vector', ctx.lang)} → ${termTitle('decoder', ctx.lang)}`,
    ),
    el(
      'p',
      { class: 'lab-hint' },
      hasAttention ? ctx.text.bridgeHintAttention : ctx.text.bridgeHint,
    ),
    el(
      'div',
      { class: 'lab-bridge-row' },
      stack(termTitle('encoder', ctx.lang), encoder, 'encoder'),
      arrow(),
      ctxView.element,
      arrow(),
      stack(termTitle('decoder', ctx.lang), decoder, 'decoder'),
    ),
  );
  return { element, placed, context: ctxView.canvases, refreshContext: ctxView.refresh };
}
