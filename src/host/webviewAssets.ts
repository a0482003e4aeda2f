/** The built pages of the webviews and the resource roots they may load from. */
import * as vscode from 'vscode';
import type { ViewKind } from '../protocol/messages';

export interface PageAssets {
  script: vscode.Uri;
  style: vscode.Uri;
}

/** `dist/webview/<view>.js` and `.css`, which `npm run build` writes and the package ships. */
export function pageAssets(extensionUri: vscode.Uri, view: ViewKind): PageAssets {
  return {
    script: vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`),
    style: vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.css`),
  };
}

/** Webviews may load the extension's `dist/` and `media/` folders, nothing else. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}
