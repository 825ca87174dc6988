import { directionOf } from './metric-kind';

/**
 * The target grammar, strict and small: `comparator number [unit]`.
 *   comparator := ">=" | ">" | "<=" | "<" | "==" | "!="
 *   number     := "-"? digits ("." digits)? | "-"? "." digits
 *   unit       := "%" | "ms" | "s" | "m" | "h" | "d"
 * Nothing is ever evaluated; anything else is a syntax error with, where it is unambiguous, a suggestion.
 */
export const COMPARATORS = ['>=', '>', '<=', '<', '==', '!='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const TARGET_UNITS = ['%', 'ms', 's', 'm', 'h', 'd'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

export interface Target {
  readonly comparator: Comparator;
  /** The number as written (before any percentage scaling). */
  readonly literal: string;
  /** The threshold the metric is compared with: percentages are scaled to ratios (`99.5%` -> 0.995). */
  readonly value: number;
  readonly unit?: TargetUnit;
}

export type TargetParse =
  | { readonly ok: true; readonly target: Target }
  | { readonly ok: false; readonly message: string; readonly suggestion?: string };

const GRAMMAR = /^(>=|<=|==|!=|>|<)\s*(-?(?:\d+(?:\.\d+)?|\.\d+))\s*(%|ms|s|m|h|d)?$/;
const NUMBER_AND_UNIT = /^(-?(?:\d+(?:\.\d+)?|\.\d+))\s*(%|ms|s|m|h|d)?$/;

export const VALID_TARGET_FORMS = '">= 0.90", "<= 0.05", "== 0", ">= 99.5%", "<= 500ms"';

export function parseTarget(raw: string): TargetParse {
  const text = raw.trim();
  const m = GRAMMAR.exec(text);
  if (m) {
    const unit = m[3] as TargetUnit | undefined;
    const n = Number(m[2]);
    return {
      ok: true,
      target: { comparator: m[1] as Comparator, literal: m[2], value: unit === '%' ? scalePercent(n) : n, ...(unit ? { unit } : {}) },
    };
  }
  return { ok: false, ...diagnose(text) };
}

function scalePercent(n: number): number {
  return Number((n / 100).toPrecision(12));
}

/** Comparators people write by habit, mapped to ours. Order matters: longer spellings first. */
const COMPARATOR_TYPOS: ReadonlyArray<readonly [RegExp, Comparator]> = [
  [/^=>/, '>='],
  [/^=</, '<='],
  [/^≥/, '>='],
  [/^≤/, '<='],
  [/^≠/, '!='],
  [/^<>/, '!='],
  [/^=(?!=)/, '=='],
  [/^===/, '=='],
  [/^(?:gte|ge|at least|min(?:imum)?)\b/i, '>='],
  [/^(?:lte|le|at most|max(?:imum)?)\b/i, '<='],
  [/^(?:gt|above|more than|greater than)\b/i, '>'],
  [/^(?:lt|below|less than|under)\b/i, '<'],
  [/^(?:eq|equals?|exactly)\b/i, '=='],
  [/^(?:ne|neq|not)\b/i, '!='],
];

function diagnose(text: string): { message: string; suggestion?: string } {
  if (text === '') return { message: `Target is empty. Write a comparator then a number, like ${VALID_TARGET_FORMS}.` };
  const commaDecimal = text.replace(/(\d),(\d)/, '$1.$2');
  if (commaDecimal !== text && /(?<!\d)[1-9]\d{0,2},\d{3}(?!\d)/.test(text)) {
    // `1,000` is as likely a thousands separator as a decimal comma: say so rather than guess.
    return { message: `Target "${text}" has a comma in its number: a decimal comma or a thousands separator? Write the number with a decimal point and no separators, like ${VALID_TARGET_FORMS}.` };
  }
  if (commaDecimal !== text && GRAMMAR.test(commaDecimal)) {
    return { message: `Target "${text}" uses a decimal comma. Did you mean "${commaDecimal}"?`, suggestion: commaDecimal };
  }
  for (const [pattern, comparator] of COMPARATOR_TYPOS) {
    const rest = text.replace(pattern, '').trim();
    if (rest !== text && NUMBER_AND_UNIT.test(rest)) {
      const suggestion = `${comparator} ${rest}`;
      return { message: `Target "${text}" has no valid comparator. Did you mean "${suggestion}"?`, suggestion };
    }
  }
  const unitMatch = /^(>=|<=|==|!=|>|<)\s*(-?(?:\d+(?:\.\d+)?|\.\d+))\s*(\S+)$/.exec(text);
  if (unitMatch) {
    return { message: `Target "${text}" has an unknown unit "${unitMatch[3]}". Units are ${TARGET_UNITS.join(', ')}; or write a plain number.` };
  }
  if (NUMBER_AND_UNIT.test(text)) {
    return { message: `Target "${text}" has no comparator: say whether the value must stay above or below it, like ">= ${text}" or "<= ${text}".` };
  }
  return { message: `Target "${text}" is not a valid target. Write a comparator then a number, like ${VALID_TARGET_FORMS}.` };
}

/** A comparator-less threshold (`0.9`, `90%`) completed with the direction the metric name implies. */
export function completeBareThreshold(text: string, metric: string): string | undefined {
  const m = NUMBER_AND_UNIT.exec(text.trim());
  const direction = directionOf(metric);
  if (!m || !direction) return undefined;
  return `${direction === 'higher-is-better' ? '>=' : '<='} ${m[1]}${m[2] ?? ''}`;
}

/** Formats a ratio the way targets are conventionally written: at least two decimals (`0.9` -> `0.90`). */
export function formatThreshold(n: number): string {
  const s = plainDecimal(n);
  if (Number.isInteger(n)) return s;
  const decimals = s.split('.')[1]?.length ?? 0;
  return decimals < 2 ? n.toFixed(2) : s;
}

/** `String(n)` without exponent notation (`1e-7` -> `0.0000001`), which the target grammar does not accept. */
function plainDecimal(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', exp] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The canonical spelling of a target: `">= 0.90"`; percentages become ratios; other units stay. */
export function canonicalTarget(t: Target): string {
  if (t.unit === '%') return `${t.comparator} ${formatThreshold(t.value)}`;
  if (t.unit) return `${t.comparator} ${t.literal}${t.unit}`;
  return `${t.comparator} ${formatThreshold(t.value)}`;
}

const COMPARATOR_WORDS: Record<Comparator, { holds: string; breach: string }> = {
  '>=': { holds: 'at least', breach: 'falls below' },
  '>': { holds: 'above', breach: 'falls to or below' },
  '<=': { holds: 'at most', breach: 'rises above' },
  '<': { holds: 'below', breach: 'rises to or above' },
  '==': { holds: 'exactly', breach: 'is anything other than' },
  '!=': { holds: 'anything but', breach: 'equals' },
};

export function breachPhrase(t: Target): string {
  return `${COMPARATOR_WORDS[t.comparator].breach} ${thresholdText(t)}`;
}

export function holdsPhrase(t: Target): string {
  return `${COMPARATOR_WORDS[t.comparator].holds} ${thresholdText(t)}`;
}

function thresholdText(t: Target): string {
  if (t.unit === '%') return `${t.literal}% (${formatThreshold(t.value)})`;
  return t.unit ? `${t.literal}${t.unit}` : formatThreshold(t.value);
}

/** The comparator that says a value fails a target. */
export const NEGATED: Readonly<Record<Comparator, Comparator>> = { '>=': '<', '>': '<=', '<=': '>', '<': '>=', '==': '!=', '!=': '==' };

/** Whether a value meets the target (percentages compared as ratios). */
export function satisfies(target: Target, value: number): boolean {
  switch (target.comparator) {
    case '>=': return value >= target.value;
    case '>': return value > target.value;
    case '<=': return value <= target.value;
    case '<': return value < target.value;
    case '==': return value === target.value;
    case '!=': return value !== target.value;
  }
}

/** The threshold as a comparison shows it: percentages as the ratio the value is compared with. */
export function comparedThreshold(t: Target): string {
  return t.unit === '%' ? String(t.value) : `${t.literal}${t.unit ?? ''}`;
}
