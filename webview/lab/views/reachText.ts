/**
 * The words of the gradient-reach view and of the gradient heatmap's verdict, in English and
 * Korean (the Korean table is typed against the English one). The verdict itself is decided in
 * the engine (`reachVerdict`, on the normalised measure); this file only says it.
 */
import type { ReachVerdict } from '../../../src/engine/gradientReach';
import type { Lang } from '../../../src/explain/termIds';
import { formatNumber, formatPercent } from '../../common/numberFormat';

/** "3.4 %" below the last step's size, "9.0 times" above it. */
const share = (farthest: number, times: (x: string) => string): string =>
  farthest < 1 ? formatPercent(farthest) : times(formatNumber(farthest, 1));

const EN = {
  reachTitle: 'Gradient reach: what arrives d steps back',
  reachEmpty:
    'Train to see how much of the gradient reaches each earlier step, before training and after it.',
  reachAxis: 'steps back from the last step (T − t)',
  reachY: '‖∂L/∂h_t‖ / ‖∂L/∂h_T‖',
  untrained: 'untrained',
  trained: 'trained',
  lineLabel: (who: string, when: string) => (who ? `${who}, ${when}` : when),
  perStep: (factor: string) => `×${factor} per step back`,
  reachNote: (layer: string, samples: number, steps: number) =>
    `${layer}, ${samples} test inputs of ${steps} steps; each curve is divided by its last step's value, so it does not just follow the loss. Log scale: a straight falling line is an exponential decay.`,
  verdict(v: ReachVerdict, accuracy: string): string {
    const part = share(v.farthest, (x) => `${x} times`);
    switch (v.kind) {
      case 'vanishing':
        return v.learnedAnyway
          ? `Vanishing gradient: only ${part} of the last step's gradient reaches ${v.distance} steps back, yet the model reached ${accuracy} test accuracy: what did arrive was enough for this task.`
          : `Vanishing gradient: only ${part} of the last step's gradient reaches ${v.distance} steps back, so inputs that far back hardly change the weights.`;
      case 'fading':
        return `The gradient fades with distance: ${part} of the last step's reaches ${v.distance} steps back.`;
      case 'steady':
        return `The gradient reaches ${v.distance} steps back at a similar size: ${part} of the last step's.`;
      case 'growing':
        return `The gradient grows toward the early steps: ${part} the last step's ${v.distance} steps back. Watch for exploding gradients (train.clipNorm caps them).`;
      case 'exploding':
        return `Exploding gradient: ${part} the last step's gradient arrives ${v.distance} steps back, so updates can blow up. Set train.clipNorm.`;
      case 'truncated': {
        const k = v.cut?.steps ?? 0;
        const within = v.cut?.within;
        if (v.cut?.measure === 'full') {
          return `Cut at ${k} steps by train.tbptt: training sends no gradient further back, by design. This curve is full backpropagation through the weights: without the cut, ${part}${v.farthest < 1 ? ' of' : ''} the last step's would reach ${v.distance} steps back.`;
        }
        const inside = within
          ? ` Within them, ${share(within.reach, (x) => `${x} times`)}${within.reach < 1 ? ' of' : ''} the last step's reaches ${within.distance} steps back.`
          : '';
        return `Cut at ${k} steps by train.tbptt: no gradient flows further back than the last ${k} steps, by design, so this is not a vanishing gradient.${inside}`;
      }
    }
  },
  keyDashed: 'dashed line: untrained (the weights training starts from)',
  keySolid: 'solid line: trained (after the last epoch)',
  keyDotted: (k: number) => `dotted line: where train.tbptt = ${k} cuts training's gradient`,
  cutLabel: (k: number) => `tbptt ${k}`,
  reachCutNote: (k: number) =>
    `Measured with full backpropagation through time, a property of the weights. Training (train.tbptt = ${k}) sends gradient only to the ${k} steps left of the dotted line (0 … ${k - 1} back), none beyond it.`,
  heatmapCutNote: (k: number) =>
    `Training's own gradient, cut by train.tbptt = ${k}: each column reaches its last ${k} steps; the rows above the dotted line get none, by design.`,
  heatmapNote:
    'Each column is divided by its last step, so the colour shows how much of the gradient reaches back, not how large the loss was.',
  heatmapCell: (share: string, raw: string) => `${share} of the last step's · ‖∂L/∂h_t‖ = ${raw}`,
};

export type ReachText = typeof EN;

const KO: ReachText = {
  reachTitle: '기울기 도달: d단계 앞까지 오는 양',
  reachEmpty: '학습하면 학습 전과 후에 기울기가 앞쪽 시점마다 얼마나 도달하는지 보입니다.',
  reachAxis: '마지막 시점에서 거슬러 간 단계 수 (T − t)',
  reachY: '‖∂L/∂h_t‖ / ‖∂L/∂h_T‖',
  untrained: '학습 전',
  trained: '학습 후',
  lineLabel: (who: string, when: string) => (who ? `${who}, ${when}` : when),
  perStep: (factor: string) => `한 단계 거슬러 갈 때마다 ×${factor}`,
  reachNote: (layer: string, samples: number, steps: number) =>
    `${layer}, ${steps}단계짜리 테스트 입력 ${samples}개. 각 곡선을 마지막 시점의 값으로 나눴으므로 손실 크기를 그대로 따라가지 않습니다. 로그 눈금이라 곧게 내려가는 선은 지수적 감소입니다.`,
  verdict(v: ReachVerdict, accuracy: string): string {
    const part = share(v.farthest, (x) => `${x}배`);
    switch (v.kind) {
      case 'vanishing':
        return v.learnedAnyway
          ? `기울기 소실: ${v.distance}단계 앞에는 마지막 시점 기울기의 ${part}만 도달하지만, 모델은 테스트 정확도 ${accuracy}에 이르렀습니다. 이 태스크에는 도달한 만큼으로 충분했습니다.`
          : `기울기 소실: ${v.distance}단계 앞에는 마지막 시점 기울기의 ${part}만 도달합니다. 그만큼 앞선 입력은 가중치를 거의 바꾸지 못합니다.`;
      case 'fading':
        return `기울기가 거리에 따라 줄어듭니다. ${v.distance}단계 앞에는 마지막 시점의 ${part}가 도달합니다.`;
      case 'steady':
        return `${v.distance}단계 앞에도 비슷한 크기의 기울기가 도달합니다: 마지막 시점의 ${part}.`;
      case 'growing':
        return `앞쪽 시점으로 갈수록 기울기가 커집니다. ${v.distance}단계 앞에서 마지막 시점의 ${part}입니다. 기울기 폭주에 주의하세요(train.clipNorm으로 제한).`;
      case 'exploding':
        return `기울기 폭주: ${v.distance}단계 앞에 마지막 시점 기울기의 ${part}가 도달해 업데이트가 폭주할 수 있습니다. train.clipNorm을 설정하세요.`;
      case 'truncated': {
        const k = v.cut?.steps ?? 0;
        const within = v.cut?.within;
        if (v.cut?.measure === 'full') {
          return `train.tbptt가 ${k}단계에서 자릅니다: 학습은 설계상 그보다 앞으로 기울기를 보내지 않습니다. 이 곡선은 가중치를 통한 전체 역전파입니다. 자르지 않는다면 ${v.distance}단계 앞에 마지막 시점 기울기의 ${part}가 도달합니다.`;
        }
        const inside = within
          ? ` 그 안에서는 ${within.distance}단계 앞에 마지막 시점 기울기의 ${share(within.reach, (x) => `${x}배`)}가 도달합니다.`
          : '';
        return `train.tbptt가 ${k}단계에서 자릅니다: 설계상 마지막 ${k}단계보다 앞으로는 기울기가 흐르지 않으므로 기울기 소실이 아닙니다.${inside}`;
      }
    }
  },
  keyDashed: '파선: 학습 전 (학습이 시작하는 가중치)',
  keySolid: '실선: 학습 후 (마지막 에포크 뒤)',
  keyDotted: (k: number) => `점선: train.tbptt = ${k}가 학습의 기울기를 자르는 곳`,
  cutLabel: (k: number) => `tbptt ${k}`,
  reachCutNote: (k: number) =>
    `전체 시간 역전파로 잰 값으로, 가중치의 성질입니다. 학습(train.tbptt = ${k})은 점선 왼쪽의 ${k}단계(0 … ${k - 1}단계 앞)에만 기울기를 보내고 그 너머로는 보내지 않습니다.`,
  heatmapCutNote: (k: number) =>
    `train.tbptt = ${k}로 잘린 학습 자체의 기울기입니다. 각 열은 마지막 ${k}단계에만 닿고, 점선 위의 행에는 설계상 기울기가 없습니다.`,
  heatmapNote:
    '각 열을 마지막 시점의 값으로 나눴으므로, 색은 손실의 크기가 아니라 기울기가 앞쪽까지 얼마나 도달하는지를 보여 줍니다.',
  heatmapCell: (share: string, raw: string) => `마지막 시점의 ${share} · ‖∂L/∂h_t‖ = ${raw}`,
};

const TEXTS: { readonly [L in Lang]: ReachText } = { en: EN, ko: KO };

export function reachText(lang: Lang): ReachText {
  return TEXTS[lang];
}

/** The verdict on a curve as a sentence (empty when the curve is too short to judge). */
export function reachSentence(
  text: ReachText,
  verdict: ReachVerdict | undefined,
  accuracy: number | undefined,
): string {
  return verdict ? text.verdict(verdict, formatPercent(accuracy)) : '';
}
