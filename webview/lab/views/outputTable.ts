/**
 * The model's output at each step as a table, one column per step: what the step read, the
 * predicted token and its probability, the target and ✓/✗ (words for screen readers, a symbol
 * and a colour for the eye). The current step's column is marked, and beside the table the most
 * likely outputs of that step are drawn as bars.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';
import { el } from '../../common/dom';
import { topChoices, type OutputRow } from './outputRows';
import { type ViewText } from './viewText';
import { formatNumber, formatPercent } from '../../common/numberFormat';

export class OutputTable {
  readonly element: HTMLElement;
  private readonly table = el('table', {
    class: 'lab-table lab-output-table',
    'data-testid': 'outputs',
  });
  private readonly choices = el('div', { class: 'lab-choices', 'aria-live': 'polite' });
  private rows: OutputRow[] = [];
  private inspection: Inspection | undefined;
  private current = -1;

  constructor(private readonly text: ViewText) {
    this.element = el(
      'section',
      { class: 'lab-outputs' },
      el('h4', {}, text.outputsTitle),
      el(
        'div',
        { class: 'lab-outputs-row' },
        el('div', { class: 'lab-scroll-x' }, this.table),
        this.choices,
      ),
    );
  }

  show(inspection: Inspection, rows: OutputRow[]): void {
    this.inspection = inspection;
    this.rows = rows;
    this.render();
  }

  /** Marks the output of `step` on `axis` (the inspector's slider). */
  highlight(axis: OutputRow['axis'], step: number): void {
    if (!this.rows.some((r) => r.axis === axis)) return;
    const index = this.rows.findIndex((r) => r.axis === axis && r.step === step);
    // Many-to-one has one output, after the last step: its choices stay in view at every step.
    this.current = index >= 0 ? index : this.rows.length === 1 ? 0 : -1;
    for (const cell of this.table.querySelectorAll<HTMLElement>('[data-col]')) {
      const on = index >= 0 && Number(cell.dataset.col) === index;
      cell.classList.toggle('is-current', on);
      if (cell.tagName === 'TH') {
        if (on) cell.setAttribute('aria-current', 'step');
        else cell.removeAttribute('aria-current');
      }
    }
    this.renderChoices();
  }

  private render(): void {
    const t = this.text;
    const rows = this.rows;
    const real = rows.some((r) => r.values !== undefined);
    const hasTarget = rows.some((r) => r.target !== undefined || r.targetValues !== undefined);
    const line = (label: string, cells: (r: OutputRow, i: number) => HTMLElement): HTMLElement =>
      el('tr', {}, el('th', { scope: 'row' }, label), ...rows.map((r, i) => tag(cells(r, i), i)));
    const tag = (cell: HTMLElement, i: number): HTMLElement => {
      cell.dataset.col = String(i);
      return cell;
    };
    const body: HTMLElement[] = [line(t.outputInput, (r) => el('td', { class: 'tok' }, r.input))];
    if (real) {
      body.push(
        line(t.outputValues, (r) =>
          el('td', { class: 'num' }, (r.values ?? []).map((v) => formatNumber(v, 3)).join(' ')),
        ),
      );
      if (hasTarget) {
        body.push(
          line(t.outputTarget, (r) =>
            el(
              'td',
              { class: 'num' },
              (r.targetValues ?? []).map((v) => formatNumber(v, 3)).join(' '),
            ),
          ),
        );
      }
    } else {
      body.push(
        line(t.outputPredicted, (r) => el('td', { class: 'tok strong' }, r.predicted ?? '')),
      );
      body.push(
        line(t.outputProbability, (r) =>
          el(
            'td',
            { class: 'num' },
            r.probability === undefined ? '' : formatNumber(r.probability, 2),
          ),
        ),
      );
      if (hasTarget) {
        body.push(line(t.outputTarget, (r) => el('td', { class: 'tok' }, r.target ?? '')));
        body.push(
          line(t.outputCheck, (r) =>
            r.correct === undefined
              ? el('td', {})
              : el(
                  'td',
                  {
                    class: r.correct ? 'is-right' : 'is-wrong',
                    'data-correct': String(r.correct),
                    'aria-label': r.correct ? t.right : t.wrong,
                    title: r.correct ? t.right : t.wrong,
                  },
                  r.correct ? '✓' : '✗',
                ),
          ),
        );
      }
    }
    const head = el(
      'tr',
      {},
      el('th', { scope: 'col' }, t.outputStep),
      ...rows.map((r, i) => tag(el('th', { scope: 'col' }, String(r.step + 1)), i)),
    );
    this.table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
    this.current = -1;
    this.renderChoices();
  }

  private renderChoices(): void {
    const inspection = this.inspection;
    const row = this.rows[this.current];
    const out = inspection?.outputs[this.current];
    if (!inspection || !row || !out?.probs || !inspection.outputVocab) {
      this.choices.replaceChildren();
      this.choices.hidden = true;
      return;
    }
    this.choices.hidden = false;
    const top = topChoices(out.probs, inspection.outputVocab, 5);
    this.choices.replaceChildren(
      el('div', { class: 'lab-choices-title' }, this.text.topChoices(row.step + 1)),
      ...top.map((c) => {
        const bar = el('span', { class: 'lab-choice-bar' });
        bar.style.width = `${Math.max(1, c.probability * 100)}%`;
        return el(
          'div',
          { class: 'lab-choice' },
          el('span', { class: 'tok' }, c.token),
          el('span', { class: 'lab-choice-track' }, bar),
          el('span', { class: 'num' }, formatPercent(c.probability)),
        );
      }),
    );
  }
}
