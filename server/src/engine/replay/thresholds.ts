import type { Target } from '../target';

/** The target with another threshold, in the unit it is compared in (a ratio for percentages). */
export function thresholdTarget(target: Target, value: number): Target {
  const literal = target.unit === '%' ? String(round(value * 100)) : String(round(value));
  return { ...target, value, literal };
}

/** A target as it would be written: `>= 0.88`, `>= 99.5%`, `<= 450ms`. */
export function targetText(target: Target): string {
  return `${target.comparator} ${target.literal}${target.unit ?? ''}`;
}

/** Thresholds `from..to` every `by` (inclusive, at most 1,000), in the target's compared unit. */
export function thresholdRange(from: number, to: number, by: number): number[] | { readonly error: string } {
  if (![from, to, by].every(Number.isFinite)) return { error: 'the range needs three finite numbers, FROM:TO:STEP.' };
  if (by <= 0) return { error: 'the range\'s step must be above zero.' };
  if (to < from) return { error: `the range runs from ${from} down to ${to}: write the lower bound first.` };
  const count = Math.floor((to - from) / by + 1e-9) + 1;
  if (count > 1000) return { error: `the range has ${count} thresholds; at most 1,000 are swept (use a larger step).` };
  return Array.from({ length: count }, (_, i) => round(from + i * by));
}

/** Thresholds as typed, `FROM:TO:STEP` (`0.85:0.95:0.01`), or why they cannot be swept. */
export function parseThresholds(text: string): number[] | { readonly error: string } {
  const parts = text.split(':').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 3) return { error: 'write FROM:TO:STEP with three numbers, like 0.85:0.95:0.01.' };
  return thresholdRange(parts[0]!, parts[1]!, parts[2]!);
}

/**
 * The default sweep: 21 thresholds around the SLO's own, 10% of it apart on each side in steps of 1% (of 0.1 for a
 * zero threshold), so the current one is in the middle. A ratio's sweep stays within 0..1.
 */
export function defaultThresholds(target: Target): number[] {
  const base = target.value;
  const by = base === 0 ? 0.1 : Math.abs(base) * 0.01;
  const ratio = target.unit === '%' || (base > 0 && base <= 1 && !target.unit);
  const all = Array.from({ length: 21 }, (_, i) => round(base + (i - 10) * by));
  return ratio ? all.filter((t) => t >= 0 && t <= 1) : all;
}

function round(n: number): number {
  return Number(n.toPrecision(12));
}
