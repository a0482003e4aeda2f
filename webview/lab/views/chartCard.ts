/**
 * The frame every chart and heatmap sits in: a heading (with the term's explanation on hover and
 * for screen readers), export buttons, and a body of reserved height that shows what to do while
 * there is nothing to draw, so nothing below it moves when data arrives.
 */
import { el, icon } from '../../common/dom';

export interface ChartCardOptions {
  title: string;
  /** `data-testid` of the card. */
  testid?: string;
  /** Plain-text explanation (from src/explain): the heading's tooltip and description. */
  help?: string;
  /** Reserved height of the body in CSS pixels (charts); omit for content-sized bodies. */
  height?: number;
  empty: string;
}

let nextId = 0;

export class ChartCard {
  readonly element: HTMLElement;
  readonly body: HTMLDivElement;
  readonly toolbar: HTMLDivElement;
  readonly heading: HTMLHeadingElement;
  private readonly emptyNote: HTMLDivElement;
  private readonly titleText = el('span');

  constructor(options: ChartCardOptions) {
    const id = `lab-card-${nextId++}`;
    this.heading = el('h3', { class: 'lab-card-title', id }, this.titleText);
    this.titleText.textContent = options.title;
    if (options.help) {
      this.heading.title = options.help;
      this.heading.appendChild(icon('info'));
    }
    this.toolbar = el('div', { class: 'lab-card-tools' });
    this.emptyNote = el('div', { class: 'lab-empty', role: 'note' }, options.empty);
    this.body = el('div', { class: 'lab-card-body' }, this.emptyNote);
    if (options.height !== undefined) this.body.style.minHeight = `${options.height}px`;
    this.element = el(
      'section',
      { class: 'lab-card', 'data-testid': options.testid, 'aria-labelledby': id },
      el('header', { class: 'lab-card-header' }, this.heading, this.toolbar),
      options.help ? el('p', { class: 'lab-sr-only' }, options.help) : null,
      this.body,
    );
    this.setEmpty(options.empty);
  }

  setTitle(title: string): void {
    this.titleText.textContent = title;
  }

  /** A message instead of the content (undefined: show the content). */
  setEmpty(message: string | undefined): void {
    this.emptyNote.hidden = message === undefined;
    if (message !== undefined) this.emptyNote.textContent = message;
    this.element.classList.toggle('is-empty', message !== undefined);
    this.toolbar.hidden = message !== undefined;
  }
}
