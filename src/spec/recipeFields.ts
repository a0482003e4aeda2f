/**
 * Fields that bring a spec to the published recipes (part of the one definition in
 * `specSchema.ts`): for `model`, what the Seq2Seq decoder reads at each step and whether the
 * encoder reads the input backwards; for `task`, whether training inputs may repeat. Measured
 * against the Keras and PyTorch recipes in `bench/tasks/` (see docs/seq2seq-recipes.md).
 */
import { Type } from '@sinclair/typebox';
import { doc, literalUnion } from './schemaBuilders';

export const DECODER_INPUTS = ['previous', 'previous+context', 'context'] as const;
export type DecoderInput = (typeof DECODER_INPUTS)[number];

export const DecoderInputField = literalUnion(
  DECODER_INPUTS,
  {
    default: 'previous',
    ...doc(
      'seq2seq only: what the decoder reads at each step: previous, previous+context or context.',
      "`seq2seq` only. In every mode the context vector (the encoder's final states) starts the decoder; " +
        'this says what the decoder reads at each step:\n\n' +
        '- `previous`: the previous output token (`<s>` first), as in the study note and Sutskever et al. (2014).\n' +
        "- `previous+context`: the previous token and the context vector (the top encoder layer's final $h$) side by side, " +
        'as in Cho et al. (2014): the context is not only a start that fades.\n' +
        '- `context`: the context vector alone, at every step, as the Keras example `addition_rnn` does (`RepeatVector`). ' +
        'The decoder never sees its own outputs, so training and test-time decoding run the same computation ' +
        '(`train.teacherForcing` plays no part).',
    ),
  },
  (d) =>
    ({
      previous: 'The previous output token (the note, Sutskever et al. 2014)',
      'previous+context': 'The previous token and the context vector (Cho et al. 2014)',
      context: 'The context vector at every step (Keras addition_rnn, RepeatVector)',
    })[d],
);

export const ReverseInputField = Type.Boolean({
  default: false,
  ...doc(
    'seq2seq only: the encoder reads the input last symbol first.',
    '`seq2seq` only: the encoder reads the input from its last symbol to its first, as Sutskever et al. (2014) ' +
      'and the Keras example `addition_rnn` do. The first input symbols are then the last the encoder read, close ' +
      'to the first outputs they decide (for addition: the lowest digits come last). The inspector shows the ' +
      'encoder steps in the order they were read.',
  ),
});

export const DistinctField = Type.Boolean({
  default: false,
  ...doc(
    'Generated tasks: every training input is drawn at most once (no repeats).',
    'Generated tasks: every training input appears at most once, as in the Keras example `addition_rnn` ' +
      '(which draws distinct questions). By default training inputs may repeat (small input spaces need that); ' +
      'test inputs are always distinct and never seen in training. With `true`, `samples` + `testSamples` ' +
      "must fit in the task's distinct inputs.",
  ),
});
