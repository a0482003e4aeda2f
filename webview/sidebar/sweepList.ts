/**
 * The side bar's sweeps: each sweep one entry (a click shows it in the lab's Sweep view) with its
 * points folded under it, each point a button that opens its run. The runs of a sweep's points are
 * listed here only, not again among the runs. Its words, English and Korean, are its own.
 */
import type { Lang } from '../../src/explain/termIds';
import type { SweepExperiment } from '../../src/engine/experiments';
import type { SweepSummary } from '../../src/protocol/messages';
import { el, icon } from '../common/dom';
import { fieldName, pointName } from '../common/sweepLabels';
import { formatNumber, formatPercent } from '../common/numberFormat';

const EN = {
  heading: 'Sweeps',
  label: 'Sweeps of this workspace',
  open: (name: string) => `Show the sweep of ${name} in the lab`,
  openRun: (point: string) => `Open the run of ${point} in the lab`,
  points: (finished: number, planned: number) => `${finished}/${planned} trainings`,
  over: (axes: string[]) => (axes.length ? `over ${axes.join(' × ')}` : 'over seeds'),
  showPoints: 'points',
  status: {
    running: 'training',
    done: 'done',
    stopped: 'stopped',
    interrupted: 'interrupted',
  } satisfies Record<SweepSummary['status'], string>,
  pointStatus: { done: 'done', stopped: 'stopped', failed: 'failed', skipped: 'skipped' },
  loss: (v: string) => `loss ${v}`,
  experiment: {
    compare: 'Compare',
    bottleneck: 'Bottleneck',
  } satisfies Record<SweepExperiment, string>,
};

type SweepListText = typeof EN;

const KO: SweepListText = {
  heading: '스윕',
  label: '이 작업 영역의 스윕',
  open: (name) => `${name} 스윕을 랩에서 보기`,
  openRun: (point) => `${point} 실행을 랩에서 열기`,
  points: (finished, planned) => `학습 ${planned}개 중 ${finished}개`,
  over: (axes) => (axes.length ? `${axes.join(' × ')}에 대해` : '시드에 대해'),
  showPoints: '지점',
  status: { running: '학습 중', done: '완료', stopped: '중지됨', interrupted: '중단됨' },
  pointStatus: { done: '완료', stopped: '중지됨', failed: '실패', skipped: '건너뜀' },
  loss: (v) => `손실 ${v}`,
  experiment: { compare: '비교', bottleneck: '병목' },
};

const STATUS_ICONS: Record<SweepSummary['status'], string> = {
  running: 'sync',
  done: 'pass',
  stopped: 'debug-stop',
  interrupted: 'warning',
};

/** The run ids the sweeps' points own (left out of the plain run list). */
export function sweepRunIds(sweeps: readonly SweepSummary[]): Set<string> {
  return new Set(sweeps.flatMap((s) => s.points.flatMap((p) => (p.runId ? [p.runId] : []))));
}

export function sweepList(
  sweeps: readonly SweepSummary[],
  lang: Lang,
  openSweep: (sweepId: string) => void,
  openRun: (runId: string) => void,
): HTMLElement | null {
  if (sweeps.length === 0) return null;
  const t = lang === 'ko' ? KO : EN;
  return el(
    'section',
    { class: 'sb-runs-section sb-sweeps-section' },
    el('h3', { class: 'sb-heading' }, t.heading),
    el(
      'ul',
      { class: 'sb-runs sb-sweeps', 'data-testid': 'sweeps', 'aria-label': t.label },
      ...sweeps.map((sweep) => {
        const head = el(
          'button',
          {
            type: 'button',
            class: `sb-run is-${sweep.status === 'running' ? 'running' : sweep.status}`,
            'data-testid': 'sweep',
            'data-sweep-id': sweep.id,
            'data-status': sweep.status,
            title: `${t.open(sweep.name)}\n${sweep.folder}`,
          },
          el(
            'span',
            { class: 'sb-run-head' },
            el(
              'span',
              { class: 'sb-run-name', 'data-experiment': sweep.experiment },
              icon('graph-line'),
              sweep.experiment
                ? ` ${t.experiment[sweep.experiment]} · ${sweep.name}`
                : ` ${sweep.name}`,
            ),
            el(
              'span',
              { class: 'sb-run-status' },
              icon(STATUS_ICONS[sweep.status]),
              ` ${t.status[sweep.status]}`,
            ),
          ),
          el(
            'span',
            { class: 'sb-run-facts' },
            `${t.over(sweep.axes.map((f) => fieldName(f, lang)))} · ${t.points(sweep.finished, sweep.planned)}`,
          ),
        );
        head.addEventListener('click', () => openSweep(sweep.id));
        const points = el(
          'ul',
          { class: 'sb-sweep-points' },
          ...sweep.points.map((p) => {
            const label = p.point ? pointName(p.point, lang) : p.label;
            const facts = [
              t.pointStatus[p.status],
              p.accuracy !== undefined ? formatPercent(p.accuracy) : undefined,
              p.accuracy === undefined && p.loss !== undefined
                ? t.loss(formatNumber(p.loss, 3))
                : undefined,
            ].filter((f): f is string => f !== undefined);
            const item = el(
              'button',
              {
                type: 'button',
                class: 'sb-sweep-point',
                'data-testid': 'sweep-point',
                'data-run-id': p.runId,
                disabled: p.runId === undefined ? true : undefined,
                title: t.openRun(label),
              },
              el('span', { class: 'sb-sweep-point-label' }, label),
              el('span', { class: 'sb-run-facts' }, facts.join(' · ')),
            );
            const runId = p.runId;
            if (runId !== undefined) item.addEventListener('click', () => openRun(runId));
            return el('li', {}, item);
          }),
        );
        return el(
          'li',
          {},
          head,
          el(
            'details',
            { class: 'sb-sweep-details' },
            el('summary', {}, `${t.showPoints} (${sweep.points.length})`),
            points,
          ),
        );
      }),
    ),
  );
}
