import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { explainTerm } from '../../src/explain';
import type { TrainEvent } from '../../src/engine/trainEvents';
import {
  HOVER_LINK_COMMAND,
  codeWordAt,
  hoverContent,
  openLabCommandUri,
  specWordAt,
} from '../../src/host/hoverContent';
import { findLiveGates, type LiveGates } from '../../src/node/runListing';

/** The word under the cursor at the `|` of a line, as the hover provider finds it. */
function wordAt(kind: 'spec' | 'code', marked: string): string | undefined {
  const character = marked.indexOf('|');
  const line = marked.replace('|', '');
  return (kind === 'spec' ? specWordAt : codeWordAt)(line, character)?.word;
}

/** The `[text](command:…)` links of some Markdown, with their decoded arguments. */
function commandLinks(markdown: string): { command: string; args: unknown }[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)\?([^)]*)\)/g)].map((m) => ({
    command: m[1] ?? '',
    args: JSON.parse(decodeURIComponent(m[2] ?? '')) as unknown,
  }));
}

/** A run folder with a metrics.jsonl, as a trained run of the workspace leaves it. */
function trainedRun(runName: string): string {
  const runs = mkdtempSync(join(tmpdir(), 'rnnlab-hover-'));
  const dir = join(runs, `${runName}-20250101-101010`);
  mkdirSync(dir);
  const events: TrainEvent[] = [
    {
      type: 'start',
      spec: runName,
      backend: 'cpu',
      params: { parts: [], total: 1 },
      trainSamples: 10,
      testSamples: 2,
      batchesPerEpoch: 1,
      epochs: 2,
      firstEpoch: 1,
      time: '2025-01-01T10:10:10.000Z',
    },
    {
      type: 'epoch',
      epoch: 1,
      lastEpoch: 2,
      trainLoss: 1,
      testLoss: 1,
      gates: [{ layer: 'layer 1', gate: 'f', mean: 0.5, below01: 0.1, above09: 0.1 }],
      learningRate: 0.01,
      teacherForcing: 1,
      seconds: 1,
    },
    {
      type: 'epoch',
      epoch: 2,
      lastEpoch: 2,
      trainLoss: 0.5,
      testLoss: 0.6,
      gates: [
        { layer: 'layer 1', gate: 'i', mean: 0.42, below01: 0.05, above09: 0.12 },
        { layer: 'layer 1', gate: 'f', mean: 0.81, below01: 0.02, above09: 0.34 },
        { layer: 'layer 2', gate: 'f', mean: 0.66, below01: 0.1, above09: 0.2 },
        { layer: 'layer 1', gate: 'o', mean: 0.55, below01: 0.1, above09: 0.1 },
      ],
      learningRate: 0.01,
      teacherForcing: 1,
      seconds: 1,
    },
  ];
  // The last line was cut by a crash: it must not matter.
  writeFileSync(
    join(dir, 'metrics.jsonl'),
    `${events.map((e) => JSON.stringify(e)).join('\n')}\n{"type":"batch","ep`,
  );
  return runs;
}

describe('hover: the word under the cursor', () => {
  it('in a spec: keys and hyphenated values', () => {
    assert.equal(wordAt('spec', '  "cl|ipNorm": 1,'), 'clipNorm');
    assert.equal(wordAt('spec', '"architecture": "many-to-o|ne",'), 'many-to-one');
    assert.equal(wordAt('spec', '"cell": "|lstm"'), 'lstm');
    assert.equal(wordAt('spec', '"cell": | "lstm"'), undefined);
  });

  it('in code: the dotted name up to the segment under the cursor', () => {
    assert.equal(wordAt('code', 'self.rnn = nn.LS|TM(10, 20)'), 'nn.LSTM');
    assert.equal(wordAt('code', 'self.rnn = n|n.LSTM(10, 20)'), 'nn');
    assert.equal(wordAt('code', 'const l = tf.layers.ls|tm({ units: 8 })'), 'tf.layers.lstm');
    assert.equal(wordAt('code', 'const l = tf.lay|ers.lstm({ units: 8 })'), 'tf.layers');
    assert.equal(wordAt('code', 'forget_gate = torch.sigmoid(f|_t)'), 'f_t');
    assert.equal(wordAt('code', 'x = |  1'), undefined);
  });
});

describe('hover: word → term → Markdown', () => {
  it('explains spec keys and values from src/explain, in English and Korean', () => {
    const lstm = hoverContent('lstm', 'spec', 'en');
    assert.equal(lstm?.term, 'lstm');
    assert.ok(lstm?.markdown.includes(`**${explainTerm('lstm', 'en').title}**`));
    assert.equal(lstm?.hasCommandLink, false);
    const ko = hoverContent('clipNorm', 'spec', 'ko');
    assert.equal(ko?.term, 'clip-norm');
    assert.ok(ko?.markdown.includes(explainTerm('clip-norm', 'ko').title));
    assert.match(ko?.markdown ?? '', /[\uAC00-\uD7A3]/);
    for (const [word, term] of [
      ['gru', 'gru'],
      ['rnn', 'rnn'],
      ['teacherForcing', 'teacher-forcing'],
      ['attention', 'attention'],
      ['hidden', 'hidden'],
      ['layers', 'layers'],
      ['seq2seq', 'seq2seq'],
      ['many-to-one', 'many-to-one'],
    ] as const) {
      assert.equal(hoverContent(word, 'spec', 'en')?.term, term, word);
    }
    assert.equal(hoverContent('samples', 'spec', 'en'), undefined);
  });

  it('explains recurrent parts named in code, not ordinary words', () => {
    for (const [word, term] of [
      ['nn.LSTM', 'lstm'],
      ['tf.layers.lstm', 'lstm'],
      ['nn.GRU', 'gru'],
      ['forget_gate', 'forget-gate'],
      ['hidden_state', 'hidden-state'],
      ['cell_state', 'cell-state'],
      ['context_vector', 'context-vector'],
      ['attention', 'attention'],
      ['teacher_forcing', 'teacher-forcing'],
    ] as const) {
      assert.equal(hoverContent(word, 'code', 'en')?.term, term, word);
    }
    for (const word of ['hidden', 'layers', 'tf.layers', 'update', 'x']) {
      assert.equal(hoverContent(word, 'code', 'en'), undefined, word);
    }
  });
});

describe('hover: live numbers of the newest run', () => {
  it('reads the newest epoch event of a metrics.jsonl and shows its gate numbers', async () => {
    const runs = trainedRun('delayed-recall');
    const live = await findLiveGates([runs]);
    assert.ok(live);
    assert.equal(live.epoch, 2);

    const hover = hoverContent('forget_gate', 'code', 'en', live);
    assert.ok(hover);
    assert.equal(hover.hasCommandLink, true);
    const md = hover.markdown;
    assert.ok(md.includes('forget gate, layer 1: mean 0.81, 34 % of activations above 0.9'), md);
    assert.ok(md.includes('forget gate, layer 2: mean 0.66'), md);
    assert.ok(!md.includes('input gate, layer 1'), 'only the hovered gate');
    assert.ok(md.includes('epoch 2'));
    assert.deepEqual(commandLinks(md), [
      {
        command: HOVER_LINK_COMMAND,
        args: [{ runId: 'delayed-recall-20250101-101010', focus: { layer: 'layer 1', gate: 'f' } }],
      },
    ]);
  });

  it('lists every gate of the cell on lstm, in Korean too', async () => {
    const live = await findLiveGates([trainedRun('copy')]);
    const md = hoverContent('lstm', 'spec', 'ko', live)?.markdown ?? '';
    assert.ok(md.includes('망각 게이트, 1층: 평균 0.81'), md);
    assert.ok(md.includes('입력 게이트, 1층'), md);
    assert.ok(md.includes('출력 게이트, 1층'), md);
    assert.equal(commandLinks(md).length, 1);
  });

  it('adds nothing live to terms that are not about gates', async () => {
    const live = await findLiveGates([trainedRun('copy')]);
    const hover = hoverContent('clipNorm', 'spec', 'en', live);
    assert.equal(hover?.hasCommandLink, false);
    assert.deepEqual(commandLinks(hover?.markdown ?? ''), []);
    // GRU gates are not in an LSTM run.
    assert.equal(hoverContent('update_gate', 'code', 'en', live)?.hasCommandLink, false);
  });

  it('escapes run data, so a crafted run name cannot add links', () => {
    const live: LiveGates = {
      runId: 'r',
      runName: 'x](command:workbench.action.terminal.new)',
      epoch: 1,
      gates: [{ layer: 'layer 1](command:evil)', gate: 'f', mean: 0.5, below01: 0, above09: 0 }],
    };
    const md = hoverContent('forget_gate', 'code', 'en', live)?.markdown ?? '';
    const links = commandLinks(md);
    assert.equal(links.length, 1);
    assert.equal(links[0]?.command, HOVER_LINK_COMMAND);
    // The crafted text is there, but every `]` of it is escaped, so it is no link.
    assert.ok(md.includes('\\](command:workbench'));
    assert.doesNotMatch(md, /(?<!\\)\]\(command:(?!rnnLab\.openLab\?)/);
  });

  it('encodes link arguments so that any text survives', () => {
    const uri = openLabCommandUri({ runId: 'a b', focus: { layer: 'layer (1)', gate: 'f' } });
    assert.ok(uri.startsWith('command:rnnLab.openLab?'));
    assert.ok(!/[ "[\]()]/.test(uri));
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.split('?')[1] ?? '')), [
      { runId: 'a b', focus: { layer: 'layer (1)', gate: 'f' } },
    ]);
  });

  it("explains tbptt with the spec's own value and sequence length (en, ko)", () => {
    const spec = (train: string) =>
      `{ "name": "t", "task": { "kind": "delayed-recall", "lag": 20 }, "model": { "cell": "gru" }, "train": { ${train} } }`;
    const text = spec('"tbptt": 5');
    assert.equal(wordAt('spec', '    "tb|ptt": 5,'), 'tbptt');
    const en = hoverContent('tbptt', 'spec', 'en', undefined, text);
    assert.equal(en?.term, 'truncated-bptt');
    assert.match(en?.markdown ?? '', /^\*\*Truncated backpropagation through time \(tbptt\)\*\*/);
    assert.match(
      en?.markdown ?? '',
      /\*\*This run:\*\*\n- train.tbptt = 5: of the 21 input steps, the gradient reaches the last 5; the first 16 get none, by design./,
    );
    const ko = hoverContent('tbptt', 'spec', 'ko', undefined, text);
    assert.match(ko?.markdown ?? '', /\*\*절단 시간 역전파 \(tbptt\)\*\*/);
    assert.match(
      ko?.markdown ?? '',
      /입력 21단계 중 기울기는 마지막 5단계에만 도달하고, 앞의 16단계/,
    );
    // A cut at or past the longest input cuts nothing, and the hover says so.
    assert.match(
      hoverContent('tbptt', 'spec', 'en', undefined, spec('"tbptt": 30'))?.markdown ?? '',
      /train.tbptt = 30 cuts nothing here: the longest input has 21 steps/,
    );
    // A spec that does not set it, or no spec text: the explanation alone.
    const bare = hoverContent('tbptt', 'spec', 'en', undefined, spec('"epochs": 2'));
    assert.equal(bare?.markdown, hoverContent('tbptt', 'spec', 'en')?.markdown);
    assert.doesNotMatch(bare?.markdown ?? '', /This run/);
    // In code, `tbptt` names the same term.
    assert.equal(hoverContent('tbptt', 'code', 'en')?.term, 'truncated-bptt');
  });
});
