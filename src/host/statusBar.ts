/** The status bar while training: run name, epoch and loss; a click shows the lab. */
import * as vscode from 'vscode';
import type { TrainEvent } from '../engine/trainEvents';
import { Disposable } from './disposable';
import { hostText } from './hostText';
import { explanationLang } from './settings';

/** How long the final numbers stay after a run ends. */
const LINGER_MS = 15_000;

export class TrainingStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('rnnLab.training', vscode.StatusBarAlignment.Left, 10),
  );
  private epochs = 0;
  private name = '';
  private epoch = 0;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this._register({ dispose: () => clearTimeout(this.hideTimer) });
    this.item.name = 'RNN Lab';
    this.item.command = 'rnnLab.openLab';
  }

  update(runId: string, event: TrainEvent): void {
    const text = hostText(explanationLang());
    this.item.tooltip = `${text.statusTooltip}\n${runId}`;
    switch (event.type) {
      case 'start':
        clearTimeout(this.hideTimer);
        this.name = event.spec;
        this.epochs = event.firstEpoch + event.epochs - 1;
        this.epoch = event.firstEpoch;
        this.show('$(sync~spin)', `${text.epoch} ${this.epoch}/${this.epochs}`);
        break;
      case 'batch':
        this.epoch = event.epoch;
        this.show(
          '$(sync~spin)',
          `${text.epoch} ${event.epoch}/${this.epochs} · ${text.loss} ${event.meanLoss.toFixed(4)}`,
        );
        break;
      case 'epoch':
        this.show(
          '$(sync~spin)',
          `${text.epoch} ${event.epoch}/${this.epochs} · ${text.loss} ${event.testLoss.toFixed(4)}`,
        );
        break;
      case 'done':
        this.finish('$(check)', `${text.loss} ${event.metrics.loss.toFixed(4)}`);
        break;
      case 'stopped':
        this.finish('$(debug-stop)', `${text.epoch} ${event.epoch}`);
        break;
      case 'failed':
        this.finish('$(error)', event.message);
        break;
      default:
        break;
    }
  }

  private show(icon: string, detail: string): void {
    this.item.text = `${icon} ${this.name} · ${detail}`;
    this.item.show();
  }

  private finish(icon: string, detail: string): void {
    this.show(icon, detail);
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.item.hide(), LINGER_MS);
  }
}
