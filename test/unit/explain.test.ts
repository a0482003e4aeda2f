import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LANGS,
  TERM_FACTS,
  TERM_IDS,
  explainTerm,
  formatGateStats,
  gateTerm,
  isTermId,
  layerLabel,
  liveGateLines,
  renderHoverMarkdown,
  renderPlainText,
  resolveLanguage,
  termAtWord,
  type GateStats,
  type TermId,
} from '../../src/explain';

const HANGUL = /[\uAC00-\uD7A3]/;
const TEXT_FIELDS = ['title', 'summary', 'training', 'seeInLab'] as const;

describe('term catalogue', () => {
  it('has every term the hovers and the lab ask for', () => {
    const required = [
      'rnn',
      'lstm',
      'gru',
      'hidden-state',
      'cell-state',
      'input-gate',
      'forget-gate',
      'output-gate',
      'candidate',
      'update-gate',
      'reset-gate',
      'gru-candidate',
      'weight-sharing',
      'vanishing-gradient',
      'exploding-gradient',
      'long-term-dependency',
      'seq2seq',
      'encoder',
      'decoder',
      'context-vector',
      'bottleneck',
      'attention',
      'additive-attention',
      'dot-attention',
      'teacher-forcing',
      'clip-norm',
      'embedding',
      'many-to-one',
      'many-to-many',
      'hidden',
      'layers',
      'learning-rate',
      'gradient-norm',
      'saturation',
    ];
    for (const id of required) assert.ok(isTermId(id), `${id} missing`);
    assert.equal(new Set(TERM_IDS).size, TERM_IDS.length, 'duplicate term id');
  });

  for (const lang of LANGS) {
    it(`fills every field of every term in ${lang}`, () => {
      for (const id of TERM_IDS) {
        const e = explainTerm(id, lang);
        assert.equal(e.id, id);
        assert.equal(e.lang, lang);
        for (const field of [...TEXT_FIELDS, 'equation'] as const) {
          assert.ok(e[field].trim().length > 0, `${lang} ${id}.${field} is empty`);
        }
        assert.ok(e.related.length > 0, `${id} has no related terms`);
      }
    });
  }

  it('writes Korean in Hangul and English without it', () => {
    for (const id of TERM_IDS) {
      const ko = explainTerm(id, 'ko');
      const en = explainTerm(id, 'en');
      for (const field of TEXT_FIELDS) {
        assert.match(ko[field], HANGUL, `ko ${id}.${field} has no Hangul`);
        assert.doesNotMatch(en[field], HANGUL, `en ${id}.${field} has Hangul`);
        assert.notEqual(ko[field], en[field], `${id}.${field} is untranslated`);
      }
    }
  });

  it('points related ids at existing terms, never at itself or twice', () => {
    for (const id of TERM_IDS) {
      const related = TERM_FACTS[id].related;
      for (const r of related) assert.ok(isTermId(r), `${id} → unknown ${r}`);
      assert.ok(!related.includes(id), `${id} relates to itself`);
      assert.equal(new Set(related).size, related.length, `${id} lists a related term twice`);
    }
  });

  it('keeps equations plain Unicode that fits a code block', () => {
    for (const id of TERM_IDS) {
      const { equation } = TERM_FACTS[id];
      assert.doesNotMatch(equation, /`/, `${id}: backtick in equation`);
      assert.doesNotMatch(equation, /\\[a-z]+|\$/, `${id}: LaTeX in equation`);
      assert.doesNotMatch(equation, HANGUL, `${id}: words in equation`);
      for (const line of equation.split('\n')) {
        assert.ok(line.length <= 80, `${id}: equation line too long: ${line}`);
      }
    }
  });

  it('uses the engine conventions for the cells', () => {
    const lstm = explainTerm('lstm', 'en').equation;
    assert.match(lstm, /c_t = f_t ⊙ c_\{t−1\} \+ i_t ⊙ g_t/);
    assert.match(lstm, /h_t = o_t ⊙ tanh\(c_t\)/);
    assert.match(lstm, /f_t = σ\(U_f·x_t \+ W_f·h_\{t−1\} \+ b_f\)/);
    const gru = explainTerm('gru', 'en').equation;
    assert.match(gru, /n_t = tanh\(U_n·x_t \+ b_in \+ r_t ⊙ \(W_n·h_\{t−1\} \+ b_hn\)\)/);
    assert.match(gru, /h_t = \(1 − z_t\) ⊙ n_t \+ z_t ⊙ h_\{t−1\}/);
    assert.match(explainTerm('rnn', 'ko').equation, /h_t = tanh\(U·x_t \+ W·h_\{t−1\} \+ b\)/);
  });
});

describe('resolveLanguage', () => {
  it('follows the display language: Korean in any region, English otherwise', () => {
    assert.equal(resolveLanguage('ko'), 'ko');
    assert.equal(resolveLanguage('ko-KR'), 'ko');
    assert.equal(resolveLanguage('ko-kr'), 'ko');
    assert.equal(resolveLanguage('KO'), 'ko');
    assert.equal(resolveLanguage('ko_KR.UTF-8'), 'ko');
    assert.equal(resolveLanguage('en'), 'en');
    assert.equal(resolveLanguage('en-US'), 'en');
    assert.equal(resolveLanguage('ja'), 'en');
    assert.equal(resolveLanguage('zh-cn'), 'en');
    assert.equal(resolveLanguage('kok'), 'en', 'Konkani is not Korean');
    assert.equal(resolveLanguage(''), 'en');
  });

  it('lets an explicit setting win', () => {
    assert.equal(resolveLanguage('en-US', 'ko'), 'ko');
    assert.equal(resolveLanguage('ko-KR', 'en'), 'en');
    assert.equal(resolveLanguage('ko-KR', 'auto'), 'ko');
    assert.equal(resolveLanguage('de', 'auto'), 'en');
  });
});

describe('termAtWord', () => {
  const spec: [string, TermId][] = [
    ['lstm', 'lstm'],
    ['"lstm"', 'lstm'],
    ['gru', 'gru'],
    ['rnn', 'rnn'],
    ['seq2seq', 'seq2seq'],
    ['many-to-one', 'many-to-one'],
    ['"many-to-many"', 'many-to-many'],
    ['attention', 'attention'],
    ['additive', 'additive-attention'],
    ['dot', 'dot-attention'],
    ['teacherForcing', 'teacher-forcing'],
    ['clipNorm', 'clip-norm'],
    ['hidden', 'hidden'],
    ['layers', 'layers'],
    ['embedding', 'embedding'],
    ['learningRate', 'learning-rate'],
    ['model.hidden', 'hidden'],
    ['train.clipNorm', 'clip-norm'],
    ['lag', 'long-term-dependency'],
  ];
  for (const [word, term] of spec) {
    it(`spec: ${word} → ${term}`, () => assert.equal(termAtWord(word, 'spec'), term));
  }

  const code: [string, TermId][] = [
    ['LSTM', 'lstm'],
    ['GRU', 'gru'],
    ['RNN', 'rnn'],
    ['nn.LSTM', 'lstm'],
    ['torch.nn.GRU', 'gru'],
    ['LSTMCell', 'lstm'],
    ['nn.LSTMCell', 'lstm'],
    ['GRUCell', 'gru'],
    ['SimpleRNN', 'rnn'],
    ['tf.layers.lstm', 'lstm'],
    ['tf.layers.simpleRNN', 'rnn'],
    ['lstm', 'lstm'],
    ['self.lstm', 'lstm'],
    ['lstm1', 'lstm'],
    ['forget_gate', 'forget-gate'],
    ['forgetGate', 'forget-gate'],
    ['FORGET_GATE', 'forget-gate'],
    ['ForgetGate', 'forget-gate'],
    ['unit_forget_bias', 'forget-gate'],
    ['input_gate', 'input-gate'],
    ['inputGate', 'input-gate'],
    ['output_gate', 'output-gate'],
    ['update_gate', 'update-gate'],
    ['updateGate', 'update-gate'],
    ['reset_gate', 'reset-gate'],
    ['hidden_state', 'hidden-state'],
    ['hiddenState', 'hidden-state'],
    ['hidden_states', 'hidden-state'],
    ['last_hidden_state', 'hidden-state'],
    ['h_t', 'hidden-state'],
    ['H_t', 'hidden-state'],
    ['h_n', 'hidden-state'],
    ['hPrev', 'hidden-state'],
    ['cell_state', 'cell-state'],
    ['cellState', 'cell-state'],
    ['c_t', 'cell-state'],
    ['f_t', 'forget-gate'],
    ['z_t', 'update-gate'],
    ['n_t', 'gru-candidate'],
    ['g_t', 'candidate'],
    ['context_vector', 'context-vector'],
    ['contextVector', 'context-vector'],
    ['attention', 'attention'],
    ['Attention', 'attention'],
    ['attn_weights', 'attention'],
    ['BahdanauAttention', 'additive-attention'],
    ['LuongAttention', 'dot-attention'],
    ['scaled_dot_product_attention', 'dot-attention'],
    ['teacher_forcing', 'teacher-forcing'],
    ['teacher_forcing_ratio', 'teacher-forcing'],
    ['clip_grad_norm_', 'clip-norm'],
    ['torch.nn.utils.clip_grad_norm_', 'clip-norm'],
    ['clipnorm', 'clip-norm'],
    ['clip_by_global_norm', 'clip-norm'],
    ['Embedding', 'embedding'],
    ['nn.Embedding', 'embedding'],
    ['tf.layers.embedding', 'embedding'],
    ['embeddings', 'embedding'],
    ['embedding_dim', 'embedding'],
    ['encoder', 'encoder'],
    ['EncoderRNN', 'encoder'],
    ['encoder_outputs', 'encoder'],
    ['decoder', 'decoder'],
    ['AttnDecoderRNN', 'decoder'],
    ['Seq2Seq', 'seq2seq'],
    ['hidden_size', 'hidden'],
    ['hiddenSize', 'hidden'],
    ['num_layers', 'layers'],
    ['learning_rate', 'learning-rate'],
    ['lr', 'learning-rate'],
    ['return_sequences', 'many-to-many'],
    ['nn.LSTM(', 'lstm'],
  ];
  for (const [word, term] of code) {
    it(`code: ${word} → ${term}`, () => assert.equal(termAtWord(word, 'code'), term));
  }

  it('does not match ordinary words in code', () => {
    const ordinary = [
      'hidden',
      'layers',
      'tf.layers',
      'this.hidden',
      'context',
      'state',
      'gate',
      'cell',
      'input',
      'output',
      'forget',
      'update',
      'reset',
      'candidate',
      'candidates',
      'dot',
      'additive',
      'bottleneck',
      'saturation',
      'norm',
      'clip',
      'rate',
      'units',
      'embed',
      'TextEncoder',
      'TextDecoder',
      'encode',
      'decode',
      'ht',
      'ct',
      'chat',
      'c_hatch',
      'many_to_one',
      'ManyToOne',
      'lag',
      'cls',
      'ss',
      'l1',
      '',
      '   ',
      '...',
    ];
    for (const word of ordinary) {
      assert.equal(termAtWord(word, 'code'), undefined, `"${word}" matched in code`);
    }
  });

  it('does not match code identifiers or unknown words in a spec', () => {
    for (const word of ['forget_gate', 'h_t', 'lr', 'name', 'epochs', 'copy', 'tanh', 'hiddenX']) {
      assert.equal(termAtWord(word, 'spec'), undefined, `"${word}" matched in a spec`);
    }
  });
});

describe('gateTerm', () => {
  it('maps the engine gate letters to terms', () => {
    assert.equal(gateTerm('lstm', 'i'), 'input-gate');
    assert.equal(gateTerm('lstm', 'f'), 'forget-gate');
    assert.equal(gateTerm('lstm', 'g'), 'candidate');
    assert.equal(gateTerm('lstm', 'o'), 'output-gate');
    assert.equal(gateTerm('gru', 'r'), 'reset-gate');
    assert.equal(gateTerm('gru', 'z'), 'update-gate');
    assert.equal(gateTerm('gru', 'n'), 'gru-candidate');
  });

  it('knows which letters a cell does not have', () => {
    assert.equal(gateTerm('lstm', 'z'), undefined);
    assert.equal(gateTerm('gru', 'f'), undefined);
    assert.equal(gateTerm('rnn', 'i'), undefined);
    assert.equal(gateTerm('lstm', 'toString'), undefined);
  });
});

describe('formatGateStats', () => {
  const forget: GateStats = {
    layer: 'layer 1',
    gate: 'f',
    mean: 0.8149,
    below01: 0.02,
    above09: 0.3404,
  };

  it('writes the numbers in English', () => {
    assert.equal(
      formatGateStats(forget, 'en'),
      'forget gate, layer 1: mean 0.81, 34 % of activations above 0.9, 2 % below 0.1',
    );
  });

  it('writes the numbers in Korean', () => {
    const ko = formatGateStats(forget, 'ko');
    assert.equal(ko, '망각 게이트, 1층: 평균 0.81, 활성값의 34%가 0.9 초과, 2%가 0.1 미만');
  });

  it('rounds without hiding rare or near-total shares', () => {
    const s: GateStats = { layer: 2, gate: 'z', mean: 0.995, below01: 0.004, above09: 0.996 };
    assert.equal(
      formatGateStats(s, 'en'),
      'update gate, layer 2: mean 0.99, >99 % of activations above 0.9, <1 % below 0.1',
    );
    assert.equal(
      formatGateStats(s, 'ko'),
      '업데이트 게이트, 2층: 평균 0.99, 활성값의 >99%가 0.9 초과, <1%가 0.1 미만',
    );
    const exact: GateStats = { layer: 1, gate: 'i', mean: 0.5, below01: 0, above09: 1 };
    assert.match(
      formatGateStats(exact, 'en'),
      /mean 0\.50, 100 % of activations above 0\.9, 0 % below/,
    );
  });

  it('writes negative means of tanh parts with a real minus, and no −0.00', () => {
    const g: GateStats = {
      layer: 'decoder 2',
      gate: 'g',
      mean: -0.126,
      below01: 0.61,
      above09: 0.05,
    };
    assert.equal(
      formatGateStats(g, 'en'),
      'candidate g, decoder 2: mean −0.13, 5 % of activations above 0.9, 61 % below 0.1',
    );
    assert.match(formatGateStats(g, 'ko'), /^후보 값 g, 디코더 2층: 평균 −0\.13,/);
    const zero: GateStats = {
      layer: 'encoder 1',
      gate: 'n',
      mean: -0.001,
      below01: 0.5,
      above09: 0.1,
    };
    assert.match(formatGateStats(zero, 'en'), /^candidate n, encoder 1: mean 0\.00,/);
    assert.match(formatGateStats(zero, 'ko'), /^후보 상태 n, 인코더 1층: 평균 0\.00,/);
  });

  it('survives odd input', () => {
    const odd: GateStats = {
      layer: 'head',
      gate: 'q',
      mean: Number.NaN,
      below01: 1.2,
      above09: -1,
    };
    assert.equal(
      formatGateStats(odd, 'en'),
      'gate q, head: mean –, 0 % of activations above 0.9, 100 % below 0.1',
    );
  });

  it('labels layers in both languages', () => {
    assert.equal(layerLabel('encoder 2', 'en'), 'encoder 2');
    assert.equal(layerLabel('Decoder 1', 'en'), 'decoder 1');
    assert.equal(layerLabel('layer 3', 'ko'), '3층');
    assert.equal(layerLabel(4, 'ko'), '4층');
    assert.equal(layerLabel(4, 'en'), 'layer 4');
  });

  it('picks the live lines a hovered term is about', () => {
    const stats: GateStats[] = [
      { layer: 'layer 1', gate: 'i', mean: 0.4, below01: 0.1, above09: 0.1 },
      { layer: 'layer 1', gate: 'f', mean: 0.9, below01: 0, above09: 0.5 },
      { layer: 'layer 2', gate: 'f', mean: 0.7, below01: 0.05, above09: 0.2 },
    ];
    const lines = liveGateLines(stats, 'forget-gate', 'en');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^forget gate, layer 1:/);
    assert.match(lines[1] ?? '', /^forget gate, layer 2:/);
    assert.equal(liveGateLines(stats, 'lstm', 'ko').length, 3);
    assert.equal(liveGateLines(stats, 'saturation', 'en').length, 3);
    assert.equal(liveGateLines(stats, 'gru', 'en').length, 0);
    assert.equal(liveGateLines(stats, 'update-gate', 'en').length, 0);
    assert.equal(liveGateLines(stats, 'embedding', 'en').length, 0);
  });
});

describe('renderHoverMarkdown', () => {
  it('leads with the title and summary, then the equation and where to look in the lab', () => {
    for (const lang of LANGS) {
      for (const id of TERM_IDS) {
        const e = explainTerm(id, lang);
        const md = renderHoverMarkdown(id, lang);
        assert.ok(md.startsWith(`**${e.title}**: ${e.summary}\n\n`), `${lang} ${id}: lead`);
        if (id === 'lstm' || id === 'gru') {
          // A cell's hover keeps its state update; each gate's line is in that gate's hover.
          const update = e.equation.split('\n').at(-1) ?? '';
          assert.ok(md.includes(update), `${lang} ${id}: state update`);
          assert.ok(!md.includes('σ(U_'), `${lang} ${id}: no gate lines`);
        } else {
          assert.ok(md.includes('```text\n' + e.equation + '\n```'), `${lang} ${id}: equation`);
        }
        assert.ok(md.includes(e.seeInLab), `${lang} ${id}: lab`);
        assert.ok(!md.includes(e.training), `${lang} ${id}: short, no training paragraph`);
        assert.ok(!/\$[^$\n]+\$/.test(md), `${lang} ${id}: no LaTeX`);
        assert.ok(md.length < 1200, `${lang} ${id}: hover too long (${md.length})`);
      }
    }
  });

  it('appends live lines, escaped', () => {
    const live = ['forget gate, layer 1: mean 0.81, 34 % of activations above 0.9, 2 % below 0.1'];
    const md = renderHoverMarkdown('forget-gate', 'en', live);
    assert.ok(md.includes('**This run:**\n- ' + live[0]));
    // The run's numbers come right after the lead, before the equation.
    assert.ok(md.indexOf('This run') < md.indexOf('```text'));
    assert.ok(md.includes('f_t = σ(U_f·x_t + W_f·h_{t−1} + b_f)'));
    const ko = renderHoverMarkdown('forget-gate', 'ko', ['<1%가 [x](command:evil) *']);
    assert.ok(ko.includes('**이번 실행:**\n- \\<1%가 \\[x\\](command:evil) \\*'));
    assert.ok(!renderHoverMarkdown('forget-gate', 'en').includes('This run'));
  });

  it('has a plain-text twin for tooltips', () => {
    const text = renderPlainText('clip-norm', 'en', ['global norm 3.2']);
    assert.ok(text.includes(explainTerm('clip-norm', 'en').equation));
    assert.ok(text.includes('• global norm 3.2'));
    assert.ok(!text.includes('`'));
    assert.match(renderPlainText('clip-norm', 'ko'), /학습:/);
  });
});
