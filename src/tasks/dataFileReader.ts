/**
 * How task data reaches the tasks: a `DataFileReader` reads files and lists folders named
 * relative to the spec, so the same loading code runs in Node (the CLI, the extension host) and
 * in tests; nothing in `src/tasks` touches the file system. The readers (`cli/workspaceFiles.ts`,
 * `host/workspaceReader.ts`) keep every path inside the workspace.
 */

export type DataFileErrorReason =
  | 'missing'
  | 'unreadable'
  | 'outside-workspace'
  | 'not-a-file'
  | 'not-a-folder'
  | 'too-large'
  | 'folder-too-large';

/**
 * The largest data file read: a file is read whole into memory (and handed to the lab page), and
 * even a sixth of this is more text or examples than these models train on in reasonable time.
 * The files of a data folder (`series`, `audio`) share the same budget.
 */
export const MAX_DATA_FILE_BYTES = 16 * 1024 ** 2;

/** Files read from one data folder at most. */
export const MAX_DATA_FOLDER_FILES = 10_000;

/** Refuses a data file of `bytes` before reading it; readers call this with the file's size. */
export function checkDataFileSize(file: string, bytes: number): void {
  if (bytes > MAX_DATA_FILE_BYTES) throw new DataFileError('too-large', file, String(bytes));
}

/** Why a data file could not be read. Readers throw it; `loadTaskData` turns it into a problem. */
export class DataFileError extends Error {
  constructor(
    readonly reason: DataFileErrorReason,
    /** The path as the spec wrote it. */
    readonly file: string,
    /** What the system said, for `unreadable`; the size in bytes, for the `too-large` ones. */
    readonly detail?: string,
  ) {
    super(`${file}: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'DataFileError';
  }
}

export interface DataFolderEntry {
  name: string;
  kind: 'file' | 'folder';
}

/** Reads files and lists folders named relative to the spec; rejects with `DataFileError`. */
export interface DataFileReader {
  read(relativePath: string): Promise<string>;
  readBytes(relativePath: string): Promise<Uint8Array>;
  /** The entries of a folder (links followed only when they stay inside the workspace). */
  list(relativePath: string): Promise<DataFolderEntry[]>;
}

/** A path inside a data folder, with `/` whatever the platform. */
export function joinDataPath(folder: string, name: string): string {
  return `${folder.replace(/[\\/]+$/, '')}/${name}`;
}

export interface FolderFile {
  /** The path relative to the spec, as messages name it. */
  name: string;
  text?: string;
  bytes?: Uint8Array;
}

/**
 * The files of `folder` whose names `accept` takes, sorted by name (a stable order for a seeded
 * split), read as text or bytes, within the one budget of `MAX_DATA_FILE_BYTES` for them all.
 */
export async function readFolderFiles(
  reader: DataFileReader,
  folder: string,
  accept: (name: string) => boolean,
  as: 'text' | 'bytes',
): Promise<FolderFile[]> {
  const names = (await reader.list(folder))
    .filter((e) => e.kind === 'file' && accept(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length > MAX_DATA_FOLDER_FILES) {
    throw new DataFileError('folder-too-large', folder, `${names.length} files`);
  }
  const files: FolderFile[] = [];
  let total = 0;
  for (const name of names) {
    const path = joinDataPath(folder, name);
    if (as === 'text') {
      const text = await reader.read(path);
      total += text.length;
      files.push({ name: path, text });
    } else {
      const bytes = await reader.readBytes(path);
      total += bytes.byteLength;
      files.push({ name: path, bytes });
    }
    if (total > MAX_DATA_FILE_BYTES)
      throw new DataFileError('folder-too-large', folder, String(total));
  }
  return files;
}
