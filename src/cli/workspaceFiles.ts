/**
 * The Node side of `DataFileReader`: data files are named relative to the spec and must stay
 * inside the workspace folder, also after following symbolic links, so that a spec from
 * somewhere else cannot make the lab read arbitrary files.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
  checkDataFileSize,
  DataFileError,
  type DataFileReader,
  type DataFolderEntry,
} from '../tasks/dataFileReader';

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function failure(file: string, error: unknown): DataFileError {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new DataFileError('missing', file);
  if (code === 'EISDIR') return new DataFileError('not-a-file', file);
  return new DataFileError(
    'unreadable',
    file,
    code ?? (error instanceof Error ? error.message : undefined),
  );
}

export function createWorkspaceReader(specPath: string, workspaceRoot: string): DataFileReader {
  const specFolder = path.dirname(path.resolve(specPath));
  const root = path.resolve(workspaceRoot);
  /** The real path of `relativePath`, refused when it (or a link on the way) leaves the root. */
  async function inside(relativePath: string): Promise<string> {
    const target = path.resolve(specFolder, relativePath);
    // The lexical check first: a path outside is refused even when nothing is there.
    if (!isInside(root, target)) throw new DataFileError('outside-workspace', relativePath);
    let realTarget: string;
    let realRoot: string;
    try {
      realRoot = await realpath(root);
      realTarget = await realpath(target);
    } catch (error) {
      throw failure(relativePath, error);
    }
    if (!isInside(realRoot, realTarget)) {
      throw new DataFileError('outside-workspace', relativePath);
    }
    return realTarget;
  }
  async function readWhole(relativePath: string): Promise<Buffer> {
    const realTarget = await inside(relativePath);
    try {
      const info = await stat(realTarget);
      if (!info.isFile()) throw new DataFileError('not-a-file', relativePath);
      checkDataFileSize(relativePath, info.size);
      return await readFile(realTarget);
    } catch (error) {
      if (error instanceof DataFileError) throw error;
      throw failure(relativePath, error);
    }
  }
  return {
    async read(relativePath: string): Promise<string> {
      return (await readWhole(relativePath)).toString('utf8');
    },
    async readBytes(relativePath: string): Promise<Uint8Array> {
      return new Uint8Array(await readWhole(relativePath));
    },
    async list(relativePath: string): Promise<DataFolderEntry[]> {
      const realTarget = await inside(relativePath);
      try {
        const info = await stat(realTarget);
        if (!info.isDirectory()) throw new DataFileError('not-a-folder', relativePath);
        const entries = await readdir(realTarget, { withFileTypes: true });
        const listed: DataFolderEntry[] = [];
        for (const entry of entries) {
          // A link counts as what it points at; `read` refuses it later if it leaves the root.
          const kind = entry.isSymbolicLink()
            ? (await stat(path.join(realTarget, entry.name)).catch(() => undefined))?.isDirectory()
            : entry.isDirectory();
          listed.push({ name: entry.name, kind: kind ? 'folder' : 'file' });
        }
        return listed;
      } catch (error) {
        if (error instanceof DataFileError) throw error;
        throw failure(relativePath, error);
      }
    },
  };
}
