import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';

/** A key and its value in a YAML map; `value` is null for `key:` with nothing after it. */
export interface Field {
  readonly pair: Pair<Scalar, Node | null>;
  readonly key: Scalar;
  readonly value: Node | null;
}

/** A map node with its fields by key. */
export interface MapView {
  readonly node: YAMLMap;
  readonly fields: ReadonlyMap<string, Field>;
}

export interface SloView extends MapView {
  readonly index: number;
  /** The SLO's name when it is a plain string. */
  readonly name?: string;
  /** The metric it reads: `metric`, defaulting to the name. */
  readonly metric?: string;
}

export interface ActionView extends MapView {
  readonly name: string;
  readonly nameKey: Scalar;
}

/** A parsed YAML file (a policy or a config): the documents as the `yaml` package sees them, errors included. */
export interface YamlFile {
  readonly document: TextDocument;
  readonly yamlDocs: readonly Document.Parsed[];
  /** The first document's top-level map, when it is one. */
  readonly root?: MapView;
}

/**
 * A parsed policy file: the YAML plus a typed view over the parts rules read. The view is partial on
 * purpose: broken YAML still yields whatever parsed, so the rest of the file is still checked.
 */
export interface PolicyFile extends YamlFile {
  readonly slos: readonly SloView[];
  readonly actions: readonly ActionView[];
}

export function parsePolicy(document: TextDocument): PolicyFile {
  // Duplicate keys are yaml/duplicate-key's to report, with a related location.
  const file = parseYaml(document, { uniqueKeys: false });
  return { ...file, slos: sloViews(file.root), actions: actionViews(file.root) };
}

/** Parses without ever throwing; `uniqueKeys: true` makes a repeated key a YAML error. */
export function parseYaml(document: TextDocument, options: { readonly uniqueKeys: boolean }): YamlFile {
  // logLevel 'error': the yaml package would otherwise print warnings (collection keys) on the process.
  const parsed = parseAllDocuments(document.getText(), { uniqueKeys: options.uniqueKeys, prettyErrors: false, logLevel: 'error' });
  const yamlDocs = Array.isArray(parsed) ? parsed : [];
  const rootNode = yamlDocs[0]?.contents;
  return { document, yamlDocs, root: isMap(rootNode) ? mapView(rootNode) : undefined };
}

export function mapView(node: YAMLMap): MapView {
  const fields = new Map<string, Field>();
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    // Last one wins, as in the data the YAML loads to; yaml/duplicate-key reports the others.
    fields.set(String(pair.key.value), { pair: pair as Pair<Scalar, Node | null>, key: pair.key, value: (pair.value as Node | null) ?? null });
  }
  return { node, fields };
}

function sloViews(root: MapView | undefined): SloView[] {
  const seq = root?.fields.get('slos')?.value;
  if (!isSeq(seq)) return [];
  const slos: SloView[] = [];
  seq.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const view = mapView(item);
    const name = stringOf(view.fields.get('name')?.value);
    const metric = stringOf(view.fields.get('metric')?.value) ?? name;
    slos.push({ ...view, index, name, metric });
  });
  return slos;
}

function actionViews(root: MapView | undefined): ActionView[] {
  const map = root?.fields.get('actions')?.value;
  if (!isMap(map)) return [];
  const actions: ActionView[] = [];
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !isMap(pair.value)) continue;
    actions.push({ ...mapView(pair.value), name: String(pair.key.value), nameKey: pair.key });
  }
  return actions;
}

/** The string a node holds, when it is a string scalar. */
export function stringOf(node: Node | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** The document range of a node; a missing node (`key:` with no value) maps to the end of its key. */
export function rangeOf(document: TextDocument, node: Node | null | undefined, fallback?: Node): Range {
  const r = node?.range ?? fallback?.range;
  if (!r) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const [start, end] = node?.range ? [r[0], r[1]] : [r[1], r[1]];
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** Where a field's value is, or where it would go: `target:` with no value points just after the colon. */
export function valueRange(document: TextDocument, field: Field): Range {
  return field.value?.range ? rangeOf(document, field.value) : rangeOf(document, field.key);
}

/** The text a scalar holds: a string as is, anything else (`0.9`, `7`) as written in the source. */
export function scalarText(document: TextDocument, node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null || !node.range) return '';
  return document.getText().slice(node.range[0], node.range[1]);
}

/** The model a policy names (`model:`), if it names one. */
export function modelName(file: PolicyFile): string | undefined {
  return stringOf(file.root?.fields.get('model')?.value);
}
