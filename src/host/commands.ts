/**
 * The commands of the "RNN Lab" category: one module per command in `commands/`, each a factory
 * of its handler from the host's parts (`HostContext`). Here they are registered, each behind the
 * same catch that logs a failure and says it in a message. Commands that need the lab go through
 * `LabController`; every command that reads data files or trains asks for workspace trust first.
 */
import * as vscode from 'vscode';
import { bottleneck } from './commands/bottleneck';
import { compareCells } from './commands/compareCells';
import { exportModel } from './commands/exportModel';
import { exportPytorch } from './commands/exportPytorch';
import { text, type CommandFactory, type HostContext } from './commands/hostContext';
import { importWeights } from './commands/importWeights';
import { inspect } from './commands/inspect';
import { newSpec } from './commands/newSpec';
import { openExample } from './commands/openExample';
import { openLab } from './commands/openLab';
import { stop } from './commands/stop';
import { sweep } from './commands/sweep';
import { train } from './commands/train';

export type { HostContext } from './commands/hostContext';
export { openLabOnRun } from './commands/openLab';
export { showSavedSweep } from './commands/sweep';

/** The twelve commands of the manifest (plus `rnnLab.openExample`, used by the walkthrough). */
export const COMMAND_IDS = [
  'rnnLab.newSpec',
  'rnnLab.openLab',
  'rnnLab.train',
  'rnnLab.stop',
  'rnnLab.inspect',
  'rnnLab.compareCells',
  'rnnLab.bottleneck',
  'rnnLab.sweep',
  'rnnLab.exportModel',
  'rnnLab.exportPytorch',
  'rnnLab.importWeights',
  'rnnLab.showLog',
] as const;

const showLog: CommandFactory = (ctx) => () => ctx.log.show(true);

const COMMANDS: Record<(typeof COMMAND_IDS)[number] | 'rnnLab.openExample', CommandFactory> = {
  'rnnLab.newSpec': newSpec,
  'rnnLab.openLab': openLab,
  'rnnLab.train': train,
  'rnnLab.stop': stop,
  'rnnLab.inspect': inspect,
  'rnnLab.compareCells': compareCells,
  'rnnLab.bottleneck': bottleneck,
  'rnnLab.sweep': sweep,
  'rnnLab.exportModel': exportModel,
  'rnnLab.exportPytorch': exportPytorch,
  'rnnLab.importWeights': importWeights,
  'rnnLab.showLog': showLog,
  'rnnLab.openExample': openExample,
};

export function registerCommands(ctx: HostContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => {
    const handler = factory(ctx);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        ctx.log.error(`${id} failed`, error);
        void vscode.window.showErrorMessage(
          text().failed(id, error instanceof Error ? error.message : String(error)),
        );
        return undefined;
      }
    });
  });
}
