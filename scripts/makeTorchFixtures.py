#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures for test/unit/torchImport.test.ts.

Run with Debian's PyTorch:  /usr/bin/python3 scripts/makeTorchFixtures.py

For every case it builds a torch.nn.RNN / LSTM / GRU with fixed seeds, runs it on a random
batch-first input (with or without h0 / c0), and writes
  test/fixtures/torch/<name>.weights.json   WEIGHTS.json as `rnnlab` reads it
  test/fixtures/torch/<name>.input.json     INPUT.json
  test/fixtures/torch/<name>.expected.json  per layer, per step: h, c (lstm), gates; plus the
                                            gradients of sum(output * lossWeights)
The gates are recomputed here from the state dict with PyTorch's documented equations, and every
recomputed h (and c) is asserted equal, to 1e-6, to torch's own results: the module's output and
final states, and torch.nn.RNNCell / LSTMCell / GRUCell stepped one step at a time. The fixtures
are thus anchored to torch itself; the tests only read them, so CI needs no torch.

Weights and inputs are rounded to 6 decimals *before* torch sees them, so the JSON holds exactly
the numbers torch used; expected values are rounded to 8 decimals (error <= 5e-9).
"""
import json
import os
import sys

import torch

I, H, L, B, T = 3, 4, 2, 2, 5
ANCHOR_TOL = 1e-6
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'torch')

# name, cell, nonlinearity (rnn), with initial state, seed
CASES = [
    ('rnn_tanh', 'rnn', 'tanh', False, 1),
    ('rnn_tanh_h0', 'rnn', 'tanh', True, 2),
    ('rnn_relu', 'rnn', 'relu', False, 3),
    ('rnn_relu_h0', 'rnn', 'relu', True, 4),
    ('lstm', 'lstm', None, False, 5),
    ('lstm_h0c0', 'lstm', None, True, 6),
    ('gru', 'gru', None, False, 7),
    ('gru_h0', 'gru', None, True, 8),
]


def rounded(t, digits):
    """A nested list of Python floats rounded to `digits` decimals."""
    if t.dim() == 0:
        return round(float(t), digits)
    return [rounded(s, digits) for s in t]


def decimal_tensor(shape, generator, scale=1.0):
    """Random numbers already rounded to 6 decimals, as float32 (what JSON will hold)."""
    raw = torch.randn(*shape, generator=generator) * scale
    return torch.tensor(rounded(raw, 6), dtype=torch.float32)


def build(cell, nonlinearity, seed):
    torch.manual_seed(seed)
    if cell == 'rnn':
        return torch.nn.RNN(I, H, L, nonlinearity=nonlinearity, batch_first=True)
    if cell == 'lstm':
        return torch.nn.LSTM(I, H, L, batch_first=True)
    return torch.nn.GRU(I, H, L, batch_first=True)


def step(cell, nonlinearity, p, x, h, c):
    """One step of one layer from the state dict `p`: (h, c, gates), PyTorch's equations."""
    gi = x @ p['w_ih'].T + p['b_ih']
    gh = h @ p['w_hh'].T + p['b_hh']
    if cell == 'rnn':
        pre = gi + gh
        return (torch.tanh(pre) if nonlinearity == 'tanh' else torch.relu(pre)), None, {}
    if cell == 'lstm':
        zi, zf, zg, zo = (gi + gh).chunk(4, dim=1)
        i, f, g, o = torch.sigmoid(zi), torch.sigmoid(zf), torch.tanh(zg), torch.sigmoid(zo)
        c_new = f * c + i * g
        return o * torch.tanh(c_new), c_new, {'i': i, 'f': f, 'g': g, 'o': o}
    ir, iz, in_ = gi.chunk(3, dim=1)
    hr, hz, hn = gh.chunk(3, dim=1)
    r = torch.sigmoid(ir + hr)
    z = torch.sigmoid(iz + hz)
    n = torch.tanh(in_ + r * hn)
    return (1 - z) * n + z * h, None, {'r': r, 'z': z, 'n': n}


def torch_cell(cell, nonlinearity, p, in_size):
    """torch's own single-step cell with layer `p`'s weights: the per-step anchor."""
    if cell == 'rnn':
        m = torch.nn.RNNCell(in_size, H, nonlinearity=nonlinearity)
    elif cell == 'lstm':
        m = torch.nn.LSTMCell(in_size, H)
    else:
        m = torch.nn.GRUCell(in_size, H)
    with torch.no_grad():
        m.weight_ih.copy_(p['w_ih'])
        m.weight_hh.copy_(p['w_hh'])
        m.bias_ih.copy_(p['b_ih'])
        m.bias_hh.copy_(p['b_hh'])
    return m


def assert_close(a, b, what):
    d = (a - b).abs().max().item()
    if d > ANCHOR_TOL:
        sys.exit(f'{what}: recomputed differs from torch by {d} > {ANCHOR_TOL}')
    return d


def make_case(name, cell, nonlinearity, with_initial, seed):
    g = torch.Generator().manual_seed(1000 + seed)
    module = build(cell, nonlinearity, seed)
    # Round the module's own (seeded) initial weights to 6 decimals and put them back.
    with torch.no_grad():
        for _, param in module.named_parameters():
            param.copy_(torch.tensor(rounded(param.detach(), 6), dtype=torch.float32))
    x = decimal_tensor((B, T, I), g)
    h0 = decimal_tensor((L, B, H), g, 0.5) if with_initial else None
    c0 = decimal_tensor((L, B, H), g, 0.5) if with_initial and cell == 'lstm' else None
    loss_weights = decimal_tensor((B, T, H), g)

    # torch's own forward and gradients.
    x_leaf = x.clone().requires_grad_(True)
    h0_leaf = h0.clone().requires_grad_(True) if h0 is not None else None
    c0_leaf = c0.clone().requires_grad_(True) if c0 is not None else None
    if cell == 'lstm':
        hx = (h0_leaf, c0_leaf) if with_initial else None
        output, (h_n, c_n) = module(x_leaf, hx)
    else:
        output, h_n = module(x_leaf, h0_leaf)
        c_n = None
    (output * loss_weights).sum().backward()

    # Recompute every layer and step from the state dict.
    sd = {k: v.detach() for k, v in module.state_dict().items()}
    layers = []
    layer_in = x
    worst = 0.0
    with torch.no_grad():
        for l in range(L):
            p = {
                'w_ih': sd[f'weight_ih_l{l}'],
                'w_hh': sd[f'weight_hh_l{l}'],
                'b_ih': sd[f'bias_ih_l{l}'],
                'b_hh': sd[f'bias_hh_l{l}'],
            }
            ref = torch_cell(cell, nonlinearity, p, layer_in.shape[2])
            h = h0[l] if h0 is not None else torch.zeros(B, H)
            c = (c0[l] if c0 is not None else torch.zeros(B, H)) if cell == 'lstm' else None
            hs, cs, gates = [], [], {}
            for t in range(T):
                xt = layer_in[:, t, :]
                if cell == 'lstm':
                    h_ref, c_ref = ref(xt, (h, c))
                else:
                    h_ref, c_ref = ref(xt, h), None
                h, c, gs = step(cell, nonlinearity, p, xt, h, c)
                worst = max(worst, assert_close(h, h_ref, f'{name} layer {l} step {t} h'))
                if c is not None:
                    worst = max(worst, assert_close(c, c_ref, f'{name} layer {l} step {t} c'))
                hs.append(h)
                if c is not None:
                    cs.append(c)
                for k, v in gs.items():
                    gates.setdefault(k, []).append(v)
            worst = max(worst, assert_close(h, h_n[l], f'{name} layer {l} h_n'))
            if c_n is not None:
                worst = max(worst, assert_close(c, c_n[l], f'{name} layer {l} c_n'))
            entry = {'h': rounded(torch.stack(hs), 8), 'gates': {k: rounded(torch.stack(v), 8) for k, v in gates.items()}}
            if cs:
                entry['c'] = rounded(torch.stack(cs), 8)
            layers.append(entry)
            layer_in = torch.stack(hs, dim=1)
        worst = max(worst, assert_close(layer_in, output.detach(), f'{name} top-layer output'))

    weights = {
        'format': 'torch',
        'cell': cell,
        **({'nonlinearity': nonlinearity} if cell == 'rnn' else {}),
        'inputSize': I,
        'hiddenSize': H,
        'numLayers': L,
        'stateDict': {k: rounded(v, 6) for k, v in sd.items()},
    }
    inputs = {'x': rounded(x, 6)}
    if h0 is not None:
        inputs['h0'] = rounded(h0, 6)
    if c0 is not None:
        inputs['c0'] = rounded(c0, 6)
    grads = {k: rounded(v.grad, 8) for k, v in module.named_parameters()}
    grads['x'] = rounded(x_leaf.grad, 8)
    if h0_leaf is not None:
        grads['h0'] = rounded(h0_leaf.grad, 8)
    if c0_leaf is not None:
        grads['c0'] = rounded(c0_leaf.grad, 8)
    expected = {
        'torch': torch.__version__,
        'anchorMaxAbsDiff': worst,
        'layers': layers,
        'loss': 'sum(output * lossWeights), output = top layer [B][T][H]',
        'lossWeights': rounded(loss_weights, 6),
        'grads': grads,
    }
    for suffix, obj in (('weights', weights), ('input', inputs), ('expected', expected)):
        with open(os.path.join(OUT, f'{name}.{suffix}.json'), 'w') as f:
            json.dump(obj, f, separators=(',', ':'))
            f.write('\n')
    print(f'{name}: recomputed vs torch max abs diff {worst:.2e}')


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    for case in CASES:
        make_case(*case)


if __name__ == '__main__':
    main()
