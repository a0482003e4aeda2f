/**
 * The schema VS Code's JSON language service reads for specs (`jsonValidation` in the manifest),
 * served in the explanation language: its hovers and completion details are the schema's docs,
 * and a file in the package can only be one language. The manifest names
 * `rnnlab-schema:/rnnlab.editor.schema.json`; the JSON extension opens it as a text document, so
 * this provider gives it the English or Korean file of `schemas/` and, on a language switch,
 * changes the document: the JSON extension then reloads the schema and its hovers follow at once.
 * Both files have no constraints (one Problems entry per problem: the validator's).
 */
import * as vscode from 'vscode';
import type { Lang } from '../explain';
import { EDITOR_SCHEMA_FILES } from '../spec/schemaFile';

export const EDITOR_SCHEMA_SCHEME = 'rnnlab-schema';
/** The path of `rnnlab-schema:/rnnlab.editor.schema.json` (the manifest's `jsonValidation`). */
const EDITOR_SCHEMA_PATH = '/rnnlab.editor.schema.json';

export class EditorSchemaProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly lang: () => Lang,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (uri.path !== EDITOR_SCHEMA_PATH) return '{}';
    const file = vscode.Uri.joinPath(this.extensionUri, EDITOR_SCHEMA_FILES[this.lang()]);
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  }

  /** After a language switch: the JSON extension reads the schema again. */
  refresh(): void {
    this.changed.fire(vscode.Uri.from({ scheme: EDITOR_SCHEMA_SCHEME, path: EDITOR_SCHEMA_PATH }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerEditorSchema(
  extensionUri: vscode.Uri,
  lang: () => Lang,
): { provider: EditorSchemaProvider; registration: vscode.Disposable } {
  const provider = new EditorSchemaProvider(extensionUri, lang);
  const registration = vscode.workspace.registerTextDocumentContentProvider(
    EDITOR_SCHEMA_SCHEME,
    provider,
  );
  return { provider, registration };
}
