/**
 * One floating tooltip for the whole page (heatmap cells, chart points): a heading, a value line
 * and an explanation, kept inside the viewport. Plain text only.
 */
import { el } from '../../common/dom';

export interface TooltipContent {
  heading: string;
  /** The numbers: value, step, unit… one line each. */
  lines: string[];
  /** What the thing means (an explanation's plain-text summary). */
  note?: string;
}

export class Tooltip {
  readonly element: HTMLDivElement;
  private readonly heading = el('div', { class: 'lab-tooltip-heading' });
  private readonly lines = el('div', { class: 'lab-tooltip-lines' });
  private readonly note = el('div', { class: 'lab-tooltip-note' });

  constructor(parent: HTMLElement) {
    this.element = el(
      'div',
      { class: 'lab-tooltip', role: 'tooltip', id: 'lab-tooltip', hidden: true },
      this.heading,
      this.lines,
      this.note,
    );
    parent.appendChild(this.element);
  }

  /** Shows `content` next to the point (clientX, clientY). */
  show(content: TooltipContent, clientX: number, clientY: number): void {
    this.heading.textContent = content.heading;
    this.lines.replaceChildren(...content.lines.map((line) => el('div', {}, line)));
    this.note.textContent = content.note ?? '';
    this.note.hidden = !content.note;
    this.element.hidden = false;
    const box = this.element.getBoundingClientRect();
    const margin = 12;
    let x = clientX + margin;
    let y = clientY + margin;
    if (x + box.width > window.innerWidth - 4) x = Math.max(4, clientX - box.width - margin);
    if (y + box.height > window.innerHeight - 4) y = Math.max(4, clientY - box.height - margin);
    this.element.style.left = `${Math.round(x)}px`;
    this.element.style.top = `${Math.round(y)}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
