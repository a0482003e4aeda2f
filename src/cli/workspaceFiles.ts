/**
 * The Node side of `DataFileReader`: data files are named relative to the spec and must stay
 * inside the workspace folder, also after following symbolic links, so that a spec from
 * somewhere else cannot make the lab read arbitrary files.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { checkDataFileSize, DataFileError, type DataFileReader } from '../tasks/loadTaskData';

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
  return {
    async read(relativePath: string): Promise<string> {
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
      try {
        const info = await stat(realTarget);
        if (!info.isFile()) throw new DataFileError('not-a-file', relativePath);
        checkDataFileSize(relativePath, info.size);
        return await readFile(realTarget, 'utf8');
      } catch (error) {
        if (error instanceof DataFileError) throw error;
        throw failure(relativePath, error);
      }
    },
  };
}
