/**
 * Writes an exported project (`src/export/pytorch`) into a folder that is new or empty: a folder
 * with anything in it is refused before a single file is written, so nothing is ever overwritten.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ExportFile } from '../export/pytorch/exportProject';

/** Refused: the folder holds files already, or is not a folder. Nothing was written. */
export class ExportFolderError extends Error {
  override readonly name = 'ExportFolderError';
}

/** The folder's entries, or undefined when it does not exist. */
async function entries(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new ExportFolderError('it is a file, not a folder');
    throw new ExportFolderError(`it cannot be read (${code ?? 'unknown error'})`);
  }
}

/** Throws `ExportFolderError` unless `dir` is missing or empty. */
export async function checkExportFolder(dir: string): Promise<void> {
  const found = await entries(dir);
  if (found && found.length > 0) {
    const shown = found.slice(0, 3).join(', ') + (found.length > 3 ? ', …' : '');
    throw new ExportFolderError(
      `it is not empty (${found.length} entr${found.length === 1 ? 'y' : 'ies'}: ${shown}); ` +
        'export into a new or empty folder',
    );
  }
}

/** Writes every file under `dir` (created when missing); returns the names written. */
export async function writeExportFolder(
  dir: string,
  files: readonly ExportFile[],
): Promise<string[]> {
  await checkExportFolder(dir);
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const target = path.join(dir, ...file.name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text, { flag: 'wx' });
  }
  return files.map((f) => f.name);
}
