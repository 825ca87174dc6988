import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover, Position } from 'vscode-languageserver-types';
import { schemaHover } from '../features/hover';
import { nodeAt } from '../features/node-at';
import { parseYaml, rangeOf } from '../policy/parse';
import { RULE_BY_ID } from '../rules/catalog';
import { docUrl } from '../rules/rule';
import { CONFIG_SCHEMA, schemaAt } from '../schema';
import type { RuleMeta } from '../types';
import { isRuleOptionsMap, isRulesMap } from './view';

/**
 * On a rule id: what the rule checks, its default severity and its page (under `rule_options`, also what its
 * options mean); elsewhere the schema's documentation.
 */
export function configHover(document: TextDocument, position: Position): Hover | null {
  const at = nodeAt(parseYaml(document, { uniqueKeys: false }), document.offsetAt(position));
  if (!at) return null;
  let text: string | undefined;
  const parent = at.path.slice(0, -1);
  if (at.on === 'key' && (isRulesMap(parent) || isRuleOptionsMap(parent))) {
    const meta = RULE_BY_ID.get(String(at.path[at.path.length - 1]));
    const options = isRuleOptionsMap(parent) ? schemaAt(at.path, CONFIG_SCHEMA) : undefined;
    text = meta && ruleHover(meta, options?.markdownDescription);
  } else {
    text = schemaHover(at.path, CONFIG_SCHEMA);
  }
  return text ? { contents: { kind: 'markdown', value: text }, range: rangeOf(document, at.node) } : null;
}

function ruleHover(meta: RuleMeta, options?: string): string {
  const severity = `Default severity: \`${meta.defaultSeverity}\`.`;
  const guards = meta.guardsNeverEvents ? ' Guards never events: it stays at `error`, whatever a config sets.' : '';
  return `**${meta.id}**\n\n${meta.description}\n\n${options ? `${options}\n\n` : ''}${severity}${guards}\n\n[Rule documentation](${docUrl(meta)})`;
}
