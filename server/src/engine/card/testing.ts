import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../types';
import { analyzeCard } from './analyze-card';

/** Test helpers only: nothing in the engine imports this file. */

export const CARD_URI = 'file:///w/MODEL_CARD.md';

export function cardDocument(text: string): TextDocument {
  return TextDocument.create(CARD_URI, 'markdown', 1, text);
}

/** The findings `analyzeCard` reports for `text`, optionally only those of one rule. */
export function cardFindings(text: string, ruleId?: string): Finding[] {
  const { findings } = analyzeCard(cardDocument(text));
  return ruleId ? findings.filter((f) => f.rule === ruleId) : findings;
}

/** The parts of a valid card; each can be replaced (`undefined` drops the part). Sections are whole Markdown. */
export interface CardParts {
  readonly frontMatter?: string;
  readonly title?: string;
  readonly proxies?: string;
  readonly neverEvents?: string;
  readonly rest?: string;
}

const VALID: Required<CardParts> = {
  frontMatter: 'license: apache-2.0\nobjective: Route each claim to the right reviewer so no valid claim is denied unfairly.\n',
  title: '# Claims triage\n',
  proxies: '## Proxies\n\n- Audit accuracy: fails when only easy claims are audited.\n',
  neverEvents: '## Never events\n\n- `NE-1` Never deny a claim without a human review.\n',
  rest: '',
};

/** A card that passes every card rule, with some parts replaced: lines are joined with a blank line between parts. */
export function card(parts: CardParts = {}): string {
  const all = { ...VALID, ...parts };
  const body = [all.title, all.proxies, all.neverEvents, all.rest].filter((p) => p !== undefined && p !== '');
  return (all.frontMatter !== undefined ? `---\n${all.frontMatter}---\n` : '') + body.join('\n');
}
