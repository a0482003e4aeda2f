import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunSummary } from '../../src/protocol/messages';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import { newestRunOfSpec, type RunCandidate } from '../../src/node/specRunLookup';

const spec = resolveSpec({
  name: 'rev',
  task: { kind: 'reverse', length: [3, 5], vocab: 'abcd' },
  model: { cell: 'lstm', hidden: 16, architecture: 'seq2seq' },
  train: { epochs: 2 },
});
/** The same model with more epochs: still the same spec (epochs do not change the model). */
const moreEpochs: ResolvedSpec = { ...spec, train: { ...spec.train, epochs: 9 } };
const otherHidden: ResolvedSpec = { ...spec, model: { ...spec.model, hidden: 32 } };

function run(id: string, hasCheckpoint: boolean, name = 'rev'): RunCandidate {
  const summary: RunSummary = { id, name, folder: id, status: 'done', hasCheckpoint };
  return { summary, dir: `/runs/${id}` };
}

describe('the run a lab opened on a spec brings back', () => {
  const specs = new Map<string, ResolvedSpec>([
    ['/runs/new-other', otherHidden],
    ['/runs/new-no-weights', spec],
    ['/runs/mid', moreEpochs],
    ['/runs/old', spec],
    ['/runs/foreign', { ...spec, name: 'foreign' }],
  ]);
  const readSpec = (dir: string) => Promise.resolve(specs.get(dir));

  it('is the newest run of the same content with a checkpoint', async () => {
    const runs = [
      run('new-other', true),
      run('new-no-weights', false),
      run('mid', true),
      run('old', true),
    ];
    const chosen = await newestRunOfSpec(runs, spec, { readSpec });
    assert.equal(chosen?.summary.id, 'mid');
  });

  it('skips the run training now and runs of other names', async () => {
    const runs = [run('foreign', true, 'foreign'), run('mid', true), run('old', true)];
    const chosen = await newestRunOfSpec(runs, spec, { readSpec, skip: 'mid' });
    assert.equal(chosen?.summary.id, 'old');
  });

  it('falls back to the newest run without weights, and to none', async () => {
    const chosen = await newestRunOfSpec([run('new-no-weights', false)], spec, { readSpec });
    assert.equal(chosen?.summary.id, 'new-no-weights');
    assert.equal(await newestRunOfSpec([run('new-other', true)], spec, { readSpec }), undefined);
    assert.equal(await newestRunOfSpec([], spec, { readSpec }), undefined);
  });
});
