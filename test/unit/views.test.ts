/**
 * The lab views' pure logic: outputs lined up with their steps and marked right or wrong, the
 * most likely tokens, real-valued targets, and the colour scales the heatmaps paint with.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Inspection } from '../../src/engine/inspectSequence';
import { divergingScale, sequentialScale } from '../../webview/lab/views/colorScales';
import { outputRows, parseRealTarget, topChoices } from '../../webview/lab/views/outputRows';

function base(architecture: Inspection['architecture'], tokens: string[]): Inspection {
  return { architecture, cell: 'lstm', inputTokens: tokens, layers: [], outputs: [] };
}

describe('outputRows', () => {
  it('marks each step of a many-to-many output against the target', () => {
    const inspection: Inspection = {
      ...base('many-to-many', ['a', 'b', 'c']),
      outputs: [
        { token: 'a', probability: 0.9 },
        { token: 'x', probability: 0.6 },
        { token: 'c', probability: 0.8 },
      ],
    };
    const rows = outputRows(inspection, 'abc');
    assert.deepEqual(
      rows.map((r) => [r.step, r.axis, r.input, r.predicted, r.target, r.correct]),
      [
        [0, 'input', 'a', 'a', 'a', true],
        [1, 'input', 'b', 'x', 'b', false],
        [2, 'input', 'c', 'c', 'c', true],
      ],
    );
  });

  it('leaves right/wrong out when the target is not known', () => {
    const inspection: Inspection = { ...base('many-to-many', ['a']), outputs: [{ token: 'a' }] };
    const [row] = outputRows(inspection);
    assert.equal(row?.target, undefined);
    assert.equal(row?.correct, undefined);
  });

  it('puts a many-to-one output at the last step and compares the whole label', () => {
    const inspection: Inspection = {
      ...base('many-to-one', ['0', '1', '1']),
      outputs: [{ token: '0', probability: 0.7 }],
    };
    const [row] = outputRows(inspection, '0');
    assert.equal(row?.step, 2);
    assert.equal(row?.input, '1');
    assert.equal(row?.correct, true);
  });

  it('lines Seq2Seq outputs up with decoder steps and expects </s> after the target', () => {
    const inspection: Inspection = {
      ...base('seq2seq', ['a', 'b']),
      outputs: [{ token: 'b' }, { token: 'a' }, { token: '</s>' }],
      seq2seq: {
        context: [],
        decoder: [],
        decoderInputs: ['<s>', 'b', 'a'],
        decoded: ['b', 'a'],
        ended: true,
      },
    };
    const rows = outputRows(inspection, 'ba');
    assert.deepEqual(
      rows.map((r) => [r.axis, r.step, r.input, r.target, r.correct]),
      [
        ['decoder', 0, '<s>', 'b', true],
        ['decoder', 1, 'b', 'a', true],
        ['decoder', 2, 'a', '</s>', true],
      ],
    );
  });

  it('shows real-valued inputs and targets as numbers', () => {
    const inspection: Inspection = {
      ...base('many-to-many', ['t1', 't2']),
      inputValues: [[0.1], [0.25]],
      outputs: [{ values: [0.2] }, { values: [0.31] }],
    };
    const rows = outputRows(inspection, '0.25, 0.3');
    assert.deepEqual(
      rows.map((r) => [r.input, r.values, r.targetValues]),
      [
        ['0.1', [0.2], [0.25]],
        ['0.25', [0.31], [0.3]],
      ],
    );
  });
});

describe('parseRealTarget and topChoices', () => {
  it('reads both formats of formatRealSequence', () => {
    assert.deepEqual(parseRealTarget('0.1, -0.2'), [[0.1], [-0.2]]);
    assert.deepEqual(parseRealTarget('(0.1 0.2), (0.3 0.4)'), [
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
  });

  it('returns the most likely tokens first', () => {
    assert.deepEqual(
      topChoices([0.1, 0.6, 0.3], ['a', 'b', 'c'], 2).map((c) => c.token),
      ['b', 'c'],
    );
  });
});

describe('colour scales', () => {
  it('paints a sequential scale from dark to light (viridis)', () => {
    const scale = sequentialScale(0, 1);
    const lum = ([r, g, b]: readonly number[]) =>
      0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    assert.ok(lum(scale.color(0)) < lum(scale.color(0.5)));
    assert.ok(lum(scale.color(0.5)) < lum(scale.color(1)));
    assert.deepEqual(scale.color(-5), scale.color(0), 'clamped below');
  });

  it('paints a diverging scale blue below 0, light at 0, red above', () => {
    const scale = divergingScale(2);
    const [r1, , b1] = scale.color(-2);
    const [r2, , b2] = scale.color(2);
    const [r0, g0, b0] = scale.color(0);
    assert.ok(b1 > r1, 'negative is blue');
    assert.ok(r2 > b2, 'positive is red');
    assert.ok(Math.min(r0, g0, b0) > 200, 'zero is near white');
    assert.equal(scale.min, -2);
    assert.equal(scale.max, 2);
  });

  it('draws values it cannot read in grey, not as a colour of the scale', () => {
    assert.deepEqual(sequentialScale().color(Number.NaN), [128, 128, 128]);
  });
});
