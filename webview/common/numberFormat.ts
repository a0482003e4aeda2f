/** Numbers as both pages show them: a true minus sign, exponents for the very small and large. */

export function formatNumber(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return value.toExponential(2).replace('-', '−');
  return value.toLocaleString('en-US', { maximumFractionDigits: digits }).replace('-', '−');
}

export function formatPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)} %`;
}
