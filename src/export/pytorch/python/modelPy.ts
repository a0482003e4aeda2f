/** The exported project's `model.py` (Python, written as is; see `../exportProject.ts`). */
export const MODEL_PY = String.raw`"""The RNN Lab model in PyTorch: the same function the lab computes, weight for weight.

The recurrent stacks are PyTorch's own nn.RNN / nn.LSTM / nn.GRU: the lab's cells compute the
same functions (LSTM gates i, f, g, o; GRU gates r, z, n with the reset gate applied after the
recurrent matrix, PyTorch's convention). The lab keeps one bias per LSTM/RNN gate; here it is
bias_ih, and bias_hh starts at zero (PyTorch only ever uses their sum).

nn.LSTM does not hand out its gates, so the explicit cells at the end (rnn_step, lstm_step,
gru_step) compute one step from the same parameters with every gate: train.py --check uses them
to compare every step with the lab's values, and checks that they agree with the nn modules.

Attention is Luong-style without input feeding, as in the lab: the top decoder state s_t scores
every encoder state h_j (additive: v . tanh(W_q s_t + W_k h_j); dot: s_t . h_j), the softmax
weights mix the encoder states into a context, and [s_t, context] goes to the output head.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def load_config(folder=HERE):
    """config.json: the lab's resolved spec and its dataset meta (vocabularies, lengths)."""
    with open(os.path.join(folder, 'config.json'), encoding='utf-8') as f:
        return json.load(f)


class Embed(nn.Module):
    """Token ids to vectors: a learned table, or one-hot when the spec's embedding is 0.

    Id -1 (padding after a short target) gives a zero vector, as in the lab.
    """

    def __init__(self, vocab_size, size):
        super().__init__()
        self.vocab_size = vocab_size
        self.table = nn.Embedding(vocab_size, size) if size > 0 else None
        self.size = size if size > 0 else vocab_size

    def forward(self, ids):
        mask = (ids >= 0).unsqueeze(-1).to(torch.float32)
        safe = ids.clamp(min=0)
        if self.table is None:
            x = F.one_hot(safe, self.vocab_size).to(torch.float32)
        else:
            x = self.table(safe)
        return x * mask


def recurrent(cell, input_size, hidden, layers, activation):
    """The stack: PyTorch's own module, batch first."""
    if cell == 'rnn':
        return nn.RNN(input_size, hidden, layers, nonlinearity=activation, batch_first=True)
    if cell == 'lstm':
        return nn.LSTM(input_size, hidden, layers, batch_first=True)
    if cell == 'gru':
        return nn.GRU(input_size, hidden, layers, batch_first=True)
    raise ValueError('unknown cell %r' % cell)


class Attention(nn.Module):
    def __init__(self, kind, hidden):
        super().__init__()
        self.kind = kind
        if kind == 'additive':
            self.query = nn.Linear(hidden, hidden, bias=False)
            self.key = nn.Linear(hidden, hidden, bias=False)
            self.score = nn.Linear(hidden, 1, bias=False)

    def forward(self, queries, values):
        """queries [B, Td, H], values (encoder states) [B, Te, H] -> weights [B, Td, Te], context."""
        if self.kind == 'additive':
            mixed = torch.tanh(self.query(queries).unsqueeze(2) + self.key(values).unsqueeze(1))
            scores = self.score(mixed).squeeze(-1)
        else:
            scores = torch.bmm(queries, values.transpose(1, 2))
        weights = torch.softmax(scores, dim=-1)
        return weights, torch.bmm(weights, values)


class LabModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        spec, meta = config['spec'], config['dataset']
        m = spec['model']
        self.architecture = meta['architecture']
        self.symbols = meta['type'] == 'symbols'
        # Real-valued inputs with one class per sequence (audio, labelled series) learn their
        # class by cross-entropy, as symbols do; other real-valued outputs by the squared error.
        self.classes = None if self.symbols else meta.get('classes')
        self.categorical = self.symbols or self.classes is not None
        # Series forecasts: how many steps ahead of which channels each output holds.
        self.forecast = None if self.symbols else meta.get('forecast')
        self.cell = m['cell']
        self.hidden = m['hidden']
        if self.symbols:
            self.embedding = Embed(len(meta['inputVocab']['tokens']), m['embedding'])
            input_size = self.embedding.size
            self.output_size = len(meta['outputVocab']['tokens'])
        else:
            input_size = meta['features']
            # A class per sequence; a forecast's horizon x channels values ('outputs'); else a
            # value per feature.
            self.output_size = (len(self.classes['tokens']) if self.classes
                                else meta.get('outputs', meta['features']))
        stack = lambda n_in: recurrent(m['cell'], n_in, m['hidden'], m['layers'], m['activation'])
        head_input = m['hidden']
        if self.architecture == 'seq2seq':
            self.encoder = stack(input_size)
            out_vocab = meta['outputVocab']
            self.start, self.end = out_vocab['start'], out_vocab['end']
            self.max_decode = meta['maxTargetLength'] + 2
            # What the decoder reads at each step: the previous token ('previous'), that token and
            # the context vector, the top encoder layer's final h ('previous+context'), or the
            # context alone ('context': no decoder embedding, teacher forcing changes nothing).
            self.decoder_input = m.get('decoderInput', 'previous')
            self.reverse_input = m.get('reverseInput', False)
            size = 0 if self.decoder_input == 'previous' else m['hidden']
            if self.decoder_input != 'context':
                self.decoder_embedding = Embed(len(out_vocab['tokens']), m['embedding'])
                size += self.decoder_embedding.size
            self.decoder = stack(size)
            self.attention = None
            if m['attention'] != 'none':
                self.attention = Attention(m['attention'], m['hidden'])
                head_input = 2 * m['hidden']
        else:
            self.rnn = stack(input_size)
        self.head = nn.Linear(head_input, self.output_size)

    @property
    def reader(self):
        """The stack that reads the input: the encoder of a Seq2Seq model, else the only one."""
        return self.encoder if self.architecture == 'seq2seq' else self.rnn

    def embed_inputs(self, inputs):
        """Inputs in reading order (last symbol first for a Seq2Seq model with reverseInput)."""
        if self.architecture == 'seq2seq' and self.reverse_input:
            inputs = inputs.flip(1)
        return self.embedding(inputs) if self.symbols else inputs

    def decoder_step_input(self, tokens, context):
        """What the first decoder layer reads: tokens [B] or [B, Td], context [B, H]."""
        if self.decoder_input == 'context':
            return context if tokens.dim() == 1 else context.unsqueeze(1).expand(
                -1, tokens.shape[1], -1)
        embedded = self.decoder_embedding(tokens)
        if self.decoder_input == 'previous':
            return embedded
        if tokens.dim() == 2:
            context = context.unsqueeze(1).expand(-1, tokens.shape[1], -1)
        return torch.cat([embedded, context], dim=-1)

    def decoder_output(self, states, encoder_states):
        """Decoder states [B, Td, H] -> logits, with attention when the model has it."""
        if self.attention is None:
            return self.head(states), None
        weights, context = self.attention(states, encoder_states)
        return self.head(torch.cat([states, context], dim=-1)), weights

    def forward(self, inputs, previous=None, teacher_forcing=1.0, coin=None):
        """Outputs [B, Tout, V] (logits) or [B, T, F] (values); many-to-one: Tout = 1.

        Seq2Seq: previous [B, Td] holds what each decoder step reads when forced (<s>, then the
        true previous token, -1 after the end). With teacher_forcing < 1 each step after the first
        reads the true token with that probability (one draw of coin per step for the whole
        batch), otherwise its own previous prediction.
        """
        states, final = self.reader(self.embed_inputs(inputs))
        if self.architecture == 'many-to-one':
            return self.head(states[:, -1:])
        if self.architecture == 'many-to-many':
            return self.head(states)
        context = top_final(final)
        if teacher_forcing >= 1 or self.decoder_input == 'context':
            decoded, _ = self.decoder(self.decoder_step_input(previous, context), final)
            return self.decoder_output(decoded, states)[0]
        logits, state, token = [], final, previous[:, 0]
        for t in range(previous.shape[1]):
            if t > 0:
                forced = coin.random() < teacher_forcing
                token = previous[:, t] if forced else logits[-1].argmax(-1)
            step_input = self.decoder_step_input(token, context).unsqueeze(1)
            out, state = self.decoder(step_input, state)
            logits.append(self.decoder_output(out, states)[0][:, 0])
        return torch.stack(logits, dim=1)

    @torch.no_grad()
    def greedy_decode(self, inputs):
        """Seq2Seq inference: <s> first, then each step's argmax, until </s> or the step limit.

        Returns per sample the ids before </s>, and whether </s> came.
        """
        states, state = self.reader(self.embed_inputs(inputs))
        context = top_final(state)
        batch = inputs.shape[0]
        token = torch.full((batch,), self.start, dtype=torch.long)
        ids = [[] for _ in range(batch)]
        ended = [False] * batch
        for _ in range(self.max_decode):
            if all(ended):
                break
            out, state = self.decoder(self.decoder_step_input(token, context).unsqueeze(1), state)
            token = self.decoder_output(out, states)[0][:, 0].argmax(-1)
            for b, t in enumerate(token.tolist()):
                if ended[b]:
                    continue
                if t == self.end:
                    ended[b] = True
                else:
                    ids[b].append(t)
        return ids, ended


def top_final(final):
    """The context vector: the top encoder layer's final h ([B, H]) from an nn module's state."""
    h_n = final[0] if isinstance(final, tuple) else final
    return h_n[-1]


# ---- weights: the lab's file format (JSON state dict), read and written ------------------------

WEIGHTS_FORMAT = 'rnnlab-pytorch'


def load_weights(model, path):
    """Loads a weights.json (the lab's export, or a checkpoint of train.py) into the model."""
    with open(path, encoding='utf-8') as f:
        file = json.load(f)
    if file.get('format') != WEIGHTS_FORMAT:
        raise SystemExit('%s: not an RNN Lab PyTorch weights file' % path)
    state = {k: torch.tensor(v, dtype=torch.float32) for k, v in file['stateDict'].items()}
    model.load_state_dict(state, strict=True)
    return file


def weights_file(model, config, epoch, metrics=None):
    """The model's weights as the lab reads them back (rnnlab inspect --torch, Import Weights)."""
    file = {
        'format': WEIGHTS_FORMAT,
        'version': 1,
        'epoch': epoch,
        'spec': config['spec'],
        'dataset': config['dataset'],
        'stateDict': {k: v.detach().cpu().tolist() for k, v in model.state_dict().items()},
    }
    if metrics is not None:
        file['metrics'] = metrics
    return file


# ---- explicit cells: one step with every gate (for --check and traces) -------------------------

def layer_params(module, k):
    """Layer k of an nn.RNN/LSTM/GRU: W_ih, W_hh, b_ih, b_hh."""
    return [getattr(module, '%s_l%d' % (name, k)) for name in
            ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh')]


def rnn_step(p, x, h, activation):
    pre = x @ p[0].t() + p[2] + h @ p[1].t() + p[3]
    h = torch.relu(pre) if activation == 'relu' else torch.tanh(pre)
    return h, None, {}


def lstm_step(p, x, h, c):
    i, f, g, o = (x @ p[0].t() + p[2] + h @ p[1].t() + p[3]).chunk(4, dim=-1)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c = f * c + i * g
    return o * torch.tanh(c), c, {'i': i, 'f': f, 'g': g, 'o': o}


def gru_step(p, x, h):
    xr, xz, xn = (x @ p[0].t() + p[2]).chunk(3, dim=-1)
    hr, hz, hn = (h @ p[1].t() + p[3]).chunk(3, dim=-1)
    r, z = torch.sigmoid(xr + hr), torch.sigmoid(xz + hz)
    n = torch.tanh(xn + r * hn)
    return (1 - z) * n + z * h, None, {'r': r, 'z': z, 'n': n}


def cell_step(model, module, k, x, h, c):
    p = layer_params(module, k)
    if model.cell == 'lstm':
        return lstm_step(p, x, h, c)
    if model.cell == 'gru':
        return gru_step(p, x, h)
    return rnn_step(p, x, h, module.nonlinearity)
`;
