import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { didYouMean } from '../../../did-you-mean';
import { replaceScalar } from '../../../edits';
import type { FrontMatter } from '../../../markdown';
import { mapView, scalarText, type MapView } from '../../../policy/parse';
import { firstLine, lineRange } from '../../../note/ranges';
import { isDate } from '../../../dates';
import type { Report } from '../../../types';
import type { Rule } from '../../rule';

/** The keys every note's front matter has, in the order a template lists them. */
export const NOTE_KEYS = ['date', 'change', 'slos', 'reviewers', 'decision'] as const;

export const DECISIONS = ['approved', 'rejected', 'deferred'] as const;

export const rule: Rule = {
  kind: 'note',
  meta: {
    id: 'note/front-matter',
    defaultSeverity: 'error',
    description: 'A deliberation note starts with front matter giving its date (not in the future), change, slos, reviewers with roles, and decision.',
  },
  check({ note, document, today, report }) {
    const fm = note.frontMatter;
    if (!fm) {
      report({ message: `A deliberation note starts with YAML front matter between "---" lines, giving ${NOTE_KEYS.join(', ')}.`, range: lineRange(document, 0), anchor: 'front matter' });
      return;
    }
    const fence = { start: fm.range.start, end: { line: fm.range.start.line, character: fm.range.start.character + 3 } };
    const errors = fm.file.yamlDocs.flatMap((d) => d.errors);
    for (const error of errors) {
      report({ message: `YAML: ${error.message}`, range: yamlRange(fm, error.pos[0], Math.max(error.pos[0], error.pos[1])), anchor: 'front matter' });
    }
    // What broken YAML seems to hold (or lack) is not what was written: the fields are judged once it parses.
    if (errors.length) return;
    const fields = fm.file.root;
    if (!fields) {
      report({ message: `The front matter is not a map of keys: give ${NOTE_KEYS.join(', ')}.`, range: fence, anchor: 'front matter' });
      return;
    }
    for (const key of NOTE_KEYS) {
      const field = fields.fields.get(key);
      if (!field) {
        report({ message: `The front matter has no "${key}": ${EXPECTED[key]}.`, range: fence, anchor: key });
        continue;
      }
      const problem = CHECKS[key](field.value, { fm, today });
      if (problem) report({ anchor: key, range: fm.rangeOf(field.value, field.key), ...problem });
    }
    for (const problem of itemProblems(fields, fm, document)) report(problem);
  },
};

const EXPECTED: Readonly<Record<(typeof NOTE_KEYS)[number], string>> = {
  date: 'the day of the decision, as YYYY-MM-DD',
  change: 'one line saying what changes',
  slos: 'the list of SLO names this change touches, e.g. [ood_recall_7d]',
  reviewers: 'the list of reviewers, each with a name and a role, e.g. - { name: Dana, role: SRE }',
  decision: `one of ${DECISIONS.join(', ')}`,
};

type Problem = Omit<Report, 'range' | 'anchor'>;
type Check = (value: Node | null, at: { fm: FrontMatter; today: string }) => Problem | undefined;

const CHECKS: Readonly<Record<(typeof NOTE_KEYS)[number], Check>> = {
  date(value, { fm, today }) {
    const text = scalarText(fm.file.document, value)?.trim();
    if (!text) return { message: `"date" is empty: give ${EXPECTED.date}.` };
    if (!isDate(text)) {
      return { message: /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text} is not a day of the calendar: give the day of the decision.` : `"${text}" is not a date: write the day of the decision as YYYY-MM-DD.` };
    }
    if (text > today) return { message: `The date ${text} is in the future (today is ${today}): a note records a decision already taken.` };
    return undefined;
  },
  change: (value) => (isText(value) ? undefined : { message: `"change" is not text: give ${EXPECTED.change}.` }),
  decision(value, { fm }) {
    const text = scalarText(fm.file.document, value)?.trim();
    if (text && (DECISIONS as readonly string[]).includes(text)) return undefined;
    if (!text) return { message: `"decision" is empty: give ${EXPECTED.decision}.` };
    const meant = didYouMean(text, DECISIONS);
    if (!meant || !isScalar(value)) return { message: `"${text}" is not a decision: the decision is ${EXPECTED.decision}.` };
    // The edit is computed in the front matter's own document; its range is then the node's in the note.
    const edit = { ...replaceScalar(fm.file.document, value, meant), range: fm.rangeOf(value) };
    return {
      message: `"${text}" is not a decision: the decision is ${EXPECTED.decision}. Did you mean "${meant}"?`,
      fixes: [{ title: `Change decision to "${meant}"`, edits: [edit], preferred: true }],
    };
  },
  slos: (value) => (isSeq(value) ? undefined : { message: `"slos" is not a list: give ${EXPECTED.slos}.` }),
  reviewers: (value) => (isSeq(value) ? undefined : { message: `"reviewers" is not a list: give ${EXPECTED.reviewers}.` }),
};

/** The items of `slos` and `reviewers`, each problem on the item (or the value) it concerns. */
function itemProblems(fields: MapView, fm: FrontMatter, document: TextDocument): Report[] {
  const problems: Report[] = [];
  const slos = fields.fields.get('slos')?.value;
  if (isSeq(slos)) {
    slos.items.forEach((item, i) => {
      if (!isText(item as Node)) problems.push({ message: 'An SLO name is a string, as in the policy (e.g. ood_recall_7d).', range: fm.rangeOf(item as Node, slos), anchor: `slos[${i}]` });
    });
  }
  const reviewers = fields.fields.get('reviewers')?.value;
  if (isSeq(reviewers)) {
    reviewers.items.forEach((item, i) => {
      const anchor = `reviewers[${i}]`;
      if (!isMap(item)) {
        problems.push({ message: 'A reviewer is a map with a name and a role, e.g. { name: Dana, role: SRE }.', range: firstLine(document, fm.rangeOf(item as Node, reviewers)), anchor });
        return;
      }
      const own = mapView(item).fields;
      for (const key of ['name', 'role'] as const) {
        const field = own.get(key);
        if (!field) problems.push({ message: `This reviewer has no "${key}": give each reviewer a name and a role (product, ML, SRE, security, ...).`, range: firstLine(document, fm.rangeOf(item)), anchor });
        else if (!isText(field.value)) problems.push({ message: `A reviewer's "${key}" is a non-empty string.`, range: fm.rangeOf(field.value, field.key), anchor: `${anchor}.${key}` });
      }
    });
  }
  return problems;
}

function isText(node: Node | null | undefined): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '';
}

/** Offsets of the front matter's YAML as a range in the note: the YAML starts at column 0 of the line after the fence. */
function yamlRange(fm: FrontMatter, start: number, end: number): Range {
  const shift = fm.range.start.line + 1;
  const at = (offset: number) => {
    const p = fm.file.document.positionAt(offset);
    return { line: p.line + shift, character: p.character };
  };
  return { start: at(start), end: at(end) };
}
