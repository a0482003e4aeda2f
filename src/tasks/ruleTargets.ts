/**
 * The answer a rule-based task expects for any input: copy, reverse, sort, addition, parity and
 * delayed-recall are defined by a rule, so the target of a typed sequence is known, not only that
 * of a drawn test sample. The generators (symbolTasks.ts) draw inputs and take their targets from
 * here, so the lab's "target" and "correct" columns and the training data agree by construction.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import { distinctSymbols, splitSymbols } from './vocabulary';

/**
 * The target symbols of `input` under the spec's task, or undefined when the task has no rule
 * (motif, text, user data, real-valued series) or the input does not fit it (e.g. `12+` for
 * addition).
 */
export function ruleTarget(spec: ResolvedSpec, input: readonly string[]): string[] | undefined {
  switch (spec.task.kind) {
    case 'copy':
      return [...input];
    case 'reverse':
      return [...input].reverse();
    case 'sort': {
      const rank = new Map(distinctSymbols(splitSymbols(spec.task.vocab)).map((s, i) => [s, i]));
      return [...input].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    }
    case 'addition': {
      const match = /^(\d+)\+(\d+)$/.exec(input.join(''));
      if (!match?.[1] || !match[2]) return undefined;
      // BigInt keeps the sum exact whatever `digits` allows.
      return splitSymbols((BigInt(match[1]) + BigInt(match[2])).toString());
    }
    case 'parity': {
      if (input.some((bit) => bit !== '0' && bit !== '1')) return undefined;
      let odd = false;
      const running = input.map((bit) => {
        if (bit === '1') odd = !odd;
        return odd ? '1' : '0';
      });
      return spec.model.architecture === 'many-to-many' ? running : [odd ? '1' : '0'];
    }
    case 'delayed-recall':
      return input.length > 0 && input[0] !== undefined ? [input[0]] : undefined;
    default:
      return undefined;
  }
}
