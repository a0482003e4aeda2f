/**
 * Type guards for messages that arrive through `postMessage`: whatever comes in is `unknown`
 * until one of these says otherwise. They check the fields each side acts on (ids, names,
 * numbers, payloads), not every nested field of a spec or an event.
 */
import type { TrainEventType } from '../engine/trainEvents';
import type { HostToWebview, WebviewToHost } from './messages';
import type { Payload } from './payload';
import { isReply } from './requests';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isId = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;
const isOptional = (value: unknown, check: (v: unknown) => boolean): boolean =>
  value === undefined || check(value);
const isView = (value: unknown): boolean => value === 'lab' || value === 'sidebar';

export function isPayload(value: unknown): value is Payload {
  if (!isObject(value)) return false;
  switch (value.encoding) {
    case 'utf8':
    case 'base64':
      return isString(value.data);
    case 'bytes':
      return Array.isArray(value.data) && value.data.every((b) => typeof b === 'number');
    default:
      return false;
  }
}

/** A train event as far as the receivers read it: an object with a known `type`. */
// Typed against the engine's union, so a new event type cannot be forgotten here.
const TRAIN_EVENT_TYPES = new Set(
  Object.keys({
    start: true,
    batch: true,
    gradients: true,
    reach: true,
    epoch: true,
    checkpoint: true,
    done: true,
    stopped: true,
    failed: true,
  } satisfies Record<TrainEventType, true>),
);
function isTrainEvent(value: unknown): boolean {
  return isObject(value) && isString(value.type) && TRAIN_EVENT_TYPES.has(value.type);
}

/** A run id is a folder name: no separators, no `..`. */
export function isRunId(value: unknown): value is string {
  return (
    isString(value) &&
    value.length > 0 &&
    value.length <= 200 &&
    !/[\\/]/.test(value) &&
    value !== '.' &&
    value !== '..'
  );
}

const WEBVIEW_CHECKS: { [K in WebviewToHost['type']]: (m: Fields) => boolean } = {
  ready: (m) => isView(m.view) && isFiniteNumber(m.protocol),
  startRun: (m) =>
    isId(m.requestId) && isObject(m.spec) && isOptional(m.purpose, (p) => isString(p)),
  trainEvent: (m) => isRunId(m.runId) && isTrainEvent(m.event),
  saveCheckpoint: (m) =>
    isId(m.requestId) &&
    isRunId(m.runId) &&
    Array.isArray(m.files) &&
    m.files.every((f) => isObject(f) && isString(f.name) && isPayload(f.payload)),
  saveFile: (m) =>
    isId(m.requestId) &&
    isString(m.suggestedName) &&
    (m.kind === 'png' || m.kind === 'csv' || m.kind === 'json') &&
    isPayload(m.payload),
  revealProblem: (m) =>
    isString(m.uri) &&
    isFiniteNumber(m.line) &&
    isFiniteNumber(m.column) &&
    isOptional(m.length, isFiniteNumber),
  log: (m) =>
    ['trace', 'debug', 'info', 'warn', 'error'].includes(m.level as string) && isString(m.message),
  status: (m) =>
    (m.state === 'idle' || m.state === 'training' || m.state === 'paused') &&
    isOptional(m.runId, isRunId),
  openRun: (m) => isRunId(m.runId),
  openSweep: (m) => isRunId(m.sweepId),
  saveSweep: (m) =>
    isId(m.requestId) &&
    isOptional(m.sweepId, isRunId) &&
    isObject(m.record) &&
    Array.isArray(m.record.points),
  reply: (m) => isReply(m),
};

const HOST_CHECKS: { [K in HostToWebview['type']]: (m: Fields) => boolean } = {
  init: (m) => isView(m.view) && isFiniteNumber(m.protocol) && typeof m.trusted === 'boolean',
  loadSpec: (m) =>
    isObject(m.snapshot) && isString(m.snapshot.uri) && Array.isArray(m.snapshot.problems),
  train: (m) => isOptional(m.continueRun, isRunId),
  stop: () => true,
  pause: () => true,
  resume: () => true,
  reset: () => true,
  setLearningRate: (m) => isFiniteNumber(m.value) && m.value > 0,
  setTeacherForcing: (m) => isFiniteNumber(m.value) && m.value >= 0 && m.value <= 1,
  inspect: (m) => isString(m.input),
  compare: (m) => isId(m.requestId) && Array.isArray(m.cells),
  bottleneck: (m) => isId(m.requestId) && Array.isArray(m.attentions),
  sweep: (m) => isId(m.requestId),
  showSweep: (m) =>
    isObject(m.sweep) &&
    isRunId(m.sweep.id) &&
    isObject(m.sweep.record) &&
    Array.isArray(m.sweep.record.points) &&
    isOptional(m.sweep.runEvents, isObject) &&
    isOptional(m.keepTab, (k) => typeof k === 'boolean'),
  showGate: (m) => isObject(m.focus) && isString(m.focus.layer) && isString(m.focus.gate),
  loadRun: (m) => isObject(m.run) && isObject(m.run.spec) && Array.isArray(m.run.events),
  importTorch: (m) => isString(m.fileName) && isObject(m.weights),
  runs: (m) => Array.isArray(m.runs) && isOptional(m.sweeps, Array.isArray),
  trainEvent: (m) => isRunId(m.runId) && isTrainEvent(m.event),
  reply: (m) => isReply(m),
};

function check<T>(checks: Record<string, (m: Fields) => boolean>, value: unknown): value is T {
  if (!isObject(value) || !isString(value.type)) return false;
  const checkOne = Object.hasOwn(checks, value.type) ? checks[value.type] : undefined;
  return checkOne !== undefined && checkOne(value);
}

/** For the host: a message a webview may send, with the fields the host reads well-formed. */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  return check<WebviewToHost>(WEBVIEW_CHECKS, value);
}

/** For the webview pages: a message the host sends. */
export function isHostToWebview(value: unknown): value is HostToWebview {
  return check<HostToWebview>(HOST_CHECKS, value);
}
