import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../types';
import { parseConfig, type ConfigLayer } from './config-file';

/** Test helpers only: nothing in the engine imports this file. */

export const CONFIG_URI = 'file:///w/.safety-specs.yaml';

export function configDoc(text: string, uri = CONFIG_URI): TextDocument {
  return TextDocument.create(uri, 'yaml', 1, text);
}

/** The findings `parseConfig` reports for `text`, optionally only those of one rule. */
export function configFindings(text: string, ruleId?: string): Finding[] {
  return parseConfig(configDoc(text)).findings.filter((f) => !ruleId || f.rule === ruleId);
}

/** The one finding `parseConfig` reports for `text`, which must be of `ruleId`. */
export function onlyConfigFinding(text: string, ruleId: string): Finding {
  const [f, ...rest] = configFindings(text);
  assert.deepEqual(rest, [], 'exactly one finding');
  assert.equal(f?.rule, ruleId);
  return f;
}

/** The layer of a config file with `text` at `uri`. */
export function layerOf(text: string, uri = CONFIG_URI): ConfigLayer {
  return parseConfig(configDoc(text, uri)).layer;
}
