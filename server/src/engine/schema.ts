import configSchema from '../../../schemas/safety-specs-config.schema.json';
import policySchema from '../../../schemas/safety-slos.schema.json';

/** The subset of JSON Schema our schema uses; every property has a description and examples. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly examples?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly patternErrorMessage?: string;
  /** Which rule checks this value beyond its JSON type; schema findings leave the value to it. */
  readonly 'x-checked-by'?: string;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

export const POLICY_SCHEMA = policySchema as unknown as SchemaNode;
/** The schema of `.safety-specs.yaml`, the configuration file. */
export const CONFIG_SCHEMA = configSchema as unknown as SchemaNode;

function deref(root: SchemaNode, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = root.definitions?.[name];
  if (!target) throw new Error(`Unresolved schema reference ${node.$ref}`);
  return target;
}

/** The schema that applies at a data path (`['slos', 0, 'target']`) of a document of `root`'s schema, if any. */
export function schemaAt(path: readonly (string | number)[], root: SchemaNode = POLICY_SCHEMA): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    node = deref(root, node);
    if (typeof segment === 'number') node = node.items;
    else node = node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node && deref(root, node);
}

/** The first sentence of a description, for messages that must stay one line. */
export function summary(node: SchemaNode | undefined): string {
  const text = node?.description ?? '';
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}
