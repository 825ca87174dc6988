import type { Section } from '../../../markdown';
import { names, NON_USER_TERMS, USER_TERMS } from '../../../note/affected';
import { NOTE_SECTION_ROLES, NOTE_SECTIONS, type NoteSectionRole } from '../../../note/sections';
import { saysNone, statements } from '../../../note/text';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'note',
  meta: {
    id: 'note/required-section',
    defaultSeverity: 'error',
    description: 'A deliberation note has its six sections, each filled in: change, alternatives, who is affected (users and non-users), feedback, disagreement, decision and actions.',
  },
  check({ note, report }) {
    for (const role of NOTE_SECTION_ROLES) {
      const { heading } = NOTE_SECTIONS[role];
      const section = note.sections[role];
      if (!section) {
        report({ message: `The note has no "${heading}" section (or a heading that means the same): add "## ${heading}".`, range: note.top, anchor: heading });
        continue;
      }
      const said = statements(section.nodes);
      const problem = said.length === 0 ? `"${section.title}" is empty: ${EMPTY[role]}` : CONTENT[role]?.(said, section);
      if (problem) report({ message: problem, range: section.heading, anchor: heading });
    }
  },
};

/** What each section is for, said when it is empty. */
const EMPTY: Readonly<Record<NoteSectionRole, string>> = {
  change: 'say what changes, and why.',
  alternatives: 'name at least one option you did not choose (doing nothing is one), and why not.',
  affected: 'say who the change affects: the users, and people who never use the system.',
  feedback: 'say what the reviewers said that changed the plan.',
  disagreement: 'record the objections that remain, and who holds them, or write "None".',
  decision: 'give the decision and its actions, each with an owner.',
};

/** Checks beyond being filled in, on what the section says. */
const CONTENT: Readonly<Partial<Record<NoteSectionRole, (said: readonly string[], section: Section) => string | undefined>>> = {
  alternatives(said, section) {
    if (said.some((s) => !saysNone(s))) return undefined;
    return `"${section.title}" names no alternative: ${EMPTY.alternatives}`;
  },
  affected(said, section) {
    const text = said.join('\n');
    const users = names(text, USER_TERMS);
    const others = names(text, NON_USER_TERMS);
    if (users && others) return undefined;
    const who = users ? 'only users' : others ? 'no users' : 'neither users nor non-users';
    const ask = users
      ? 'say how people who never use the system are affected too: bystanders, third parties, the public, the people its decisions are about.'
      : others
        ? 'say how the users are affected too.'
        : 'say how the users are affected, and people who never use the system (bystanders, third parties, the public).';
    return `"${section.title}" names ${who}: ${ask}`;
  },
};
