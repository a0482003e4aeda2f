"""PyTorch reference for `npm run bench`: one training step (forward + backward + Adam, loss read
back) of nn.RNN / nn.LSTM / nn.GRU + nn.Linear(hidden, 1) on a mean-squared loss, batch 64,
input 32, hidden 128, on the CPU with 2 threads; the same shapes as the tfjs rows.

    /usr/bin/python3 bench/torchBench.py [--quick] [--times 20,100]

Prints one JSON object on stdout: {"version", "threads", "rows": [{"model", "time", "ms"}]}, or
{"skipped": reason} when torch cannot be imported.
"""

import argparse
import json
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--times", default="20,100")
    args = parser.parse_args()
    try:
        import torch
    except ImportError as error:
        print(json.dumps({"skipped": f"torch cannot be imported ({error})"}))
        return
    threads = 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    batch, features, hidden = 64, 32, 128
    warmup, timed = (1, 3) if args.quick else (2, 5)
    rows = []
    for steps in [int(t) for t in args.times.split(",")]:
        for kind, make in [
            ("rnn", lambda: torch.nn.RNN(features, hidden, batch_first=True, nonlinearity="tanh")),
            ("lstm", lambda: torch.nn.LSTM(features, hidden, batch_first=True)),
            ("gru", lambda: torch.nn.GRU(features, hidden, batch_first=True)),
        ]:
            rnn = make()
            head = torch.nn.Linear(hidden, 1)
            params = list(rnn.parameters()) + list(head.parameters())
            optimizer = torch.optim.Adam(params, lr=1e-3, eps=1e-7)
            x = torch.randn(batch, steps, features)
            y = torch.randn(batch, 1)

            def step() -> float:
                t0 = time.perf_counter()
                optimizer.zero_grad()
                out, _ = rnn(x)
                loss = torch.nn.functional.mse_loss(head(out[:, -1, :]), y)
                loss.backward()
                optimizer.step()
                loss.item()
                return (time.perf_counter() - t0) * 1000

            for _ in range(warmup):
                step()
            ms = statistics.median(step() for _ in range(timed))
            rows.append({"model": kind, "time": steps, "ms": ms})
            print(f"  torch {kind} T={steps}: {ms:.1f} ms", file=sys.stderr)
    print(json.dumps({"version": torch.__version__, "threads": threads, "rows": rows}))


if __name__ == "__main__":
    main()
