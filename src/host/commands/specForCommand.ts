/**
 * The first steps most commands share: workspace trust, which spec the command is about (asking
 * when none is open), that spec checked now (saying why not when it has errors), and the lab open
 * on it with its page ready.
 */
import * as vscode from 'vscode';
import type { ResolvedSpec } from '../../spec/resolveSpec';
import type { SpecCheck } from '../../tasks/checkSpecAndData';
import { specFileName } from '../specDocuments';
import { text, type HostContext } from './hostContext';

/** How long the lab page may take to say `ready` after the panel opens. */
const READY_TIMEOUT_MS = 30_000;

/** True in a trusted workspace; otherwise says why not and offers to manage trust. */
export async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const t = text();
  const choice = await vscode.window.showWarningMessage(t.untrusted, t.manageTrust);
  if (choice === t.manageTrust) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** The spec a command argument (or the active editor) names; offers a new one when none. */
export async function specUriOrAsk(
  ctx: HostContext,
  arg: unknown,
): Promise<vscode.Uri | undefined> {
  const uri = ctx.specs.resolve(arg);
  if (uri) return uri;
  const t = text();
  const choice = await vscode.window.showInformationMessage(t.noSpec, t.newSpec);
  if (choice === t.newSpec) await vscode.commands.executeCommand('rnnLab.newSpec');
  return undefined;
}

export interface CheckedSpec {
  uri: vscode.Uri;
  check: SpecCheck;
  spec: ResolvedSpec;
}

/** The spec checked now; undefined (after saying why) when it has errors. */
export async function checkedSpec(
  ctx: HostContext,
  arg: unknown,
): Promise<CheckedSpec | undefined> {
  const uri = await specUriOrAsk(ctx, arg);
  if (!uri) return undefined;
  const t = text();
  const document = await vscode.workspace.openTextDocument(uri);
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: t.checking },
    () => ctx.diagnostics.check(document),
  );
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (!check.spec || errors.length > 0) {
    const choice = await vscode.window.showWarningMessage(
      t.specHasErrors(specFileName(uri), Math.max(1, errors.length)),
      t.showProblems,
    );
    if (choice === t.showProblems) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    return undefined;
  }
  return { uri, check, spec: check.spec };
}

/** Trust, then the spec checked: what every command that trains or reads data starts with. */
export async function trustedCheckedSpec(
  ctx: HostContext,
  arg: unknown,
): Promise<CheckedSpec | undefined> {
  if (!(await requireTrust())) return undefined;
  return checkedSpec(ctx, arg);
}

/** Opens the lab on the spec and waits for its page; false (after saying why) if it cannot. */
export async function labReady(
  ctx: HostContext,
  uri: vscode.Uri,
  token?: vscode.CancellationToken,
): Promise<boolean> {
  if (!(await ctx.lab.open({ spec: uri, preserveFocus: true }))) return false;
  if (await ctx.lab.whenReady(READY_TIMEOUT_MS, token)) return true;
  if (!token?.isCancellationRequested) void vscode.window.showWarningMessage(text().labNotReady);
  return false;
}
