import { isMap, isScalar, type Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { policySnapshot, type MetricProblem } from '../../../dry-run';
import { rangeOf, type PolicyFile } from '../../../policy/parse';
import type { Fix, Report } from '../../../types';
import type { Rule } from '../../rule';
import { hasSyntaxError, scenarioRuns } from '../runs';

const NUMBER_IN_QUOTES = /^(["'])\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*\1$/i;

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'scenario/metric-value',
    defaultSeverity: 'error',
    description: "Metric values in scenarios and in the policy's `metrics:` are finite numbers (or null for no data), or in a scenario series in expanding notation, under well-formed keys: NaN or \"0.93\" is an error, never a pass.",
  },
  check({ files, report }) {
    const emit = (file: PolicyFile, problems: readonly MetricProblem[], map: Node | null | undefined, anchor?: string) => {
      const repeated = new Set(repeatedKeys(map));
      for (const problem of problems) {
        if (repeated.has(file.document.offsetAt(problem.site.range.start))) continue; // yaml/duplicate-key's finding
        report(file, { message: problem.message, anchor, range: problem.site.range, fixes: unquoteFix(file.document, problem) });
      }
    };
    // A scenario without `metrics:` is schema/missing-key's finding.
    for (const { view, outcome } of scenarioRuns(files)) if (view.metrics) emit(view.file, outcome.values.problems, view.metrics.value, view.name?.name);
    const snapshot = policySnapshot(files);
    if (snapshot.kind === 'inline') {
      const file = files.find((f) => f.document.uri === snapshot.values.problems[0]?.site.uri);
      const map = file?.root?.fields.get('metrics')?.value;
      if (file && !hasSyntaxError(file, map)) emit(file, snapshot.values.problems, map);
    }
    for (const file of files) {
      const shape = wrongShape(file);
      if (shape) report(file, shape);
    }
  },
};

/** The policy's `metrics:` is a snapshot's path or an inline map; the schema leaves the rest to this rule. */
function wrongShape(file: PolicyFile): Report | undefined {
  const field = file.root?.fields.get('metrics');
  if (!field || isMap(field.value) || (isScalar(field.value) && typeof field.value.value === 'string' && field.value.value.trim() !== '')) return undefined;
  return {
    message: 'metrics is the path of a metrics snapshot (a JSON or YAML file, relative to this policy) or a map of metric to value.',
    range: rangeOf(file.document, field.value, field.key),
  };
}

/** Offsets of keys written again in one map: yaml/duplicate-key reports those (the later ones). */
function repeatedKeys(node: Node | null | undefined): number[] {
  if (!isMap(node)) return [];
  const seen = new Set<string>();
  return node.items.flatMap(({ key }) => {
    if (!isScalar(key) || !key.range) return [];
    const text = String(key.value);
    if (!seen.has(text)) {
      seen.add(text);
      return [];
    }
    return [key.range[0]];
  });
}

/** `"0.93"` is almost always a number someone quoted: unquote it. */
function unquoteFix(document: TextDocument, problem: MetricProblem): Fix[] | undefined {
  const number = NUMBER_IN_QUOTES.exec(document.getText(problem.site.range))?.[2];
  return number ? [{ title: `Write ${number} as a number`, edits: [{ range: problem.site.range, newText: number }], preferred: true }] : undefined;
}
