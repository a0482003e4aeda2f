/**
 * The walkthrough in the explanation language. VS Code reads a walkthrough's words from the
 * manifest in its own display language only, so the manifest has every step twice, English and
 * Korean, each shown by a `when` clause on `rnnLab.lang` (or the setting itself, before the
 * extension has run). The open walkthrough page re-renders its steps when that key changes, so
 * it switches language live, both ways.
 */
import * as vscode from 'vscode';
import type { Lang } from '../explain';

/** The context key the manifest's walkthrough steps and view welcome read. */
export const LANG_CONTEXT_KEY = 'rnnLab.lang';
export const WALKTHROUGH_ID = 'rnnLab.welcome';
const WALKTHROUGH_SHOWN_KEY = 'rnnLab.walkthroughShown';

export function setLanguageContext(lang: Lang): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', LANG_CONTEXT_KEY, lang);
}

/**
 * On the first activation ever (per profile), the walkthrough opens by itself (after
 * `setLanguageContext`, so in the explanation language); never again. VS Code's own
 * `workbench.welcomePage.walkthroughs.openOnInstall` turned off keeps it shut.
 */
export async function openWalkthroughOnce(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return;
  const openOnInstall = vscode.workspace
    .getConfiguration('workbench.welcomePage')
    .get<boolean>('walkthroughs.openOnInstall');
  if (openOnInstall === false) return;
  await context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
  await vscode.commands.executeCommand(
    'workbench.action.openWalkthrough',
    `${context.extension.id}#${WALKTHROUGH_ID}`,
    false,
  );
}
