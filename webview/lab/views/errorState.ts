/**
 * A spec the lab cannot use says so, never with a blank panel: every problem as
 * `line:column path` and its message, each with a button that puts the editor's cursor on it.
 * Warnings of a valid spec are listed the same way, quieter.
 */
import type { SpecSnapshot } from '../../../src/protocol/messages';
import type { Problem } from '../../../src/spec/problems';
import { button, el, icon } from '../../common/dom';
import type { ViewText } from './viewText';

export class ErrorState {
  /** `data-testid="error-state"`: shown when the spec has errors. */
  readonly element: HTMLElement;
  /** Warnings of a valid spec. */
  readonly warnings: HTMLElement;

  constructor(
    private readonly text: ViewText,
    private readonly reveal: (problem: Problem) => void,
  ) {
    this.element = el('section', {
      class: 'lab-error-state',
      'data-testid': 'error-state',
      role: 'alert',
      hidden: true,
    });
    this.warnings = el('section', {
      class: 'lab-warnings',
      'data-testid': 'spec-warnings',
      hidden: true,
    });
  }

  show(snapshot: SpecSnapshot): void {
    const errors = snapshot.problems.filter((p) => p.severity === 'error');
    const warnings = snapshot.problems.filter((p) => p.severity !== 'error');
    const broken = snapshot.spec === undefined;
    this.element.hidden = !broken;
    this.warnings.hidden = broken || warnings.length === 0;
    if (broken) {
      const t = this.text;
      this.element.replaceChildren(
        el(
          'h2',
          {},
          icon('error'),
          ' ',
          errors.length > 0 ? t.errorTitle(errors.length) : t.noSpec,
        ),
        el('p', { class: 'lab-muted' }, el('code', {}, snapshot.fileName), ' — ', t.errorHint),
        this.list(snapshot, [...errors, ...warnings]),
      );
      this.warnings.replaceChildren();
    } else if (warnings.length > 0) {
      this.warnings.replaceChildren(
        el('h3', {}, icon('warning'), ' ', this.text.warningsTitle(warnings.length)),
        this.list(snapshot, warnings),
      );
      this.element.replaceChildren();
    }
  }

  hide(): void {
    this.element.hidden = true;
    this.warnings.hidden = true;
  }

  private list(snapshot: SpecSnapshot, problems: readonly Problem[]): HTMLElement {
    const t = this.text;
    return el(
      'ol',
      { class: 'lab-problems' },
      ...problems.map((p) =>
        el(
          'li',
          { class: `lab-problem is-${p.severity}`, 'data-line': p.line, 'data-column': p.column },
          el(
            'div',
            { class: 'lab-problem-where' },
            el('span', { class: 'lab-problem-severity' }, p.severity === 'error' ? '✗' : '!'),
            el('code', {}, `${p.line}:${p.column}`),
            ' ',
            el('code', { class: 'lab-problem-path' }, p.path === '' ? t.wholeFile : p.path),
          ),
          el('div', { class: 'lab-problem-message' }, p.message),
          button(
            t.revealProblem,
            {
              testid: 'reveal-problem',
              icon: 'go-to-file',
              class: 'lab-button lab-button-small',
              title: `${snapshot.fileName}: ${t.revealProblemTitle(p.line, p.column)}`,
            },
            () => this.reveal(p),
          ),
        ),
      ),
    );
  }
}
