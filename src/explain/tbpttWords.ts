/**
 * What a spec's `train.tbptt` does to its own sequences, in words (the hover's "This run" lines):
 * how many of the input steps the gradient reaches and how many it never reaches.
 */
import type { Lang } from './termIds';

/**
 * `k` from the spec; `steps`, the longest input the spec's task gives (undefined when the spec
 * cannot be resolved, e.g. it has errors).
 */
export function tbpttLines(k: number, steps: number | undefined, lang: Lang): string[] {
  if (steps === undefined) {
    return lang === 'en'
      ? [
          `train.tbptt = ${k}: the gradient reaches the last ${k} steps of each sequence; steps before them get none.`,
        ]
      : [
          `train.tbptt = ${k}: 기울기는 각 시퀀스의 마지막 ${k}단계에만 도달하고, 그 앞 시점에는 가지 않습니다.`,
        ];
  }
  if (k >= steps) {
    return lang === 'en'
      ? [
          `train.tbptt = ${k} cuts nothing here: the longest input has ${steps} steps, so this is full backpropagation through time.`,
        ]
      : [
          `train.tbptt = ${k}는 여기서 아무것도 자르지 않습니다. 가장 긴 입력이 ${steps}단계이므로 전체 시간 역전파입니다.`,
        ];
  }
  const cut = steps - k;
  return lang === 'en'
    ? [
        `train.tbptt = ${k}: of the ${steps} input steps, the gradient reaches the last ${k}; the first ${cut} get none, by design.`,
        `A dependency of more than ${k} steps cannot be learned; the gradient views mark the cut and call it a cut, not a vanishing gradient.`,
      ]
    : [
        `train.tbptt = ${k}: 입력 ${steps}단계 중 기울기는 마지막 ${k}단계에만 도달하고, 앞의 ${cut}단계에는 설계상 가지 않습니다.`,
        `${k}단계보다 긴 의존성은 학습할 수 없습니다. 기울기 화면은 자른 곳을 표시하고 기울기 소실이 아니라 자른 것이라고 말합니다.`,
      ];
}
