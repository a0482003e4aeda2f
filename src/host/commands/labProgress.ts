/**
 * How a command shows the lab's training as a cancellable notification: it follows the session's
 * training events until the runs it started end (Cancel asks the lab to stop), and `runInLab`
 * wraps that around a piece of work (open the lab, post or request, follow, report a failure),
 * the one pattern of Train, Compare cells and Bottleneck.
 */
import * as vscode from 'vscode';
import type { SessionTrainEvent } from '../labSession';
import { DisposableStore } from '../disposable';
import { text, type HostContext } from './hostContext';
import { labReady, type CheckedSpec } from './specForCommand';

export interface FollowedTraining {
  /** The runs' last events (done, stopped, failed), once `runs` have ended or following stopped. */
  ended: Promise<SessionTrainEvent[]>;
  dispose(): void;
}

/**
 * Follows training events until `runs` runs ended (done, stopped, failed), the lab closed or the
 * user cancelled (which asks the lab to stop). `dispose` stops following early.
 */
export function followTraining(
  ctx: HostContext,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
  runs: number,
): FollowedTraining {
  const t = text();
  const ended: SessionTrainEvent[] = [];
  const listening = new DisposableStore();
  let finish = () => {};
  const promise = new Promise<SessionTrainEvent[]>((resolve) => {
    finish = () => {
      listening.dispose();
      resolve(ended);
    };
  });
  let epochs = 1;
  listening.add(
    ctx.session.onTrainEvent((item) => {
      const { event } = item;
      if (event.type === 'start') {
        epochs = Math.max(1, event.epochs);
        progress.report({ message: `${event.spec}: ${t.epoch} ${event.firstEpoch}` });
      } else if (event.type === 'epoch') {
        progress.report({
          increment: 100 / (epochs * runs),
          message: `${t.epoch} ${event.epoch}/${event.lastEpoch} · ${t.loss} ${event.testLoss.toFixed(4)}`,
        });
      } else if (event.type === 'done' || event.type === 'stopped' || event.type === 'failed') {
        ended.push(item);
        if (ended.length >= runs) finish();
      }
    }),
  );
  listening.add(ctx.lab.onDidClose(() => finish()));
  listening.add(
    token.onCancellationRequested(() => {
      ctx.lab.post({ type: 'stop' });
      finish();
    }),
  );
  return { ended: promise, dispose: () => finish() };
}

export interface LabWork {
  /** The notification's title. */
  title: string;
  /** How many training runs the work starts (for the progress bar). */
  runs: number;
  /** Posts or requests what the lab must do; resolves when it is done. */
  run(following: FollowedTraining): Promise<void>;
}

/**
 * Opens the lab on the spec and does `work` under a cancellable notification that follows its
 * training; a failure is reported with the title (unless the user cancelled).
 */
export async function runInLab(
  ctx: HostContext,
  checked: CheckedSpec,
  work: LabWork,
): Promise<void> {
  const t = text();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: work.title, cancellable: true },
    async (progress, token) => {
      progress.report({ message: t.openingLab });
      if (!(await labReady(ctx, checked.uri, token))) return;
      const following = followTraining(ctx, progress, token, work.runs);
      try {
        await work.run(following);
      } catch (error) {
        if (!token.isCancellationRequested) {
          const message = error instanceof Error ? error.message : String(error);
          void vscode.window.showErrorMessage(t.failed(work.title, message));
        }
      } finally {
        following.dispose();
      }
    },
  );
}
