import { isMap, isScalar, type Node } from 'yaml';
import { CompletionItemKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import { modelSlos, sortedFiles, type ModelSlo } from '../dry-run/evaluate';
import { parseMetricKey } from '../dry-run/metric-key';
import { REQUIREMENTS, gateViews, scenarioViews, type GateView } from '../dry-run/views';
import { LADDER } from '../ladder';
import type { PolicyFile } from '../policy/parse';
import { actionNames, resolveAction } from '../policy/semantics';
import { completionSpot, type CompletionSpot } from './completion-spot';

/**
 * Completion for gates and scenarios: names the model defines elsewhere (its SLOs, gates, actions, and the metric
 * keys its SLOs read), in block and flow collections alike. `model` is every policy file of the file's model, so a
 * gate in one file can list an SLO of another. Undefined where the cursor is on none of these.
 */
export function dryRunCompletion(file: PolicyFile, position: Position, spot: CompletionSpot | undefined, model: readonly PolicyFile[]): CompletionItem[] | undefined {
  const at = flowAt(file, position) ?? blockAt(position, spot, lineBefore(file, position));
  if (!at) return undefined;
  const offset = file.document.offsetAt(position);
  const place = `${at.form}:${at.path.filter((s) => typeof s === 'string').join('.')}`;
  const items = ((): CompletionItem[] | undefined => {
    switch (place) {
      case 'list:gates.slos': return sloNameItems(model, written(at, () => listed(itemAt(gateViews(file), offset), 'slos')));
      case 'scalar:gates.slos': return [{ label: 'all', kind: CompletionItemKind.EnumMember, detail: 'every SLO of the model' }];
      case 'list:gates.require': {
        const present = written(at, () => listed(itemAt(gateViews(file), offset), 'require'));
        return REQUIREMENTS.filter((r) => !present.has(r)).map((r) => ({ label: r, kind: CompletionItemKind.EnumMember }));
      }
      case 'scalar:scenarios.expect': return decisionItems(file, model);
      case 'scalar:scenarios.gate': return gateNames(model).map((name) => ({ label: name, kind: CompletionItemKind.Reference }));
      case 'map:scenarios.metrics': {
        const scenario = itemAt(scenarioViews(file), offset);
        return metricKeyItems(readable(model, scenario?.gate?.name), written(at, () => mapKeys(scenario?.metrics?.value)), at.flow);
      }
      case 'map:metrics': return metricKeyItems(modelSlos(model), written(at, () => mapKeys(file.root?.fields.get('metrics')?.value)), at.flow);
      default: return undefined;
    }
  })();
  return items?.map((item) => ({ ...item, textEdit: { range: at.typed, newText: item.insertText ?? item.label } }));
}

/** Where the cursor is among a gate's or a scenario's values. */
interface DryRunSpot {
  readonly path: readonly (string | number)[];
  /** A list item, a map key, or a scalar value. */
  readonly form: 'list' | 'map' | 'scalar';
  readonly flow: boolean;
  readonly typed: Range;
  readonly typedText: string;
  /** Entries the line or the lines around show already, canonical for metric keys. */
  readonly shown: ReadonlySet<string>;
}

/** What a collection holds already: a flow one, what its line shows; a block one, also what the file parsed to. */
function written(at: DryRunSpot, parsed: () => readonly string[]): ReadonlySet<string> {
  if (at.flow) return at.shown;
  // The entry being typed parses too: it is not "already written".
  return new Set([...at.shown, ...parsed()].filter((entry) => at.typedText === '' || entry !== at.typedText));
}

/** In a flow collection on the key's own line: `slos: [a, b‸` or `metrics: { a: 0.9, b‸`. */
function flowAt(file: PolicyFile, position: Position): DryRunSpot | undefined {
  const m = /^(\s*(?:-\s+)?[A-Za-z_][\w/-]*\s*:\s+)([[{])([^#]*)$/.exec(lineBefore(file, position));
  if (!m) return undefined;
  const [, head, opener, inside] = m;
  // The key's path, as completion sees it just after the opener.
  const spot = completionSpot(file.document, { line: position.line, character: head.length + 1 });
  if (spot?.on !== 'value') return undefined;
  const entries = outsideQuotes(inside, ',');
  const current = entries.pop()!;
  // Past the closing bracket, or on a value rather than a key.
  if (outsideQuotes(current, opener === '[' ? ']' : '}').length > 1 || (opener === '{' && outsideQuotes(current, ':').length > 1)) return undefined;
  const names = entries.map((e) => unquoted(opener === '{' ? outsideQuotes(e, ':')[0] : e));
  const typedText = /\S*$/.exec(current)![0];
  return {
    path: spot.path,
    form: opener === '[' ? 'list' : 'map',
    flow: true,
    typed: typedRange(position, typedText),
    typedText,
    shown: new Set(opener === '{' ? names.flatMap(canonical) : names),
  };
}

/** A scalar value (`expect: ‸`), a block list item (`- ‸`) or a key of a block map. */
function blockAt(position: Position, spot: CompletionSpot | undefined, line: string): DryRunSpot | undefined {
  if (!spot) return undefined;
  if (spot.on === 'value') return { path: spot.path, form: 'scalar', flow: false, typed: spot.typed, typedText: '', shown: new Set() };
  const typedText = /[A-Za-z_][\w/-]*$/.exec(line)?.[0] ?? '';
  return {
    path: spot.path,
    form: typeof spot.path[spot.path.length - 1] === 'number' ? 'list' : 'map',
    flow: false,
    typed: typedRange(position, typedText),
    typedText,
    shown: new Set([...spot.present].flatMap(canonical)),
  };
}

function sloNameItems(model: readonly PolicyFile[], written: ReadonlySet<string>): CompletionItem[] {
  const seen = new Set(written);
  return modelSlos(model).flatMap((s): CompletionItem[] => {
    if (seen.has(s.name)) return [];
    seen.add(s.name);
    return [{ label: s.name, kind: CompletionItemKind.Reference, detail: sloDetail(s) }];
  });
}

/** `pass`, `block`, then every action by its rank on the ladder, custom actions beside the built-in they rank with. */
function decisionItems(file: PolicyFile, model: readonly PolicyFile[]): CompletionItem[] {
  const custom = [...new Set(sortedFiles(model).flatMap(actionNames))].filter((name) => !(LADDER as readonly string[]).includes(name));
  const actions = [...LADDER, ...custom].map((name): CompletionItem => {
    const resolved = [file, ...model].map((f) => resolveAction(f, name)).find((r) => r !== undefined);
    return {
      label: name,
      kind: CompletionItemKind.EnumMember,
      detail: resolved ? `${resolved.custom ? `custom, ranks with ${resolved.ladder}; ` : ''}${resolved.rank + 1} of ${LADDER.length} on the ladder` : 'custom action',
      sortText: `1${String(resolved?.rank ?? 9).padStart(2, '0')}`,
    };
  });
  return [
    { label: 'pass', kind: CompletionItemKind.EnumMember, detail: 'no SLO breached', sortText: '00' },
    { label: 'block', kind: CompletionItemKind.EnumMember, detail: 'missing data or an unmet requirement', sortText: '01' },
    ...actions,
  ];
}

function gateNames(model: readonly PolicyFile[]): string[] {
  return [...new Set(sortedFiles(model).flatMap(gateViews).flatMap((g) => (g.name ? [g.name.name] : [])))];
}

/** One item per key an SLO reads (a scoped SLO reads its scoped key), with the SLOs that read it. */
function metricKeyItems(slos: readonly ModelSlo[], written: ReadonlySet<string>, flow: boolean): CompletionItem[] {
  const readers = new Map<string, ModelSlo[]>();
  for (const s of slos) if (!written.has(s.key)) readers.set(s.key, [...(readers.get(s.key) ?? []), s]);
  return [...readers].map(([key, by], i) => ({
    label: key,
    kind: CompletionItemKind.Field,
    detail: `read by ${by.map((s) => `${s.name} (${sloDetail(s)})`).join('; ')}`,
    // A plain scalar cannot hold `{` inside a flow map; single quotes keep the `"` of a scope as they are.
    insertText: `${flow && /[{}",]/.test(key) ? `'${key.replace(/'/g, "''")}'` : key}: `,
    sortText: String(i).padStart(4, '0'),
  }));
}

/** The SLOs a scenario can read: those its gate lists, else every SLO of the model. */
function readable(model: readonly PolicyFile[], gateName: string | undefined): ModelSlo[] {
  const all = modelSlos(model);
  const gate = gateName === undefined ? undefined : model.flatMap(gateViews).find((g) => g.name?.name === gateName);
  const names = listed(gate, 'slos');
  return gate?.slos.kind === 'list' ? all.filter((s) => names.includes(s.name)) : all;
}

function listed(gate: GateView | undefined, field: 'slos' | 'require'): string[] {
  if (!gate) return [];
  if (field === 'require') return gate.require.map((r) => r.name);
  return gate.slos.kind === 'list' ? gate.slos.names.map((n) => n.name) : [];
}

/** The item the cursor is in: the last one starting before it (a line being typed may lie past its parsed end). */
function itemAt<T extends { readonly node: Node }>(items: readonly T[], offset: number): T | undefined {
  return items.filter((item) => (item.node.range?.[0] ?? Infinity) <= offset).pop();
}

function mapKeys(node: Node | null | undefined): string[] {
  return isMap(node) ? node.items.flatMap((pair) => (isScalar(pair.key) ? canonical(String(pair.key.value)) : [])) : [];
}

/** Splits on `separator` where it is outside quotes (a scoped key holds commas and braces). */
function outsideQuotes(text: string, separator: string): string[] {
  const parts = [''];
  let quote: string | undefined;
  for (const ch of text) {
    if (quote ? ch === quote : ch === '"' || ch === "'") quote = quote ? undefined : ch;
    if (ch === separator && !quote) parts.push('');
    else parts[parts.length - 1] += ch;
  }
  return parts;
}

function lineBefore(file: PolicyFile, position: Position): string {
  return file.document.getText({ start: { line: position.line, character: 0 }, end: position });
}

function typedRange(position: Position, typed: string): Range {
  return { start: { line: position.line, character: position.character - typed.length }, end: position };
}

function canonical(text: string): string[] {
  const parsed = parseMetricKey(text);
  return parsed.ok ? [parsed.key] : [];
}

function unquoted(text: string): string {
  return text.trim().replace(/^(["'])(.*)\1$/, '$2');
}

function sloDetail(s: ModelSlo): string {
  return `${s.target.raw.trim() || '?'} → ${s.action?.name ?? '?'}`;
}
