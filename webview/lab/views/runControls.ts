/**
 * The top of the lab: which spec, the Train / Pause·Resume / Stop / Reset buttons, the learning
 * rate and teacher forcing (they apply between epochs), the seed, the backend badge with its
 * renderer and reason, and one state line. Buttons are enabled by the runtime's state, so a
 * click always means something; their places never change.
 */
import type { EpochEvent } from '../../../src/engine/trainEvents';
import type { Lang } from '../../../src/explain/termIds';
import type { RunSummary, SpecSnapshot } from '../../../src/protocol/messages';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import { runPurposeLabel, runTimeLabel } from '../../common/runLabel';
import { formatBytes } from '../../../src/spec/memoryEstimate';
import type { BackendInfo, LabActions, RuntimeState } from '../labContracts';
import { button, el, replaceChildren, setButtonLabel } from '../../common/dom';
import type { ViewText } from './viewText';

export class RunControls {
  readonly element: HTMLElement;
  private readonly specLine = el('div', { class: 'lab-spec-line', 'data-testid': 'spec-summary' });
  private readonly seed = el('span', { class: 'lab-seed', 'data-testid': 'seed' });
  private readonly backend = el('div', {
    class: 'lab-backend',
    'data-testid': 'backend',
    role: 'status',
  });
  // Read by screen readers and tests, shown on the backend badge's hover: not a header line.
  private readonly memory = el('span', { class: 'lab-sr-only', 'data-testid': 'memory' });
  private readonly stateLine = el('div', {
    class: 'lab-state',
    'data-testid': 'state',
    role: 'status',
    'aria-live': 'polite',
  });
  private readonly train: HTMLButtonElement;
  private readonly pause: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly reset: HTMLButtonElement;
  private readonly learningRate: HTMLInputElement;
  private readonly lrNote = el('span', {
    class: 'lab-field-note',
    id: 'lab-lr-note',
    'aria-live': 'polite',
  });
  private readonly teacherForcing: HTMLInputElement;
  private readonly tfValue = el('output', { class: 'lab-field-value', for: 'lab-tf' });
  private readonly tfNote = el('span', { class: 'lab-field-note', 'aria-live': 'polite' });
  private state: RuntimeState = 'empty';
  private snapshot: SpecSnapshot | undefined;
  private run: { summary: RunSummary; spec: ResolvedSpec } | undefined;
  private canTrain = false;
  private seq2seq = false;
  private appliedLr: number | undefined;
  private appliedTf: number | undefined;

  constructor(
    private readonly text: ViewText,
    actions: LabActions,
    private readonly lang: Lang,
  ) {
    const t = text;
    this.train = button(
      t.train,
      { icon: 'play', testid: 'train', class: 'lab-button lab-button-primary' },
      () => actions.train(),
    );
    this.pause = button(t.pause, { icon: 'debug-pause', testid: 'pause-resume' }, () => {
      if (this.state === 'paused') actions.resume();
      else actions.pause();
    });
    this.stop = button(t.stop, { icon: 'debug-stop', testid: 'stop' }, () => actions.stop());
    this.reset = button(t.reset, { icon: 'discard', testid: 'reset', title: t.resetTitle }, () =>
      actions.reset(),
    );

    this.learningRate = el('input', {
      type: 'number',
      id: 'lab-lr',
      class: 'lab-input lab-input-number',
      'data-testid': 'learning-rate',
      min: 0,
      step: 'any',
      inputmode: 'decimal',
      'aria-describedby': 'lab-lr-note',
    });
    this.learningRate.addEventListener('change', () => {
      const value = Number(this.learningRate.value);
      const valid = this.learningRate.value.trim() !== '' && Number.isFinite(value) && value > 0;
      this.learningRate.setAttribute('aria-invalid', String(!valid));
      if (!valid) {
        this.lrNote.textContent = t.invalidLearningRate;
        this.lrNote.dataset.tone = 'error';
        return;
      }
      this.lrNote.dataset.tone = '';
      this.lrNote.textContent = value === this.appliedLr ? '' : t.appliesNextEpoch;
      actions.setLearningRate(value);
    });
    this.teacherForcing = el('input', {
      type: 'range',
      id: 'lab-tf',
      class: 'lab-slider lab-slider-short',
      'data-testid': 'teacher-forcing',
      min: 0,
      max: 1,
      step: 0.05,
      value: 1,
    });
    this.teacherForcing.addEventListener('input', () => {
      this.tfValue.value = Number(this.teacherForcing.value).toFixed(2);
    });
    this.teacherForcing.addEventListener('change', () => {
      const value = Number(this.teacherForcing.value);
      this.tfNote.textContent = value === this.appliedTf ? '' : t.appliesNextEpoch;
      actions.setTeacherForcing(value);
    });

    // Two rows: what is trained (spec, seed, memory), then the controls with the state and the
    // backend in words at the end; details (renderer, why this backend) on hover.
    this.element = el(
      'header',
      { class: 'lab-header' },
      el('div', { class: 'lab-header-top' }, this.specLine, this.seed, this.memory),
      el(
        'div',
        { class: 'lab-controls', role: 'toolbar', 'aria-label': t.controlsLabel },
        this.train,
        this.pause,
        this.stop,
        this.reset,
        el(
          'div',
          { class: 'lab-field lab-field-inline' },
          el('label', { for: 'lab-lr' }, t.learningRate),
          this.learningRate,
          this.lrNote,
        ),
        el(
          'div',
          { class: 'lab-field lab-field-inline', 'data-testid': 'teacher-forcing-field' },
          el('label', { for: 'lab-tf' }, t.teacherForcing),
          this.teacherForcing,
          this.tfValue,
          this.tfNote,
        ),
        this.stateLine,
        this.backend,
      ),
    );
    this.showBackend(undefined);
    this.showState('empty');
    this.showSpec(undefined);
  }

  /**
   * The run the lab shows when it is not the spec's own (one opened from the side bar, e.g. a
   * compare variant), or undefined when the lab trains the spec itself.
   */
  showRun(run: { summary: RunSummary; spec: ResolvedSpec } | undefined): void {
    this.run = run;
    this.showSpec(this.snapshot);
  }

  showSpec(snapshot: SpecSnapshot | undefined): void {
    this.snapshot = snapshot;
    const t = this.text;
    const spec = snapshot?.spec;
    this.canTrain = spec !== undefined && snapshot?.dataLoaded !== false;
    if (!snapshot) {
      this.specLine.textContent = t.noSpec;
      this.seed.textContent = '';
    } else if (!spec) {
      this.specLine.replaceChildren(el('strong', {}, snapshot.fileName));
      this.seed.textContent = '';
    } else {
      const m = (this.run?.spec ?? spec).model;
      const facts = [
        `${t.task} ${spec.task.kind}`,
        m.architecture,
        `${t.cellWord} ${m.cell.toUpperCase()}`,
        `${t.hiddenWord} ${m.hidden}`,
        `${t.layersWord} ${m.layers}`,
      ];
      if (m.architecture === 'seq2seq') facts.push(`${t.attentionWord} ${m.attention}`);
      facts.push(`${t.epochsWord} ${spec.train.epochs}`, `${t.batchWord} ${spec.train.batchSize}`);
      // The run's own truncation (a sweep point over train.tbptt has its own), else the spec's.
      const tbptt = (this.run?.spec ?? spec).train.tbptt;
      if (tbptt !== undefined && m.architecture !== 'seq2seq') facts.push(t.tbpttWord(tbptt));
      // A run opened from the side bar: its own model (a compare run's cell, not the spec's),
      // what it was for and when it started.
      const run = this.run?.summary;
      const runWords = run
        ? [runPurposeLabel(run.purpose, this.lang), runTimeLabel(run.started)].filter((w) => w)
        : [];
      this.specLine.replaceChildren(
        el('strong', { title: snapshot.fileName }, spec.name),
        ...(run && runWords.length > 0
          ? [
              el(
                'span',
                { class: 'lab-run-label', 'data-testid': 'run-label' },
                ` · ${runWords.join(' · ')}`,
              ),
            ]
          : []),
        el('span', { class: 'lab-muted' }, ` · ${facts.join(' · ')}`),
      );
      this.seed.textContent = t.seed(spec.train.seed);
      this.learningRate.value = String(spec.train.learningRate);
      this.learningRate.placeholder = String(spec.train.learningRate);
      this.learningRate.setAttribute('aria-invalid', 'false');
      this.appliedLr = spec.train.learningRate;
      this.appliedTf = spec.train.teacherForcing;
      this.teacherForcing.value = String(spec.train.teacherForcing);
      this.tfValue.value = spec.train.teacherForcing.toFixed(2);
      this.lrNote.textContent = '';
      this.tfNote.textContent = '';
      this.seq2seq = m.architecture === 'seq2seq';
    }
    this.teacherForcing.disabled = !this.seq2seq;
    this.teacherForcing.title = this.seq2seq ? '' : t.teacherForcingOff;
    this.updateButtons();
  }

  /** The values an epoch trained with: the notes "applies from the next epoch" go once they apply. */
  epochApplied(event: EpochEvent): void {
    this.appliedLr = event.learningRate;
    this.appliedTf = event.teacherForcing;
    if (Number(this.learningRate.value) === event.learningRate) this.lrNote.textContent = '';
    if (Number(this.teacherForcing.value) === event.teacherForcing) this.tfNote.textContent = '';
  }

  showBackend(info: BackendInfo | undefined): void {
    const t = this.text;
    if (!info) {
      this.backend.replaceChildren(el('span', { class: 'lab-badge' }, t.backendPending));
      return;
    }
    const renderer = info.renderer === '' ? t.noRenderer : info.renderer;
    this.backend.dataset.backend = info.name;
    this.backend.dataset.software = String(info.softwareRenderer);
    this.backend.dataset.renderer = info.renderer;
    // The renderer's own string (ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))) is for the
    // curious: the badge says in words what it means for training, the hover has the rest.
    this.backend.title = `${t.backendLabel}: ${info.name}\n${renderer}\n${info.reason}`;
    this.backend.replaceChildren(
      el(
        'span',
        { class: `lab-badge ${info.softwareRenderer ? 'is-warning' : ''}` },
        t.backendWords(info.name, info.softwareRenderer, softwareRendererName(info.renderer)),
      ),
    );
  }

  /** The backend's tensor memory now (a leak shows as a number that only grows). */
  showMemory(tensors: number, bytes: number): void {
    this.memory.textContent = this.text.tensorMemory(tensors, formatBytes(bytes));
    this.memory.title = this.text.tensorMemoryTitle;
    const details = this.backend.title.split('\n').slice(0, 3);
    if (details.length > 0 && details[0] !== '') {
      this.backend.title = [...details, this.memory.textContent].join('\n');
    }
  }

  showState(state: RuntimeState, detail?: string): void {
    this.state = state;
    this.stateLine.dataset.state = state;
    replaceChildren(
      this.stateLine,
      el('span', { class: 'lab-state-dot', 'aria-hidden': 'true' }),
      el('strong', {}, this.text.states[state]),
      detail ? el('span', { class: 'lab-muted' }, ` — ${detail}`) : null,
    );
    this.updateButtons();
  }

  private updateButtons(): void {
    const s = this.state;
    const running = s === 'training' || s === 'paused';
    this.train.disabled = !this.canTrain || running || s === 'empty';
    this.pause.disabled = !running;
    this.stop.disabled = !running;
    this.reset.disabled = running || s === 'empty';
    setButtonLabel(
      this.pause,
      s === 'paused' ? this.text.resume : this.text.pause,
      s === 'paused' ? 'debug-continue' : 'debug-pause',
    );
    this.pause.setAttribute('aria-pressed', String(s === 'paused'));
  }
}

/** The short name of a CPU-emulated GPU (SwiftShader, llvmpipe, …) in a renderer string, or ''. */
export function softwareRendererName(renderer: string): string {
  return /SwiftShader|llvmpipe|softpipe|Microsoft Basic Render|WARP/i.exec(renderer)?.[0] ?? '';
}
