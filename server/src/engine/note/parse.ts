import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { List, ListItem, RootContent } from 'mdast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { codeSpans, findSection, headingKey, parseMarkdown, rangeOfNode, type FrontMatter, type MarkdownFile, type Section } from '../markdown';
import { mapView, stringOf } from '../policy/parse';
import { dueIn, ownerIn } from './owners';
import { lineRange } from './ranges';
import { headingPattern, headingsOf, NOTE_SECTION_ROLES, NOTE_SECTIONS, type NoteSectionRole } from './sections';

/** A name as written somewhere in the note, and where. */
export interface Mention {
  readonly text: string;
  readonly range: Range;
}

/** One action of the decision: a list item, with the owner and due date its text gives. */
export interface ActionItem {
  /** From the list marker to the end of the item's first block. */
  readonly range: Range;
  /** The section it is listed under. */
  readonly section: Section;
  readonly owner?: string;
  readonly due?: Mention;
}

export interface Reviewer {
  readonly name?: string;
  readonly role?: string;
}

/**
 * A parsed deliberation note: the Markdown, its front matter (YAML nodes, so findings point at them), its
 * sections by role, and what later cross-file checks read (SLO names, code spans). Partial on purpose:
 * whatever is there is read, so one problem does not hide the others.
 */
export interface DeliberationNote {
  readonly markdown: MarkdownFile;
  readonly frontMatter?: FrontMatter;
  /** The first section standing for each role (see NOTE_SECTIONS). */
  readonly sections: Readonly<Partial<Record<NoteSectionRole, Section>>>;
  readonly actions: readonly ActionItem[];
  /** The `slos:` of the front matter: the string items. */
  readonly slos: readonly Mention[];
  /** Every inline code span of the body (`ood_recall_7d`), trimmed: SLO names are written so in the text. */
  readonly codeSpans: readonly Mention[];
  /** The `reviewers:` of the front matter that are maps, with their string `name` and `role`. */
  readonly reviewers: readonly Reviewer[];
  /** Where findings about the note as a whole go: its title heading, or the first line after the front matter. */
  readonly top: Range;
}

export function parseNote(document: TextDocument): DeliberationNote {
  const markdown = parseMarkdown(document);
  const { frontMatter } = markdown;
  const fields = frontMatter?.file.root?.fields;
  const sections: Partial<Record<NoteSectionRole, Section>> = {};
  for (const role of NOTE_SECTION_ROLES) {
    const section = findSection(markdown, [headingPattern(headingsOf(role))]);
    if (section) sections[role] = section;
  }
  return {
    markdown,
    frontMatter,
    sections,
    actions: actionItems(markdown),
    slos: frontMatter ? stringItems(document, frontMatter, fields?.get('slos')?.value) : [],
    codeSpans: codeSpans(markdown),
    reviewers: reviewers(fields?.get('reviewers')?.value),
    top: topOf(markdown),
  };
}

/** The string items of a list, each with the range of the name itself (inside quotes, when quoted), as renaming needs. */
function stringItems(document: TextDocument, frontMatter: FrontMatter, node: YamlNode | null | undefined): Mention[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const text = stringOf(item as YamlNode);
    if (text === undefined) return [];
    const r = frontMatter.rangeOf(item as YamlNode);
    const quoted = /^(["']).*\1$/.test(document.getText(r)) && document.getText(r).length === text.length + 2;
    return [{ text, range: quoted ? { start: { ...r.start, character: r.start.character + 1 }, end: { ...r.end, character: r.end.character - 1 } } : r }];
  });
}

function reviewers(node: YamlNode | null | undefined): Reviewer[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    if (!isMap(item)) return [];
    const { fields } = mapView(item);
    return [{ name: stringOf(fields.get('name')?.value), role: stringOf(fields.get('role')?.value) }];
  });
}

/**
 * Under an action heading ("Decision and actions", "Next steps", ...) every top-level list item is an action;
 * under the other decision headings ("Decision", "Decision outcome") only task items (`- [ ] ...`) are, since
 * bullets there give the decision's reasons.
 */
function actionItems(markdown: MarkdownFile): ActionItem[] {
  const actionHeading = headingPattern(NOTE_SECTIONS.decision.actionHeadings);
  const decisionHeading = headingPattern(headingsOf('decision'));
  const seen = new Set<ListItem>();
  const actions: ActionItem[] = [];
  for (const section of markdown.sections) {
    const key = headingKey(section.title);
    if (!decisionHeading.test(key)) continue;
    const every = actionHeading.test(key);
    for (const item of topLevelItems(section.nodes)) {
      if (seen.has(item) || (!every && typeof item.checked !== 'boolean')) continue;
      seen.add(item);
      actions.push(actionItem(markdown.document, section, item));
    }
  }
  return actions.sort((a, b) => a.range.start.line - b.range.start.line);
}

function topLevelItems(nodes: readonly RootContent[]): ListItem[] {
  return nodes.filter((n): n is List => n.type === 'list').flatMap((list) => list.children);
}

function actionItem(document: TextDocument, section: Section, item: ListItem): ActionItem {
  const whole = rangeOfNode(document, item);
  const first = item.children[0];
  const range = first ? { start: whole.start, end: rangeOfNode(document, first).end } : whole;
  // The item's own text as written, nested lists included: an owner is often given on a line of its own.
  const text = document.getText(whole);
  const due = dueIn(text);
  const at = document.offsetAt(whole.start);
  return {
    range,
    section,
    owner: ownerIn(text),
    due: due && { text: due.text, range: { start: document.positionAt(at + due.offset), end: document.positionAt(at + due.offset + due.text.length) } },
  };
}

function topOf(markdown: MarkdownFile): Range {
  const title = markdown.sections.find((s) => s.depth === 1) ?? markdown.sections[0];
  return title?.heading ?? lineRange(markdown.document, markdown.frontMatter ? markdown.frontMatter.range.end.line + 1 : 0);
}
