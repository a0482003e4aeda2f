/** The exported project's `train.py` (Python, written as is; see `../exportProject.ts`). */
export const TRAIN_PY = String.raw`"""Trains the exported RNN Lab model with PyTorch, on one process or data-parallel.

    python3 train.py                              one process (CPU, or the GPU with --device cuda)
    torchrun --nproc_per_node=N train.py          N processes, DistributedDataParallel
                                                  (gloo on CPUs, NCCL on GPUs; with Debian's
                                                  PyTorch 1.13 on Python 3.11 add
                                                  --redirects 1 --tee 1, see README.md)
    python3 train.py --check                      compare every step with the lab (exits 1 if not)
    python3 train.py --trace TEXT                 one input's per-step states, as JSON

It trains as the spec says: optimizer, learning rate, gradient clipping, teacher forcing, epochs,
batch size and seed, starting from the lab's weights (weights.json). Every epoch it writes the
events the lab writes to metrics.jsonl and a checkpoint, OUT/weights.json, which the lab opens
again (rnnlab inspect --torch OUT/weights.json --input TEXT, or "RNN Lab: Import Weights...").
"""
import argparse
import json
import os
import random
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

from check import gate_statistics, run_check, trace
from data import load_split, make_batches, to_tensors
from model import HERE, LabModel, load_config, load_weights, weights_file


# Test samples the gate statistics of every epoch are taken over, as the lab takes them.
GATE_SAMPLES = 64


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--epochs', type=int, help='epochs to train (default: the spec\'s)')
    p.add_argument('--out', default=os.path.join(HERE, 'runs', 'pytorch'),
                   help='folder for metrics.jsonl and the checkpoint (default: runs/pytorch)')
    p.add_argument('--weights', default=os.path.join(HERE, 'weights.json'),
                   help='weights to start from (default: the lab\'s, weights.json)')
    p.add_argument('--pytorch-init', action='store_true',
                   help='start from PyTorch\'s own random weights instead of the lab\'s')
    p.add_argument('--device', default='auto', choices=['auto', 'cpu', 'cuda'])
    p.add_argument('--check', action='store_true',
                   help='replay check/cases.json and compare every step with the lab')
    p.add_argument('--trace', metavar='INPUT',
                   help='print one input\'s per-step states as JSON (text, or a JSON list)')
    return p.parse_args()


def write_atomic(path, text):
    """Temp file, then rename: a reader never sees half a checkpoint."""
    tmp = '%s.tmp-%d' % (path, os.getpid())
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def loss_of(model, outputs, targets):
    """The lab's losses: cross-entropy per target token or class (padding -1 ignored), or the
    MSE of real-valued outputs."""
    if not model.categorical:
        return F.mse_loss(outputs, targets), targets.numel()
    flat = targets.reshape(-1)
    loss = F.cross_entropy(outputs.reshape(-1, outputs.shape[-1]), flat, ignore_index=-1)
    return loss, int((flat >= 0).sum())


@torch.no_grad()
def evaluate(model, samples, device):
    """Test metrics as the lab computes them (Seq2Seq: greedy decoding for the accuracies)."""
    loss_sum, count, tokens, right_tokens, right_seqs = 0.0, 0, 0, 0, 0
    forecast = model.forecast
    # A forecast of several steps ahead: the squared error of each step ahead (1, 2, ...).
    horizon = forecast['horizon'] if forecast and forecast['horizon'] > 1 else 0
    channels = len(forecast['channels']) if horizon else 1
    ahead_sum, ahead_count = [0.0] * horizon, [0] * horizon
    for batch in make_batches(samples, 32):
        inputs, previous, targets = to_tensors(batch, model)
        inputs = inputs.to(device)
        previous = previous.to(device) if previous is not None else None
        outputs = model(inputs, previous)
        loss, n = loss_of(model, outputs, targets.to(device))
        loss_sum += loss.item() * n
        count += n
        if not model.categorical:
            if horizon:
                errors = (outputs - targets.to(device)) ** 2
                for k in range(errors.shape[-1]):
                    ahead_sum[k // channels] += errors[..., k].sum().item()
                    ahead_count[k // channels] += errors[..., k].numel()
            continue
        if model.architecture == 'seq2seq':
            ids, ended = model.greedy_decode(inputs)
            for s, got, end in zip(batch, ids, ended):
                want = s['target']
                for i in range(len(want) + 1):
                    w = want[i] if i < len(want) else 'end'
                    g = got[i] if i < len(got) else ('end' if i == len(got) and end else None)
                    right_tokens += w == g
                tokens += len(want) + 1
                right_seqs += end and got == want
            continue
        predicted = outputs.argmax(-1).tolist()
        for row, want in zip(predicted, targets.tolist()):
            right = sum(1 for p, w in zip(row, want) if p == w)
            right_tokens += right
            tokens += len(want)
            right_seqs += right == len(want)
    loss = loss_sum / max(count, 1)
    if not model.categorical:
        if horizon:
            return {'loss': loss, 'mse': loss,
                    'mseByHorizon': [s / max(n, 1) for s, n in zip(ahead_sum, ahead_count)]}
        return {'loss': loss, 'mse': loss}
    return {'loss': loss, 'accuracy': right_tokens / max(tokens, 1),
            'sequenceAccuracy': right_seqs / max(len(samples), 1)}


def make_optimizer(spec, params):
    t = spec['train']
    lr = t['learningRate']
    # eps 1e-7 as the lab's TensorFlow.js optimizers use (PyTorch's default is 1e-8).
    if t['optimizer'] == 'adam':
        return torch.optim.Adam(params, lr=lr, eps=1e-7)
    if t['optimizer'] == 'rmsprop':
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    return torch.optim.SGD(params, lr=lr, momentum=t['momentum'])


def parse_input(model, text, config):
    if model.symbols:
        index = {tok: i for i, tok in enumerate(config['dataset']['inputVocab']['tokens'])}
        unknown = [ch for ch in text if ch not in index]
        if unknown:
            sys.exit('--trace: symbols the model does not know: %s' % ''.join(unknown))
        return [index[ch] for ch in text]
    return json.loads(text)


def trace_json(result):
    keep = {k: v for k, v in result.items()
            if k in ('layers', 'decoder', 'attention', 'decoded', 'ended', 'context')}
    keep['outputs'] = [o[0].tolist() for o in result['outputs']]
    return keep


def main():
    args = parse_args()
    config = load_config()
    spec = config['spec']
    distributed = 'WORLD_SIZE' in os.environ
    use_cuda = args.device == 'cuda' or (args.device == 'auto' and torch.cuda.is_available())
    if distributed:
        dist.init_process_group('nccl' if use_cuda else 'gloo')
        rank, world = dist.get_rank(), dist.get_world_size()
        if use_cuda:
            torch.cuda.set_device(int(os.environ.get('LOCAL_RANK', 0)))
        else:
            # Processes share the cores: one thread each unless there are cores to spare.
            torch.set_num_threads(max(1, (os.cpu_count() or 1) // world))
    else:
        rank, world = 0, 1
    device = torch.device('cuda' if use_cuda else 'cpu')
    seed = spec['train']['seed']
    torch.manual_seed(seed)

    model = LabModel(config)
    start = None
    if not args.pytorch_init or args.check or args.trace:
        start = load_weights(model, args.weights)
    if args.check:
        sys.exit(run_check(model, HERE))
    if args.trace is not None:
        print(json.dumps(trace_json(trace(model, parse_input(model, args.trace, config)))))
        return
    model.to(device)
    net = model
    if distributed:
        net = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[device.index or 0] if use_cuda else None)

    t = spec['train']
    epochs = args.epochs or t['epochs']
    train, test = load_split('train'), load_split('test')
    optimizer = make_optimizer(spec, model.parameters())
    os.makedirs(args.out, exist_ok=True)
    metrics_path = os.path.join(args.out, 'metrics.jsonl')
    first_epoch = (start or {}).get('epoch', 0) + 1 if not args.pytorch_init else 1

    def emit(event):
        if rank == 0:
            with open(metrics_path, 'a', encoding='utf-8') as f:
                f.write(json.dumps(event) + '\n')
            if event['type'] in ('epoch', 'done'):
                print(json.dumps(event), flush=True)

    batches_per_epoch = len(make_batches(train, t['batchSize'])) // world
    if batches_per_epoch == 0:
        sys.exit('%d training batches cannot be shared by %d processes' % (
            len(make_batches(train, t['batchSize'])), world))
    backend = 'pytorch-%s%s' % (device.type, ' x%d' % world if distributed else '')
    # The test metrics of the starting weights, so a log shows what the training changed.
    initial = evaluate(model, test, device) if rank == 0 else None
    emit({'type': 'start', 'initialMetrics': initial, 'spec': spec['name'], 'backend': backend,
          'params': {'parts': [], 'total': sum(p.numel() for p in model.parameters())},
          'trainSamples': len(train), 'testSamples': len(test),
          'batchesPerEpoch': batches_per_epoch, 'epochs': epochs, 'firstEpoch': first_epoch,
          'time': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())})
    began = time.perf_counter()
    metrics = None
    for epoch in range(first_epoch, first_epoch + epochs):
        epoch_began = time.perf_counter()
        net.train()
        # Every process draws the same order; process r takes every world-th batch, and all
        # take the same number (DistributedDataParallel steps together).
        batches = make_batches(train, t['batchSize'], random.Random('%d/shuffle:%d' % (seed, epoch)))
        mine = batches[rank::world][:batches_per_epoch]
        coin = random.Random('%d/teacher-forcing:%d/%d' % (seed, epoch, rank))
        loss_sum, samples = 0.0, 0
        for k, batch in enumerate(mine):
            inputs, previous, targets = to_tensors(batch, model)
            inputs, targets = inputs.to(device), targets.to(device)
            previous = previous.to(device) if previous is not None else None
            outputs = net(inputs, previous, t['teacherForcing'], coin)
            loss, _ = loss_of(model, outputs, targets)
            optimizer.zero_grad()
            loss.backward()
            if t.get('clipNorm') is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), t['clipNorm'])
            if t.get('clipValue') is not None:
                torch.nn.utils.clip_grad_value_(model.parameters(), t['clipValue'])
            optimizer.step()
            loss_sum += loss.item() * len(batch)
            samples += len(batch)
            seconds = time.perf_counter() - epoch_began
            emit({'type': 'batch', 'epoch': epoch, 'batch': k + 1, 'batches': len(mine),
                  'loss': loss.item(), 'meanLoss': loss_sum / samples,
                  'stepsPerSecond': (k + 1) / max(seconds, 1e-9)})
        totals = torch.tensor([loss_sum, float(samples)], dtype=torch.float64)
        if distributed:
            dist.all_reduce(totals)
        train_seconds = time.perf_counter() - epoch_began
        if rank == 0:
            net.eval()
            metrics = evaluate(model, test, device)
            emit({'type': 'epoch', 'epoch': epoch, 'lastEpoch': first_epoch + epochs - 1,
                  'trainLoss': totals[0].item() / max(totals[1].item(), 1),
                  'testLoss': metrics['loss'],
                  **{k: v for k, v in metrics.items() if k != 'loss'},
                  'gates': gate_statistics(model, test[:GATE_SAMPLES]),
                  'learningRate': t['learningRate'],
                  'teacherForcing': t['teacherForcing'],
                  'seconds': time.perf_counter() - epoch_began, 'trainSeconds': train_seconds,
                  'processes': world})
            write_atomic(os.path.join(args.out, 'weights.json'),
                         json.dumps(weights_file(model, config, epoch, metrics)))
            torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(),
                        'epoch': epoch}, os.path.join(args.out, 'checkpoint.pt'))
            emit({'type': 'checkpoint', 'epoch': epoch,
                  'files': ['weights.json', 'checkpoint.pt']})
        if distributed:
            dist.barrier()
    emit({'type': 'done', 'epoch': first_epoch + epochs - 1, 'metrics': metrics or {'loss': None},
          'seconds': time.perf_counter() - began})
    if distributed:
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;
