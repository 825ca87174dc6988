import { isScalar, stringify } from 'yaml';
import type { Hover, Position } from 'vscode-languageserver-types';
import { windowAdjective, windowDescription } from '../duration';
import { LADDER, LADDER_TEXT, isLadderAction } from '../ladder';
import { rangeOf, type PolicyFile, type SloView } from '../policy/parse';
import { sloAction, sloTarget, sloWindow, type ResolvedAction } from '../policy/semantics';
import { schemaAt, type SchemaNode } from '../schema';
import { breachPhrase, holdsPhrase } from '../target';
import { nodeAt } from './node-at';

export function hover(file: PolicyFile, position: Position): Hover | null {
  const at = nodeAt(file, file.document.offsetAt(position));
  if (!at) return null;
  const range = rangeOf(file.document, at.node);
  const slo = at.path[0] === 'slos' && typeof at.path[1] === 'number' ? file.slos.find((s) => s.index === at.path[1]) : undefined;
  const field = at.path[at.path.length - 1];
  let text: string | undefined;
  if (at.on === 'value' && slo && at.path.length === 3) {
    if (field === 'target') text = targetHover(file, slo);
    else if (field === 'window') text = windowHover(file, slo);
    else if (field === 'action_on_breach') text = actionHover(file, sloAction(file, slo)?.resolved);
  } else if (at.on === 'value' && at.path[0] === 'actions' && field === 'severity' && isScalar(at.node) && isLadderAction(String(at.node.value))) {
    text = ladderPlace(String(at.node.value));
  }
  text ??= schemaHover(at.path);
  return text ? { contents: { kind: 'markdown', value: text }, range } : null;
}

/** A key's documentation from the schema (`root`'s, the policy's by default), with its first example. */
export function schemaHover(path: readonly (string | number)[], root?: SchemaNode): string | undefined {
  const name = path[path.length - 1];
  const schema = schemaAt(path, root);
  if (!schema?.description || typeof name !== 'string') return undefined;
  const example = schema.examples?.[0];
  const exampleText = example === undefined ? '' : `\n\n\`\`\`yaml\n${stringify({ [name]: example }).trimEnd()}\n\`\`\``;
  return `**${name}**\n\n${schema.markdownDescription ?? schema.description}${exampleText}`;
}

/** "the 7-day value of ood_recall": the metric named without a window suffix that repeats the window. */
function subject(file: PolicyFile, slo: SloView): string {
  const window = sloWindow(file, slo)?.result;
  let metric = slo.metric ?? 'the metric';
  if (window?.ok && window.window.kind === 'duration' && metric === slo.name) metric = metric.replace(new RegExp(`_${window.window.text}$`), '');
  if (!window?.ok) return `the value of \`${metric}\``;
  return `the ${windowAdjective(window.window)} value of \`${metric}\``;
}

function targetHover(file: PolicyFile, slo: SloView): string | undefined {
  const target = sloTarget(file, slo)?.result;
  if (!target?.ok) return undefined;
  const action = sloAction(file, slo);
  const then = action ? `, then \`${action.name}\`${action.resolved ? ` (${ordinal(action.resolved.rank + 1)} of ${LADDER.length} on the ladder)` : ''}` : '';
  return [
    `**Breach** when ${subject(file, slo)} ${breachPhrase(target.target)}${then}.`,
    '',
    `Holds while it stays ${holdsPhrase(target.target)}.`,
  ].join('\n');
}

function windowHover(file: PolicyFile, slo: SloView): string | undefined {
  const window = sloWindow(file, slo)?.result;
  return window?.ok ? `**Window** ${windowDescription(window.window)}.` : undefined;
}

function actionHover(file: PolicyFile, action: ResolvedAction | undefined): string | undefined {
  if (!action) return undefined;
  if (!action.custom) return ladderPlace(action.name);
  const description = file.actions.find((a) => a.name === action.name)?.fields.get('description')?.value;
  const what = isScalar(description) ? `: ${String(description.value)}` : '';
  return `**${action.name}** (custom action${what})\n\nRanks with \`${action.ladder}\`. ${ladderPlace(action.ladder)}`;
}

function ladderPlace(name: string): string {
  const rank = (LADDER as readonly string[]).indexOf(name);
  const milder = LADDER[rank - 1];
  const harsher = LADDER[rank + 1];
  const neighbours = [harsher && `milder than \`${harsher}\``, milder && `more severe than \`${milder}\``].filter(Boolean).join(', ');
  return `\`${name}\` is ${ordinal(rank + 1)} of ${LADDER.length} on the ladder${neighbours ? `: ${neighbours}` : ''}.\n\n${LADDER_TEXT.replace(name, `**${name}**`)}`;
}

function ordinal(n: number): string {
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
}

