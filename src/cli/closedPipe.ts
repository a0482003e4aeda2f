/**
 * A reader that goes away (`rnnlab inspect --json | head`) makes the next write fail with EPIPE,
 * which Node reports as an unhandled 'error' event with a stack trace. The output is not wanted
 * any more: later writes to that stream are dropped and the command ends as it would have, with
 * its own exit code and no trace.
 */
import type { Writable } from 'node:stream';

export function quietOnClosedPipe(stream: Writable): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      // Nothing is written to a closed pipe again.
      stream.write = () => true;
      return;
    }
    throw error;
  });
}
