import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { FrontMatter } from '../../../markdown/parse';
import { mapView, type Field } from '../../../policy/parse';
import type { CardContext, Rule } from '../../rule';

/**
 * The Hub's model-index: a list of models, each with `results`, each result a `task`, a `dataset` and its
 * `metrics`. The keys below are the ones the Hub requires; every other key (and every other front-matter
 * field: license, tags, base_model, ...) is left alone.
 */
const REQUIRED = {
  task: ['type'],
  dataset: ['type', 'name'],
  metric: ['type', 'value'],
} as const;

type Report = CardContext['report'];

/** What a required key holds: nothing (`type:`, `type: ""`), a collection where text belongs, or a value. */
function shapeOf(key: string, node: YamlNode | null | undefined): 'empty' | 'collection' | 'ok' {
  if (node == null || (isScalar(node) && (node.value === null || String(node.value).trim() === ''))) return 'empty';
  // The Hub takes any value for a metric's `value`; identifiers and names are text.
  return isScalar(node) || key === 'value' ? 'ok' : 'collection';
}

/** Where a missing key would go: on the first key of the map that lacks it, else on the map. */
function firstLine(map: YAMLMap): YamlNode {
  const first = map.items[0]?.key;
  return isScalar(first) ? first : map;
}

export const rule: Rule = {
  kind: 'card',
  meta: {
    id: 'card/hf-model-index',
    defaultSeverity: 'error',
    description: 'A Hugging Face `model-index` has the fields the Hub requires: task.type, dataset.type and name, and each metric\'s type and value.',
  },
  check({ card, report }) {
    const fm = card.frontMatter;
    const field = fm?.file.root?.fields.get('model-index');
    if (!fm || !field) return;
    if (!isSeq(field.value)) {
      report({ message: '`model-index` is a list of models, each with a `name` and its `results`.', range: fm.rangeOf(field.value, field.key), anchor: 'model-index' });
      return;
    }
    field.value.items.forEach((model, i) => {
      const path = `model-index[${i}]`;
      if (!isMap(model)) return report({ message: 'Each `model-index` entry is a map with a `name` and `results`.', range: fm.rangeOf(model as YamlNode, field.key), anchor: path });
      const results = mapView(model).fields.get('results');
      if (!results) return report({ message: 'This `model-index` entry has no `results`: the Hub needs at least one task, dataset and metrics.', range: fm.rangeOf(firstLine(model)), anchor: path });
      if (!isSeq(results.value)) return report({ message: '`results` is a list, each with a `task`, a `dataset` and `metrics`.', range: fm.rangeOf(results.value, results.key), anchor: `${path}.results` });
      results.value.items.forEach((result, j) => checkResult(fm, result as YamlNode, results, `${path}.results[${j}]`, report));
    });
  },
};

function checkResult(fm: FrontMatter, result: YamlNode, owner: Field, path: string, report: Report): void {
  if (!isMap(result)) return report({ message: 'A `results` entry is a map with a `task`, a `dataset` and `metrics`.', range: fm.rangeOf(result, owner.key), anchor: path });
  const fields = mapView(result).fields;
  for (const part of ['task', 'dataset'] as const) {
    const sub = fields.get(part);
    if (!sub) {
      report({ message: `This result has no \`${part}\`: the Hub requires ${REQUIRED[part].map((k) => `\`${part}.${k}\``).join(' and ')}.`, range: fm.rangeOf(firstLine(result)), anchor: `${path}.${part}` });
      continue;
    }
    requireKeys(fm, sub.value, sub.key, part, REQUIRED[part], `${path}.${part}`, report);
  }
  const metrics = fields.get('metrics');
  if (!metrics || !isSeq(metrics.value) || metrics.value.items.length === 0) {
    const range = metrics ? fm.rangeOf(metrics.value, metrics.key) : fm.rangeOf(firstLine(result));
    return report({ message: 'This result has no `metrics`: the Hub requires a list of metrics, each with a `type` and a `value`.', range, anchor: `${path}.metrics` });
  }
  metrics.value.items.forEach((metric, k) => {
    const node = metric as YamlNode;
    requireKeys(fm, node, isMap(node) ? firstLine(node) : metrics.key, `metrics[${k}]`, REQUIRED.metric, `${path}.metrics[${k}]`, report);
  });
}

/** `task`, `dataset` and each metric are maps with the required keys filled in; a missing one is reported at `missingAt`. */
function requireKeys(fm: FrontMatter, node: YamlNode | null, missingAt: YamlNode, label: string, keys: readonly string[], path: string, report: Report): void {
  if (!isMap(node)) {
    const wanted = keys.map((k) => `\`${label}.${k}\``).join(' and ');
    const empty = shapeOf(label, node) === 'empty';
    report({
      message: empty ? `\`${label}\` is empty: the Hub requires ${wanted}.` : `\`${label}\` is a map with ${wanted}.`,
      range: empty ? fm.rangeOf(missingAt) : fm.rangeOf(node, missingAt),
      anchor: path,
    });
    return;
  }
  const fields = mapView(node).fields;
  for (const key of keys) {
    const present = fields.get(key);
    const shape = shapeOf(key, present?.value);
    if (shape === 'ok') continue;
    report({
      message: present
        ? shape === 'empty'
          ? `\`${label}.${key}\` is empty: the Hub rejects a model-index result without it.`
          : `\`${label}.${key}\` is a map or list where the Hub expects text (an unfilled \`{placeholder}\`?).`
        : `\`${label}.${key}\` is missing: the Hub rejects a model-index result without it.`,
      range: present ? fm.rangeOf(present.value, present.key) : fm.rangeOf(missingAt),
      anchor: `${path}.${key}`,
    });
  }
}
