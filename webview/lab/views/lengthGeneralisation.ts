/**
 * Length generalisation, in the Training tab: after a run of a spec with `task.testLength`, the
 * test accuracy at each input length, the lengths the model trained on marked apart from those it
 * never saw. The same U, W and b run every step, so a model that learned the step rule keeps its
 * accuracy on longer inputs; one that learned something tied to the training lengths does not.
 * Its words (English and Korean) are its own.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';
import type { LengthGeneralisation } from '../../../src/engine/trainEvents';
import type { Lang } from '../../../src/explain/termIds';
import { el } from '../../common/dom';
import { LineChart } from '../../common/lineChart';
import { formatPercent } from '../../common/numberFormat';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import type { ViewText } from './viewText';

const WORDS = {
  en: {
    title: 'Test accuracy by input length',
    empty: '',
    x: 'input length',
    y: 'accuracy',
    token: 'per step',
    sequence: 'whole sequence',
    note: (trained: string, unseen: number, longest: number, worst: string) =>
      `Trained on lengths ${trained}. ${unseen} test length(s) up to ${longest} are longer than any ` +
      `training input; the lowest accuracy on them is ${worst}. The same weights run at every step, ` +
      'so nothing in the model depends on the length.',
    noneLonger: (trained: string) =>
      `Trained on lengths ${trained}; no test input is longer (raise task.testLength to see how the model does beyond them).`,
  },
  ko: {
    title: '입력 길이별 테스트 정확도',
    empty: '',
    x: '입력 길이',
    y: '정확도',
    token: '단계별',
    sequence: '시퀀스 전체',
    note: (trained: string, unseen: number, longest: number, worst: string) =>
      `학습 길이는 ${trained}입니다. ${longest}까지의 테스트 길이 ${unseen}개는 어떤 학습 입력보다 깁니다. ` +
      `그 길이들에서 가장 낮은 정확도는 ${worst}입니다. 모든 단계에서 같은 가중치가 쓰이므로 모델의 어떤 ` +
      '부분도 길이에 묶여 있지 않습니다.',
    noneLonger: (trained: string) =>
      `학습 길이는 ${trained}이고, 이보다 긴 테스트 입력은 없습니다(task.testLength를 늘리면 그 너머를 볼 수 있습니다).`,
  },
} as const;

export class LengthGeneralisationView {
  readonly element: HTMLElement;
  private readonly card: ChartCard;
  private readonly chart: LineChart;
  private readonly note = el('p', { class: 'lab-axis-note', 'data-testid': 'length-note' });
  private lengths: LengthGeneralisation | undefined;

  constructor(
    lang: Lang,
    text: ViewText,
    save: SaveFile,
    stem: () => string,
    onError: (m: string) => void,
  ) {
    const w = WORDS[lang];
    this.card = new ChartCard({
      title: w.title,
      testid: 'length-accuracy',
      height: 220,
      empty: w.empty,
    });
    this.chart = new LineChart({
      height: 220,
      xIntegers: true,
      xLabel: w.x,
      yLabel: w.y,
      yRange: [0, 1],
      yFormat: (v) => `${Math.round(v * 100)}%`,
      series: [
        { label: w.token, color: 0, points: true },
        { label: w.sequence, color: 1, points: true, dash: [6, 4] },
      ],
    });
    this.card.body.append(this.chart.element, this.note);
    this.card.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-accuracy-by-length`,
          png: () => canvasesToPng(this.chart.canvas ? [this.chart.canvas] : [], w.title),
          csv: () =>
            toCsv(
              ['length', 'samples', 'accuracy', 'sequenceAccuracy', 'trained'],
              (this.lengths?.byLength ?? []).map((g) => [
                g.length,
                g.samples,
                g.accuracy,
                g.sequenceAccuracy,
                g.length >= (this.lengths?.trained[0] ?? 0) &&
                  g.length <= (this.lengths?.trained[1] ?? 0),
              ]),
            ),
        },
        onError,
      ),
    );
    this.element = this.card.element;
    this.element.hidden = true;
    this.words = w;
  }

  private readonly words: (typeof WORDS)[Lang];

  show(lengths: LengthGeneralisation | undefined): void {
    this.lengths = lengths;
    this.element.hidden = lengths === undefined;
    if (!lengths) return;
    this.card.setEmpty(undefined);
    const [low, high] = lengths.trained;
    const trained = low === high ? String(low) : `${low}–${high}`;
    const rows = lengths.byLength;
    this.chart.setData(
      rows.map((g) => g.length),
      [rows.map((g) => g.accuracy), rows.map((g) => g.sequenceAccuracy ?? null)],
    );
    const unseen = rows.filter((g) => g.length > high);
    const worst = Math.min(...unseen.map((g) => g.accuracy));
    this.note.textContent =
      unseen.length > 0
        ? this.words.note(
            trained,
            unseen.length,
            Math.max(...unseen.map((g) => g.length)),
            formatPercent(worst),
          )
        : this.words.noneLonger(trained);
  }
}

/** The inspector's sentence for an input longer than any the model trained on (else undefined). */
export function longerThanTrained(lang: Lang, inspection: Inspection): string | undefined {
  const length = inspection.inputTokens.length;
  const longest = inspection.longestTrained;
  if (longest === undefined || length <= longest) return undefined;
  return lang === 'ko'
    ? `이 입력은 ${length}단계로, 모델이 학습한 어떤 입력(가장 긴 것 ${longest}단계)보다 깁니다. ` +
        `${longest + 1}번째 단계부터는 학습 중에 본 적 없는 단계지만, 같은 U, W, b가 그대로 쓰입니다.`
    : `This input is ${length} steps long, longer than anything the model trained on (at most ${longest}). ` +
        `Steps ${longest + 1}–${length} were never seen in training; the same U, W and b run them.`;
}
