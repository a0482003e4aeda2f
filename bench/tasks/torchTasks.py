"""PyTorch side of `npm run bench:tasks`: the published recipe of one row, on the very samples
our engine trains on (the driver writes them to a JSON file), one epoch per command, so the driver
can interleave our epochs with these in one run (a busy machine slows both alike).

    /usr/bin/python3 bench/tasks/torchTasks.py DATA.json COMMANDS_FIFO RESULTS_FIFO

DATA.json: {"recipe": "keras-addition" | "many-to-many" | "adding", "inputVocab": [...],
"outputVocab": [...] (adding: "features"), "train": [{"input": [ids] (adding: [[value, marker]]),
"target": [ids] (adding: [[sum]])}], "test": [...], "hidden", "batchSize",
"learningRate", "optimizer": "adam" | "rmsprop", "clipNorm", "embedding", "seed", "digits"}.
Each line "epoch" on COMMANDS_FIFO trains one epoch and evaluates; one JSON line comes back on
RESULTS_FIFO: {"epoch", "seconds", "trainLoss", "testLoss", "accuracy", "sequenceAccuracy",
"kerasCharAccuracy"?}. "quit" ends. Torch runs on 2 threads.

keras-addition (keras-io examples/nlp/addition_rnn.py, ported): the query padded with spaces to
2·digits + 1 characters and reversed, one-hot; LSTM(hidden) -> its last h repeated digits + 1
times -> LSTM(hidden) (starting from zeros) -> Linear per step; the answer padded with spaces to
digits + 1; cross-entropy over every position. `accuracy` is our token metric (each target digit
and the end, a space or the last position, position by position), `kerasCharAccuracy` Keras'
(every padded position), `sequenceAccuracy` an exact answer.

many-to-many: embedding (or one-hot with embedding 0) -> LSTM(hidden) -> Linear at every step;
`accuracy` over every step, `sequenceAccuracy` every step right.

adding (Hochreiter & Schmidhuber 1997): the two real channels a step -> LSTM(hidden) -> Linear on
the last step's h; MSE against the sum, which is also `testLoss` (no accuracies). PyTorch's
default initialisation, not the engine's.

RNNLAB_TORCH_INIT=embedding|engine (many-to-many only): the engine's initialisation instead of
PyTorch's default (`engine_init`), to measure how much of a gap is the starting weights.
"""

import json
import math
import os
import sys
import time

import torch
from torch import nn


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Adding(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.rnn = nn.LSTM(features, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


class KerasAddition(nn.Module):
    def __init__(self, chars, hidden, answer_len):
        super().__init__()
        self.encoder = nn.LSTM(chars, hidden, batch_first=True)
        self.decoder = nn.LSTM(hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, chars)
        self.answer_len = answer_len

    def forward(self, x):
        _, (h, _) = self.encoder(x)
        repeated = h[-1].unsqueeze(1).repeat(1, self.answer_len, 1)
        out, _ = self.decoder(repeated)
        return self.head(out)


class ManyToMany(nn.Module):
    def __init__(self, vocab, outputs, hidden, embedding):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding) if embedding > 0 else None
        self.vocab = vocab
        self.rnn = nn.LSTM(embedding if embedding > 0 else vocab, hidden, batch_first=True)
        self.head = nn.Linear(hidden, outputs)

    def forward(self, ids):
        if self.embedding is not None:
            x = self.embedding(ids)
        else:
            x = nn.functional.one_hot(ids, self.vocab).float()
        out, _ = self.rnn(x)
        return self.head(out)


def engine_init(model, hidden, which):
    """RNNLAB_TORCH_INIT: start a many-to-many model as the engine starts its own. `embedding`:
    only the embedding Glorot-uniform (PyTorch's default is N(0, 1), about six times larger at
    vocabulary ~60, embedding 16); `engine`: also Glorot input kernel and head, an orthogonal
    recurrent block per gate, zero biases but the forget gate's 1."""
    with torch.no_grad():
        if model.embedding is not None:
            nn.init.xavier_uniform_(model.embedding.weight)
        if which != "engine":
            return
        nn.init.xavier_uniform_(model.rnn.weight_ih_l0)
        for g in range(4):
            nn.init.orthogonal_(model.rnn.weight_hh_l0[g * hidden : (g + 1) * hidden])
        model.rnn.bias_ih_l0.zero_()
        model.rnn.bias_hh_l0.zero_()
        model.rnn.bias_ih_l0[hidden : 2 * hidden] = 1.0  # PyTorch's gate order: i, f, g, o
        nn.init.xavier_uniform_(model.head.weight)
        model.head.bias.zero_()


def addition_tensors(data, samples):
    """Keras' encoding of our samples: strings padded with spaces, the query reversed."""
    digits = data["digits"]
    in_vocab, out_vocab = data["inputVocab"], data["outputVocab"]
    chars = sorted(set(" 0123456789+"))
    index = {c: i for i, c in enumerate(chars)}
    maxlen, answer_len = 2 * digits + 1, digits + 1
    xs, ys = [], []
    for s in samples:
        query = "".join(in_vocab[i] for i in s["input"])
        answer = "".join(out_vocab[i] for i in s["target"])
        query = (query + " " * (maxlen - len(query)))[::-1]
        answer = answer + " " * (answer_len - len(answer))
        xs.append([index[c] for c in query])
        ys.append([index[c] for c in answer])
    x = nn.functional.one_hot(torch.tensor(xs), len(chars)).float()
    return x, torch.tensor(ys), chars


def addition_metrics(logits, y, chars):
    pred = logits.argmax(-1)
    space = chars.index(" ")
    keras_chars = (pred == y).float().mean().item()
    exact = (pred == y).all(dim=1).float().mean().item()
    right = total = 0
    for p, t in zip(pred.tolist(), y.tolist()):
        want = [c for c in t if c != space]
        got = []
        for c in p:
            if c == space:
                break
            got.append(c)
        # A fixed-length answer always ends: at its first space, or after its last position.
        for i in range(len(want) + 1):
            w = want[i] if i < len(want) else "end"
            g = got[i] if i < len(got) else ("end" if i == len(got) else None)
            right += w == g
        total += len(want) + 1
    return right / total, exact, keras_chars


def main():
    data = load(sys.argv[1])
    commands = open(sys.argv[2], "r", encoding="utf-8")
    results = open(sys.argv[3], "w", encoding="utf-8")
    torch.set_num_threads(2)
    torch.manual_seed(data["seed"])
    generator = torch.Generator().manual_seed(data["seed"])
    hidden, batch = data["hidden"], data["batchSize"]
    recipe = data["recipe"]
    if recipe == "keras-addition":
        x_train, y_train, chars = addition_tensors(data, data["train"])
        x_test, y_test, _ = addition_tensors(data, data["test"])
        model = KerasAddition(len(chars), hidden, data["digits"] + 1)
        classes = len(chars)
    elif recipe == "adding":
        x_train = torch.tensor([s["input"] for s in data["train"]], dtype=torch.float32)
        y_train = torch.tensor([s["target"][0] for s in data["train"]], dtype=torch.float32)
        x_test = torch.tensor([s["input"] for s in data["test"]], dtype=torch.float32)
        y_test = torch.tensor([s["target"][0] for s in data["test"]], dtype=torch.float32)
        model = Adding(data["features"], hidden)
    else:
        x_train = torch.tensor([s["input"] for s in data["train"]])
        y_train = torch.tensor([s["target"] for s in data["train"]])
        x_test = torch.tensor([s["input"] for s in data["test"]])
        y_test = torch.tensor([s["target"] for s in data["test"]])
        classes = len(data["outputVocab"])
        model = ManyToMany(len(data["inputVocab"]), classes, hidden, data["embedding"])
        if os.environ.get("RNNLAB_TORCH_INIT") in ("embedding", "engine"):
            engine_init(model, hidden, os.environ["RNNLAB_TORCH_INIT"])
    make = {"adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}[data["optimizer"]]
    optimizer = make(model.parameters(), lr=data["learningRate"])
    if recipe == "adding":
        loss_fn = nn.MSELoss()
    else:
        cross_entropy = nn.CrossEntropyLoss()

        def loss_fn(logits, y):
            return cross_entropy(logits.reshape(-1, classes), y.reshape(-1))

    epoch = 0
    for line in commands:
        if line.strip() == "quit":
            break
        epoch += 1
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        loss_sum = 0.0
        for i in range(0, len(order), batch):
            idx = order[i : i + batch]
            optimizer.zero_grad()
            logits = model(x_train[idx])
            loss = loss_fn(logits, y_train[idx])
            loss.backward()
            if data.get("clipNorm"):
                nn.utils.clip_grad_norm_(model.parameters(), data["clipNorm"])
            optimizer.step()
            loss_sum += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            logits = model(x_test)
            test_loss = loss_fn(logits, y_test).item()
            out = {"epoch": epoch, "trainLoss": loss_sum / len(x_train), "testLoss": test_loss}
            if recipe == "keras-addition":
                tokens, exact, keras_chars = addition_metrics(logits, y_test, chars)
                out.update(accuracy=tokens, sequenceAccuracy=exact, kerasCharAccuracy=keras_chars)
            elif recipe != "adding":
                right = logits.argmax(-1) == y_test
                out.update(
                    accuracy=right.float().mean().item(),
                    sequenceAccuracy=right.all(dim=1).float().mean().item(),
                )
        out["seconds"] = time.perf_counter() - start
        if not all(math.isfinite(v) for v in out.values()):
            out["failed"] = "non-finite"
        results.write(json.dumps(out) + "\n")
        results.flush()


if __name__ == "__main__":
    main()
