/**
 * The step inspector, the heart of the lab: pick an input (typed, from the spec's
 * `inspect.inputs`, or a test sample), then see every layer's h_t, c_t and gates as heatmaps
 * over its time steps, walk through time with the step slider (every heatmap of every layer
 * follows), read each step's output and, for Seq2Seq, the context vector and attention.
 */
import type { Inspection, LayerTrace } from '../../../src/engine/inspectSequence';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import { layerLabel, type Lang } from '../../../src/explain';
import { attentionMatrix } from './attentionMatrix';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { button, el } from './dom';
import type { HeatmapCanvas } from './heatmapCanvas';
import { OutputTable } from './outputTable';
import { outputRows } from './outputRows';
import { bridge } from './seq2seqView';
import { kindTitle } from './stateKinds';
import {
  layerHeatmaps,
  layerKinds,
  type PlacedHeatmap,
  type StateHeatmapContext,
  type StepAxis,
} from './stateHeatmaps';
import type { Tooltip } from './tooltip';
import type { ViewText } from './viewText';

interface Stepper {
  element: HTMLElement;
  slider: HTMLInputElement;
  readout: HTMLOutputElement;
  tokens: readonly string[];
}

/** Long real-valued sequences stay readable in the sample picker. */
function shorten(text: string, max = 32): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Architecture, input and every layer's size and parts: equal shapes can be redrawn in place. */
function shapeOf(inspection: Inspection): string {
  const layers = (list: readonly LayerTrace[]): string[] =>
    list.map(
      (l) =>
        `${l.label}:${l.hidden}:${l.h.length}:${l.c ? 'c' : ''}${Object.keys(l.gates).sort().join('')}`,
    );
  return JSON.stringify([
    inspection.architecture,
    inspection.inputTokens,
    layers(inspection.layers),
    layers(inspection.seq2seq?.decoder ?? []),
    inspection.seq2seq?.attention?.length ?? -1,
    inspection.outputs.length,
  ]);
}

export class StepInspector {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly sampleSelect: HTMLSelectElement;
  private readonly specInputs = el('div', { class: 'lab-chips', role: 'group' });
  private readonly samplesBox: HTMLElement;
  private readonly emptyNote: HTMLElement;
  private readonly content = el('div', { class: 'lab-inspection' });
  private readonly toolbar = el('div', { class: 'lab-card-tools' });
  private readonly outputs: OutputTable;
  private samples: { input: string; target: string }[] = [];
  private lastRequest: string | undefined;
  private inspection: Inspection | undefined;
  private placed: PlacedHeatmap[] = [];
  private extra: HeatmapCanvas[] = [];
  private attention: HeatmapCanvas | undefined;
  private steppers: Partial<Record<StepAxis, Stepper>> = {};
  private steps: Record<StepAxis, number> = { input: 0, decoder: 0 };
  /** What decides whether a new inspection can be drawn into the existing heatmaps. */
  private shapeKey: string | undefined;
  private refreshContext:
    ((context: NonNullable<Inspection['seq2seq']>['context']) => void) | undefined;
  private refreshAttention:
    ((weights: readonly (readonly number[])[], tokens: readonly string[]) => void) | undefined;
  private readonly decodedText = el('span', { class: 'tok strong' });
  private readonly notEndedText = el('span', { class: 'lab-muted' });

  constructor(
    private readonly text: ViewText,
    private readonly lang: Lang,
    private readonly tooltip: Tooltip,
    private readonly inspect: (input: string) => void,
    private readonly save: SaveFile,
    private readonly stem: () => string,
    private readonly onError: (message: string) => void,
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
    this.emptyNote = el(
      'div',
      { class: 'lab-empty lab-empty-block', role: 'note' },
      t.emptyInspector,
    );
    this.outputs = new OutputTable(t);
    this.toolbar.appendChild(
      exportButtons(
        t,
        save,
        {
          name: () => `${stem()}-inspection`,
          csv: () => this.csv(),
          json: () => this.inspection,
        },
        onError,
      ),
    );
    this.toolbar.hidden = true;
    this.element = el(
      'div',
      { class: 'lab-inspector', 'data-testid': 'inspector' },
      el(
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
      ),
      this.emptyNote,
      this.content,
    );
  }

  /** The spec's `inspect.inputs` as one-click chips. */
  setSpec(spec: ResolvedSpec | undefined): void {
    const inputs = spec?.inspect.inputs ?? [];
    this.specInputs.replaceChildren(
      ...inputs.map((input) => {
        const chip = button(input, { class: 'lab-chip', testid: 'spec-input' }, () => {
          this.input.value = input;
          this.submit(input);
        });
        return chip;
      }),
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

  get hasInspection(): boolean {
    return this.inspection !== undefined;
  }

  /** The input the inspector shows (its tokens), to tell a new input from a refresh. */
  get inputKey(): string | undefined {
    return this.inspection?.inputTokens.join('\u0001');
  }

  /**
   * Draws an inspection. The same input and model shape again (the runtime re-inspects after
   * every epoch) updates the heatmaps in place and keeps the step; anything else rebuilds.
   */
  show(inspection: Inspection): void {
    const key = shapeOf(inspection);
    if (key === this.shapeKey && this.inspection) {
      this.update(inspection);
      return;
    }
    const sameInput = this.inputKey === inspection.inputTokens.join('\u0001');
    const keep = sameInput ? { ...this.steps } : { input: 0, decoder: 0 };
    this.dispose();
    this.shapeKey = key;
    this.inspection = inspection;
    this.emptyNote.hidden = true;
    this.toolbar.hidden = false;
    const ctx: StateHeatmapContext = {
      lang: this.lang,
      text: this.text,
      tooltip: this.tooltip,
      onPick: (axis, step) => this.setStep(axis, step),
    };
    const s2s = inspection.seq2seq;
    const parts: HTMLElement[] = [];
    this.steppers = {};
    const inputStepper = this.stepper(
      'input',
      inspection.inputTokens,
      this.text.stepSlider,
      'step-slider',
    );
    parts.push(
      el(
        'div',
        { class: 'lab-steppers' },
        inputStepper.element,
        s2s
          ? this.stepper(
              'decoder',
              s2s.decoderInputs,
              this.text.decoderStepSlider,
              'decoder-step-slider',
            ).element
          : null,
      ),
    );

    if (s2s) {
      const b = bridge(inspection, ctx);
      this.placed.push(...b.placed);
      this.extra.push(...b.context);
      parts.push(b.element);
      this.refreshContext = b.refreshContext;
      this.setDecoded(s2s);
      parts.push(
        el(
          'p',
          { class: 'lab-decoded', 'data-testid': 'decoded' },
          el('span', { class: 'lab-label' }, `${this.text.decodedLabel}: `),
          this.decodedText,
          this.notEndedText,
        ),
      );
      if (s2s.attention) {
        const m = attentionMatrix(
          s2s.attention,
          inspection.outputs.map((o) => o.token ?? '?'),
          inspection.inputTokens,
          {
            lang: this.lang,
            text: this.text,
            tooltip: this.tooltip,
            onPickEncoder: (step) => this.setStep('input', step),
            onPickDecoder: (step) => this.setStep('decoder', step),
          },
        );
        this.attention = m.heatmap;
        this.refreshAttention = m.refresh;
        this.addPng(m.figure, [m.heatmap.element], 'attention');
        parts.push(m.figure);
      }
      parts.push(this.layerSections(inspection.layers, inspection.inputTokens, 'input', ctx, true));
      parts.push(this.layerSections(s2s.decoder, s2s.decoderInputs, 'decoder', ctx, true));
    } else {
      parts.push(
        this.layerSections(inspection.layers, inspection.inputTokens, 'input', ctx, false),
      );
    }
    this.outputs.show(inspection, outputRows(inspection, this.targetFor(inspection)));
    parts.push(this.outputs.element);
    this.content.replaceChildren(...parts);
    for (const p of this.placed) {
      this.addPng(p.figure, [p.heatmap.element], `${p.layer}-${p.kind}`);
    }
    this.steps = { input: 0, decoder: 0 };
    this.setStep('input', keep.input);
    if (s2s) this.setStep('decoder', keep.decoder);
  }

  private update(inspection: Inspection): void {
    this.inspection = inspection;
    const s2s = inspection.seq2seq;
    const find = (axis: StepAxis, label: string): LayerTrace | undefined =>
      (axis === 'decoder' ? s2s?.decoder : inspection.layers)?.find((l) => l.label === label);
    for (const p of this.placed) {
      const layer = find(p.axis, p.layer);
      if (layer)
        p.refresh(
          layer,
          p.axis === 'decoder' ? (s2s?.decoderInputs ?? []) : inspection.inputTokens,
        );
    }
    if (s2s) {
      this.refreshContext?.(s2s.context);
      if (s2s.attention)
        this.refreshAttention?.(
          s2s.attention,
          inspection.outputs.map((o) => o.token ?? '?'),
        );
      this.setDecoded(s2s);
      const decoder = this.steppers.decoder;
      if (decoder) decoder.tokens = s2s.decoderInputs;
    }
    this.outputs.show(inspection, outputRows(inspection, this.targetFor(inspection)));
    this.setStep('input', this.steps.input);
    if (s2s) this.setStep('decoder', this.steps.decoder);
  }

  private setDecoded(s2s: NonNullable<Inspection['seq2seq']>): void {
    this.decodedText.textContent = s2s.decoded.join('');
    this.notEndedText.textContent = s2s.ended ? '' : ` ${this.text.notEnded}`;
  }

  clear(): void {
    this.dispose();
    this.inspection = undefined;
    this.shapeKey = undefined;
    this.content.replaceChildren();
    this.emptyNote.hidden = false;
    this.toolbar.hidden = true;
  }

  /** Walks every heatmap on `axis` to `step` (0-based), with the slider and the outputs. */
  setStep(axis: StepAxis, step: number): void {
    const stepper = this.steppers[axis];
    if (!stepper) return;
    const max = stepper.tokens.length - 1;
    const s = Math.max(0, Math.min(max, Math.round(step)));
    this.steps[axis] = s;
    stepper.slider.value = String(s);
    stepper.slider.setAttribute(
      'aria-valuetext',
      this.text.stepValue(s + 1, max + 1, stepper.tokens[s] ?? ''),
    );
    stepper.readout.value = this.text.stepValue(s + 1, max + 1, stepper.tokens[s] ?? '');
    for (const p of this.placed) if (p.axis === axis) p.heatmap.setHighlight(s);
    if (this.attention) {
      if (axis === 'input') this.attention.setHighlight(s);
      else this.attention.setHighlightRow(s);
    }
    this.outputs.highlight(axis, s);
  }

  /** Brings a gate's heatmap into view; false when the inspection has none. */
  focusGate(layer: string, gate: string): boolean {
    const hit = this.placed.find((p) => p.layer === layer && p.kind === gate);
    if (!hit) return false;
    hit.figure.scrollIntoView({ block: 'center', behavior: 'smooth' });
    hit.figure.classList.remove('is-flash');
    void hit.figure.offsetWidth; // restart the animation
    hit.figure.classList.add('is-flash');
    hit.heatmap.element.focus({ preventScroll: true });
    return true;
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

  private targetFor(inspection: Inspection): string | undefined {
    const byInput = (input: string | undefined): string | undefined =>
      input === undefined ? undefined : this.samples.find((s) => s.input.trim() === input)?.target;
    const typed = byInput(this.lastRequest);
    if (typed !== undefined) return typed;
    return inspection.inputValues ? undefined : byInput(inspection.inputTokens.join(''));
  }

  private stepper(
    axis: StepAxis,
    tokens: readonly string[],
    label: string,
    testid: string,
  ): Stepper {
    const id = `lab-${testid}`;
    const slider = el('input', {
      type: 'range',
      id,
      class: 'lab-slider',
      min: 0,
      max: Math.max(0, tokens.length - 1),
      step: 1,
      value: 0,
      'data-testid': testid,
    });
    slider.addEventListener('input', () => this.setStep(axis, Number(slider.value)));
    const readout = el('output', { for: id, class: 'lab-step-readout' });
    const prev = button('◀', { class: 'lab-button lab-button-small', title: `${label} −1` }, () =>
      this.setStep(axis, this.steps[axis] - 1),
    );
    const next = button('▶', { class: 'lab-button lab-button-small', title: `${label} +1` }, () =>
      this.setStep(axis, this.steps[axis] + 1),
    );
    prev.setAttribute('aria-label', `${label} −1`);
    next.setAttribute('aria-label', `${label} +1`);
    const element = el(
      'div',
      { class: 'lab-stepper' },
      el('label', { for: id }, label),
      prev,
      slider,
      next,
      readout,
    );
    const stepper = { element, slider, readout, tokens };
    this.steppers[axis] = stepper;
    return stepper;
  }

  /** Per layer: a heading and its heatmaps (`skipH`: h is already in the Seq2Seq bridge). */
  private layerSections(
    layers: readonly LayerTrace[],
    tokens: readonly string[],
    axis: StepAxis,
    ctx: StateHeatmapContext,
    skipH: boolean,
  ): HTMLElement {
    const sections = layers.map((layer) => {
      const kinds = layerKinds(layer).filter((k) => !(skipH && k === 'h'));
      const placed = layerHeatmaps(layer, tokens, axis, ctx, kinds);
      this.placed.push(...placed);
      return el(
        'section',
        { class: 'lab-layer', 'data-layer': layer.label },
        el(
          'h4',
          {},
          `${layerLabel(layer.label, this.lang)} · ${layer.cell.toUpperCase()} · ${this.text.hiddenWord} ${layer.hidden}`,
        ),
        placed.length > 0
          ? el('div', { class: 'lab-heatmap-grid' }, ...placed.map((p) => p.figure))
          : null,
      );
    });
    const anyContent = sections.some((s) => s.querySelector('figure'));
    return el('div', { class: 'lab-layers', hidden: !anyContent }, ...sections);
  }

  private addPng(figure: HTMLElement, canvases: HTMLCanvasElement[], name: string): void {
    const caption = figure.querySelector('figcaption');
    if (!caption) return;
    const title = caption.querySelector('.lab-heatmap-title')?.textContent ?? name;
    const png = button(
      '',
      {
        icon: 'device-camera',
        class: 'lab-button lab-button-icon',
        title: this.text.exportAs('PNG'),
      },
      () => {
        canvasesToPng(canvases, title)
          .then((bytes) =>
            this.save(`${this.stem()}-${name.replace(/\s+/g, '')}.png`, 'png', bytes),
          )
          .catch((error: unknown) =>
            this.onError(this.text.exportFailed(String((error as Error)?.message ?? error))),
          );
      },
    );
    png.setAttribute('aria-label', `${this.text.exportAs('PNG')}: ${title}`);
    png.dataset.export = 'png';
    caption.appendChild(png);
  }

  private csv(): string {
    const inspection = this.inspection;
    if (!inspection) return '';
    const rows: (string | number)[][] = [];
    const add = (part: string, layer: LayerTrace, tokens: readonly string[]): void => {
      for (const kind of layerKinds(layer)) {
        const values =
          kind === 'h'
            ? layer.h
            : kind === 'c'
              ? layer.c
              : layer.gates[kind as keyof LayerTrace['gates']];
        values?.forEach((row, t) =>
          row.forEach((v, u) =>
            rows.push([
              part,
              layer.label,
              kind,
              kindTitle(kind, 'en'),
              t + 1,
              tokens[t] ?? '',
              u + 1,
              v,
            ]),
          ),
        );
      }
    };
    for (const layer of inspection.layers) add('encoder', layer, inspection.inputTokens);
    for (const layer of inspection.seq2seq?.decoder ?? [])
      add('decoder', layer, inspection.seq2seq?.decoderInputs ?? []);
    return toCsv(['part', 'layer', 'kind', 'name', 'step', 'token', 'unit', 'value'], rows);
  }

  private dispose(): void {
    for (const p of this.placed) p.heatmap.dispose();
    for (const h of this.extra) h.dispose();
    this.attention?.dispose();
    this.placed = [];
    this.extra = [];
    this.attention = undefined;
    this.refreshAttention = undefined;
    this.refreshContext = undefined;
    this.tooltip.hide();
  }
}
