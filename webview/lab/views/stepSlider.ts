/**
 * A step slider of the inspector: ◀, the slider over an axis's time steps and ▶, with a readout
 * of the step and its token. Every heatmap on the axis follows it (the inspector's `setStep`).
 */
import { button, el } from '../../common/dom';
import type { StepAxis } from './stateHeatmaps';

export interface Stepper {
  element: HTMLElement;
  slider: HTMLInputElement;
  readout: HTMLOutputElement;
  tokens: readonly string[];
}

export interface StepperTarget {
  /** Moves every heatmap on `axis` to `step` (0-based, clamped by the target). */
  setStep(axis: StepAxis, step: number): void;
  /** The step `axis` is at now. */
  step(axis: StepAxis): number;
}

export function createStepper(
  axis: StepAxis,
  tokens: readonly string[],
  label: string,
  testid: string,
  target: StepperTarget,
): Stepper {
  const id = `lab-${testid}`;
  const slider = el('input', {
    type: 'range',
    id,
    class: 'lab-slider',
    min: 0,
    max: Math.max(0, tokens.length - 1),
    step: 1,
    value: 0,
    'data-testid': testid,
  });
  slider.addEventListener('input', () => target.setStep(axis, Number(slider.value)));
  const readout = el('output', { for: id, class: 'lab-step-readout' });
  const prev = button('◀', { class: 'lab-button lab-button-small', title: `${label} −1` }, () =>
    target.setStep(axis, target.step(axis) - 1),
  );
  const next = button('▶', { class: 'lab-button lab-button-small', title: `${label} +1` }, () =>
    target.setStep(axis, target.step(axis) + 1),
  );
  prev.setAttribute('aria-label', `${label} −1`);
  next.setAttribute('aria-label', `${label} +1`);
  const element = el(
    'div',
    { class: 'lab-stepper' },
    el('label', { for: id }, label),
    prev,
    slider,
    next,
    readout,
  );
  return { element, slider, readout, tokens };
}
