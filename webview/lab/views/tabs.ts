/**
 * The lab's sections as an accessible tab list (WAI-ARIA tabs pattern): ←/→, Home and End move
 * between tabs, only the selected tab is in the Tab order, panels are labelled by their tab.
 * A tab can carry a dot that says "something new here" (also in its accessible name).
 */
import { el } from '../../common/dom';

export interface TabSpec<K extends string> {
  key: K;
  label: string;
  panel: HTMLElement;
}

export class Tabs<K extends string> {
  readonly element: HTMLElement;
  private readonly buttons = new Map<K, HTMLButtonElement>();
  private readonly panels = new Map<K, HTMLElement>();
  private current: K;

  constructor(
    label: string,
    tabs: readonly TabSpec<K>[],
    private readonly onSelect?: (key: K) => void,
  ) {
    const list = el('div', { class: 'lab-tablist', role: 'tablist', 'aria-label': label });
    const panels = el('div', { class: 'lab-panels' });
    for (const tab of tabs) {
      const id = `lab-tab-${tab.key}`;
      const panelId = `lab-panel-${tab.key}`;
      const b = el(
        'button',
        {
          type: 'button',
          role: 'tab',
          id,
          class: 'lab-tab',
          'aria-controls': panelId,
          'aria-selected': 'false',
          tabindex: -1,
          'data-testid': `tab-${tab.key}`,
        },
        el('span', {}, tab.label),
        el('span', { class: 'lab-tab-dot', 'aria-hidden': 'true' }),
      );
      b.addEventListener('click', () => this.select(tab.key, true));
      b.addEventListener('keydown', (e) => this.onKey(e, tab.key));
      list.appendChild(b);
      this.buttons.set(tab.key, b);
      tab.panel.id = panelId;
      tab.panel.setAttribute('role', 'tabpanel');
      tab.panel.setAttribute('aria-labelledby', id);
      tab.panel.tabIndex = 0;
      tab.panel.hidden = true;
      tab.panel.classList.add('lab-panel');
      panels.appendChild(tab.panel);
      this.panels.set(tab.key, tab.panel);
    }
    const first = tabs[0];
    if (!first) throw new Error('tabs need at least one tab');
    this.current = first.key;
    this.element = el('div', { class: 'lab-tabs' }, list, panels);
    this.select(first.key, false);
  }

  get selected(): K {
    return this.current;
  }

  select(key: K, focus = false): void {
    this.current = key;
    for (const [k, b] of this.buttons) {
      const on = k === key;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on) this.mark(k, false);
    }
    for (const [k, p] of this.panels) p.hidden = k !== key;
    if (focus) this.buttons.get(key)?.focus();
    this.onSelect?.(key);
  }

  /** A dot on a tab that is not selected: new content arrived there. */
  mark(key: K, on = true): void {
    const b = this.buttons.get(key);
    if (!b) return;
    b.classList.toggle('has-news', on && key !== this.current);
  }

  private onKey(e: KeyboardEvent, key: K): void {
    const keys = [...this.buttons.keys()];
    const i = keys.indexOf(key);
    let next: K | undefined;
    if (e.key === 'ArrowRight') next = keys[(i + 1) % keys.length];
    else if (e.key === 'ArrowLeft') next = keys[(i - 1 + keys.length) % keys.length];
    else if (e.key === 'Home') next = keys[0];
    else if (e.key === 'End') next = keys[keys.length - 1];
    if (next === undefined) return;
    e.preventDefault();
    this.select(next, true);
  }
}
