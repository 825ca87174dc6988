import type { Scalar } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { didYouMean } from '../../did-you-mean';
import { replaceScalar } from '../../edits';
import type { Fix } from '../../types';

/** The preferred fix that writes `to` in place of a name, keeping the scalar's quoting. */
export function renameFix(document: TextDocument, node: Scalar, subject: string, to: string): Fix {
  return { title: `Change ${subject} to "${to}"`, edits: [replaceScalar(document, node, to)], preferred: true };
}

/** For a name that names nothing: ` Did you mean "x"?` and its fix when a candidate is close, else nothing. */
export function closestName(document: TextDocument, node: Scalar, subject: string, candidates: Iterable<string>): { hint: string; fixes?: Fix[] } {
  const suggestion = didYouMean(String(node.value), candidates);
  return suggestion ? { hint: ` Did you mean "${suggestion}"?`, fixes: [renameFix(document, node, subject, suggestion)] } : { hint: '' };
}
