/** The built pages of the webviews, when they exist, and the resource roots they may load from. */
import * as vscode from 'vscode';
import type { ViewKind } from '../protocol/messages';

export interface PageAssets {
  script?: vscode.Uri;
  style?: vscode.Uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `dist/webview/<view>.js` and `.css`, each only if present. */
export async function findPageAssets(
  extensionUri: vscode.Uri,
  view: ViewKind,
): Promise<PageAssets> {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`);
  const style = vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.css`);
  const assets: PageAssets = {};
  if (await exists(script)) assets.script = script;
  if (await exists(style)) assets.style = style;
  return assets;
}

/** Webviews may load the extension's `dist/` and `media/` folders, nothing else. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}
