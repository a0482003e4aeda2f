/** The exported project's `check.py` (Python, written as is; see `../exportProject.ts`). */
export const CHECK_PY = String.raw`"""Step-by-step traces of the model, and the comparison with the lab (train.py --check).

trace() runs one input sequence through the explicit cells of model.py and records what the
lab's inspector shows: every layer's h, c (LSTM) and gates at every step, the outputs, and for
Seq2Seq the context vector, the greedily decoded steps and the attention weights. check() replays
the inputs stored in check/cases.json and compares every number with the lab's own values from
the export; it also holds the explicit cells to PyTorch's nn modules on the same input.
"""
import json
import os

import torch

from model import cell_step

TOLERANCE = 1e-5


def _rows(tensors):
    """[step] tensors [1, N] -> [step][N] lists."""
    return [t[0].tolist() for t in tensors]


def _run_layer(model, module, k, inputs, h, c):
    """Layer k over inputs [1, T, I] from state (h, c): every step's h, c and gates."""
    hs, cs, gates = [], [], {}
    for t in range(inputs.shape[1]):
        h, c_next, g = cell_step(model, module, k, inputs[:, t], h, c)
        c = c_next if c_next is not None else c
        hs.append(h)
        if c_next is not None:
            cs.append(c_next)
        for name, value in g.items():
            gates.setdefault(name, []).append(value)
    return hs, cs, gates, h, c


def _layer_trace(label, model, hs, cs, gates):
    out = {'label': label, 'cell': model.cell, 'h': _rows(hs),
           'gates': {name: _rows(v) for name, v in gates.items()}}
    if cs:
        out['c'] = _rows(cs)
    return out


def _probs(logits):
    return torch.softmax(logits, dim=-1)[0].tolist()


def _device(model):
    return next(model.parameters()).device


def _encode(model, sample_input):
    """One sequence through the reading stack: (label, hs, cs, gates) per layer, the final states,
    the top layer's states [1, T, N] and what the stack read (the embedded inputs)."""
    dtype = torch.long if model.symbols else torch.float32
    x = torch.tensor([sample_input], dtype=dtype, device=_device(model))
    module = model.reader
    layers, finals = [], []
    inputs = model.embed_inputs(x)
    seq = inputs
    word = 'encoder' if model.architecture == 'seq2seq' else 'layer'
    for k in range(module.num_layers):
        zero = torch.zeros(1, model.hidden, device=seq.device)
        hs, cs, gates, h, c = _run_layer(model, module, k, seq, zero, zero)
        layers.append(('%s %d' % (word, k + 1), hs, cs, gates))
        finals.append((h, c))
        seq = torch.stack(hs, dim=1)
    return layers, finals, seq, inputs


@torch.no_grad()
def trace(model, sample_input):
    """One sequence (ids, or [step][feature] values) through the explicit cells."""
    encoded, finals, seq, inputs = _encode(model, sample_input)
    layers = [_layer_trace(label, model, hs, cs, gates) for label, hs, cs, gates in encoded]
    result = {'layers': layers, 'top': seq, 'inputs': inputs}
    if model.architecture == 'many-to-one':
        result['outputs'] = [model.head(finals[-1][0])]
    elif model.architecture == 'many-to-many':
        result['outputs'] = [model.head(seq[:, t]) for t in range(seq.shape[1])]
    else:
        result.update(_trace_decoder(model, seq, finals))
    return result


# The sigmoid gates, whose "shut" (< 0.1) and "open" (> 0.9) mean something; the tanh candidates
# g and n are left out, as the lab leaves them out.
SIGMOID_GATES = {'lstm': ('i', 'f', 'o'), 'gru': ('r', 'z'), 'rnn': ()}


@torch.no_grad()
def gate_statistics(model, samples):
    """The lab's gate statistics (the "gates" of an epoch event in metrics.jsonl): for every
    sigmoid gate of every layer, the mean activation and the fractions below 0.1 and above 0.9
    over the samples' steps; Seq2Seq decoder gates from a teacher-forced pass (<s>, then the true
    tokens), as the lab's. Each sample runs alone, so no padding step is counted."""
    names = SIGMOID_GATES[model.cell]
    tallies = {}

    def tally(label, gates):
        for name in names:
            values = torch.cat(gates[name])
            t = tallies.setdefault((label, name), [0.0, 0, 0, 0])
            t[0] += values.sum().item()
            t[1] += values.numel()
            t[2] += int((values < 0.1).sum())
            t[3] += int((values > 0.9).sum())

    if not names:
        return []
    for s in samples:
        encoded, finals, _, _ = _encode(model, s['input'])
        for label, _, _, gates in encoded:
            tally(label, gates)
        if model.architecture != 'seq2seq':
            continue
        states, context = list(finals), finals[-1][0]
        steps = [{} for _ in range(model.decoder.num_layers)]
        for token in [model.start] + list(s['target']):
            x = model.decoder_step_input(torch.tensor([token], device=context.device), context)
            for k in range(model.decoder.num_layers):
                h, c = states[k]
                h, c_next, g = cell_step(model, model.decoder, k, x, h, c)
                states[k] = (h, c_next if c_next is not None else c)
                for name, value in g.items():
                    steps[k].setdefault(name, []).append(value)
                x = h
        for k, gates in enumerate(steps):
            tally('decoder %d' % (k + 1), gates)
    return [{'layer': label, 'gate': name, 'mean': t[0] / max(t[1], 1),
             'below01': t[2] / max(t[1], 1), 'above09': t[3] / max(t[1], 1)}
            for (label, name), t in tallies.items()]


def _trace_decoder(model, encoder_states, finals):
    states = list(finals)
    decoder = model.decoder
    token = torch.tensor([model.start], device=encoder_states.device)
    steps = [{'hs': [], 'cs': [], 'gates': {}} for _ in range(decoder.num_layers)]
    outputs, attention, decoded, read = [], [], [], [model.start]
    ended = False
    context = finals[-1][0]
    for _ in range(model.max_decode):
        x = model.decoder_step_input(token, context)
        for k in range(decoder.num_layers):
            h, c = states[k]
            h, c_next, g = cell_step(model, decoder, k, x, h, c)
            states[k] = (h, c_next if c_next is not None else c)
            steps[k]['hs'].append(h)
            if c_next is not None:
                steps[k]['cs'].append(c_next)
            for name, value in g.items():
                steps[k]['gates'].setdefault(name, []).append(value)
            x = h
        logits, weights = model.decoder_output(x.unsqueeze(1), encoder_states)
        outputs.append(logits[:, 0])
        if weights is not None:
            attention.append(weights[0, 0].tolist())
        token = logits[:, 0].argmax(-1)
        if token.item() == model.end:
            ended = True
            break
        decoded.append(token.item())
        read.append(token.item())
    layers = [_layer_trace('decoder %d' % (k + 1), model, s['hs'], s['cs'], s['gates'])
              for k, s in enumerate(steps)]
    context = [{'h': h[0].tolist(), **({'c': c[0].tolist()} if model.cell == 'lstm' else {})}
               for h, c in finals]
    return {'outputs': outputs, 'decoder': layers, 'attention': attention, 'decoded': decoded,
            'ended': ended, 'context': context, 'decoder_reads': read[:len(outputs)],
            'finals': finals}


class Mismatch(Exception):
    pass


def _compare(what, got, want, report):
    """Largest |got - want| over nested lists; records it, and raises past the tolerance."""
    g = torch.tensor(got, dtype=torch.float64)
    w = torch.tensor(want, dtype=torch.float64)
    if g.shape != w.shape:
        raise Mismatch('%s: shape %s here, %s in the lab' % (what, list(g.shape), list(w.shape)))
    diff = (g - w).abs()
    worst = diff.max().item() if diff.numel() else 0.0
    report.append((what, worst))
    if worst > TOLERANCE:
        at = [int(i) for i in torch.nonzero(diff == diff.max())[0].tolist()]
        raise Mismatch('%s differs by %.3g at %s: %.8f here, %.8f in the lab (tolerance %g)' % (
            what, worst, at, g[tuple(at)].item(), w[tuple(at)].item(), TOLERANCE))


def _compare_layers(name, ours, lab, report):
    if len(ours) != len(lab):
        raise Mismatch('%s: %d layers here, %d in the lab' % (name, len(ours), len(lab)))
    for o, l in zip(ours, lab):
        _compare('%s h' % l['label'], o['h'], l['h'], report)
        if 'c' in l:
            _compare('%s c' % l['label'], o['c'], l['c'], report)
        for gate, values in l['gates'].items():
            _compare('%s gate %s' % (l['label'], gate), o['gates'][gate], values, report)


@torch.no_grad()
def _compare_with_nn(model, result, report):
    """The explicit cells against PyTorch's own module on the same inputs (h and c)."""
    out, final = model.reader(result['inputs'])
    top = result['layers'][-1]
    _compare('nn.%s outputs vs explicit cell' % type(model.reader).__name__,
             out[0].tolist(), top['h'], report)
    h_n = final[0] if isinstance(final, tuple) else final
    for k, layer in enumerate(result['layers']):
        _compare('nn module h_n[%d] vs explicit cell' % k, h_n[k, 0].tolist(), layer['h'][-1],
                 report)
        if isinstance(final, tuple):
            _compare('nn module c_n[%d] vs explicit cell' % k, final[1][k, 0].tolist(),
                     layer['c'][-1], report)
    if model.architecture == 'seq2seq':
        reads = torch.tensor([result['decoder_reads']])
        decoder_in = model.decoder_step_input(reads, result['finals'][-1][0])
        decoded, _ = model.decoder(decoder_in, final)
        _compare('nn decoder outputs vs explicit cell', decoded[0].tolist(),
                 result['decoder'][-1]['h'], report)


def check_case(model, case):
    """Compares one stored input with the lab's values; returns [(quantity, max |diff|)]."""
    want = case['expected']
    result = trace(model, case['input'])
    report = []
    _compare_layers('layers', result['layers'], want['layers'], report)
    if model.categorical:
        _compare('output probabilities', [_probs(o) for o in result['outputs']],
                 [o['probs'] for o in want['outputs']], report)
    else:
        _compare('output values', [o[0].tolist() for o in result['outputs']],
                 [o['values'] for o in want['outputs']], report)
    if model.architecture == 'seq2seq':
        s2s = want['seq2seq']
        for k, ctx in enumerate(s2s['context']):
            _compare('context %s h' % ctx['layer'], result['context'][k]['h'], ctx['h'], report)
            if 'c' in ctx:
                _compare('context %s c' % ctx['layer'], result['context'][k]['c'], ctx['c'],
                         report)
        _compare_layers('decoder', result['decoder'], s2s['decoder'], report)
        if 'attention' in s2s:
            _compare('attention weights', result['attention'], s2s['attention'], report)
        if result['ended'] != s2s['ended']:
            raise Mismatch('decoding ended=%s here, %s in the lab' % (result['ended'],
                                                                      s2s['ended']))
    _compare_with_nn(model, result, report)
    return report


def run_check(model, folder):
    """train.py --check: every stored case; prints each quantity's largest difference."""
    with open(os.path.join(folder, 'check', 'cases.json'), encoding='utf-8') as f:
        cases = json.load(f)['cases']
    failed = 0
    for case in cases:
        try:
            report = check_case(model, case)
            worst = max(d for _, d in report)
            print('ok    %-24s %3d quantities, largest difference %.2e' % (
                case['label'][:24], len(report), worst))
        except Mismatch as error:
            failed += 1
            print('FAIL  %-24s %s' % (case['label'][:24], error))
    if failed:
        print('CHECK FAILED: %d of %d inputs do not match the lab (tolerance %g, float32)' % (
            failed, len(cases), TOLERANCE))
        return 1
    print('check passed: %d inputs, every step\'s h, c and gates within %g of the lab' % (
        len(cases), TOLERANCE))
    return 0
`;
