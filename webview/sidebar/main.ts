/**
 * The side bar's training view (`rnnLab.training`): the runs of this workspace (click one to
 * open it in the lab) and the live curves of the active run. It says `ready` once its listener is
 * in place and draws what the host then sends: `init` (language), `runs`, `trainEvent`.
 */
import '@vscode/codicons/dist/codicon.css';
import '../common/theme.css';
import '../common/components.css';
import './sidebar.css';
import type { Lang } from '../../src/explain/termIds';
import type { HostToWebview, RunSummary, SweepSummary } from '../../src/protocol/messages';
import { HostChannel } from '../common/hostChannel';
import { el } from '../common/dom';
import { LiveCurves, addEvent, emptyStream, type RunStream } from './liveCurves';
import { runList } from './runList';
import { sidebarText, type SidebarText } from './sidebarText';
import { sweepList, sweepRunIds } from './sweepList';

const MAX_STREAMS = 8;

class SidebarPage {
  private text: SidebarText;
  private runs: RunSummary[] = [];
  private sweeps: SweepSummary[] = [];
  private activeRunId: string | undefined;
  /** The run whose events arrived last: shown when the host names no active run. */
  private liveRunId: string | undefined;
  private readonly streams = new Map<string, RunStream>();
  private readonly list = el('div', { class: 'sb-list' });
  private readonly sweepSection = el('div', { class: 'sb-sweep-list' });
  private curves: LiveCurves;
  private readonly heading = el('h3', { class: 'sb-heading' });

  constructor(
    private readonly root: HTMLElement,
    private lang: Lang,
    private readonly channel: HostChannel,
  ) {
    this.text = sidebarText(lang);
    this.curves = new LiveCurves(this.text);
    this.build();
  }

  setLang(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.text = sidebarText(lang);
    this.curves = new LiveCurves(this.text);
    this.build();
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'init':
        this.setLang(message.lang);
        return;
      case 'runs':
        this.runs = message.runs;
        this.sweeps = message.sweeps ?? [];
        this.activeRunId = message.activeRunId;
        this.renderRuns();
        this.renderCurves();
        return;
      case 'trainEvent': {
        let stream = this.streams.get(message.runId);
        if (!stream) {
          stream = emptyStream();
          this.streams.set(message.runId, stream);
          // Keep only the latest few runs' events.
          while (this.streams.size > MAX_STREAMS) {
            const oldest = this.streams.keys().next().value;
            if (oldest === undefined || oldest === message.runId) break;
            this.streams.delete(oldest);
          }
        }
        this.liveRunId = message.runId;
        if (addEvent(stream, message.event, this.text)) this.renderCurves();
        return;
      }
      default:
        return;
    }
  }

  private build(): void {
    this.root.lang = this.lang;
    this.root.classList.add('sb-root');
    this.heading.textContent = this.text.runsHeading;
    this.root.replaceChildren(
      this.curves.element,
      this.sweepSection,
      el('section', { class: 'sb-runs-section' }, this.heading, this.list),
    );
    this.renderRuns();
    this.renderCurves();
  }

  private renderRuns(): void {
    const openRun = (runId: string) => this.channel.post({ type: 'openRun', runId });
    // A sweep's points are listed under their sweep.
    const inSweeps = sweepRunIds(this.sweeps);
    const runs = this.runs.filter((r) => !inSweeps.has(r.id));
    this.list.replaceChildren(runList(runs, this.activeRunId, this.text, this.lang, openRun));
    this.sweepSection.replaceChildren(
      sweepList(
        this.sweeps,
        this.lang,
        (sweepId) => this.channel.post({ type: 'openSweep', sweepId }),
        openRun,
      ) ?? '',
    );
  }

  private renderCurves(): void {
    const id = this.activeRunId ?? this.liveRunId;
    const name = this.runs.find((r) => r.id === id)?.name ?? id;
    this.curves.show(id === undefined ? undefined : this.streams.get(id), name);
  }
}

function start(): void {
  const root =
    document.getElementById('app') ?? document.body.appendChild(el('div', { id: 'app' }));
  const lang: Lang = document.body.dataset['lang'] === 'ko' ? 'ko' : 'en';
  const channel = new HostChannel('sidebar');
  const page = new SidebarPage(root, lang, channel);
  channel.onMessage((message) => page.receive(message));
  channel.ready();
}

start();
