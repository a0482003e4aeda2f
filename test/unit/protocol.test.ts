import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PROTOCOL_VERSION,
  ReadyGate,
  RequestFailedError,
  RequestTimeoutError,
  Requester,
  answer,
  bytesPayload,
  decodeBase64,
  encodeBase64,
  errorReply,
  isHostToWebview,
  isReply,
  isRunId,
  isWebviewToHost,
  okReply,
  payloadBytes,
  type HostRequestReplies,
  type HostToWebview,
  type Reply,
  type WebviewRequestReplies,
  type WebviewToHost,
} from '../../src/protocol';

describe('protocol: request/reply', () => {
  it('matches replies to requests by id, in any order', async () => {
    const sent: HostToWebview[] = [];
    const requester = new Requester<HostToWebview, HostRequestReplies>((m) => sent.push(m));
    const compare = requester.request({ type: 'compare', cells: ['rnn', 'lstm'] });
    const bottleneck = requester.request({ type: 'bottleneck', attentions: ['none', 'dot'] });
    assert.equal(sent.length, 2);
    const [first, second] = sent as [
      Extract<HostToWebview, { type: 'compare' }>,
      Extract<HostToWebview, { type: 'bottleneck' }>,
    ];
    assert.equal(first.type, 'compare');
    assert.notEqual(first.requestId, second.requestId);
    assert.deepEqual(first.cells, ['rnn', 'lstm']);

    // The second is answered first.
    assert.equal(requester.handleReply(okReply(second.requestId, { points: [] })), true);
    assert.equal(
      requester.handleReply(okReply(first.requestId, { runs: [{ cell: 'rnn' }] })),
      true,
    );
    assert.deepEqual(await bottleneck, { points: [] });
    assert.deepEqual(await compare, { runs: [{ cell: 'rnn' }] });
    assert.equal(requester.pendingCount, 0);
  });

  it('ignores replies with unknown ids, replies twice, and non-replies', async () => {
    const sent: WebviewToHost[] = [];
    const requester = new Requester<WebviewToHost, WebviewRequestReplies>((m) => sent.push(m));
    const saving = requester.request({
      type: 'saveFile',
      suggestedName: 'gates.csv',
      kind: 'csv',
      payload: { encoding: 'utf8', data: 'a,b\n' },
    });
    const id = (sent[0] as { requestId: number }).requestId;
    assert.equal(requester.handleReply(okReply(id + 100, {})), false);
    assert.equal(requester.handleReply({ type: 'trainEvent' }), false);
    assert.equal(requester.handleReply(null), false);
    assert.equal(requester.pendingCount, 1);
    assert.equal(requester.handleReply(okReply(id, { saved: 'file:///x/gates.csv' })), true);
    assert.equal(requester.handleReply(okReply(id, { saved: 'again' })), false);
    assert.deepEqual(await saving, { saved: 'file:///x/gates.csv' });
  });

  it('rejects with the error of a failed reply', async () => {
    const sent: WebviewToHost[] = [];
    const requester = new Requester<WebviewToHost, WebviewRequestReplies>((m) => sent.push(m));
    const starting = requester.request({ type: 'startRun', spec: {} as never });
    const id = (sent[0] as { requestId: number }).requestId;
    requester.handleReply(errorReply(id, new Error('no workspace folder')));
    await assert.rejects(starting, (error: Error) => {
      assert.ok(error instanceof RequestFailedError);
      assert.match(error.message, /startRun.*no workspace folder/);
      return true;
    });
  });

  it('times out, and a late reply is then ignored', async () => {
    const sent: HostToWebview[] = [];
    const requester = new Requester<HostToWebview, HostRequestReplies>((m) => sent.push(m), 20);
    const compare = requester.request({ type: 'compare', cells: ['gru'] });
    await assert.rejects(compare, RequestTimeoutError);
    const id = (sent[0] as { requestId: number }).requestId;
    assert.equal(requester.handleReply(okReply(id, { runs: [] })), false);
    assert.equal(requester.pendingCount, 0);
  });

  it('waits forever with timeoutMs 0 until rejectAll', async () => {
    const requester = new Requester<HostToWebview, HostRequestReplies>(() => undefined, 5);
    const compare = requester.request({ type: 'compare', cells: ['rnn'] }, { timeoutMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requester.pendingCount, 1);
    requester.rejectAll('the lab was closed');
    await assert.rejects(compare, /abandoned: the lab was closed/);
  });

  it('rejects at once when posting throws', async () => {
    const requester = new Requester<HostToWebview, HostRequestReplies>(() => {
      throw new Error('disposed');
    });
    await assert.rejects(requester.request({ type: 'compare', cells: [] }), /disposed/);
    assert.equal(requester.pendingCount, 0);
  });

  it('answer() turns a handler into one reply, value or error', async () => {
    const replies: Reply[] = [];
    await answer(
      (r) => replies.push(r),
      7,
      async () => ({ runId: 'r1', folder: 'runs/r1' }),
    );
    await answer(
      (r) => replies.push(r),
      8,
      () => {
        throw new Error('disk full');
      },
    );
    assert.deepEqual(replies, [
      { type: 'reply', requestId: 7, ok: true, value: { runId: 'r1', folder: 'runs/r1' } },
      { type: 'reply', requestId: 8, ok: false, error: 'disk full' },
    ]);
    assert.ok(replies.every(isReply));
  });
});

describe('protocol: ready handshake', () => {
  it('holds messages until ready, sends the first ones ahead of them, then passes through', () => {
    const sent: string[] = [];
    const gate = new ReadyGate<string>((m) => sent.push(m));
    gate.post('loadSpec');
    gate.post('train');
    assert.deepEqual(sent, []);
    assert.equal(gate.queuedCount, 2);
    gate.markReady('init');
    assert.deepEqual(sent, ['init', 'loadSpec', 'train']);
    gate.post('stop');
    assert.deepEqual(sent.at(-1), 'stop');
  });

  it('after a reset (page reload) waits for the next ready; reset(false) drops the queue', () => {
    const sent: string[] = [];
    const gate = new ReadyGate<string>((m) => sent.push(m));
    gate.markReady();
    gate.reset();
    gate.post('inspect');
    assert.deepEqual(sent, []);
    gate.markReady('init');
    assert.deepEqual(sent, ['init', 'inspect']);
    gate.reset(false);
    gate.post('lost');
    gate.reset(false);
    gate.markReady();
    assert.deepEqual(sent, ['init', 'inspect']);
  });
});

describe('protocol: type guards', () => {
  const event = { type: 'batch', epoch: 1, batch: 2, batches: 10, loss: 0.5, meanLoss: 0.6 };

  it('accepts well-formed webview messages', () => {
    const messages: unknown[] = [
      { type: 'ready', view: 'lab', protocol: PROTOCOL_VERSION },
      { type: 'startRun', requestId: 1, spec: { name: 'x' }, purpose: 'compare-gru' },
      { type: 'trainEvent', runId: 'copy-20250101-101010', event },
      {
        type: 'saveCheckpoint',
        requestId: 2,
        runId: 'r',
        files: [{ name: 'weights.bin', payload: { encoding: 'base64', data: 'AAE=' } }],
      },
      {
        type: 'saveFile',
        requestId: 3,
        suggestedName: 'a.png',
        kind: 'png',
        payload: { encoding: 'bytes', data: [1, 2] },
      },
      { type: 'revealProblem', uri: 'file:///a.rnnlab.json', line: 3, column: 5, length: 2 },
      { type: 'log', level: 'warn', message: 'slow backend' },
      { type: 'status', state: 'training', runId: 'r' },
      { type: 'openRun', runId: 'r' },
      { type: 'reply', requestId: 4, ok: true, value: { runs: [] } },
    ];
    for (const message of messages)
      assert.equal(isWebviewToHost(message), true, JSON.stringify(message));
  });

  it('rejects malformed or unknown webview messages', () => {
    const messages: unknown[] = [
      null,
      'ready',
      [],
      { type: 'nope' },
      { type: 'toString' },
      { type: 'ready', view: 'editor', protocol: 1 },
      { type: 'trainEvent', runId: '../evil', event },
      { type: 'trainEvent', runId: 'r', event: { type: 'explode' } },
      {
        type: 'saveCheckpoint',
        requestId: 1,
        runId: 'r',
        files: [{ name: 'w', payload: { encoding: 'hex', data: '00' } }],
      },
      {
        type: 'saveFile',
        requestId: 1,
        suggestedName: 'a',
        kind: 'exe',
        payload: { encoding: 'utf8', data: '' },
      },
      { type: 'startRun', requestId: -1, spec: {} },
      { type: 'log', level: 'shout', message: 'x' },
      { type: 'revealProblem', uri: 'file:///a', line: 'one', column: 1 },
      { type: 'reply', requestId: 1, ok: false },
    ];
    for (const message of messages)
      assert.equal(isWebviewToHost(message), false, JSON.stringify(message));
  });

  it('checks host messages for the webview pages', () => {
    assert.equal(
      isHostToWebview({
        type: 'init',
        protocol: 1,
        view: 'lab',
        lang: 'ko',
        backend: 'auto',
        trusted: true,
      }),
      true,
    );
    assert.equal(isHostToWebview({ type: 'stop' }), true);
    assert.equal(isHostToWebview({ type: 'setTeacherForcing', value: 0.5 }), true);
    assert.equal(isHostToWebview({ type: 'setTeacherForcing', value: 1.5 }), false);
    assert.equal(isHostToWebview({ type: 'setLearningRate', value: 0 }), false);
    assert.equal(
      isHostToWebview({ type: 'showGate', focus: { layer: 'layer 1', gate: 'f' } }),
      true,
    );
    assert.equal(isHostToWebview({ type: 'inspect' }), false);
    assert.equal(isHostToWebview({ type: 'ready', view: 'lab', protocol: 1 }), false);
  });

  it('run ids are plain folder names', () => {
    assert.equal(isRunId('reverse-20250101-101010-2'), true);
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', 42, 'x'.repeat(201)]) {
      assert.equal(isRunId(bad), false, String(bad));
    }
  });
});

describe('protocol: payloads', () => {
  it('base64 round-trips every length and matches Node', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const encoded = encodeBase64(bytes);
      assert.equal(encoded, Buffer.from(bytes).toString('base64'));
      assert.deepEqual(decodeBase64(encoded), bytes);
    }
    assert.deepEqual(
      payloadBytes(bytesPayload(new Uint8Array([0, 255, 128]))),
      new Uint8Array([0, 255, 128]),
    );
  });

  it('decodes utf8 and byte arrays, rejects bad input', () => {
    assert.deepEqual(payloadBytes({ encoding: 'utf8', data: 'é' }), new Uint8Array([0xc3, 0xa9]));
    assert.deepEqual(
      payloadBytes({ encoding: 'bytes', data: [1, 2, 255] }),
      new Uint8Array([1, 2, 255]),
    );
    assert.throws(() => payloadBytes({ encoding: 'bytes', data: [256] }), /byte 0/);
    assert.throws(() => payloadBytes({ encoding: 'base64', data: 'ab$d' }), /invalid base64/);
  });
});
