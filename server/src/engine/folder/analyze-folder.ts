import type { TextDocument } from 'vscode-languageserver-textdocument';
import { byPosition, guard, toFinding } from '../analyze';
import { sectionAt } from '../card/locate';
import type { MarkdownFile } from '../markdown/parse';
import type { PolicyFile } from '../policy/parse';
import { RULES } from '../rules/catalog';
import type { Finding, Report } from '../types';
import type { ModelFolder } from './model-folder';

/**
 * The findings that need a model folder's three artifacts together (the folder rules), by document URI:
 * each lands once, on the file it is about. Pure: same files, same findings.
 */
export function analyzeFolder(folder: ModelFolder): Map<string, Finding[]> {
  const policies = new Map<string, PolicyFile>(folder.policies.map((p) => [p.document.uri, p]));
  const markdown = new Map<string, MarkdownFile>([...(folder.card ? [folder.card.card] : []), ...folder.notes.map((n) => n.note.markdown)].map((m) => [m.document.uri, m]));
  const byUri = new Map<string, Finding[]>();
  const main = folder.policies[0];
  for (const rule of RULES) {
    if (rule.kind !== 'folder') continue;
    const report = (document: TextDocument, r: Report) => {
      // Markdown findings are anchored to their section's heading (as the card and note rules' are).
      const md = markdown.get(document.uri);
      const anchored = md && !r.anchor ? { ...r, anchor: sectionAt(md, r.range.start)?.title } : r;
      const list = byUri.get(document.uri) ?? byUri.set(document.uri, []).get(document.uri)!;
      list.push(toFinding(rule, anchored, document, policies.get(document.uri)));
    };
    guard(rule, () => rule.check({ folder, report }), (message) => report(main.document, { message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
  }
  for (const list of byUri.values()) list.sort(byPosition);
  return byUri;
}
