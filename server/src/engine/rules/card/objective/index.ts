import { isScalar } from 'yaml';
import type { Paragraph } from 'mdast';
import type { Range } from 'vscode-languageserver-types';
import { cardStart } from '../../../card/locate';
import type { ModelCard } from '../../../card/model-card';
import { descendants, headingKey, plainText, rangeOfNode } from '../../../markdown/parse';
import { stringOf } from '../../../policy/parse';
import type { Rule } from '../../rule';
import { sentenceCount } from '../../slo/objective-sentence';

export const OBJECTIVE_HEADINGS: ReadonlySet<string> = new Set(['objective', 'human objective', 'the human objective']);

/** An "Objective" section counts only among the first headings: deeper down, objectives are training objectives. */
const NEAR_THE_TOP = 5;

/** "Human objective: ..." or "**Human objective** — ...": the label and what follows it. */
const LABEL = /^\s*human objective\s*[:—–-]\s*/i;

/** Where a card states its human objective, and the text to judge. */
interface Statement {
  readonly text: string | undefined;
  readonly range: Range;
  readonly where: string;
}

/** The first of: front matter `objective:`, a "Human objective:" paragraph, an "Objective" section near the top. */
export function objectiveOf(card: ModelCard): Statement | undefined {
  const fm = card.frontMatter;
  const field = fm?.file.root?.fields.get('objective');
  if (fm && field) {
    const empty = field.value === null || (isScalar(field.value) && field.value.value === null);
    return { text: empty ? '' : stringOf(field.value), range: fm.rangeOf(empty ? field.key : field.value), where: 'front matter `objective`' };
  }
  // The first paragraph, at any depth, that starts with the label (plain, bold or italic).
  const labelled = [...descendants(card.tree)].find((n): n is Paragraph => n.type === 'paragraph' && LABEL.test(plainText(n)));
  if (labelled) {
    return { text: plainText(labelled).replace(LABEL, ''), range: rangeOfNode(card.document, labelled), where: '"Human objective" paragraph' };
  }
  const section = card.sections.slice(0, NEAR_THE_TOP).find((s) => OBJECTIVE_HEADINGS.has(headingKey(s.title)));
  if (!section) return undefined;
  // Its own text: up to the first subheading.
  const end = section.nodes.findIndex((n) => n.type === 'heading');
  const body = end < 0 ? section.nodes : section.nodes.slice(0, end);
  const first = body[0];
  const last = body.at(-1);
  if (!first || !last) return { text: '', range: section.heading, where: `"${section.title}" section` };
  return {
    text: body.map((n) => plainText(n)).join('\n\n'),
    range: { start: rangeOfNode(card.document, first).start, end: rangeOfNode(card.document, last).end },
    where: `"${section.title}" section`,
  };
}

export const rule: Rule = {
  kind: 'card',
  meta: {
    id: 'card/objective',
    defaultSeverity: 'error',
    description: 'A model card states its human objective, what the model is for and for whom, in exactly one sentence.',
  },
  check({ card, report }) {
    const objective = objectiveOf(card);
    if (!objective) {
      report({
        message: 'No human objective: say in one sentence what the model is for, and for whom (front matter `objective:`, a "Human objective:" paragraph or an "Objective" section).',
        range: cardStart(card),
      });
      return;
    }
    if (objective.text === undefined) {
      report({ message: 'The objective must be one plain-language sentence (a string), not a number, list or map.', range: objective.range });
      return;
    }
    const count = sentenceCount(objective.text);
    if (count === 1) return;
    report({
      message: count === 0
        ? `The ${objective.where} is empty: say in one sentence what the model is for, and for whom.`
        : `The ${objective.where} has ${count} sentences; keep the objective to one and move the rest to the model description.`,
      range: objective.range,
    });
  },
};
