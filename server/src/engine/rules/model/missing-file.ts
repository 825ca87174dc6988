import { posix } from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import { rangeOf, type PolicyFile } from '../../policy/parse';
import type { Fix } from '../../types';

/** Where a finding about the whole model goes: the policy's `model:` value, else its first line. */
export function modelRange(file: PolicyFile): Range {
  const model = file.root?.fields.get('model')?.value;
  if (model) return rangeOf(file.document, model);
  const first = file.document.getText().split(/\r?\n/, 1)[0] ?? '';
  return { start: { line: 0, character: 0 }, end: { line: 0, character: first.length } };
}

/** The URI of `path` (relative to the policy's folder, as `model_card:` is). */
export function besidePolicy(file: PolicyFile, path: string): string {
  return new URL(path, file.document.uri).href;
}

/** How a file at `from` refers to one at `to` (both URIs): a relative path, with `/` whatever the platform. */
export function relativeUri(from: string, to: string): string {
  const path = (uri: string) => decodeURIComponent(new URL(uri).pathname);
  return posix.relative(posix.dirname(path(from)), path(to));
}

/** A fix that creates the file `path` (as the user would write it, relative to the policy) with `text`, and edits nothing. */
export function createFile(file: PolicyFile, path: string, text: string): Fix {
  return { title: `Create ${path} from the template`, edits: [], newFile: { uri: besidePolicy(file, path), text } };
}
