/**
 * The lab page's views: `createLabViews` builds the page inside `root` and returns the
 * `LabViews` that main.ts drives (see labContracts.ts). It draws, and asks for things only
 * through `LabActions`; it never trains, never talks to the host.
 */
import '@vscode/codicons/dist/codicon.css';
import '../../common/theme.css';
import '../../common/components.css';
import './lab.css';
import './training.css';
import './inspector.css';
import type { Inspection } from '../../../src/engine/inspectSequence';
import type { Lang } from '../../../src/explain/termIds';
import type { TrainEvent } from '../../../src/engine/trainEvents';
import type {
  BottleneckResult,
  CompareResult,
  GateFocus,
  SavedSweep,
  SpecSnapshot,
} from '../../../src/protocol/messages';
import type { SweepEvent } from '../../../src/engine/sweep';
import { bottleneckResultOf, compareResultOf } from '../../../src/engine/experiments';
import type { BackendInfo, LabActions, LabViews, RuntimeState, VariantTag } from '../labContracts';
import { BottleneckChart } from './bottleneckChart';
import { fileStem, type SaveFile } from './chartExport';
import { CompareView } from './compareView';
import { button, el } from '../../common/dom';
import { ErrorState } from './errorState';
import { GateSaturation } from './gateSaturation';
import { GradientHeatmap } from './gradientHeatmap';
import { GradientReachChart } from './gradientReachChart';
import { reachText } from './reachText';
import { FailurePanel, Notices } from './notices';
import { RunControls } from './runControls';
import { StepInspector } from './stepInspector';
import { LengthGeneralisationView, longerThanTrained } from './lengthGeneralisation';
import { SweepView } from './sweepView';
import { sweepText } from './sweepText';
import './sweep.css';
import { Tabs } from './tabs';
import { Tooltip } from './tooltip';
import { HorizonChart } from './horizonChart';
import { TrainingCharts } from './trainingCharts';
import { viewText } from './viewText';
import { WeightSharingView } from './weightSharingView';

type TabKey = 'training' | 'inspector' | 'compare' | 'bottleneck' | 'sweep';

export type CreateLabViews = (root: HTMLElement, lang: Lang, actions: LabActions) => LabViews;

export const createLabViews: CreateLabViews = (root, lang, actions) => {
  const text = viewText(lang);
  root.classList.add('lab-root');
  root.lang = lang;
  root.replaceChildren();

  let snapshot: SpecSnapshot | undefined;
  let state: RuntimeState = 'empty';
  let lastFailure: string | undefined;
  const stem = (): string => fileStem(snapshot?.spec?.name ?? snapshot?.fileName ?? 'rnnlab');
  const save: SaveFile = (name, kind, data) => actions.saveFile(name, kind, data);

  const tooltip = new Tooltip(document.body);
  const notices = new Notices(text);
  const onError = (message: string): void => notices.show(message, 'error');
  const controls = new RunControls(text, actions, lang);
  const errorState = new ErrorState(text, (problem) => actions.revealProblem(problem));
  const failure = new FailurePanel(text);
  const untrusted = el(
    'p',
    { class: 'lab-untrusted', 'data-testid': 'untrusted', role: 'note', hidden: true },
    text.untrusted,
  );

  const charts = new TrainingCharts(text, save, stem, onError);
  const gradients = new GradientHeatmap(text, lang, tooltip, save, stem, onError);
  const gates = new GateSaturation(text, lang, save, stem, onError);
  const horizon = new HorizonChart(lang, save, stem, onError);
  const inspector = new StepInspector(
    text,
    lang,
    tooltip,
    (input) => actions.inspect(input),
    save,
    stem,
    onError,
  );
  const compare = new CompareView(text, lang, save, stem, onError);
  const reach = new GradientReachChart(
    reachText(lang),
    lang,
    (['init', 'trained'] as const).map((when, i) => ({ key: when, who: '', when, color: i * 3 })),
    text,
    save,
    () => `${stem()}-gradient-reach`,
    onError,
  );
  /** The latest test accuracy of the Training tab's run (the reach verdicts weigh it). */
  let lastAccuracy: number | undefined;
  const bottleneck = new BottleneckChart(text, lang, save, stem, onError);
  const lengthView = new LengthGeneralisationView(lang, text, save, stem, onError);
  const lengthNote = el('p', {
    class: 'lab-untrusted',
    role: 'note',
    'data-testid': 'longer-than-trained',
    hidden: true,
  });
  const sharing = new WeightSharingView(lang, text, save, stem, onError);
  const sweeps = sweepText(lang);
  const sweep = new SweepView(sweeps, text, lang, save, stem, onError, () => actions.stop());

  // When a run ends the lab stays on the tab the user reads (the final curves); the inspector,
  // refreshed with the trained weights, is offered here and by its tab's dot.
  const offer = el(
    'p',
    { class: 'lab-offer', 'data-testid': 'inspector-offer', role: 'status', hidden: true },
    el('span', {}, text.inspectorOffer),
    button(text.inspectorOfferButton, { icon: 'search', testid: 'open-inspector' }, () =>
      tabs.select('inspector', true),
    ),
  );
  const showOfferOn = (selected: TabKey): void => {
    offer.hidden = !(
      (state === 'done' || state === 'stopped') &&
      inspector.hasInspection &&
      selected !== 'inspector'
    );
  };

  const trainingPanel = el(
    'div',
    {},
    charts.progress,
    offer,
    el('div', { class: 'lab-training-grid' }, charts.element, gradients.element),
    reach.element,
    horizon.element,
    lengthView.element,
    gates.element,
  );
  const tabs = new Tabs<TabKey>(
    text.tabsLabel,
    [
      { key: 'training', label: text.tabTraining, panel: trainingPanel },
      {
        key: 'inspector',
        label: text.tabInspector,
        panel: el('div', {}, lengthNote, inspector.element, sharing.element),
      },
      { key: 'compare', label: text.tabCompare, panel: el('div', {}, compare.element) },
      { key: 'bottleneck', label: text.tabBottleneck, panel: el('div', {}, bottleneck.element) },
      { key: 'sweep', label: sweeps.tabSweep, panel: el('div', {}, sweep.element) },
    ],
    (selected) => {
      tooltip.hide();
      showOfferOn(selected);
    },
  );
  const showOffer = (): void => showOfferOn(tabs.selected);

  root.append(
    controls.element,
    untrusted,
    errorState.element,
    errorState.warnings,
    failure.element,
    notices.element,
    tabs.element,
  );

  // The inspector's step sliders stick just below the (sticky) header.
  new ResizeObserver(() => {
    root.style.setProperty('--lab-header-height', `${controls.element.offsetHeight - 10}px`);
  }).observe(controls.element);

  const clearTraining = (): void => {
    charts.clear();
    gradients.clear();
    reach.clear();
    lastAccuracy = undefined;
    gates.clear();
    horizon.clear();
    lengthView.show(undefined);
  };

  const views: LabViews = {
    showSpec(next: SpecSnapshot): void {
      snapshot = next;
      errorState.show(next);
      controls.showSpec(next);
      inspector.setSpec(next.spec);
      untrusted.hidden = next.dataLoaded !== false || next.spec === undefined;
    },

    showRun(run): void {
      controls.showRun(run);
    },

    showMemory(memory: { tensors: number; bytes: number }): void {
      controls.showMemory(memory.tensors, memory.bytes);
    },

    showBackend(info: BackendInfo): void {
      controls.showBackend(info);
    },

    showState(next: RuntimeState, detail?: string): void {
      state = next;
      controls.showState(next, detail);
      if (next === 'failed') failure.show(detail ?? lastFailure ?? text.states.failed);
      else if (next === 'training' || next === 'ready') failure.hide();
      showOffer();
    },

    showNotice(message: string, level: 'info' | 'warning' | 'error'): void {
      notices.show(message, level);
    },

    trainEvent(event: TrainEvent, tag: VariantTag): void {
      if (tag.experiment === 'compare') {
        compare.trainEvent(event, tag.variant);
        tabs.mark('compare');
        return;
      }
      if (tag.experiment === 'bottleneck') {
        bottleneck.trainEvent(event, tag.variant);
        tabs.mark('bottleneck');
        return;
      }
      // A sweep's points are not the Training tab's run: the Sweep view follows them.
      if (tag.experiment === 'sweep') {
        sweep.trainEvent(event, tag.point?.index);
        return;
      }
      switch (event.type) {
        case 'start':
          if (event.firstEpoch === 1) clearTraining();
          failure.hide();
          lastFailure = undefined;
          gradients.start(event);
          charts.trainEvent(event);
          break;
        case 'batch':
          charts.trainEvent(event);
          break;
        case 'gradients':
          gradients.add(event);
          break;
        case 'reach':
          reach.set(event.when, event, event.when === 'trained' ? lastAccuracy : undefined);
          break;
        case 'epoch':
          lastAccuracy = event.accuracy;
          gradients.setAccuracy(event.accuracy);
          charts.trainEvent(event);
          horizon.epoch(event);
          gates.show(event.epoch, event.gates);
          controls.epochApplied(event);
          break;
        case 'failed':
          lastFailure = event.message;
          failure.show(event.message);
          break;
        case 'done':
          lengthView.show(event.lengths);
          break;
        default:
          break;
      }
      tabs.mark('training');
    },

    showInspection(inspection: Inspection, asked: boolean): void {
      inspector.show(inspection);
      sharing.show(inspection);
      const note = longerThanTrained(lang, inspection);
      lengthNote.hidden = note === undefined;
      lengthNote.textContent = note ?? '';
      // Only what the user asked for switches tabs: when training ends the user keeps the final
      // curves in view, and the Inspector is offered (its dot, and the link under the progress).
      if (asked) tabs.select('inspector');
      else tabs.mark('inspector');
      showOffer();
    },

    showTestSamples(samples: { input: string; target: string }[]): void {
      inspector.setSamples(samples);
    },

    showCompare(result: CompareResult): void {
      compare.show(result);
      tabs.select('compare');
    },

    showBottleneck(result: BottleneckResult): void {
      bottleneck.show(result);
      tabs.select('bottleneck');
    },

    sweepEvent(event: SweepEvent): void {
      sweep.sweepEvent(event);
      if (event.type === 'sweep-start') tabs.select('sweep');
      else tabs.mark('sweep');
    },

    showSweep(saved: SavedSweep, keepTab = false): void {
      // A saved Compare or Bottleneck opens in its own view, as it looked when it ran.
      const kind = saved.record.experiment;
      if (kind === 'compare') {
        compare.clear();
        // Each cell's own run, replayed: its curves and reach as they were drawn when it trained.
        for (const point of saved.record.points) {
          const cell = point.point['model.cell'];
          const events = point.runId !== undefined ? saved.runEvents?.[point.runId] : undefined;
          if (typeof cell !== 'string' || !events) continue;
          for (const event of events) compare.trainEvent(event, cell);
        }
        compare.show(compareResultOf(saved.record.points));
        if (!keepTab) tabs.select('compare');
      } else if (kind === 'bottleneck') {
        bottleneck.clear();
        bottleneck.show(bottleneckResultOf(saved.record.points));
        if (!keepTab) tabs.select('bottleneck');
      } else {
        sweep.showSaved(saved);
        if (!keepTab) tabs.select('sweep');
      }
    },

    focusGate(focus: GateFocus): void {
      if (inspector.hasInspection) {
        tabs.select('inspector');
        if (inspector.focusGate(focus.layer, focus.gate)) return;
      }
      tabs.select('training');
      gates.focus(focus.layer, focus.gate);
    },

    clear(): void {
      clearTraining();
      inspector.clear();
      sharing.clear();
      compare.clear();
      bottleneck.clear();
      sweep.clear();
      failure.hide();
      lastFailure = undefined;
      tooltip.hide();
    },
  };
  return views;
};
