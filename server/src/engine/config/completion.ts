import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionSpot, keyItems, replacingTyped } from '../features/completion';
import { RULE_BY_ID, RULE_METAS } from '../rules/catalog';
import { CONFIG_SCHEMA } from '../schema';
import type { Level } from '../types';
import { downgradesNeverEvent, isRuleOptionsMap, isRulesMap, LEVELS } from './view';

/** What each level does in CI (`safety-specs check`, whose `--fail-on` defaults to error). */
const LEVEL_DETAIL: Readonly<Record<Level, string>> = {
  error: 'shown; fails the check',
  warning: 'shown; fails the check only with --fail-on warning',
  info: 'shown; fails the check only with --fail-on info',
  off: 'not reported',
};

/**
 * Keys from the config schema; under `rules:` (top-level or an override's) the rule ids not yet set, and
 * as their values the levels, never one below `error` for a rule that guards never events; under
 * `rule_options:` the rules that take options, described like under `rules:`.
 */
export function configCompletion(document: TextDocument, position: Position): CompletionItem[] {
  const spot = completionSpot(document, position);
  if (!spot) return [];
  if (spot.on === 'key') {
    if (isRulesMap(spot.path)) {
      return RULE_METAS.filter((meta) => !spot.present.has(meta.id)).map((meta, i) => ({
        label: meta.id,
        kind: CompletionItemKind.Property,
        detail: meta.description,
        insertText: `${meta.id}: `,
        sortText: String(i).padStart(3, '0'),
      }));
    }
    const items = keyItems(spot.path, spot.present, { root: CONFIG_SCHEMA, snippets: {} });
    // The keys of rule_options are rule ids: say what each rule checks, as under rules.
    return isRuleOptionsMap(spot.path) ? items.map((item) => ({ ...item, detail: RULE_BY_ID.get(item.label)?.description ?? item.detail })) : items;
  }
  if (!isRulesMap(spot.path.slice(0, -1))) return [];
  const meta = RULE_BY_ID.get(String(spot.path[spot.path.length - 1]));
  const levels = LEVELS.filter((level) => !meta || !downgradesNeverEvent(meta, level));
  return replacingTyped(
    levels.map((level, i) => ({ label: level, kind: CompletionItemKind.EnumMember, detail: LEVEL_DETAIL[level], insertText: level, sortText: String(i) })),
    spot.typed,
  );
}
