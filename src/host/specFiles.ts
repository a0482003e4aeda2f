/**
 * The workspace's spec files by the `name` they declare: a run knows its spec's name (its
 * `spec.json`), not the file, and the lab must show a run under its own spec's title.
 */
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { tooDeep } from '../spec/jsonDepth';
import { SPEC_GLOB } from './specDocuments';

const EXCLUDE = '**/{node_modules,.git,.rnnlab}/**';
const MAX_SPECS = 500;

/** `name` of a spec's text, if it declares one. */
export function declaredName(text: string): string | undefined {
  // The parser recurses per level: a text nested thousands deep names nothing.
  if (tooDeep(text)) return undefined;
  const value: unknown = parse(text, [], { allowTrailingComma: true });
  const name = (value as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

async function textOf(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The spec file that declares `name`: `prefer` when it does, else the first found. */
export async function findSpecNamed(
  name: string,
  prefer?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  if (prefer) {
    const text = await textOf(prefer);
    if (text !== undefined && declaredName(text) === name) return prefer;
  }
  const found = await vscode.workspace.findFiles(SPEC_GLOB, EXCLUDE, MAX_SPECS);
  for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) {
    const text = await textOf(uri);
    if (text !== undefined && declaredName(text) === name) return uri;
  }
  return undefined;
}
