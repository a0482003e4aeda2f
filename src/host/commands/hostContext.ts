/**
 * What every command of the "RNN Lab" category is built from: the host's parts (`HostContext`),
 * and a command as a factory of its handler, as rust-analyzer's editors/code writes them, so each
 * command is a module of its own that reads its dependencies from one place.
 */
import type * as vscode from 'vscode';
import type { SpecDiagnostics } from '../diagnostics';
import { hostText, type HostText } from '../hostText';
import type { LabController } from '../labController';
import type { LabSession } from '../labSession';
import type { RunIndex } from '../runIndex';
import { explanationLang } from '../settings';
import type { SpecTracker } from '../specDocuments';

export interface HostContext {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  specs: SpecTracker;
  diagnostics: SpecDiagnostics;
  lab: LabController;
  session: LabSession;
  runs: RunIndex;
}

/** A command's handler, made from the host's parts. */
export type CommandFactory = (ctx: HostContext) => (...args: unknown[]) => unknown;

/** The host's words in the explanation language of this moment (it can change at any time). */
export function text(): HostText {
  return hostText(explanationLang());
}
