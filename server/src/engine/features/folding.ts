import { isCollection, isPair, isScalar, isSeq, Scalar, visit, type Node } from 'yaml';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { PolicyFile } from '../policy/parse';

const isBlockScalar = (node: unknown): node is Scalar => isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);

/** Folds every key whose value spans lines, every multi-line list item, and runs of comment lines. */
export function foldingRanges(file: PolicyFile): FoldingRange[] {
  const { document } = file;
  const ranges: FoldingRange[] = [];
  const lineOf = (offset: number) => document.positionAt(offset).line;
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind) => {
    if (endLine > startLine) ranges.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  // Lines inside block scalars are text, even when they start with `#`.
  const textLines = new Set<number>();
  const doc = file.yamlDocs[0];
  if (doc) {
    visit(doc, {
      Pair(_, pair) {
        const value = pair.value as Node | null;
        if (isPair(pair) && (isCollection(value) || isBlockScalar(value)) && value.range && (pair.key as Node | null)?.range) {
          add(lineOf((pair.key as Node).range![0]), lineOf(value.range[1] - 1));
        }
      },
      Scalar(_, scalar) {
        if (!isBlockScalar(scalar) || !scalar.range) return;
        for (let line = lineOf(scalar.range[0]) + 1; line <= lineOf(scalar.range[1] - 1); line++) textLines.add(line);
      },
      Seq(_, seq) {
        if (!isSeq(seq)) return;
        for (const item of seq.items) {
          const range = (item as Node).range;
          if (isCollection(item) && range) add(lineOf(range[0]), lineOf(range[1] - 1));
        }
      },
    });
  }
  const lines = document.getText().split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const comment = (line: number) => /^\s*#/.test(lines[line]) && !textLines.has(line);
    if (!comment(i)) continue;
    let end = i;
    while (end + 1 < lines.length && comment(end + 1)) end++;
    add(i, end, FoldingRangeKind.Comment);
    i = end;
  }
  return ranges;
}
