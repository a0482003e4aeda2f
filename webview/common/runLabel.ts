/**
 * What a run is, in a few words, for the side bar's run list and the lab's header: the run's own
 * cell (and attention), what it was for (a compare or bottleneck variant, a sweep point), when it
 * started. Every run of one spec shares the spec's name, so the name alone cannot tell a
 * compare-rnn run from a compare-gru one.
 */
import type { Lang } from '../../src/explain/termIds';
import type { RunSummary } from '../../src/protocol/messages';

const WORDS = {
  en: {
    compare: (cell: string) => `compare: ${cell}`,
    bottleneck: (attention: string) => `bottleneck: attention ${attention}`,
    sweep: (point: string) => `sweep point ${point}`,
    attention: (kind: string) => `attention ${kind}`,
    hidden: (n: number) => `hidden ${n}`,
  },
  ko: {
    compare: (cell: string) => `비교: ${cell}`,
    bottleneck: (attention: string) => `병목: 어텐션 ${attention}`,
    sweep: (point: string) => `스윕 지점 ${point}`,
    attention: (kind: string) => `어텐션 ${kind}`,
    hidden: (n: number) => `은닉 ${n}`,
  },
} satisfies Record<Lang, Record<string, (value: never) => string>>;

/** `compare: GRU`, `bottleneck: attention none`, `sweep point 3`; '' for a plain run. */
export function runPurposeLabel(purpose: string | undefined, lang: Lang): string {
  if (!purpose) return '';
  const w = WORDS[lang];
  const [kind, ...rest] = purpose.split('-');
  const value = rest.join('-');
  if (kind === 'compare' && value) return w.compare(value.toUpperCase());
  if (kind === 'bottleneck' && value) return w.bottleneck(value);
  if (kind === 'sweep' && value) return w.sweep(value);
  return purpose;
}

/** `GRU · hidden 8`, `LSTM · attention bahdanau`: what the run trained. */
export function runModelLabel(run: RunSummary, lang: Lang): string {
  const m = run.model;
  if (!m) return '';
  const w = WORDS[lang];
  const parts = [m.cell.toUpperCase()];
  if (m.attention !== undefined) parts.push(w.attention(m.attention));
  parts.push(w.hidden(m.hidden));
  return parts.join(' · ');
}

/** The start time as `HH:MM` (today) or `MM-DD HH:MM`, local time; '' when unknown. */
export function runTimeLabel(started: string | undefined, now = new Date()): string {
  if (!started) return '';
  const time = new Date(started);
  if (Number.isNaN(time.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}`;
  const sameDay = time.toDateString() === now.toDateString();
  return sameDay ? clock : `${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${clock}`;
}
