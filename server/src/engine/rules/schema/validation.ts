import Ajv, { type ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { didYouMean } from '../../did-you-mean';
import { replaceScalar } from '../../edits';
import { policyData } from '../../policy/data';
import { rangeOf, type PolicyFile, type YamlFile } from '../../policy/parse';
import { POLICY_SCHEMA, schemaAt, summary, type SchemaNode } from '../../schema';
import type { Fix, Report } from '../../types';
import type { Rule } from '../rule';

/** Schema problems fall into the three schema rules, so each can be configured on its own. */
export type SchemaProblemKind = 'unknown-key' | 'missing-key' | 'invalid-value';
export interface SchemaProblem {
  readonly kind: SchemaProblemKind;
  readonly report: Report;
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
for (const keyword of ['markdownDescription', 'patternErrorMessage', 'x-checked-by']) ajv.addKeyword(keyword);

export type Path = readonly (string | number)[];

/** What schema validation needs to know about one kind of YAML file (a policy, a config). */
export interface SchemaTarget<F extends YamlFile> {
  readonly schema: SchemaNode;
  /** Where a data path points, in words, for messages: "SLO "ood_recall_7d"", "override #2". */
  describe(file: F, path: Path): string;
  /** The obvious fix for a missing key, when there is one. */
  fixMissing?(file: F, path: Path, missing: string): Fix | undefined;
}

/** Compiles the target's schema once; the validator maps each error on a file's data to the YAML range it concerns. */
export function schemaValidator<F extends YamlFile>(target: SchemaTarget<F>): (file: F, data: unknown) => SchemaProblem[] {
  const validate = ajv.compile(target.schema);
  return (file, data) => {
    if (validate(data)) return [];
    const problems: SchemaProblem[] = [];
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      if ((error as { propertyName?: string }).propertyName !== undefined) continue; // reported by its propertyNames error
      const problem = toProblem(target, file, error, decodePath(error.instancePath));
      const key = `${problem?.kind}:${error.instancePath}:${problem?.report.message}`;
      if (problem && !seen.has(key)) {
        seen.add(key);
        problems.push(problem);
      }
    }
    return problems;
  };
}

const validatePolicy = schemaValidator<PolicyFile>({
  schema: POLICY_SCHEMA,
  describe,
  fixMissing: (file, path, missing) => (missing === 'version' && path.length === 0 ? versionFix(file) : undefined),
});

const cache = new WeakMap<PolicyFile, readonly SchemaProblem[]>();

/** Validates the file's data with ajv and maps each error to the YAML range it concerns. */
export function schemaProblems(file: PolicyFile): readonly SchemaProblem[] {
  let problems = cache.get(file);
  if (!problems) {
    problems = computeProblems(file);
    cache.set(file, problems);
  }
  return problems;
}

function computeProblems(file: PolicyFile): SchemaProblem[] {
  const data = policyData(file);
  if (!data.ok) return [];
  const doc = file.yamlDocs[0];
  if (!doc || doc.contents === null || data.value === null || data.value === undefined) {
    return [{ kind: 'missing-key', report: emptyFile() }];
  }
  return validatePolicy(file, data.value);
}

function emptyFile(): Report {
  const at = { line: 0, character: 0 };
  return {
    message: 'The policy file is empty. A policy needs `version: 1` and a list of `slos`, usually with the `model` it governs.',
    range: { start: at, end: at },
  };
}

function decodePath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

interface Located {
  readonly node: Node | null;
  /** The key the node sits under, when it is a map value. */
  readonly key?: Scalar;
}

function locate(file: YamlFile, path: Path): Located {
  let located: Located = { node: (file.yamlDocs[0]?.contents as Node | null) ?? null };
  for (const segment of path) {
    const node = located.node;
    if (isMap(node)) {
      const pair = [...node.items].reverse().find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return located;
      located = { node: (pair.value as Node | null) ?? null, key: pair.key as Scalar };
    } else if (isSeq(node) && typeof segment === 'number' && isMapOrNode(node.items[segment])) {
      located = { node: node.items[segment] as Node };
    } else {
      return located;
    }
  }
  return located;
}

function isMapOrNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null;
}

function toProblem<F extends YamlFile>(target: SchemaTarget<F>, file: F, error: ErrorObject, path: Path): SchemaProblem | undefined {
  const { document } = file;
  const at = locate(file, path);
  const where = target.describe(file, path);
  const parentSchema = error.parentSchema as SchemaNode | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const keyNode = findKey(at.node, name);
      const present = isMap(at.node) ? new Set(at.node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''))) : new Set<string>();
      const allowed = Object.keys(parentSchema?.properties ?? {});
      const suggestion = didYouMean(name, allowed.filter((k) => !present.has(k)));
      const message = suggestion
        ? `Unknown key "${name}" in ${where}. Did you mean "${suggestion}"?`
        : `Unknown key "${name}" in ${where}. Allowed keys: ${allowed.join(', ')}.`;
      return {
        kind: 'unknown-key',
        report: {
          message,
          range: rangeOf(document, keyNode ?? at.node),
          fixes: suggestion && keyNode ? [{ title: `Rename "${name}" to "${suggestion}"`, edits: [replaceScalar(document, keyNode, suggestion)], preferred: true }] : undefined,
        },
      };
    }
    case 'propertyNames': {
      const name = String((error.params as { propertyName: string }).propertyName);
      const keyNode = findKey(at.node, name);
      const itemSchema = parentSchema && (parentSchema as { propertyNames?: SchemaNode }).propertyNames;
      return {
        kind: 'invalid-value',
        report: { message: `"${name}" in ${where}: ${itemSchema?.patternErrorMessage ?? 'invalid name.'}`, range: rangeOf(document, keyNode ?? at.node) },
      };
    }
    case 'required': {
      // A syntax error inside a map can drop keys that are written; the syntax error is the finding then.
      if (containsSyntaxError(file, at.node)) return undefined;
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const fieldSchema = schemaAt([...path, missing], target.schema);
      const fix = target.fixMissing?.(file, path, missing);
      return {
        kind: 'missing-key',
        report: {
          message: `${capitalise(where)} is missing "${missing}": ${summary(fieldSchema)}`,
          range: firstLineOf(file, at.node),
          fixes: fix ? [fix] : undefined,
        },
      };
    }
    default: {
      if (parentSchema?.['x-checked-by']) return undefined; // its own rule explains the problem better
      const field = path[path.length - 1];
      const subject = typeof field === 'string' ? `"${field}" in ${target.describe(file, path.slice(0, -1))}` : where;
      return {
        kind: 'invalid-value',
        report: {
          message: `${capitalise(subject)}: ${valueMessage(error, parentSchema)}`,
          range: at.node?.range ? rangeOf(document, at.node) : rangeOf(document, at.key ?? null),
          fixes: enumFix(file, error, at.node),
        },
      };
    }
  }
}

function valueMessage(error: ErrorObject, schema: SchemaNode | undefined): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      return `expected ${types.map(typeName).join(' or ')}, found ${kindOf(error.data)}.`;
    }
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}.`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      // A list or map where a word belongs (often half-typed YAML) is named as such, not stringified.
      if (typeof error.data === 'object' && error.data !== null) return `expected one of ${allowed}, found ${kindOf(error.data)}.`;
      return `"${String(error.data)}" is not one of ${allowed}.${suggestionText(error)}`;
    }
    case 'pattern':
      return schema?.patternErrorMessage ?? `must match ${String(params.pattern)}.`;
    case 'minItems':
      return `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}.`;
    case 'minLength':
      return 'must not be empty.';
    default:
      return error.message ?? 'invalid value.';
  }
}

function suggestionText(error: ErrorObject): string {
  const suggestion = didYouMean(String(error.data), (error.params as { allowedValues: unknown[] }).allowedValues.map(String));
  return suggestion ? ` Did you mean "${suggestion}"?` : '';
}

function enumFix(file: YamlFile, error: ErrorObject, node: Node | null): Report['fixes'] {
  if (error.keyword !== 'enum' || !isScalar(node)) return undefined;
  const suggestion = didYouMean(String(error.data), (error.params as { allowedValues: unknown[] }).allowedValues.map(String));
  return suggestion ? [{ title: `Change to "${suggestion}"`, edits: [replaceScalar(file.document, node, suggestion)], preferred: true }] : undefined;
}

function typeName(t: string): string {
  return ({ object: 'a map', array: 'a list', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'nothing' } as Record<string, string>)[t] ?? t;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string "${value}"`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "SLO "ood_recall_7d"", "the scope of SLO #2", "action "notify"", "the policy": where a path points, in words. */
function describe(file: PolicyFile, path: Path): string {
  if (path.length === 0) return 'the policy';
  if (path[0] === 'slos' && typeof path[1] === 'number') {
    const name = file.slos.find((s) => s.index === path[1])?.name;
    const slo = name ? `SLO "${name}"` : `SLO #${(path[1] as number) + 1}`;
    return path.length > 3 ? `the ${String(path[2])} of ${slo}` : slo;
  }
  if (path[0] === 'actions' && path.length > 1) return `action "${String(path[1])}"`;
  return `"${path.join('.')}"`;
}

function findKey(node: Node | null, name: string): Scalar | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
  return pair?.key as Scalar | undefined;
}

/** A missing key is reported on the first line of the map that lacks it, not on the whole map. */
function firstLineOf(file: YamlFile, node: Node | null) {
  const first = isMap(node) ? node.items[0] : undefined;
  const key = first && isScalar(first.key) ? first.key : undefined;
  if (!key) return rangeOf(file.document, node);
  const start = rangeOf(file.document, key).start;
  const value = first?.value as Node | null;
  const end = value?.range && isScalar(value) ? rangeOf(file.document, value).end : rangeOf(file.document, key).end;
  return { start, end: end.line === start.line ? end : rangeOf(file.document, key).end };
}

function containsSyntaxError(file: YamlFile, node: Node | null): boolean {
  const range = node?.range;
  const errors = file.yamlDocs[0]?.errors ?? [];
  return !!range && errors.some((e) => e.pos[0] >= range[0] && e.pos[0] <= range[2]);
}

function versionFix(file: PolicyFile): Fix {
  const firstKey = file.root?.node.items[0]?.key as Node | undefined;
  const at = firstKey?.range ? file.document.positionAt(firstKey.range[0]) : { line: 0, character: 0 };
  return { title: 'Add "version: 1"', edits: [{ range: { start: at, end: at }, newText: `version: 1\n${' '.repeat(at.character)}` }], preferred: true };
}


/** The three schema rules differ only in which problems they report. */
export function schemaRule(kind: SchemaProblemKind, description: string): Rule {
  return {
    kind: 'policy',
    meta: { id: `schema/${kind}`, defaultSeverity: 'error', description },
    check({ file, report }) {
      for (const problem of schemaProblems(file)) if (problem.kind === kind) report(problem.report);
    },
  };
}
