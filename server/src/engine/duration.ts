/**
 * Windows: a duration made of `<n><unit>` parts, units w d h m s, largest first, each at most once
 * (`7d`, `24h`, `1h30m`), or `rolling` (since the start, never resets). `m` is minutes; there is no month.
 */
export type Window = { readonly kind: 'rolling' } | { readonly kind: 'duration'; readonly seconds: number; readonly text: string };

export type WindowParse =
  | { readonly ok: true; readonly window: Window }
  | { readonly ok: false; readonly message: string; readonly suggestion?: string };

const UNIT_SECONDS = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNIT_SECONDS;
const UNIT_ORDER: readonly Unit[] = ['w', 'd', 'h', 'm', 's'];

export const VALID_WINDOW_FORMS = '"30m", "24h", "7d", "4w", "1h30m" or "rolling"';
export const COMMON_WINDOWS = ['5m', '1h', '24h', '7d', '28d', 'rolling'] as const;

const PART = /(\d+)([wdhms])/g;

export function parseWindow(raw: string): WindowParse {
  const text = raw.trim();
  if (text === 'rolling') return { ok: true, window: { kind: 'rolling' } };
  if (/^(\d+[wdhms])+$/.test(text)) {
    let seconds = 0;
    let lastUnit = -1;
    for (const [, n, unit] of text.matchAll(PART)) {
      const order = UNIT_ORDER.indexOf(unit as Unit);
      if (order <= lastUnit) {
        return { ok: false, message: `Window "${text}" repeats a unit or lists them out of order; write the largest unit first, each once, like "1h30m".` };
      }
      lastUnit = order;
      seconds += Number(n) * UNIT_SECONDS[unit as Unit];
    }
    if (seconds === 0) return { ok: false, message: `Window "${text}" is empty: a window must be longer than zero.` };
    return { ok: true, window: { kind: 'duration', seconds, text } };
  }
  const diagnosis = diagnose(text);
  const respelled = diagnosis.suggestion === undefined ? undefined : parseWindow(diagnosis.suggestion);
  // A respelling that is itself no window (`0 days`, `30m 1h`) is not offered: say what is wrong with it instead.
  if (respelled && !respelled.ok) return { ok: false, message: `Window "${text}" is not a valid window: ${respelled.message}` };
  return { ok: false, ...diagnosis };
}

/** A length of time named `name` (`--step 1m`, `last: 7d`) in the window grammar: `rolling` has no length. */
export function parseLength(name: string, text: string): { readonly ms: number } | { readonly error: string } {
  const parsed = parseWindow(text);
  if (!parsed.ok) return { error: `${name} ${text}: ${parsed.message}` };
  if (parsed.window.kind === 'rolling') return { error: `${name} needs a length, like 5m or 7d; "rolling" has none.` };
  return { ms: parsed.window.seconds * 1000 };
}

// Month (`M`) is matched before these, so a lone upper-case unit letter here is never a month.
const WORD_UNITS: ReadonlyArray<readonly [RegExp, Unit]> = [
  [/^(?:weeks?|wks?|w)$/i, 'w'],
  [/^(?:days?|d)$/i, 'd'],
  [/^(?:hours?|hrs?|h)$/i, 'h'],
  [/^(?:minutes?|mins?)$/i, 'm'],
  [/^(?:seconds?|secs?|s)$/i, 's'],
];

function diagnose(text: string): { message: string; suggestion?: string } {
  if (text === '') return { message: `Window is empty. Write a duration or "rolling": ${VALID_WINDOW_FORMS}.` };
  if (/^rolling$/i.test(text) || /^since[ _-]?start$/i.test(text)) {
    return { message: `Window "${text}" is written "rolling".`, suggestion: 'rolling' };
  }
  const month = /^(\d+)\s*(?:[Mm]onths?|[Mm]o|[Mm]th|M)$/.exec(text);
  if (month) {
    const days = `${Number(month[1]) * 30}d`;
    return { message: `A month is not a unit here (months differ in length). Say the days, like "${days}".`, suggestion: days };
  }
  const year = /^(\d+)\s*(?:years?|y|yr)$/i.exec(text);
  if (year) {
    const days = `${Number(year[1]) * 365}d`;
    return { message: `A year is not a unit here. Say the days, like "${days}".`, suggestion: days };
  }
  const words = /^(\d+)\s*([A-Za-z]+)$/.exec(text);
  if (words) {
    const unit = WORD_UNITS.find(([re]) => re.test(words[2]))?.[1];
    if (unit) {
      const suggestion = `${Number(words[1])}${unit}`;
      return { message: `Window "${text}" is written "${suggestion}".`, suggestion };
    }
  }
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (iso && text !== 'P' && text !== 'PT') {
    const suggestion = UNIT_ORDER.map((u, i) => (iso[i + 1] && Number(iso[i + 1]) > 0 ? `${Number(iso[i + 1])}${u}` : '')).join('');
    if (suggestion) return { message: `Window "${text}" is an ISO 8601 duration; here it is written "${suggestion}".`, suggestion };
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    return { message: `Window "${text}" has no unit. Add one: ${VALID_WINDOW_FORMS}.` };
  }
  const spaced = text.replace(/\s+/g, '');
  if (spaced !== text && /^(\d+[wdhms])+$/.test(spaced)) {
    return { message: `Window "${text}" is written without spaces: "${spaced}".`, suggestion: spaced };
  }
  return { message: `Window "${text}" is not a valid window. Write ${VALID_WINDOW_FORMS}.` };
}

const UNIT_NAMES: Record<Unit, string> = { w: 'week', d: 'day', h: 'hour', m: 'minute', s: 'second' };

/** "7-day", "24-hour", "1h30m" — how a window reads in a sentence ("the 7-day value"). */
export function windowAdjective(w: Window): string {
  if (w.kind === 'rolling') return 'rolling (since-start)';
  const single = /^(\d+)([wdhms])$/.exec(w.text);
  return single ? `${single[1]}-${UNIT_NAMES[single[2] as Unit]}` : w.text;
}

export function windowDescription(w: Window): string {
  if (w.kind === 'rolling') return 'rolling: accumulates since the start and never resets';
  return `${w.text} = ${w.seconds.toLocaleString('en-US')} seconds`;
}
