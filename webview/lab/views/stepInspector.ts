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
import { exportButtons, type SaveFile } from './chartExport';
import { el } from '../../common/dom';
import type { HeatmapCanvas } from './heatmapCanvas';
import { ForecastCharts } from './forecastChart';
import { InspectInputs } from './inspectInputs';
import { INPUT_ALIGN_LEFT, inputSignal, type InputSignalView } from './inputSignal';
import { addPngButton, inspectionCsv, type PngExport } from './inspectionExport';
import { OutputTable } from './outputTable';
import { outputRows } from './outputRows';
import { bridge } from './seq2seqView';
import { createStepper, type Stepper } from './stepSlider';
import {
  layerHeatmaps,
  layerKinds,
  type PlacedHeatmap,
  type StateHeatmapContext,
  type StepAxis,
} from './stateHeatmaps';
import type { Tooltip } from './tooltip';
import type { ViewText } from './viewText';

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
  private readonly inputs: InspectInputs;
  private readonly emptyNote: HTMLElement;
  private readonly content = el('div', { class: 'lab-inspection' });
  private readonly outputs: OutputTable;
  /** Real-valued inputs: the channels or spectrogram under the first hidden state. */
  private signal: InputSignalView | undefined;
  private readonly forecasts: ForecastCharts;
  private readonly png: PngExport;
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
    inspect: (input: string) => void,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
  ) {
    this.inputs = new InspectInputs(text, inspect);
    this.png = { text, save, stem, onError };
    this.emptyNote = el(
      'div',
      { class: 'lab-empty lab-empty-block', role: 'note' },
      text.emptyInspector,
    );
    this.outputs = new OutputTable(text);
    this.forecasts = new ForecastCharts(lang);
    this.inputs.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-inspection`,
          csv: () => (this.inspection ? inspectionCsv(this.inspection) : ''),
          json: () => this.inspection,
        },
        onError,
      ),
    );
    this.element = el(
      'div',
      { class: 'lab-inspector', 'data-testid': 'inspector' },
      this.inputs.element,
      this.emptyNote,
      this.content,
    );
  }

  /** The spec's `inspect.inputs` as one-click chips. */
  setSpec(spec: ResolvedSpec | undefined): void {
    this.inputs.setSpec(spec);
  }

  setSamples(samples: { input: string; target: string }[]): void {
    this.inputs.setSamples(samples);
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
    this.inputs.toolbar.hidden = false;
    const realInput = inspection.inputValues !== undefined && !inspection.seq2seq;
    const ctx: StateHeatmapContext = {
      lang: this.lang,
      text: this.text,
      tooltip: this.tooltip,
      onPick: (axis, step) => this.setStep(axis, step),
      ...(realInput ? { alignLeft: INPUT_ALIGN_LEFT } : {}),
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
      if (realInput) this.placeSignal(inspection);
    }
    this.forecasts.show(inspection, this.targetFor(inspection));
    parts.push(this.forecasts.element);
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
    this.forecasts.show(inspection, this.targetFor(inspection));
    this.outputs.show(inspection, outputRows(inspection, this.targetFor(inspection)));
    this.setStep('input', this.steps.input);
    if (s2s) this.setStep('decoder', this.steps.decoder);
  }

  /** The input's channels or spectrogram under the first h_t, steps in the same columns. */
  private placeSignal(inspection: Inspection): void {
    const signal = inputSignal(inspection, {
      lang: this.lang,
      tooltip: this.tooltip,
      onPick: (step) => this.setStep('input', step),
    });
    const h = this.placed.find((p) => p.axis === 'input' && p.kind === 'h');
    if (!signal || !h) {
      signal?.dispose();
      return;
    }
    this.signal = signal;
    h.figure.after(signal.figure);
    h.figure.parentElement?.classList.add('is-aligned');
    this.addPng(signal.figure, [signal.canvas], 'input');
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
    this.inputs.toolbar.hidden = true;
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
    if (axis === 'input') this.signal?.setHighlight(s);
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

  private targetFor(inspection: Inspection): string | undefined {
    return this.inputs.targetFor(inspection.inputTokens, inspection.inputValues !== undefined);
  }

  private stepper(
    axis: StepAxis,
    tokens: readonly string[],
    label: string,
    testid: string,
  ): Stepper {
    const stepper = createStepper(axis, tokens, label, testid, {
      setStep: (a, step) => this.setStep(a, step),
      step: (a) => this.steps[a],
    });
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
    addPngButton(figure, canvases, name, this.png);
  }

  private dispose(): void {
    for (const p of this.placed) p.heatmap.dispose();
    for (const h of this.extra) h.dispose();
    this.signal?.dispose();
    this.signal = undefined;
    this.forecasts.dispose();
    this.attention?.dispose();
    this.placed = [];
    this.extra = [];
    this.attention = undefined;
    this.refreshAttention = undefined;
    this.refreshContext = undefined;
    this.tooltip.hide();
  }
}
