import { NOTE_SECTION_ROLES, NOTE_SECTIONS, type NoteSectionRole } from '../note/sections';

/**
 * The text of a new model card or deliberation note, for the quick fixes that create a missing one and the
 * "New Model Card" / "New Deliberation Note" commands. A new file is not a finished one: what only a person can
 * write is left for them, so that the card and note rules point at each blank until it is filled in. In a card
 * the blanks are TODO markers (card/placeholder, a warning); in a note they are empty fields and sections with
 * the prompt in an HTML comment (note/front-matter and note/required-section, errors: a decision nobody wrote
 * down must not pass).
 */

export interface CardTemplateInput {
  /** The policy's `model:`, for the title. */
  readonly model?: string;
  /** The policy's SLO names: the metrics the model is held to, listed as proxies to describe. */
  readonly slos: readonly string[];
  /** The never events the policy's SLOs name, each a card item with that id. */
  readonly neverEvents: readonly { readonly id: string; readonly text?: string }[];
  /** The policy file, relative to the card (`safety_slos:`); `safety-slos.yaml` unless told. */
  readonly policy?: string;
}

export interface NoteTemplateInput {
  readonly model?: string;
  /** The SLO names the change touches (`slos:`). */
  readonly slos: readonly string[];
  /** `YYYY-MM-DD`: the note's date. */
  readonly today: string;
}

/** The id a card's only never event gets when the policy names none yet. */
const FIRST_NEVER_EVENT = 'NE-1';

export function cardTemplate(input: CardTemplateInput): string {
  const model = input.model ?? 'the model';
  const proxies = input.slos.length ? input.slos.map((name) => `\`${name}\``) : ['TODO'];
  const events = input.neverEvents.length ? input.neverEvents : [{ id: FIRST_NEVER_EVENT }];
  return [
    `---\nsafety_slos: ${input.policy ?? 'safety-slos.yaml'}\n---\n# ${input.model ? `${input.model} model card` : 'Model card'}\n`,
    `## Human objective\n\nTODO: say in one sentence what ${model} is for, and for whom.\n`,
    '## Proxies\n',
    '| Proxy | How it fails when over-optimised |\n| --- | --- |',
    ...proxies.map((proxy) => `| ${proxy} | TODO: what goes wrong when this number is pushed at any cost. |`),
    '\n## Never events\n',
    ...events.map((e) => `- \`${e.id}\` ${e.text ?? 'Never TODO: say what must never happen.'}`),
    `\n## Safe mode\n\nTODO: what ${model} does when an SLO degrades it to safe mode (its safe baseline), and who is told.\n`,
  ].join('\n');
}

/** What each section of a note asks for, as the prompt under its heading. */
const PROMPTS: Readonly<Record<NoteSectionRole, string>> = {
  change: 'What changes, and why now.',
  alternatives: 'At least one option you did not choose (doing nothing is one), and why not.',
  affected: 'The users, and people who never use the system: bystanders, third parties, the people its decisions are about.',
  feedback: 'What the reviewers said that changed the plan.',
  disagreement: 'The objections that remain and who holds them, or "None".',
  decision: 'The decision, then each action with its owner: - [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)',
};

/** The three roles a review must at least hear (note/reviewer-roles). */
const REVIEWER_ROLES = ['product', 'ML', 'SRE'];

export function noteTemplate(input: NoteTemplateInput): string {
  const reviewers = REVIEWER_ROLES.map((role) => `  - name:\n    role: ${role}\n`).join('');
  const front = `---\ndate: ${input.today}\nchange:   # one line: what changes\nslos: [${input.slos.join(', ')}]\nreviewers:   # at least three roles\n${reviewers}decision:   # approved | rejected | deferred\n---\n`;
  const sections = NOTE_SECTION_ROLES.map((role) => `## ${NOTE_SECTIONS[role].heading}\n\n<!-- ${PROMPTS[role]} -->\n`);
  return `${front}# ${input.model ? `${input.model}: ` : ''}change to the safety policy\n\n${sections.join('\n')}`;
}
