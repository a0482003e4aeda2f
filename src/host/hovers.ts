/**
 * Hover explanations: on the keys and values of specs, and (behind `rnnLab.hover.codeLanguages`)
 * on the recurrent parts user code names. The words come from `src/explain`; the live numbers
 * from the newest run of this workspace, read only in a trusted workspace.
 */
import * as vscode from 'vscode';
import { resolveLanguage, termAtWord } from '../explain';
import { HOVER_LINK_COMMAND, codeWordAt, hoverContent, specWordAt } from './hoverContent';
import type { RunIndex } from './runIndex';
import { readSettings } from './settings';
import { isSpecDocument } from './specDocuments';
import { declaredName } from './specFiles';

export class ExplanationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly runs: RunIndex) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const settings = readSettings(document.uri);
    if (!settings.hoverEnabled) return undefined;
    const spec = isSpecDocument(document);
    if (!spec && !settings.hoverCodeLanguages.includes(document.languageId)) return undefined;
    const line = document.lineAt(position.line).text;
    const found = spec
      ? specWordAt(line, position.character)
      : codeWordAt(line, position.character);
    const context = spec ? 'spec' : 'code';
    if (!found || !termAtWord(found.word, context)) return undefined;
    const lang = resolveLanguage(vscode.env.language, settings.explanationLanguage);
    const live = vscode.workspace.isTrusted
      ? await this.runs.liveGates(
          spec ? document.uri : undefined,
          spec ? declaredName(document.getText()) : undefined,
        )
      : undefined;
    if (token.isCancellationRequested) return undefined;
    const content = hoverContent(
      found.word,
      context,
      lang,
      live,
      spec ? document.getText() : undefined,
    );
    if (!content) return undefined;
    const markdown = new vscode.MarkdownString(content.markdown);
    // Trusted with one command only: the link that opens the lab on a gate.
    if (content.hasCommandLink) markdown.isTrusted = { enabledCommands: [HOVER_LINK_COMMAND] };
    return new vscode.Hover(
      markdown,
      new vscode.Range(position.line, found.start, position.line, found.end),
    );
  }
}

/** Registers the provider for specs and the configured code languages; follows the setting. */
export function registerHovers(runs: RunIndex): vscode.Disposable {
  const provider = new ExplanationHoverProvider(runs);
  let registration: vscode.Disposable | undefined;
  const register = () => {
    registration?.dispose();
    const selector: vscode.DocumentFilter[] = [
      { pattern: '**/*.rnnlab.json' },
      ...readSettings().hoverCodeLanguages.map((language) => ({ language })),
    ];
    registration = vscode.languages.registerHoverProvider(selector, provider);
  };
  register();
  const watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('rnnLab.hover.codeLanguages')) register();
  });
  return new vscode.Disposable(() => {
    watch.dispose();
    registration?.dispose();
  });
}
