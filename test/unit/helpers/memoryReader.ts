/**
 * A `DataFileReader` over files held in memory (paths relative to the spec, `/`-separated):
 * folders are the prefixes of the paths. A missing path is `missing`, as on disk.
 */
import {
  DataFileError,
  type DataFileReader,
  type DataFolderEntry,
} from '../../../src/tasks/dataFileReader';

export function memoryReader(files: Record<string, string | Uint8Array> = {}): DataFileReader {
  const normal = (path: string) => path.replace(/^\.\//, '').replace(/\/+$/, '');
  const file = (path: string): string | Uint8Array => {
    const content = files[normal(path)];
    if (content !== undefined) return content;
    const prefix = `${normal(path)}/`;
    if (Object.keys(files).some((k) => k.startsWith(prefix)))
      throw new DataFileError('not-a-file', path);
    throw new DataFileError('missing', path);
  };
  return {
    read: async (path) => {
      const content = file(path);
      return typeof content === 'string' ? content : new TextDecoder().decode(content);
    },
    readBytes: async (path) => {
      const content = file(path);
      return typeof content === 'string' ? new TextEncoder().encode(content) : content;
    },
    list: async (path) => {
      const prefix = `${normal(path)}/`;
      if (files[normal(path)] !== undefined) throw new DataFileError('not-a-folder', path);
      const entries = new Map<string, DataFolderEntry>();
      for (const key of Object.keys(files)) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const [name, ...deeper] = rest.split('/');
        if (name) entries.set(name, { name, kind: deeper.length > 0 ? 'folder' : 'file' });
      }
      if (entries.size === 0) throw new DataFileError('missing', path);
      return [...entries.values()];
    },
  };
}

/** A reader every call of which rejects with `message`: for specs that must read nothing. */
export function rejectingReader(message: string): DataFileReader {
  const reject = () => Promise.reject(new Error(message));
  return { read: reject, readBytes: reject, list: reject };
}
