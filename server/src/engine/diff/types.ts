import type { Range } from 'vscode-languageserver-types';
import type { DeliberationNote } from '../note/parse';

/**
 * How a change moves the policy: **tightened** (stricter: more breaches, earlier, or more severe
 * actions), **loosened** (something that used to breach or block no longer does), or **neutral**
 * (wording, ordering, formatting, comments: the same decisions).
 */
export type ChangeClass = 'tightened' | 'loosened' | 'neutral';

/** What a change is about. A `file` change is one whose only difference is formatting, comments or order. */
export type Subject = 'slo' | 'gate' | 'scenario' | 'file';

/** A place in one version of the policy. Base sites carry the URI the file had (or has) in the working tree. */
export interface Site {
  readonly uri: string;
  readonly range: Range;
}

/** One difference within a change: a field, with its old and new value and why it is classified so. */
export interface Aspect {
  /** The field (`target`, `action_on_breach`, `window`, `scope`, ...), or `slo`/`gate`/`scenario` for an addition or removal. */
  readonly field: string;
  readonly class: ChangeClass;
  readonly before?: string;
  readonly after?: string;
  /** One sentence: what this means for decisions ("a value of 0.87 now passes"). */
  readonly reason: string;
  /** The changed value in the head version, where it is reported. */
  readonly at?: Site;
}

export type ChangeKind = 'added' | 'removed' | 'modified' | 'renamed';

/** One SLO, gate, scenario or file that differs between the base and the head. */
export interface Change {
  readonly subject: Subject;
  readonly kind: ChangeKind;
  /** The name in the head version (in the base one, for a removal); a file's path for a `file` change. */
  readonly name: string;
  /** The name in the base version, for a rename. */
  readonly oldName?: string;
  /** The most cautious reading of its aspects: loosened if any is, else tightened if any is, else neutral. */
  readonly class: ChangeClass;
  readonly aspects: readonly Aspect[];
  readonly before?: Site;
  readonly after?: Site;
  /** Where the change is reported in the head version: the item itself, or for a removal the list it left. */
  readonly anchor?: Site;
}

/** A deliberation note of the model as the head version has it, and whether the diff added or changed it. */
export interface NoteVersion {
  readonly uri: string;
  readonly note: DeliberationNote;
  readonly status: 'added' | 'changed' | 'unchanged';
}

/** Where a note names a loosened SLO (in `slos:` or as code in the text). */
export interface Acknowledgement extends Site {
  /** The note was added or changed in the diff: only then does it acknowledge the change. */
  readonly inChangedNote: boolean;
}

export interface DiffedChange extends Change {
  /** For a loosened change: the note naming it, preferring a changed note. */
  readonly acknowledgement?: Acknowledgement;
}

/** One model's policy compared with a base revision. */
export interface SloDiff {
  /** How users name the base: `main`, `origin/main`, `HEAD`, or the revision as given. */
  readonly base: string;
  /** The model's `model:` name, when its policy gives one. */
  readonly model?: string;
  readonly changes: readonly DiffedChange[];
  readonly notes: readonly NoteVersion[];
  readonly counts: Readonly<Record<ChangeClass, number>>;
  /** Loosened changes that no added or changed note names. */
  readonly unacknowledged: number;
  /** Nothing is loosened, or every loosened change is named in a note added or changed in the diff. */
  readonly green: boolean;
}
