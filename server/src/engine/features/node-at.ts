import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { YamlFile } from '../policy/parse';

export type PathSegment = string | number;

/** What sits under the cursor: a key or a value, the data path to it, and its nodes. */
export interface NodeAt {
  readonly path: readonly PathSegment[];
  readonly on: 'key' | 'value';
  readonly node: Node;
  readonly pair?: Pair;
}

const within = (node: unknown, offset: number): node is Node =>
  !!node && typeof node === 'object' && 'range' in node && Array.isArray((node as Node).range) && (node as Node).range![0] <= offset && offset <= (node as Node).range![1];

/** Descends the first document's AST to the innermost key or scalar value containing `offset`. */
export function nodeAt(file: YamlFile, offset: number): NodeAt | undefined {
  let node = file.yamlDocs[0]?.contents as Node | null | undefined;
  const path: PathSegment[] = [];
  let pair: Pair | undefined;
  while (node) {
    if (isMap(node)) {
      const hit = node.items.find((p) => isPair(p) && (within(p.key, offset) || within(p.value, offset)));
      if (!hit || !isScalar(hit.key)) return undefined;
      path.push(String(hit.key.value));
      pair = hit;
      if (within(hit.key, offset)) return { path, on: 'key', node: hit.key as Scalar, pair };
      node = hit.value as Node;
      continue;
    }
    if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item, offset));
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index] as Node;
      pair = undefined;
      continue;
    }
    return within(node, offset) ? { path, on: 'value', node, pair } : undefined;
  }
  return undefined;
}
