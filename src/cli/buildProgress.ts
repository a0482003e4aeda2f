/** Building a model with progress, stoppable between its gate blocks, for the commands that train. */
import { Presets, SingleBar } from 'cli-progress';
import { BuildAbortedError, buildModel, type BuildProgress } from '../engine/buildModel';
import type { SeqModel } from '../engine/seqModel';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { Dataset } from '../tasks/dataset';
import type { CliIO } from './command';

/**
 * Builds the spec's model without blocking (`buildModel.ts`), so a signal gets in between gate
 * blocks; on a terminal a bar shows the progress of a model that takes a while, elsewhere a line
 * every few seconds. Resolves undefined when the signal stopped it.
 */
export async function buildWithProgress(
  io: CliIO,
  spec: ResolvedSpec,
  dataset: Dataset,
  signal: AbortSignal,
  quiet: boolean,
): Promise<SeqModel | undefined> {
  const started = performance.now();
  let bar: SingleBar | undefined;
  let lastLine = started;
  const onProgress = ({ done, total }: BuildProgress) => {
    if (quiet || done === 0) return;
    const now = performance.now();
    // Models that build in a moment say nothing.
    if (now - started < 1000) return;
    if (io.isTTY) {
      bar ??= new SingleBar(
        {
          format: 'building the model [{bar}] {value}/{total} gate blocks',
          stream: process.stderr,
          hideCursor: true,
          barsize: 24,
        },
        Presets.shades_classic,
      );
      if (!bar.isActive) bar.start(total, done);
      bar.update(done);
    } else if (now - lastLine >= 3000) {
      lastLine = now;
      io.stderr(`building the model: ${done}/${total} gate blocks\n`);
    }
  };
  try {
    return await buildModel(spec, dataset, { signal, onProgress });
  } catch (error) {
    if (error instanceof BuildAbortedError) return undefined;
    throw error;
  } finally {
    bar?.stop();
  }
}
