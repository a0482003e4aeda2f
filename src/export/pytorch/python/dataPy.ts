/** The exported project's `data.py` (Python, written as is; see `../exportProject.ts`). */
export const DATA_PY = String.raw`"""The lab's data, as the export wrote it: data/train.jsonl and data/test.jsonl.

Each line is one sample, {"input": [...], "target": [...]}: token ids (symbol tasks, in the
vocabularies of config.json) or [step][feature] values (real-valued tasks). These are exactly
the lab's splits for the spec's seed, so PyTorch trains and tests on the samples the lab did.

Batches hold samples of one input length (as in the lab), so the recurrent layers never see
padding; only Seq2Seq targets are padded, with -1, which the loss ignores.
"""
import json
import os

import torch

from model import HERE


def load_split(name, folder=HERE):
    with open(os.path.join(folder, 'data', '%s.jsonl' % name), encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def make_batches(samples, batch_size, rng=None):
    """Batches of at most batch_size samples of one input length; shuffled when rng is given."""
    by_length = {}
    for s in samples:
        by_length.setdefault(len(s['input']), []).append(s)
    batches = []
    for length in sorted(by_length):
        group = list(by_length[length])
        if rng is not None:
            rng.shuffle(group)
        batches.extend(group[k:k + batch_size] for k in range(0, len(group), batch_size))
    if rng is not None:
        rng.shuffle(batches)
    return batches


def to_tensors(batch, model):
    """(inputs, previous, targets): what the model reads and what the loss compares with.

    Seq2Seq: targets are each target and </s>, padded with -1; previous is what each decoder
    step reads when forced: <s>, then the true previous token.
    """
    if not model.symbols:
        inputs = torch.tensor([s['input'] for s in batch], dtype=torch.float32)
        if model.classes:
            # The target row holds the class index.
            return inputs, None, torch.tensor([[int(s['target'][0][0])] for s in batch],
                                              dtype=torch.long)
        return inputs, None, torch.tensor([s['target'] for s in batch], dtype=torch.float32)
    inputs = torch.tensor([s['input'] for s in batch], dtype=torch.long)
    if model.architecture == 'many-to-one':
        return inputs, None, torch.tensor([[s['target'][0]] for s in batch], dtype=torch.long)
    if model.architecture == 'many-to-many':
        return inputs, None, torch.tensor([s['target'] for s in batch], dtype=torch.long)
    steps = max(len(s['target']) for s in batch) + 1
    targets = [s['target'] + [model.end] + [-1] * (steps - len(s['target']) - 1) for s in batch]
    previous = [[model.start] + row[:-1] for row in targets]
    return inputs, torch.tensor(previous, dtype=torch.long), torch.tensor(targets, dtype=torch.long)
`;
