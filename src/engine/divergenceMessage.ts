/** The sentence a diverged run ends with: where, why, what to try, and what was kept. */
import type { ResolvedSpec } from '../spec/resolveSpec';

/**
 * What a diverged run says. `kept`: the epoch of the checkpoint in the store (undefined without a
 * store, 0 when no epoch has finished and there is none).
 */
export function failureMessage(
  spec: ResolvedSpec,
  epoch: number,
  batch: number,
  what: string,
  kept: number | undefined,
): string {
  const hints = [
    spec.train.clipNorm === undefined ? 'set train.clipNorm (e.g. 1)' : 'lower train.clipNorm',
    `lower train.learningRate (now ${spec.train.learningRate})`,
  ];
  // Weights that start amplifying (model.init.recurrentScale above 1) are the usual cause.
  if (spec.model.init.recurrentScale > 1) {
    hints.push(`lower model.init.recurrentScale (now ${spec.model.init.recurrentScale})`);
  }
  if (spec.model.cell === 'rnn' && spec.model.activation === 'relu') {
    hints.push('use activation "tanh"');
  }
  const checkpoint =
    kept === undefined
      ? ''
      : kept > 0
        ? ` The checkpoint of epoch ${kept}, the last good one, was kept.`
        : ' No epoch had finished, so there is no checkpoint to keep.';
  return (
    `Training diverged: the ${what} became NaN or infinite at epoch ${epoch}, batch ${batch} ` +
    `(exploding gradients). Try: ${hints.join(', or ')}.${checkpoint}`
  );
}
