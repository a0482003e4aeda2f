/**
 * Generators for the symbolic toy tasks: copy, reverse, sort, addition, parity, delayed-recall.
 * Each returns a `SymbolTask`: its symbols and a way to draw one pair from the seeded generator.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { SeededRandom } from './seededRandom';
import { ruleTarget } from './ruleTargets';
import type { SymbolTask } from './symbolDataset';
import { distinctSymbols, splitSymbols } from './vocabulary';

export function drawLength(random: SeededRandom, [min, max]: readonly [number, number]): number {
  return random.int(Math.min(min, max), Math.max(min, max));
}

function drawSymbols(random: SeededRandom, symbols: readonly string[], length: number): string[] {
  return Array.from({ length }, () => random.pick(symbols));
}

/** The symbols of `task.vocab`, without repeats. */
export function vocabSymbols(spec: ResolvedSpec): string[] {
  return distinctSymbols(splitSymbols(spec.task.vocab));
}

/** copy, reverse and sort: random strings over `vocab`, target a rearrangement of the input. */
export function rearrangeTask(spec: ResolvedSpec, random: SeededRandom): SymbolTask {
  const symbols = vocabSymbols(spec);
  return {
    inputSymbols: symbols,
    outputSymbols: symbols,
    draw() {
      const input = drawSymbols(random, symbols, drawLength(random, spec.task.length));
      return { input, target: targetOf(spec, input) };
    },
  };
}

/** The rule's target of a drawn input (ruleTarget.ts); every drawn input fits its rule. */
function targetOf(spec: ResolvedSpec, input: string[]): string[] {
  const target = ruleTarget(spec, input);
  if (!target) throw new Error(`no ${spec.task.kind} target for ${input.join('')}`);
  return target;
}

const DIGITS = splitSymbols('0123456789');

/**
 * `task.length` counts the digits of each operand here, clamped to 1..`digits`: with the
 * defaults ([1, 3], digits 3) operands run from "0" to "999".
 */
export function additionDigitRange(spec: ResolvedSpec): [number, number] {
  const clamp = (n: number) => Math.min(Math.max(n, 1), spec.task.digits);
  const [a, b] = spec.task.length;
  return [clamp(Math.min(a, b)), clamp(Math.max(a, b))];
}

/** A number with exactly `digits` digits, no leading zero (one-digit numbers include 0). */
function drawOperand(random: SeededRandom, digits: number): string {
  if (digits === 1) return String(random.int(0, 9));
  let out = String(random.int(1, 9));
  for (let i = 1; i < digits; i++) out += String(random.int(0, 9));
  return out;
}

export function additionTask(spec: ResolvedSpec, random: SeededRandom): SymbolTask {
  const range = additionDigitRange(spec);
  return {
    inputSymbols: [...DIGITS, '+'],
    outputSymbols: DIGITS,
    draw() {
      const a = drawOperand(random, drawLength(random, range));
      const b = drawOperand(random, drawLength(random, range));
      const input = splitSymbols(`${a}+${b}`);
      return { input, target: targetOf(spec, input) };
    },
  };
}

/** many-to-one: "1" when the count of 1s is odd; many-to-many: the running parity per step. */
export function parityTask(spec: ResolvedSpec, random: SeededRandom): SymbolTask {
  const bits = ['0', '1'];
  return {
    inputSymbols: bits,
    outputSymbols: bits,
    draw() {
      const input = drawSymbols(random, bits, drawLength(random, spec.task.length));
      return { input, target: targetOf(spec, input) };
    },
  };
}

/**
 * One symbol to remember, then `lag` distractors from the same symbols, so the only way to answer
 * is to carry the first one across every step. `task.length` plays no part.
 */
export function delayedRecallTask(spec: ResolvedSpec, random: SeededRandom): SymbolTask {
  const symbols = vocabSymbols(spec);
  return {
    inputSymbols: symbols,
    outputSymbols: symbols,
    draw() {
      const remember = random.pick(symbols);
      const input = [remember, ...drawSymbols(random, symbols, spec.task.lag)];
      return { input, target: targetOf(spec, input) };
    },
  };
}
