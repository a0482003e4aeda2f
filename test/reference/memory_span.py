"""The memory-span sweep of lessons/memory-span.rnnlab.json, in PyTorch (Debian python3-torch 1.13).

An independent check that the shape of the lesson comes from the cells and their initialisation,
not from this engine: delayed recall (one symbol of `vocab`, then `lag` random distractors from
the same symbols, answer the first symbol), embedding, one recurrent layer, a linear head on the
last hidden state, Adam, global-norm clipping, the same sizes as the lesson's spec.

The weights start as the engine starts them: Glorot-uniform input weights, an orthogonal
recurrent block per gate, zero biases but the memory gate's, which gets the chrono initialisation
(forget bias log u_j, u_j ~ U(1, T - 1), input bias its negative; the GRU's update gate the
same, which in PyTorch's convention, h = (1 - z) n + z h, is the keep gate too).

Usage: /usr/bin/python3 test/reference/memory_span.py [--lags 10,100] [--seeds 3] [--epochs 10]
       [--forget-bias chrono|NUMBER]
Prints one line per point and a table of accuracy per seed.

What it gave (2026-12-02, the defaults: vocab 4, embedding 8, hidden 32, 1000 samples, 10 epochs,
batch 32, Adam 0.01, clip 1): lag 100, RNN 0.22 / 0.24 (seeds 1, 2), chrono LSTM 0.485 (seed 1),
LSTM with --forget-bias 3 0.225 / 0.285 (seeds 1, 2).
This engine, same setting, seed 1: RNN 0.255, chrono LSTM 0.375, GRU 1.00. With 2000 samples
(seeds 1 / 2 / 3): RNN 1.00 / 0.54 / 0.265, chrono LSTM 1.00 (seed 1), GRU 1.00 / 1.00 (seeds 1, 2).
So at lag 100 the GRU learns on every seed tried, the chrono LSTM needs more than 1000 samples ×
10 epochs, and the RNN's failure depends on the seed and the amount of data: the lesson's
setting (all three learn short lags, beyond some lag the RNN at chance on every seed while LSTM
and GRU stay >= 90 %) is still to be found.

The adding problem (--task adding, 2026-12-02): --lags 10,20,50 --epochs 20 --samples 2000
--forget-bias default (hidden 32, batch 32, Adam 0.01, clip 1), test MSE seeds 1 / 2 / 3:
T 10: RNN 0.0022 / 0.0044 / 0.0078, LSTM 0.0002 / 0.0010 / 0.0001, GRU 0.0003 / 0.0001 / 0.0001;
T 20: RNN 0.172 / 0.137 / 0.181, LSTM 0.0004 / 0.0002 / 0.0002, GRU 0.0001 each;
T 50: RNN 0.165 / 0.181 / 0.192 (the baseline of answering 1: 0.168 / 0.172 / 0.187),
LSTM 0.0006 / 0.0005 / 0.0005, GRU 0.0001 / 0.0003 / 0.0003. The shape of the engine's sweep
(examples/adding.rnnlab.json, README). At T 100 with 20 epochs: RNN 0.188 / 0.179 / 0.164,
LSTM 0.0024 (seed 1) but 0.169 (seed 2): the LSTM needs more training there.
"""

import argparse
import json
import time

import torch
from torch import nn


def delayed_recall(n, lag, vocab, gen):
    first = torch.randint(0, vocab, (n, 1), generator=gen)
    rest = torch.randint(0, vocab, (n, lag), generator=gen)
    return torch.cat([first, rest], dim=1), first[:, 0]


def adding(n, length, gen):
    """Hochreiter & Schmidhuber's adding problem: channel 0 a value in U(0, 1), channel 1 a marker
    at two steps, one in each half; the target is the sum of the two marked values."""
    values = torch.rand(n, length, generator=gen)
    half = length // 2
    first = torch.randint(0, half, (n,), generator=gen)
    second = half + torch.randint(0, length - half, (n,), generator=gen)
    markers = torch.zeros(n, length)
    rows = torch.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    target = values[rows, first] + values[rows, second]
    return torch.stack([values, markers], dim=2), target


class Model(nn.Module):
    def __init__(self, cell, vocab, embedding, hidden, timescale, forget_bias, gen, real=0):
        super().__init__()
        # real > 0: that many real-valued channels a step and one regression output, no embedding.
        self.embed = nn.Identity() if real else nn.Embedding(vocab, embedding)
        kind = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.rnn = kind(real or embedding, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1 if real else vocab)
        gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
        with torch.no_grad():
            w_ih, w_hh = self.rnn.weight_ih_l0, self.rnn.weight_hh_l0
            nn.init.xavier_uniform_(w_ih)
            for g in range(gates):
                nn.init.orthogonal_(w_hh[g * hidden : (g + 1) * hidden])
            self.rnn.bias_ih_l0.zero_()
            self.rnn.bias_hh_l0.zero_()
            if cell != "rnn" and forget_bias == "default":
                # The engine's defaults: LSTM forget bias 1, GRU chrono.
                forget_bias = 1.0 if cell == "lstm" else "chrono"
            if cell != "rnn" and forget_bias != "chrono":
                self.rnn.bias_ih_l0[hidden : 2 * hidden] = float(forget_bias)
            elif cell != "rnn" and timescale > 2:
                u = 1 + torch.rand(hidden, generator=gen) * (timescale - 2)
                b = torch.log(u)
                if cell == "lstm":  # PyTorch order i, f, g, o
                    self.rnn.bias_ih_l0[hidden : 2 * hidden] = b
                    self.rnn.bias_ih_l0[0:hidden] = -b
                else:  # PyTorch order r, z, n
                    self.rnn.bias_ih_l0[hidden : 2 * hidden] = b

    def forward(self, x):
        out, _ = self.rnn(self.embed(x))
        return self.head(out[:, -1])


def train_point(cell, span, seed, args):
    """One model; returns its test metrics: accuracy (delayed recall), or for the adding problem
    the MSE and the share of answers within `--tolerance` of the sum."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    real = args.task == "adding"
    draw = (lambda n: adding(n, span, gen)) if real else (
        lambda n: delayed_recall(n, span, args.vocab, gen))
    x, y = draw(args.samples)
    tx, ty = draw(args.test_samples)
    steps = span if real else span + 1
    model = Model(cell, args.vocab, args.embedding, args.hidden, steps, args.forget_bias, gen,
                  real=2 if real else 0)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.MSELoss() if real else nn.CrossEntropyLoss()
    for _ in range(args.epochs):
        order = torch.randperm(args.samples, generator=gen)
        for k in range(0, args.samples, args.batch):
            idx = order[k : k + args.batch]
            opt.zero_grad()
            out = model(x[idx])
            loss = loss_fn(out[:, 0], y[idx]) if real else loss_fn(out, y[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
    with torch.no_grad():
        out = model(tx)
        if real:
            error = out[:, 0] - ty
            return {"mse": (error ** 2).mean().item(),
                    "accuracy": (error.abs() <= args.tolerance).float().mean().item(),
                    "baseline": ((1.0 - ty) ** 2).mean().item()}
        return {"accuracy": (out.argmax(1) == ty).float().mean().item()}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--task", default="delayed-recall", choices=["delayed-recall", "adding"])
    p.add_argument("--lags", default="10,100", help="lags (delayed recall) or lengths T (adding)")
    p.add_argument("--tolerance", type=float, default=0.04,
                   help="adding: an answer within this of the sum counts as correct")
    p.add_argument("--cells", default="rnn,lstm,gru")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--samples", type=int, default=1000)
    p.add_argument("--test-samples", type=int, default=200)
    p.add_argument("--vocab", type=int, default=4)
    p.add_argument("--embedding", type=int, default=8)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--forget-bias", default="chrono",
                   help='"chrono", a number, or "default" (the engine\'s: LSTM 1, GRU chrono)')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    table = {}
    for lag in [int(v) for v in args.lags.split(",")]:
        for cell in args.cells.split(","):
            for seed in range(1, args.seeds + 1):
                start = time.time()
                metrics = train_point(cell, lag, seed, args)
                table.setdefault((lag, cell), []).append(metrics)
                print(json.dumps({"task": args.task, "span": lag, "cell": cell, "seed": seed,
                                  **metrics, "seconds": round(time.time() - start, 1)}), flush=True)
    span = "T" if args.task == "adding" else "lag"
    if args.task == "adding":
        print(f"| {span} | cell | MSE per seed | within {args.tolerance} per seed | MSE of answering 1 |")
        print("|---|---|---|---|---|")
    else:
        print(f"| {span} | cell | accuracy per seed |")
        print("|---|---|---|")
    for (lag, cell), runs in table.items():
        acc = " / ".join(f"{m['accuracy']:.2f}" for m in runs)
        if args.task == "adding":
            mse = " / ".join(f"{m['mse']:.4f}" for m in runs)
            base = " / ".join(f"{m['baseline']:.3f}" for m in runs)
            print(f"| {lag} | {cell} | {mse} | {acc} | {base} |")
        else:
            print(f"| {lag} | {cell} | {acc} |")


if __name__ == "__main__":
    main()
