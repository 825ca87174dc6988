import { isScalar, visit, type Scalar, type YAMLError } from 'yaml';
import type { ConfigFile } from '../../../config/view';
import { policyData } from '../../../policy/data';
import { rangeOf } from '../../../policy/parse';
import { CONFIG_SCHEMA } from '../../../schema';
import type { Report } from '../../../types';
import type { Rule } from '../../rule';
import { schemaValidator, type Path } from '../../schema/validation';

const validate = schemaValidator<ConfigFile>({ schema: CONFIG_SCHEMA, describe });

export const rule: Rule = {
  kind: 'config',
  meta: {
    id: 'config/invalid',
    defaultSeverity: 'error',
    description: 'A config file that is not valid YAML or does not follow the config schema: unknown keys, wrong levels, wrong types.',
  },
  check({ config, report }) {
    config.yamlDocs.forEach((doc, i) => {
      for (const error of doc.errors) report(syntaxReport(config, error));
      if (i === 1 && doc.range) {
        const at = config.document.positionAt(doc.range[0]);
        report({ message: 'A config file holds one YAML document; this document and any after it are ignored.', range: { start: at, end: at } });
      }
    });
    const data = policyData(config);
    if (!data.ok) {
      report({ message: `YAML: ${data.message}.`, range: rangeOf(config.document, null) });
      return;
    }
    // An empty file (or only comments) is a valid config that sets nothing.
    for (const problem of validate(config, data.value ?? {})) report(problem.report);
  },
};

function syntaxReport(config: ConfigFile, error: YAMLError): Report {
  const { document } = config;
  const [start, end] = error.pos;
  const key = error.code === 'DUPLICATE_KEY' ? keyAt(config, start) : undefined;
  if (key) {
    return { message: `Duplicate key "${String(key.value)}": YAML keeps only the last value, so the earlier one is ignored. Merge the two.`, range: rangeOf(document, key) };
  }
  return { message: `YAML: ${error.message}`, range: { start: document.positionAt(start), end: document.positionAt(Math.max(end, start)) } };
}

/** The map key that starts at `offset`. */
function keyAt(config: ConfigFile, offset: number): Scalar | undefined {
  let found: Scalar | undefined;
  for (const doc of config.yamlDocs) {
    visit(doc, {
      Pair(_, pair) {
        if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
        found = pair.key;
        return visit.BREAK;
      },
    });
  }
  return found;
}

/** "the configuration", "override #2", "the rules of override #2": where a data path points, in words. */
function describe(config: ConfigFile, path: Path): string {
  if (path.length === 0) return 'the configuration';
  const last = path[path.length - 1];
  const parent = path.slice(0, -1);
  if (typeof last === 'number') return parent.length === 1 && parent[0] === 'overrides' ? `override #${last + 1}` : `item #${last + 1} of ${describe(config, parent)}`;
  return parent.length === 0 ? `"${last}"` : `the ${last} of ${describe(config, parent)}`;
}
