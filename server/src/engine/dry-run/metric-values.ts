import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { rangeOf } from '../policy/parse';
import { parseMetricKey } from './metric-key';

/** Where a value (or a problem with one) is: a snapshot file or the policy's own scenario. */
export interface Site {
  readonly uri: string;
  readonly range: Range;
}

/** A usable value: a finite number. `null` is an explicit "no data" (an evaluation that could not compute it). */
export type MetricValue =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly site: Site }
  | { readonly kind: 'null'; readonly site: Site };

export interface MetricProblem {
  readonly message: string;
  readonly site: Site;
}

/**
 * Metric values by canonical key (metric-key.ts), from a snapshot file or an inline map. A value that cannot be
 * used (NaN, an infinity, a string, a map) is kept under `invalid` so the SLO reading it is an error, never "no data"
 * and never a pass. `problems` lists every problem, located, including those that concern no key (broken YAML).
 */
export interface MetricMap<V> {
  /** Where they come from, for messages: a path, or `scenario launch_week`. */
  readonly label: string;
  readonly values: ReadonlyMap<string, V>;
  readonly invalid: ReadonlyMap<string, MetricProblem>;
  readonly problems: readonly MetricProblem[];
}

export type MetricValues = MetricMap<MetricValue>;

/** Reads one value of a metric map: the value, or its problem (located at `site`, or more precisely). */
export type ValueReader<V> = (node: Node | null, where: string, site: Site) => V | MetricProblem;

/** Reads a map of metric key to value (a scenario's `metrics:`, a policy's inline `metrics:`). */
export function readMetricMap(document: TextDocument, node: Node | null | undefined, label: string, fallback?: Node): MetricValues {
  return readValueMap(document, node, label, fallback, numberReader(document));
}

/** A map of metric key to value, each value read by `read`: the keys' grammar and problems are the same for every kind of value. */
export function readValueMap<V extends object>(document: TextDocument, node: Node | null | undefined, label: string, fallback: Node | undefined, read: ValueReader<V>): MetricMap<V> {
  const values = new Map<string, V>();
  const invalid = new Map<string, MetricProblem>();
  const problems: MetricProblem[] = [];
  const site = (n: Node | null | undefined, f?: Node): Site => ({ uri: document.uri, range: rangeOf(document, n, f) });
  if (!isMap(node)) {
    problems.push({ message: `Expected ${label} to be a map of metric to value, like "ood_recall_7d: 0.93".`, site: site(node, fallback) });
    return { label, values, invalid, problems };
  }
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode) || keyNode.value === null) {
      problems.push({ message: `A metric key in ${label} must be a name, like "ood_recall_7d" or "ood_recall_7d{tenant=acme}".`, site: site(keyNode, node) });
      continue;
    }
    const parsed = parseMetricKey(String(keyNode.value));
    if (!parsed.ok) {
      problems.push({ message: parsed.message, site: site(keyNode) });
      continue;
    }
    const valueNode = pair.value as Node | null;
    const at = site(valueNode, keyNode);
    if (values.has(parsed.key) || invalid.has(parsed.key)) {
      const problem = { message: `"${parsed.key}" has two values in ${label}; keep one.`, site: site(keyNode) };
      problems.push(problem);
      values.delete(parsed.key);
      invalid.set(parsed.key, problem);
      continue;
    }
    const value = read(valueNode, `"${parsed.key}" in ${label}`, at);
    if ('message' in value) {
      problems.push(value);
      invalid.set(parsed.key, value);
    } else values.set(parsed.key, value);
  }
  return { label, values, invalid, problems };
}

/** A number written as text: in quotes, almost always a number someone quoted. */
export const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Reads a finite number, or `null` for no data. */
export function numberReader(document: TextDocument): ValueReader<MetricValue> {
  return (node, where, site) => {
    const read = readValue(document, node, where);
    if ('message' in read) return { message: read.message, site };
    return read.value === null ? { kind: 'null', site } : { kind: 'number', value: read.value, text: read.text, site };
  };
}

function readValue(document: TextDocument, node: Node | null, where: string): { value: number; text: string } | { value: null } | { message: string } {
  if (node === null || (isScalar(node) && node.value === null)) return { value: null };
  if (isAlias(node)) return { message: `${where} is an alias; write the number itself.` };
  if (isMap(node) || isSeq(node)) return { message: `${where} is a ${isMap(node) ? 'map' : 'list'}; a metric value is one number.` };
  if (!isScalar(node)) return { message: `${where} is not a number.` };
  const v = node.value;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { message: `${where} is NaN: a gate cannot compare it, so it is an error rather than a pass or "no data".` };
    if (!Number.isFinite(v)) return { message: `${where} is ${v > 0 ? '' : 'minus '}infinity: a metric value must be a finite number.` };
    const text = node.range ? document.getText().slice(node.range[0], node.range[1]) : String(v);
    return { value: v, text };
  }
  if (typeof v === 'bigint') return { message: `${where} is too large a number.` };
  if (typeof v === 'boolean') return { message: `${where} is ${v}, not a number.` };
  const s = String(v).trim();
  if (NUMBER_TEXT.test(s)) return { message: `${where} is the string "${s}", not a number: write it without quotes.` };
  if (/^[-+]?(nan|inf(inity)?)$/i.test(s)) return { message: `${where} is "${s}": a metric value must be a finite number.` };
  return { message: `${where} is "${s}", not a number.` };
}

/**
 * A metrics snapshot file: a JSON or YAML map of metric key to value, as an evaluation run writes it.
 * Never throws: broken syntax and bad values come back as located problems.
 */
export function parseSnapshot(document: TextDocument, label: string): MetricValues {
  const text = document.getText();
  const docs = parseAllDocuments(text, { prettyErrors: false, logLevel: 'error', uniqueKeys: false });
  const parsed = Array.isArray(docs) ? docs : [];
  const errors = parsed.flatMap((d) => d.errors);
  if (errors.length > 0) {
    const problems = errors.map((e) => ({ message: `${label} does not parse: ${e.message.split('\n')[0]}`, site: { uri: document.uri, range: offsetsRange(document, e.pos) } }));
    return { label, values: new Map(), invalid: new Map(), problems };
  }
  const contents = parsed[0]?.contents ?? null;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { label, values: new Map(), invalid: new Map(), problems: [{ message: `The snapshot ${label} is empty: write a map of metric to value.`, site: { uri: document.uri, range: offsetsRange(document, [0, 0]) } }] };
  }
  if (parsed.length > 1) {
    const second = parsed[1].range;
    return { label, values: new Map(), invalid: new Map(), problems: [{ message: `The snapshot ${label} has several YAML documents: write one map of metric to value.`, site: { uri: document.uri, range: offsetsRange(document, [second[0], second[0]]) } }] };
  }
  return readMetricMap(document, contents, label);
}

function offsetsRange(document: TextDocument, [start, end]: readonly [number, number]): Range {
  return { start: document.positionAt(start), end: document.positionAt(Math.max(start, end)) };
}
