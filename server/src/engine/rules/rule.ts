import type { Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import type { ModelCard } from '../card/model-card';
import type { ConfigFile } from '../config/view';
import type { SloDiff } from '../diff/types';
import type { ModelFolder } from '../folder/model-folder';
import type { DeliberationNote } from '../note/parse';
import type { PolicyFile } from '../policy/parse';
import type { AppliedSuppression } from '../suppressions/apply';
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

/** What a suppression rule sees: a file's suppression comments, each with the findings it silenced after levels. */
export interface SuppressionContext {
  readonly document: TextDocument;
  /** `YYYY-MM-DD`: the day expiry dates are judged against. */
  readonly today: string;
  readonly suppressions: readonly AppliedSuppression[];
  /** The rule catalog by id, handed in: a rule cannot import the catalog that lists it. */
  readonly rules: ReadonlyMap<string, RuleMeta>;
  report(report: Report): void;
}

/**
 * A rule is a module with `meta` and one check. Source rules look at the raw text before it is
 * parsed; when one reports, the file is not parsed at all (too large, binary). Policy rules read
 * one parsed file. Model rules read all the policy files of one model together (conflicts).
 * Suppression rules judge a file's `# safety-specs-ignore` comments once its findings are settled.
 * Config rules check a `.safety-specs.yaml` file. Note rules check a deliberation note (Markdown),
 * card rules a model card (Markdown). Folder rules read a model folder's three artifacts together.
 * Diff rules read a model's policy compared with a git base (engine/diff).
 */
export type Rule =
  | { readonly kind: 'source'; readonly meta: RuleMeta; check(text: string, document: TextDocument): Report | undefined }
  | { readonly kind: 'policy'; readonly meta: RuleMeta; check(ctx: RuleContext): void }
  | { readonly kind: 'model'; readonly meta: RuleMeta; check(ctx: ModelContext): void }
  | { readonly kind: 'suppression'; readonly meta: RuleMeta; check(ctx: SuppressionContext): void }
  | { readonly kind: 'config'; readonly meta: RuleMeta; check(ctx: ConfigContext): void }
  | { readonly kind: 'note'; readonly meta: RuleMeta; check(ctx: NoteContext): void }
  | { readonly kind: 'card'; readonly meta: RuleMeta; check(ctx: CardContext): void }
  | { readonly kind: 'folder'; readonly meta: RuleMeta; check(ctx: FolderContext): void }
  | { readonly kind: 'diff'; readonly meta: RuleMeta; check(ctx: DiffContext): void };

/** What a diff rule sees: one model's policy compared with a base revision. Findings go on the head version's files. */
export interface DiffContext {
  readonly diff: SloDiff;
  report(uri: string, report: Report): void;
}

/**
 * What a folder rule sees: one model folder's policy files, model card and notes together (never events
 * covered by SLOs, SLO names in the note, a missing card). A finding goes on whichever of its files it is about.
 */
export interface FolderContext {
  readonly folder: ModelFolder;
  report(document: TextDocument, report: Report): void;
}

/** What a config rule sees: one `.safety-specs.yaml`, whose findings are located in it. */
export interface ConfigContext {
  readonly config: ConfigFile;
  /** The rule catalog by id, handed in: a rule cannot import the catalog that lists it. */
  readonly rules: ReadonlyMap<string, RuleMeta>;
  report(report: Report): void;
}

/** What a note rule sees: one deliberation note (`deliberation-note.md`), whose findings are located in it. */
export interface NoteContext {
  readonly note: DeliberationNote;
  readonly document: TextDocument;
  /** `YYYY-MM-DD`: the day the note's dates are judged against. */
  readonly today: string;
  /** Above this many words of prose, a note is too long to be read by everyone it concerns. */
  readonly maxWords: number;
  report(report: Report): void;
}

/** What a card rule sees: one model card (Markdown), whose findings are located in it. */
export interface CardContext {
  readonly card: ModelCard;
  readonly document: TextDocument;
  report(report: Report): void;
}

export const DOCS_BASE = 'https://github.com/safety-specs/safety-specs/blob/main/docs/rules';

export function docUrl(meta: RuleMeta): string {
  return `${DOCS_BASE}/${meta.id}.md`;
}
