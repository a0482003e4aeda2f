/**
 * The inspector's input picker: a typed sequence, the spec's `inspect.inputs` as one-click chips,
 * a test sample from a list, and the export buttons of the inspection shown.
 */
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import { ruleTarget } from '../../../src/tasks/ruleTargets';
import { button, el } from '../../common/dom';
import type { ViewText } from './viewText';

/** Long real-valued sequences stay readable in the sample picker. */
function shorten(text: string, max = 32): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export class InspectInputs {
  readonly element: HTMLElement;
  /** Where the inspection's export buttons go (hidden while there is nothing to export). */
  readonly toolbar = el('div', { class: 'lab-card-tools' });
  private readonly input: HTMLInputElement;
  private readonly sampleSelect: HTMLSelectElement;
  private readonly specInputs = el('div', { class: 'lab-chips', role: 'group' });
  private readonly samplesBox: HTMLElement;
  private samples: { input: string; target: string }[] = [];
  /** The input last asked for (typed, a chip or a sample). */
  private lastRequest: string | undefined;
  private spec: ResolvedSpec | undefined;

  constructor(
    private readonly text: ViewText,
    private readonly inspect: (input: string) => void,
  ) {
    const t = text;
    this.input = el('input', {
      type: 'text',
      id: 'lab-inspect-input',
      class: 'lab-input',
      'data-testid': 'inspect-input',
      placeholder: t.inputPlaceholder,
      spellcheck: 'false',
      autocomplete: 'off',
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.submit(this.input.value);
      }
    });
    const go = button(
      t.inspect,
      { icon: 'search', testid: 'inspect-button', class: 'lab-button lab-button-primary' },
      () => this.submit(this.input.value),
    );
    this.sampleSelect = el('select', {
      id: 'lab-sample',
      class: 'lab-select',
      'data-testid': 'sample-picker',
    });
    this.sampleSelect.addEventListener('change', () => {
      const sample = this.samples[Number(this.sampleSelect.value)];
      if (!sample) return;
      this.input.value = sample.input;
      this.submit(sample.input);
    });
    this.samplesBox = el(
      'div',
      { class: 'lab-field', hidden: true },
      el('label', { for: 'lab-sample' }, t.sampleLabel),
      this.sampleSelect,
    );
    this.specInputs.setAttribute('aria-label', t.specInputs);
    this.toolbar.hidden = true;
    this.element = el(
      'div',
      { class: 'lab-inspect-controls' },
      el(
        'div',
        { class: 'lab-field' },
        el('label', { for: 'lab-inspect-input' }, t.inputLabel),
        el('div', { class: 'lab-inline' }, this.input, go),
      ),
      this.samplesBox,
      el(
        'div',
        { class: 'lab-field' },
        el('span', { class: 'lab-label' }, t.specInputs),
        this.specInputs,
      ),
      this.toolbar,
    );
  }

  /** The spec's `inspect.inputs` as one-click chips. */
  setSpec(spec: ResolvedSpec | undefined): void {
    this.spec = spec;
    const inputs = spec?.inspect.inputs ?? [];
    this.specInputs.replaceChildren(
      ...inputs.map((input) =>
        button(input, { class: 'lab-chip', testid: 'spec-input' }, () => {
          this.input.value = input;
          this.submit(input);
        }),
      ),
    );
    this.specInputs.parentElement?.toggleAttribute('hidden', inputs.length === 0);
    if (inputs.length > 0 && this.input.value === '') this.input.value = inputs[0] ?? '';
  }

  setSamples(samples: { input: string; target: string }[]): void {
    this.samples = samples;
    this.sampleSelect.replaceChildren(
      el('option', { value: '', disabled: true, selected: true }, this.text.samplePlaceholder),
      ...samples.map((s, i) =>
        el(
          'option',
          { value: String(i), title: `${s.input} → ${s.target}` },
          this.text.sampleOption(shorten(s.input), shorten(s.target)),
        ),
      ),
    );
    this.samplesBox.hidden = samples.length === 0;
  }

  /**
   * The target of the input shown: a test sample's (the one last asked for, else, for symbols,
   * the one whose input the inspection's tokens spell), else the task's rule's for any typed
   * input (copy, reverse, sort, addition, parity, delayed-recall), so a typed sequence also gets
   * its target and correct/incorrect rows.
   */
  targetFor(inputTokens: readonly string[], realValued: boolean): string | undefined {
    const byInput = (input: string | undefined): string | undefined =>
      input === undefined ? undefined : this.samples.find((s) => s.input.trim() === input)?.target;
    const typed = byInput(this.lastRequest);
    if (typed !== undefined) return typed;
    if (realValued) return undefined;
    const sample = byInput(inputTokens.join(''));
    if (sample !== undefined) return sample;
    return this.spec ? ruleTarget(this.spec, inputTokens)?.join('') : undefined;
  }

  private submit(raw: string): void {
    const input = raw.trim();
    if (input === '') {
      this.input.focus();
      return;
    }
    this.lastRequest = input;
    this.inspect(input);
  }
}
