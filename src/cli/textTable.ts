/** A plain-text table for the terminal: columns padded to their widest cell. */

/**
 * `header` and `rows` as aligned lines: the first `leftColumns` columns and the last one are
 * left-aligned (names, a status), the others right-aligned (numbers).
 */
export function textTable(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const width = widths[i] ?? 0;
        return i < leftColumns || i === cells.length - 1 ? c.padEnd(width) : c.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
