import { basename } from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import { scalarText, stringOf } from '../../policy/parse';
import type { FolderSlo } from '../../rules/model/folder-slos';

/** `>= 0.90 over 7d → degrade_to_safe_mode`: what an SLO holds, as the policy's outline shows it. */
export function sloSummary({ file, slo }: FolderSlo): string {
  const field = (key: string) => scalarText(file.document, slo.fields.get(key)?.value) ?? '?';
  return `${field('target')} over ${field('window')} → ${field('action_on_breach')}`;
}

export function sloObjective({ slo }: FolderSlo): string | undefined {
  return stringOf(slo.fields.get('objective')?.value);
}

/** A location in a file as a target VS Code opens at the line (`file:///…/safety-slos.yaml#L12`). */
export function lineTarget(uri: string, range: Range): string {
  return `${uri}#L${range.start.line + 1}`;
}

/** `[safety-slos.yaml:12](file:///…#L12)`: where something is, as a Markdown link. */
export function whereLink(uri: string, range: Range): string {
  return `[${decodeURIComponent(basename(new URL(uri).pathname))}:${range.start.line + 1}](${lineTarget(uri, range)})`;
}
