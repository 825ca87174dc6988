import { headingKey } from '../markdown';

/**
 * The sections a deliberation note must have, by role, each with its canonical heading and the headings of
 * common decision records that mean the same (MADR, Nygard, RFC and design-doc templates), matched as
 * `headingPattern` says. The one table the rules read; docs/rules/note/required-section.md and
 * docs/rules/README.md show it: keep them in step.
 *
 * `actionHeadings` are headings of the decision role under which every list item is an action (with an owner);
 * under its other headings only task items (`- [ ] ...`) are.
 */
export const NOTE_SECTIONS = {
  change: {
    heading: 'Change',
    synonyms: ['The change', 'Proposed change', 'What is changing', 'What changes', "What's proposed", 'Context', 'Context and problem statement', 'Problem statement', 'Proposal', 'Summary'],
  },
  alternatives: {
    heading: 'Alternatives considered',
    synonyms: ['Alternatives', 'Considered options', 'Options considered', 'Options', 'Alternative approaches', 'Alternatives rejected', 'Pros and cons of the options'],
  },
  affected: {
    heading: 'Who might be affected',
    synonyms: ['Who is affected', 'Who could be affected', 'Affected people', 'Affected parties', 'Stakeholders', 'Impact', 'Impact on people', 'Consequences'],
  },
  feedback: {
    heading: 'Feedback that changed the plan',
    synonyms: ['Feedback', 'Feedback received', 'Review feedback', 'What feedback changed', 'What changed after review', 'Consultation'],
  },
  disagreement: {
    heading: 'Disagreement',
    synonyms: ['Disagreements', 'Dissent', 'Objections', 'Open questions', 'Unresolved questions', 'Concerns', 'Minority view'],
  },
  decision: {
    heading: 'Decision and actions',
    synonyms: ['Decision', 'Decisions', 'Decision outcome', 'Outcome', 'Resolution'],
    actionHeadings: ['Decision and actions', 'Actions', 'Action items', 'Next steps', 'Follow-ups', 'Follow-up actions'],
  },
} as const satisfies Readonly<Record<string, NoteSectionSpec>>;

export interface NoteSectionSpec {
  readonly heading: string;
  readonly synonyms: readonly string[];
  readonly actionHeadings?: readonly string[];
}

export type NoteSectionRole = keyof typeof NOTE_SECTIONS;

export const NOTE_SECTION_ROLES = Object.keys(NOTE_SECTIONS) as readonly NoteSectionRole[];

/** Every heading that stands for `role`: its canonical heading, its synonyms and its action headings. */
export function headingsOf(role: NoteSectionRole): readonly string[] {
  const spec: NoteSectionSpec = NOTE_SECTIONS[role];
  return [spec.heading, ...spec.synonyms, ...(spec.actionHeadings ?? [])];
}


/**
 * What a heading must be to stand for one of `headings`, tested on its `headingKey` (markdown/parse.ts: case,
 * numbering and trailing punctuation aside): one of them, then optionally a subtitle after a colon, a
 * parenthesis or a spaced dash ("Decision: two datasets", "Decision (proposed workflow)"), but not another
 * word ("Decision drivers" is not "Decision"). Straight and curly apostrophes are the same.
 */
export function headingPattern(headings: readonly string[]): RegExp {
  const keys = headings.map((h) => headingKey(h).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]"));
  return new RegExp(`^(?:${keys.join('|')})(?::.*|\\s*\\(.*|\\s+[-–—]\\s.*)?$`, 'i');
}
