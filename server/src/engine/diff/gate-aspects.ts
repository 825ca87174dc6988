import { rangeOf } from '../policy/parse';
import type { GateView, NameRef, ScenarioView } from '../dry-run/views';
import { dataText } from './slo-reading';
import type { Aspect, Site } from './types';

/**
 * How a gate changed: what it reads, what it requires, and what it does without data. `renames` maps
 * renamed SLOs (old name to new): a gate that follows a rename still reads the same SLO.
 */
export function gateAspects(before: GateView, after: GateView, renames: ReadonlyMap<string, string>): Aspect[] {
  const aspects: Aspect[] = [];
  const at = (key: string): Site => site(after, key);
  if (before.onMissingData !== after.onMissingData) {
    aspects.push(
      after.onMissingData === 'ignore'
        ? { field: 'on_missing_data', class: 'loosened', before: 'block', after: 'ignore', reason: 'An SLO without data no longer blocks the gate: it is left out.', at: at('on_missing_data') }
        : { field: 'on_missing_data', class: 'tightened', before: 'ignore', after: 'block', reason: 'An SLO without data now blocks the gate.', at: at('on_missing_data') },
    );
  }
  const b = before.slos;
  const a = after.slos;
  if (b.kind === 'all' && a.kind === 'list') {
    aspects.push({ field: 'slos', class: 'loosened', before: 'all', after: names(a.names), reason: `The gate now reads only ${a.names.length} named SLO(s) instead of every SLO of the model.`, at: at('slos') });
  } else if (b.kind === 'list' && a.kind === 'all') {
    aspects.push({ field: 'slos', class: 'tightened', before: names(b.names), after: 'all', reason: 'The gate now reads every SLO of the model.', at: at('slos') });
  } else if (b.kind === 'list' && a.kind === 'list') {
    const listed = new Set(a.names.map((n) => n.name));
    const followed = new Map(b.names.flatMap((n) => {
      const to = renames.get(n.name);
      return to !== undefined && listed.has(to) ? [[n.name, to] as const] : [];
    }));
    for (const [from, to] of followed) aspects.push({ field: 'slos', class: 'neutral', before: from, after: to, reason: `${from} is renamed ${to}: the gate still reads it.`, at: at('slos') });
    const others = (list: readonly NameRef[], skip: Iterable<string>) => {
      const names = new Set(skip);
      return list.filter((n) => !names.has(n.name));
    };
    aspects.push(...listAspects('slos', others(b.names, followed.keys()), others(a.names, followed.values()), at('slos'), { gone: 'the gate no longer reads it', come: 'the gate now reads it' }));
  }
  aspects.push(...listAspects('require', before.require, after.require, at('require'), { gone: 'the gate no longer requires it', come: 'the gate now requires it' }));
  aspects.push(...neutralFields(before, after, ['name', 'slos', 'require', 'on_missing_data'], at));
  return aspects;
}

/** A scenario is a test of the policy: editing it decides nothing, so every edit is neutral. */
export function scenarioAspects(before: ScenarioView, after: ScenarioView): Aspect[] {
  return neutralFields(before, after, ['name'], (key) => site(after, key));
}

function listAspects(field: string, before: readonly { name: string }[], after: readonly { name: string }[], at: Site, words: { gone: string; come: string }): Aspect[] {
  const b = new Set(before.map((n) => n.name));
  const a = new Set(after.map((n) => n.name));
  return [
    ...[...b].filter((n) => !a.has(n)).map((n): Aspect => ({ field, class: 'loosened', before: n, after: '', reason: `${n}: ${words.gone}.`, at })),
    ...[...a].filter((n) => !b.has(n)).map((n): Aspect => ({ field, class: 'tightened', before: '', after: n, reason: `${n}: ${words.come}.`, at })),
  ];
}

function neutralFields(before: GateView | ScenarioView, after: GateView | ScenarioView, classified: readonly string[], at: (key: string) => Site): Aspect[] {
  const aspects: Aspect[] = [];
  for (const key of new Set([...before.fields.keys(), ...after.fields.keys()])) {
    if (classified.includes(key)) continue;
    const b = dataText(before.fields.get(key)?.value);
    const a = dataText(after.fields.get(key)?.value);
    if (a !== b) aspects.push({ field: key, class: 'neutral', before: b, after: a, reason: `"${key}" changed; decisions do not.`, at: at(key) });
  }
  return aspects;
}

function site(view: GateView | ScenarioView, key: string): Site {
  const field = view.fields.get(key);
  return { uri: view.file.document.uri, range: rangeOf(view.file.document, field?.value ?? view.name?.node ?? view.node, field?.key) };
}

function names(list: readonly { name: string }[]): string {
  return list.map((n) => n.name).join(', ');
}
