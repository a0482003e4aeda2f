/**
 * Where each line of a text starts, by VS Code's rules: `\n`, `\r\n` and a lone `\r` each end a
 * line. The one line count of the product: the CLI's `FILE:LINE:COL`, the editor's Problems
 * panel and the CodeLenses all place a spec's text with it, so they agree on every file.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // the \n that follows ends it
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  /** 0-based line and UTF-16 character of an offset (clamped to the text), as VS Code counts. */
  editorPosition(offset: number): { line: number; character: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: at - (this.starts[low] ?? 0) };
  }

  /** 1-based line and column of an offset, as compilers print them. */
  position(offset: number): { line: number; column: number } {
    const { line, character } = this.editorPosition(offset);
    return { line: line + 1, column: character + 1 };
  }

  /** The offset of a 0-based line and character (clamped to the text). */
  offset(line: number, character: number): number {
    const start = this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
    return Math.min(this.text.length, start + Math.max(0, character));
  }
}
