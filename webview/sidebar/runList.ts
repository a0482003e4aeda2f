/**
 * The runs of this workspace, newest first, as buttons: a click (or Enter) asks the host to open
 * that run in the lab. The active run is marked (aria-current and a bar), status is a word and an
 * icon, never a colour alone.
 */
import type { Lang } from '../../src/explain/termIds';
import type { RunSummary } from '../../src/protocol/messages';
import { runModelLabel, runPurposeLabel, runTimeLabel } from '../common/runLabel';
import { el, icon } from '../common/dom';
import { formatNumber, formatPercent } from '../common/numberFormat';
import type { SidebarText } from './sidebarText';

const STATUS_ICONS: Record<RunSummary['status'], string> = {
  running: 'sync',
  done: 'pass',
  stopped: 'debug-stop',
  failed: 'error',
  interrupted: 'warning',
};

export function runList(
  runs: readonly RunSummary[],
  activeRunId: string | undefined,
  text: SidebarText,
  lang: Lang,
  open: (runId: string) => void,
): HTMLElement {
  if (runs.length === 0) {
    return el('p', { class: 'sb-empty', 'data-testid': 'empty-runs' }, text.noRuns);
  }
  return el(
    'ul',
    { class: 'sb-runs', 'data-testid': 'runs', 'aria-label': text.runsLabel },
    ...runs.map((run) => {
      // What the run is (its own cell, what it was for, when), then how it went.
      const purpose = runPurposeLabel(run.purpose, lang);
      const facts: string[] = [runModelLabel(run, lang), runTimeLabel(run.started)].filter(
        (fact) => fact !== '',
      );
      if (run.epoch !== undefined) facts.push(text.epoch(run.epoch, run.epochs));
      if (run.testLoss !== undefined) facts.push(text.testLoss(formatNumber(run.testLoss, 3)));
      if (run.accuracy !== undefined) facts.push(text.accuracy(formatPercent(run.accuracy)));
      const active = run.id === activeRunId;
      const item = el(
        'button',
        {
          type: 'button',
          class: `sb-run is-${run.status}${active ? ' is-active' : ''}`,
          'data-testid': 'run',
          'data-run-id': run.id,
          'data-status': run.status,
          'aria-current': active ? 'true' : undefined,
          title: `${text.openRun(run.name)}\n${run.folder}`,
          // The row's context menu (the manifest's `webview/context`): a trained run can be
          // exported to PyTorch; VS Code's own copy/paste items mean nothing on a button.
          'data-vscode-context': JSON.stringify({
            webviewSection: run.hasCheckpoint ? 'run' : 'untrainedRun',
            runId: run.id,
            preventDefaultContextMenuItems: true,
          }),
        },
        el(
          'span',
          { class: 'sb-run-head' },
          el(
            'span',
            { class: 'sb-run-name' },
            run.name,
            purpose
              ? el(
                  'span',
                  { class: 'sb-run-purpose', 'data-testid': 'run-purpose' },
                  ` · ${purpose}`,
                )
              : null,
          ),
          el(
            'span',
            { class: 'sb-run-status' },
            icon(STATUS_ICONS[run.status]),
            ` ${text.status[run.status]}`,
          ),
        ),
        el('span', { class: 'sb-run-facts' }, facts.join(' · ') || run.id),
      );
      item.addEventListener('click', () => open(run.id));
      return el('li', {}, item);
    }),
  );
}
