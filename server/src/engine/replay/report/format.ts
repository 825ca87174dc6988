/** Words for the numbers every replay report shows. */

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
] as const;

/** `2d 3h 10m`, `45s`, `0s`; to the nearest second, or in ms below one. */
export function durationText(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) parts.push(`${n}${unit}`);
  }
  return parts.join(' ') || '0s';
}

/** `12.5%` of the period; `<0.1%` rather than a misleading 0; nothing when the period has no length. */
export function shareText(ms: number, period: number): string | undefined {
  if (!(period > 0)) return undefined;
  const share = (ms / period) * 100;
  if (share > 0 && share < 0.1) return '<0.1%';
  return `${Number(share.toFixed(1))}%`;
}

/** `2d 3h (30.2%)`. */
export function durationWithShare(ms: number, period: number): string {
  const share = shareText(ms, period);
  return share ? `${durationText(ms)} (${share})` : durationText(ms);
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
