import type { YamlFile } from './parse';

/** Aliases a policy may expand before it is treated as a resource-exhaustion attack (a "billion laughs"). */
export const MAX_ALIAS_COUNT = 1000;

export type PolicyData =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'alias-limit' | 'unresolved-alias'; readonly message: string };

const cache = new WeakMap<YamlFile, PolicyData>();

/** The plain data of the first YAML document, computed once per parsed file. */
export function policyData(file: YamlFile): PolicyData {
  let data = cache.get(file);
  if (!data) {
    data = load(file);
    cache.set(file, data);
  }
  return data;
}

function load(file: YamlFile): PolicyData {
  const doc = file.yamlDocs[0];
  if (!doc) return { ok: true, value: null };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    // yaml throws a ReferenceError for an alias bomb and for an alias with no anchor; nothing else is expected.
    if (!(e instanceof ReferenceError)) throw e;
    return { ok: false, reason: /excessive alias count/i.test(e.message) ? 'alias-limit' : 'unresolved-alias', message: e.message };
  }
}
