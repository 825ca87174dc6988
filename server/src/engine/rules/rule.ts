import type { Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import type { PolicyFile } from '../policy/parse';
import type { Report, RuleMeta } from '../types';

export interface RuleContext {
  readonly file: PolicyFile;
  readonly document: TextDocument;
  report(report: Report): void;
  range(node: Node | null | undefined, fallback?: Node): Range;
}

/** What a model rule sees: every policy file of one model (one file when it names no model). */
export interface ModelContext {
  readonly files: readonly PolicyFile[];
  report(file: PolicyFile, report: Report): void;
}

/**
 * A rule is a module with `meta` and one check. Source rules look at the raw text before it is
 * parsed; when one reports, the file is not parsed at all (too large, binary). Policy rules read
 * one parsed file. Model rules read all the policy files of one model together (conflicts).
 */
export type Rule =
  | { readonly kind: 'source'; readonly meta: RuleMeta; check(text: string, document: TextDocument): Report | undefined }
  | { readonly kind: 'policy'; readonly meta: RuleMeta; check(ctx: RuleContext): void }
  | { readonly kind: 'model'; readonly meta: RuleMeta; check(ctx: ModelContext): void };

export const DOCS_BASE = 'https://github.com/safety-specs/safety-specs/blob/main/docs/rules';

export function docUrl(meta: RuleMeta): string {
  return `${DOCS_BASE}/${meta.id}.md`;
}
