import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';
import { ruleTarget } from '../../src/tasks/ruleTargets';
import { decodeSymbols } from '../../src/tasks/vocabulary';

const spec = (s: Omit<Spec, 'name'>): ResolvedSpec => resolveSpec({ name: 'rule', ...s });
const chars = (text: string) => Array.from(text);
const target = (s: ResolvedSpec, input: string) => ruleTarget(s, chars(input))?.join('');

describe('ruleTarget', () => {
  it('gives the rule-based tasks’ target of any typed input', () => {
    const vocab = 'abcd';
    assert.equal(target(spec({ task: { kind: 'copy', vocab } }), 'dcbabcd'), 'dcbabcd');
    assert.equal(target(spec({ task: { kind: 'reverse', vocab } }), 'abcdd'), 'ddcba');
    assert.equal(target(spec({ task: { kind: 'sort', vocab: 'dcba' } }), 'abcd'), 'dcba');
    const addition = spec({ task: { kind: 'addition' } });
    assert.equal(target(addition, '999+1'), '1000');
    assert.equal(target(addition, '12+'), undefined, 'an input the rule cannot read');
    const parity = spec({ task: { kind: 'parity' }, model: { architecture: 'many-to-one' } });
    assert.equal(target(parity, '1101'), '1');
    const running = spec({ task: { kind: 'parity' }, model: { architecture: 'many-to-many' } });
    assert.equal(target(running, '1101'), '1001');
    assert.equal(target(running, '12'), undefined);
    assert.equal(target(spec({ task: { kind: 'delayed-recall', vocab } }), 'bacd'), 'b');
    assert.equal(target(spec({ task: { kind: 'motif' } }), 'abc'), undefined, 'no rule');
  });

  it('is the rule the generated datasets were drawn with', () => {
    const specs = [
      spec({ task: { kind: 'copy', samples: 30, testSamples: 8 } }),
      spec({ task: { kind: 'reverse', samples: 30, testSamples: 8 } }),
      spec({ task: { kind: 'sort', samples: 30, testSamples: 8 } }),
      spec({ task: { kind: 'addition', samples: 30, testSamples: 8 } }),
      spec({ task: { kind: 'delayed-recall', samples: 30, testSamples: 8 } }),
    ];
    for (const s of specs) {
      const data = buildDataset(s);
      assert.equal(data.type, 'symbols');
      if (data.type !== 'symbols') continue;
      for (const sample of [...data.train, ...data.test]) {
        const input = decodeSymbols(data.inputVocab, sample.input);
        const expected = decodeSymbols(data.outputVocab, sample.target);
        assert.equal(target(s, input), expected, `${s.task.kind} ${input}`);
      }
    }
  });
});
