import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../types';
import { analyzeNote, type NoteOptions } from '.';

/** Test helpers only: nothing in the engine imports this file. */

export const NOTE_URI = 'file:///w/deliberation-note.md';

/** The day the tests judge dates against. */
export const TODAY = '2026-06-15';

export function noteDocument(text: string): TextDocument {
  return TextDocument.create(NOTE_URI, 'markdown', 1, text);
}

/** The findings `analyzeNote` reports for `text` on TODAY, optionally only those of one rule. */
export function noteFindings(text: string, ruleId?: string, options: Partial<NoteOptions> = {}): Finding[] {
  const { findings } = analyzeNote(noteDocument(text), { today: TODAY, ...options });
  return ruleId ? findings.filter((f) => f.rule === ruleId) : findings;
}

const FRONT: Readonly<Record<string, string>> = {
  date: '2026-05-14',
  change: 'Raise the OOD recall target of claims-triage from 0.90 to 0.95',
  slos: '[ood_recall_7d]',
  reviewers: '\n  - { name: Dana Reyes, role: product }\n  - { name: Sam Okafor, role: ML }\n  - { name: Lee Park, role: SRE }',
  decision: 'approved',
};

const SECTIONS: Readonly<Record<string, string>> = {
  Change: 'Raise `ood_recall_7d` from 0.90 to 0.95, after two distribution shifts went unnoticed for days in April.',
  'Alternatives considered': '- Keep 0.90 and add a weekly manual review: cheaper, but a shift can go unseen for a week.',
  'Who might be affected': 'Claimants, whose claims go to human review more often; adjusters, who review them; and third parties named in claims, who never use the system.',
  'Feedback that changed the plan': 'Support asked for a notice explaining the longer review; it is part of the rollout.',
  Disagreement: 'None.',
  'Decision and actions': 'Approved.\n\n- [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)',
};

/**
 * A valid note (no findings on TODAY), with front-matter fields and sections (by heading) overridden:
 * a value replaces the default in place, `undefined` drops it, a new key is added at the end.
 */
export function note(overrides: { readonly front?: Readonly<Record<string, string | undefined>>; readonly sections?: Readonly<Record<string, string | undefined>> } = {}): string {
  const defined = (entries: Record<string, string | undefined>) => Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined);
  const front = defined({ ...FRONT, ...overrides.front }).map(([k, v]) => `${k}:${v.startsWith('\n') ? '' : ' '}${v}\n`);
  const sections = defined({ ...SECTIONS, ...overrides.sections }).map(([heading, body]) => `\n## ${heading}\n\n${body}\n`);
  return `---\n${front.join('')}---\n# Raise the OOD recall target\n${sections.join('')}`;
}
