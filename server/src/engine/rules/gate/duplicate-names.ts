import type { NameRef } from '../../dry-run/views';
import { replaceScalar } from '../../edits';
import { rangeOf, type PolicyFile } from '../../policy/parse';
import type { Rule } from '../rule';
import { uriFileName } from '../../uri';

interface Named {
  readonly file: PolicyFile;
  readonly name?: NameRef;
}

/**
 * Gates and scenarios are named across every policy file of a model (`safety-specs gate --gate NAME`, a scenario's
 * `gate:`, test reports), so two of one name are ambiguous. The later one (files in analyzeModel's URI order, items
 * as written) is reported, related to the first, with a rename to a free `<name>_<n>`.
 */
export function duplicateNameRule(noun: 'gate' | 'scenario', purpose: string, itemsOf: (file: PolicyFile) => readonly Named[]): Rule {
  return {
    kind: 'model',
    meta: { id: `${noun}/duplicate-name`, defaultSeverity: 'error', description: `${noun[0].toUpperCase()}${noun.slice(1)} names are unique in a model: ${purpose}.` },
    check({ files, report }) {
      const items = files.flatMap(itemsOf).flatMap((item) => (item.name ? [{ file: item.file, name: item.name }] : []));
      const taken = new Set(items.map((i) => i.name.name));
      const first = new Map<string, (typeof items)[number]>();
      for (const item of items) {
        const name = item.name.name;
        const original = first.get(name);
        if (!original) {
          first.set(name, item);
          continue;
        }
        const document = item.file.document;
        const originalRange = rangeOf(original.file.document, original.name.node);
        const where = original.file === item.file ? `line ${originalRange.start.line + 1}` : `${uriFileName(original.file.document.uri)}, line ${originalRange.start.line + 1}`;
        let n = 2;
        while (taken.has(`${name}_${n}`)) n++;
        const rename = `${name}_${n}`;
        taken.add(rename);
        report(item.file, {
          message: `Duplicate ${noun} name "${name}" (first on ${where}). Names must be unique in a model: ${purpose}.`,
          anchor: name,
          range: rangeOf(document, item.name.node),
          related: [{ uri: original.file.document.uri, range: originalRange, message: `First ${noun} named "${name}".` }],
          fixes: [{ title: `Rename to "${rename}"`, edits: [replaceScalar(document, item.name.node, rename)], preferred: true }],
        });
      }
    },
  };
}
