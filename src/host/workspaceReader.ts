/**
 * The extension host's `DataFileReader`: data files are named relative to the spec, read through
 * `vscode.workspace.fs` (so remote and virtual workspaces work) and refused when they lie outside
 * the spec's workspace folder, also through a symbolic link, so a spec cannot make the lab read
 * arbitrary files.
 */
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  checkDataFileSize,
  DataFileError,
  type DataFileReader,
  type DataFolderEntry,
} from '../tasks';

/** Whether `target` is `root` or below it (POSIX paths, as URIs have them). */
export function isInsideFolder(root: string, target: string, paths = path.posix): boolean {
  const relative = paths.relative(root, target);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith('..' + paths.sep) && !paths.isAbsolute(relative))
  );
}

function fsFailure(file: string, error: unknown): DataFileError {
  if (error instanceof vscode.FileSystemError) {
    if (error.code === 'FileNotFound' || error.code === 'FileNotADirectory') {
      return new DataFileError('missing', file);
    }
    if (error.code === 'FileIsADirectory') return new DataFileError('not-a-file', file);
    return new DataFileError('unreadable', file, error.code);
  }
  return new DataFileError('unreadable', file, error instanceof Error ? error.message : undefined);
}

/**
 * A reader for the data files of `specUri`. Undefined when the spec is not inside a workspace
 * folder: then nothing beside it may be read.
 */
export function createWorkspaceDataReader(specUri: vscode.Uri): DataFileReader | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(specUri);
  if (!folder) return undefined;
  const root = folder.uri;
  const specDir = path.posix.dirname(specUri.path);
  /** The URI of `relativePath` and what it is; refused when it (or a link) leaves the folder. */
  async function inside(
    relativePath: string,
  ): Promise<{ target: vscode.Uri; info: vscode.FileStat }> {
    if (path.posix.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath)) {
      throw new DataFileError('outside-workspace', relativePath);
    }
    const target = root.with({
      path: path.posix.normalize(path.posix.join(specDir, relativePath.replace(/\\/g, '/'))),
    });
    if (!isInsideFolder(root.path, target.path)) {
      throw new DataFileError('outside-workspace', relativePath);
    }
    let info: vscode.FileStat;
    try {
      info = await vscode.workspace.fs.stat(target);
    } catch (error) {
      throw fsFailure(relativePath, error);
    }
    // A link inside the folder may point outside it: on disk, compare the real paths.
    if (target.scheme === 'file') {
      try {
        const [realRoot, realTarget] = await Promise.all([
          realpath(root.fsPath),
          realpath(target.fsPath),
        ]);
        if (!isInsideFolder(realRoot, realTarget, path)) {
          throw new DataFileError('outside-workspace', relativePath);
        }
      } catch (error) {
        if (error instanceof DataFileError) throw error;
        throw new DataFileError('unreadable', relativePath, (error as Error).message);
      }
    }
    return { target, info };
  }
  async function readWhole(relativePath: string): Promise<Uint8Array> {
    const { target, info } = await inside(relativePath);
    if ((info.type & vscode.FileType.File) === 0) {
      throw new DataFileError('not-a-file', relativePath);
    }
    checkDataFileSize(relativePath, info.size);
    try {
      return await vscode.workspace.fs.readFile(target);
    } catch (error) {
      throw fsFailure(relativePath, error);
    }
  }
  return {
    async read(relativePath: string): Promise<string> {
      return new TextDecoder().decode(await readWhole(relativePath));
    },
    readBytes: readWhole,
    async list(relativePath: string): Promise<DataFolderEntry[]> {
      const { target, info } = await inside(relativePath);
      if ((info.type & vscode.FileType.Directory) === 0) {
        throw new DataFileError('not-a-folder', relativePath);
      }
      try {
        const entries = await vscode.workspace.fs.readDirectory(target);
        return entries.map(([name, type]) => ({
          name,
          kind: (type & vscode.FileType.Directory) !== 0 ? 'folder' : 'file',
        }));
      } catch (error) {
        throw fsFailure(relativePath, error);
      }
    },
  };
}
