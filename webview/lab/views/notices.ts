/**
 * Things the user must know (a lost WebGL context, a fallback to WASM, an input the model cannot
 * read) as a short stack of dismissible notices, newest first; and, when training fails, what
 * happened and what to try.
 */
import { button, el, icon } from '../../common/dom';
import type { ViewText } from './viewText';

type Level = 'info' | 'warning' | 'error';

const MAX_NOTICES = 4;
const ICONS: Record<Level, string> = { info: 'info', warning: 'warning', error: 'error' };

export class Notices {
  /** `data-testid="notice"`: the live region holding the notices. */
  readonly element: HTMLElement;

  constructor(private readonly text: ViewText) {
    this.element = el('div', {
      class: 'lab-notices',
      'data-testid': 'notice',
      role: 'status',
      'aria-live': 'polite',
    });
  }

  show(message: string, level: Level): void {
    const item = el(
      'div',
      { class: `lab-notice is-${level}`, 'data-level': level },
      icon(ICONS[level]),
      el('span', { class: 'lab-notice-level' }, `${this.text.noticeLevels[level]}: `),
      el('span', { class: 'lab-notice-message' }, message),
    );
    const close = button(
      '×',
      { class: 'lab-button lab-button-icon', title: this.text.dismiss },
      () => item.remove(),
    );
    close.setAttribute('aria-label', this.text.dismiss);
    item.appendChild(close);
    // The same message again replaces the old one instead of stacking up.
    for (const old of this.element.querySelectorAll('.lab-notice')) {
      if (old.querySelector('.lab-notice-message')?.textContent === message) old.remove();
    }
    this.element.prepend(item);
    while (this.element.children.length > MAX_NOTICES) this.element.lastElementChild?.remove();
  }

  clear(): void {
    this.element.replaceChildren();
  }
}

export class FailurePanel {
  /** `data-testid="failure"`: the message of a failed run and what to try. */
  readonly element: HTMLElement;

  constructor(private readonly text: ViewText) {
    this.element = el('section', {
      class: 'lab-failure',
      'data-testid': 'failure',
      role: 'alert',
      hidden: true,
    });
  }

  show(message: string): void {
    const t = this.text;
    this.element.replaceChildren(
      el('h2', {}, icon('error'), ' ', t.failedTitle),
      el('p', { class: 'lab-failure-message' }, message),
      el('h3', {}, t.failedTipsTitle),
      el('ul', {}, ...t.failedTips.map((tip) => el('li', {}, tip))),
    );
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
