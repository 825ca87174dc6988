import type { TextDocument } from 'vscode-languageserver-textdocument';
import { modelName, parsePolicy, rangeOf, type PolicyFile } from './policy/parse';
import { RULES } from './rules/catalog';
import { fingerprint } from './fingerprint';
import { docUrl, type Rule, type RuleContext } from './rules/rule';
import type { Finding, Report } from './types';

export interface Analysis {
  /** Undefined when a source rule refused the file (too large, binary): nothing else was checked. */
  readonly file?: PolicyFile;
  readonly findings: readonly Finding[];
}

/**
 * Findings come out at their rule's default severity: what the configuration, suppressions and the
 * baseline make of them is decided afterwards, per file (reporting/settle.ts), so analyses can be
 * cached whatever the settings.
 */
export function toFinding(rule: Rule, report: Report, document: TextDocument, file: PolicyFile | undefined): Finding {
  return { ...report, rule: rule.meta.id, severity: rule.meta.defaultSeverity, docUrl: docUrl(rule.meta), fingerprint: fingerprint(rule.meta.id, report, document, file) };
}

/** One file's own findings: source and policy rules. Pure: same text, same findings. */
export function analyzeFile(document: TextDocument): Analysis {
  const findings: Finding[] = [];
  // Once parsed, findings anchor to the policy's paths (for their fingerprints).
  const emitter = (file: PolicyFile | undefined) => (rule: Rule, report: Report) => findings.push(toFinding(rule, report, document, file));
  const text = document.getText();
  for (const rule of RULES) {
    if (rule.kind !== 'source') continue;
    const report = rule.check(text, document);
    if (report) {
      emitter(undefined)(rule, report);
      return { findings };
    }
  }
  const parsed = parsePolicy(document);
  const emit = emitter(parsed);
  for (const rule of RULES) {
    if (rule.kind !== 'policy') continue;
    const ctx: RuleContext = { file: parsed, document, report: (r) => emit(rule, r), range: (node, fallback) => rangeOf(document, node, fallback) };
    guard(rule, () => rule.check(ctx), (message) => emit(rule, { message, range: rangeOf(document, null) }));
  }
  return { file: parsed, findings: findings.sort(byPosition) };
}

/**
 * Findings that need several files at once (conflicts among the SLOs of one model), by document URI.
 * `files` are all the policy files of one model, as grouped by `groupByModel`.
 */
export function analyzeModel(unordered: readonly PolicyFile[]): Map<string, Finding[]> {
  // One order for every caller (CLI, server), so "the later of two equal SLOs" is the same everywhere.
  const files = [...unordered].sort((a, b) => (a.document.uri < b.document.uri ? -1 : a.document.uri > b.document.uri ? 1 : 0));
  const byUri = new Map<string, Finding[]>(files.map((f) => [f.document.uri, []]));
  for (const rule of RULES) {
    if (rule.kind !== 'model') continue;
    const report = (file: PolicyFile, r: Report) => byUri.get(file.document.uri)?.push(toFinding(rule, r, file.document, file));
    guard(rule, () => rule.check({ files, report }), (message) => files[0] && report(files[0], { message, range: rangeOf(files[0].document, null) }));
  }
  for (const list of byUri.values()) list.sort(byPosition);
  return byUri;
}

/** The model a policy governs (`model:`); files without one are a model of their own. */
export function modelKey(file: PolicyFile): string {
  const model = modelName(file);
  return model ? `model:${model}` : `file:${file.document.uri}`;
}

export function groupByModel(files: readonly PolicyFile[]): PolicyFile[][] {
  const groups = new Map<string, PolicyFile[]>();
  for (const file of files) {
    const key = modelKey(file);
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  return [...groups.values()];
}

/** Every finding for a set of documents: each file's own, plus conflicts within each model. */
export function analyzeWorkspace(documents: readonly TextDocument[]): Map<string, Analysis> {
  const results = new Map<string, Analysis>(documents.map((d) => [d.uri, analyzeFile(d)]));
  const files = [...results.values()].flatMap((a) => (a.file ? [a.file] : []));
  for (const group of groupByModel(files)) {
    for (const [uri, extra] of analyzeModel(group)) {
      const own = results.get(uri)!;
      if (extra.length) results.set(uri, { file: own.file, findings: [...own.findings, ...extra].sort(byPosition) });
    }
  }
  return results;
}

/** One document on its own: its findings and the conflicts among its own SLOs. */
export function analyze(document: TextDocument): Analysis {
  return analyzeWorkspace([document]).get(document.uri)!;
}

/** A bug in one rule must not hide the findings of the others, nor crash the editor or CI. */
export function guard(rule: Rule, run: () => void, onError: (message: string) => void): void {
  try {
    run();
  } catch (e) {
    onError(`Internal error in rule ${rule.meta.id}: ${(e as Error).message}. Please report it.`);
  }
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}
