import { Scalar } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { rangeOf } from './policy/parse';

/**
 * Minimal edits: each replaces exactly one scalar's source text, so comments, indentation and the
 * rest of the line stay byte-for-byte. The quoting style the user chose is kept.
 */
export function replaceScalar(document: TextDocument, node: Scalar, value: string): TextEdit {
  return { range: rangeOf(document, node), newText: renderScalar(node.type, value) };
}

function renderScalar(type: Scalar['type'], value: string): string {
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (type === Scalar.QUOTE_DOUBLE || !isSafePlain(value)) return JSON.stringify(value);
  return value;
}

/** Plain scalars that read back as the same string: no indicators, not a number, bool or null. */
function isSafePlain(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value)
    || /^\d+[wdhms](\d+[wdhms])*$/.test(value);
}
