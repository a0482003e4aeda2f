/**
 * The attention weights of a Seq2Seq decoding: one row per decoder step (labelled with the token
 * it produced), one column per encoder step (the input tokens); each row sums to 1. Reversing a
 * sequence draws an anti-diagonal. The current decoder step's row and encoder step's column are
 * outlined.
 */
import {
  explainTerm,
  renderPlainText,
  termTitle,
  toPlainText,
  type Lang,
} from '../../../src/explain';
import { sequentialScale } from './colorScales';
import { el } from '../../common/dom';
import { HeatmapCanvas } from './heatmapCanvas';
import { legend } from './stateHeatmaps';
import type { Tooltip } from './tooltip';
import { type ViewText } from './viewText';
import { formatNumber } from '../../common/numberFormat';

export function attentionMatrix(
  weights: readonly (readonly number[])[],
  decoderTokens: readonly string[],
  encoderTokens: readonly string[],
  options: {
    lang: Lang;
    text: ViewText;
    tooltip: Tooltip;
    onPickEncoder(step: number): void;
    onPickDecoder(step: number): void;
  },
): {
  figure: HTMLElement;
  heatmap: HeatmapCanvas;
  refresh(weights: readonly (readonly number[])[], decoderTokens: readonly string[]): void;
} {
  const { lang, text } = options;
  const rows = weights.length;
  const cols = encoderTokens.length;
  // The engine gives [decoder][encoder]; the canvas wants [column][row].
  const transpose = (w: readonly (readonly number[])[]): number[][] =>
    Array.from({ length: cols }, (_, c) => w.map((row) => row[c] ?? Number.NaN));
  const values = transpose(weights);
  let rowTokens = decoderTokens;
  const size = Math.max(12, Math.min(28, Math.floor(360 / Math.max(rows, cols, 1))));
  const scale = sequentialScale(0, 1);
  const title = termTitle('attention', lang);
  const heatmap = new HeatmapCanvas({
    values,
    rows,
    scale,
    colLabels: encoderTokens,
    rowLabel: (r) => rowTokens[r] ?? '',
    attrs: {
      'data-testid': 'attention-matrix',
      'data-rows': String(rows),
      'data-cols': String(cols),
      'data-highlight-step': '-1',
    },
    ariaLabel: text.attentionAria(rows, cols),
    cellWidth: size,
    cellHeight: size,
    maxPlotHeight: size * Math.max(rows, 1),
    tooltip: options.tooltip,
    describe: (cell) => ({
      heading: title,
      lines: [
        text.attentionCell(rowTokens[cell.row] ?? '', encoderTokens[cell.col] ?? ''),
        text.attentionWeight(formatNumber(cell.value, 3)),
      ],
      note: toPlainText(explainTerm('attention', lang).summary),
    }),
    onPickColumn: (col) => options.onPickEncoder(col),
  });
  // A click picks both steps: the column (encoder) above, the row (decoder) here.
  heatmap.element.addEventListener('click', (e) => {
    const box = heatmap.element.getBoundingClientRect();
    const row = Math.floor((e.clientY - box.top - 4) / size);
    if (row >= 0 && row < rows) options.onPickDecoder(row);
  });
  const figure = el(
    'figure',
    { class: 'lab-heatmap-figure lab-attention' },
    el(
      'figcaption',
      { class: 'lab-heatmap-caption', title: renderPlainText('attention', lang) },
      el('span', { class: 'lab-heatmap-title' }, title),
      legend(scale),
    ),
    el('div', { class: 'lab-muted lab-small' }, text.attentionAxis),
    el('div', { class: 'lab-scroll-x' }, heatmap.element),
  );
  const refresh = (w: readonly (readonly number[])[], tokens: readonly string[]): void => {
    rowTokens = tokens;
    heatmap.setData({ values: transpose(w) });
  };
  return { figure, heatmap, refresh };
}
