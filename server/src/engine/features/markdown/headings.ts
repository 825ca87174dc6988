import { findSection, headingKey, type Section } from '../../markdown/parse';
import { headingsOf, NOTE_SECTION_ROLES, NOTE_SECTIONS } from '../../note/sections';
import { NEVER_EVENT_HEADINGS, rule as neverEvents } from '../../rules/card/never-events';
import { OBJECTIVE_HEADINGS, objectiveOf, rule as objective } from '../../rules/card/objective';
import { PROXY_HEADINGS, rule as proxyFailureMode } from '../../rules/card/proxy-failure-mode';
import { SAFE_MODE_HEADINGS, rule as safeMode } from '../../rules/model/safe-mode';
import { rule as actionOwner } from '../../rules/note/action-owner';
import { rule as requiredSection } from '../../rules/note/required-section';
import type { RuleMeta } from '../../types';
import { contains } from './sites';
import type { MarkdownSpec } from './spec';

/** A section the card or note rules expect, and where the file has it. */
export interface ExpectedSection {
  /** Its canonical heading. */
  readonly heading: string;
  /** The other headings that stand for it (a note's synonym table). */
  readonly synonyms: readonly string[];
  /** The rules that read it. */
  readonly rules: readonly RuleMeta[];
  /** The section that stands for it, if any. */
  readonly section?: Section;
  /** The file does not say it at all (a card's objective may be said in its front matter, with no section). */
  readonly missing: boolean;
}


/**
 * The sections a card or a note is expected to have, each found as its rules find it, so that what the
 * editor offers and explains is what the rules check.
 */
export function expectedSections(spec: MarkdownSpec): ExpectedSection[] {
  if (spec.kind === 'note') {
    return NOTE_SECTION_ROLES.map((role) => ({
      heading: NOTE_SECTIONS[role].heading,
      synonyms: headingsOf(role).slice(1),
      rules: role === 'decision' ? [requiredSection.meta, actionOwner.meta] : [requiredSection.meta],
      section: spec.note.sections[role],
      missing: !spec.note.sections[role],
    }));
  }
  const { card } = spec;
  // The objective may be said in the front matter or a labelled paragraph: a section stands for it only when the rule reads it there.
  const statement = objectiveOf(card);
  const objectiveSection = statement && card.sections.find((s) => OBJECTIVE_HEADINGS.has(headingKey(s.title)) && contains(s.range, statement.range.start));
  const found = (heading: string, rule: RuleMeta, section: Section | undefined): ExpectedSection => ({ heading, synonyms: [], rules: [rule], section, missing: !section });
  return [
    { ...found('Human objective', objective.meta, objectiveSection), missing: !statement },
    found('Proxies', proxyFailureMode.meta, findSection(card, PROXY_HEADINGS)),
    found('Never events', neverEvents.meta, findSection(card, NEVER_EVENT_HEADINGS)),
    found('Safe mode', safeMode.meta, findSection(card, SAFE_MODE_HEADINGS)),
  ];
}
