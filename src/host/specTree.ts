/**
 * The side bar's "Specs" view: every `*.rnnlab.json` of the workspace, a click opens it. When
 * there is none, VS Code shows the view's welcome content (`viewsWelcome`: a button to create
 * one); webview views cannot show welcome content, which is why this small tree exists.
 */
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { SPEC_GLOB } from './specDocuments';

export const SPECS_VIEW_ID = 'rnnLab.specs';
const EXCLUDE = '**/{node_modules,.git,.rnnlab}/**';
const MAX_SPECS = 500;

export class SpecTreeProvider extends Disposable implements vscode.TreeDataProvider<vscode.Uri> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor() {
    super();
    const refresh = () => this.changed.fire();
    const watcher = this._register(
      vscode.workspace.createFileSystemWatcher(SPEC_GLOB, false, true, false),
    );
    this._register(watcher.onDidCreate(refresh));
    this._register(watcher.onDidDelete(refresh));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(refresh));
  }

  getTreeItem(uri: vscode.Uri): vscode.TreeItem {
    const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
    // The folder relative to the workspace (asRelativePath of the folder itself would give the
    // workspace root's absolute path, cut off in a narrow side bar): nothing for a spec at the
    // root, `sub/dir` below it, `folder/sub` in a multi-root workspace.
    item.description = folderOf(vscode.workspace.asRelativePath(uri));
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    item.contextValue = 'rnnLab.spec';
    return item;
  }

  async getChildren(element?: vscode.Uri): Promise<vscode.Uri[]> {
    if (element) return [];
    const found = await vscode.workspace.findFiles(SPEC_GLOB, EXCLUDE, MAX_SPECS);
    return found.sort((a, b) => a.path.localeCompare(b.path));
  }
}

/** The folder part of a workspace-relative path (`/` separated), '' at the root. */
export function folderOf(relativePath: string): string {
  const cut = relativePath.replace(/\\/g, '/').lastIndexOf('/');
  return cut < 0 ? '' : relativePath.slice(0, cut);
}
