import { markdownText as cell } from '../markdown/escape';
import type { Aspect, DiffedChange, SloDiff } from './types';

/** How a caller names a file in output: a path relative to the repository or the workspace. */
export type FileLabel = (uri: string) => string;

/** The code lens title: `SLO diff vs main: 2 tightened, 1 loosened (not acknowledged)`. */
export function diffTitle(diff: SloDiff): string {
  const { tightened, loosened, neutral } = diff.counts;
  if (tightened + loosened + neutral === 0) return `SLO diff vs ${diff.base}: no changes`;
  const parts: string[] = [];
  if (tightened) parts.push(`${tightened} tightened`);
  if (loosened) parts.push(`${loosened} loosened (${acknowledgedText(diff)})`);
  if (neutral) parts.push(`${neutral} neutral`);
  return `SLO diff vs ${diff.base}: ${parts.join(', ')}`;
}

function acknowledgedText(diff: SloDiff): string {
  const { loosened } = diff.counts;
  if (diff.unacknowledged === 0) return 'acknowledged';
  if (diff.unacknowledged === loosened) return 'not acknowledged';
  return `${diff.unacknowledged} not acknowledged`;
}

/** `green` or `not green: 1 loosened change is not acknowledged`. */
export function verdictText(diff: SloDiff): string {
  if (diff.green) return diff.counts.loosened ? 'green: every loosened change is acknowledged in a changed deliberation note' : 'green: nothing is loosened';
  return `not green: ${diff.unacknowledged} loosened change${diff.unacknowledged === 1 ? ' is' : 's are'} not acknowledged in a deliberation note added or changed in the diff`;
}

/** What the change is, in a few words: `target: ">= 0.90" -> ">= 0.85"`. */
export function aspectText(aspect: Aspect): string {
  if (aspect.field === 'slo' || aspect.field === 'gate' || aspect.field === 'scenario' || aspect.field === 'text') return aspect.reason;
  const before = aspect.before === undefined || aspect.before === '' ? '(none)' : aspect.before;
  const after = aspect.after === undefined || aspect.after === '' ? '(none)' : aspect.after;
  return `${aspect.field}: ${before} -> ${after}`;
}

function changeName(change: DiffedChange, label: FileLabel): string {
  if (change.subject === 'file') return label(change.name);
  return change.oldName ? `${change.oldName} -> ${change.name}` : change.name;
}

function acknowledgement(change: DiffedChange, label: FileLabel): string {
  if (change.class !== 'loosened') return '';
  const ack = change.acknowledgement;
  if (!ack) return 'not acknowledged';
  return ack.inChangedNote ? `acknowledged in ${label(ack.uri)}` : `named in ${label(ack.uri)}, which did not change`;
}

/** Plain text for a terminal: one block per model, one line per change and an indented line per aspect. */
export function diffText(diffs: readonly SloDiff[], label: FileLabel): string {
  const lines: string[] = [];
  for (const diff of diffs) {
    lines.push(`${diffTitle(diff)} (${modelName(diff, label)})`);
    for (const change of diff.changes) {
      const ack = acknowledgement(change, label);
      // A removal is located where the head reports it (the list it left), not at a line of the base version.
      const where = change.anchor ?? change.before;
      const at = where ? `${label(where.uri)}:${where.range.start.line + 1}` : '';
      lines.push(`  ${change.class.padEnd(9)} ${change.kind.padEnd(8)} ${change.subject} ${changeName(change, label)}${at ? `  ${at}` : ''}${ack ? `  [${ack}]` : ''}`);
      for (const aspect of change.aspects) lines.push(`      ${aspectText(aspect)}${aspect.reason && !sameAsText(aspect) ? ` (${aspect.reason})` : ''}`);
    }
    lines.push(`  ${verdictText(diff)}`, '');
  }
  return lines.join('\n');
}

function sameAsText(aspect: Aspect): boolean {
  return aspectText(aspect) === aspect.reason;
}

/** GitHub-flavoured Markdown, meant for a pull-request comment: a verdict and a table per model. */
export function diffMarkdown(diffs: readonly SloDiff[], label: FileLabel): string {
  const out: string[] = [];
  const green = diffs.every((d) => d.green);
  out.push(`## Safety Specs: SLO diff ${green ? '✅ green' : '❌ not green'}`, '');
  for (const diff of diffs) {
    out.push(`### ${cell(modelName(diff, label))}: ${cell(diffTitle(diff))}`, '', `${diff.green ? '✅' : '❌'} ${verdictText(diff)}.`, '');
    if (diff.changes.length === 0) continue;
    out.push('| Change | What | Detail | Why | Deliberation note |', '| --- | --- | --- | --- | --- |');
    for (const change of diff.changes) {
      const what = `${change.subject === 'file' ? 'file' : change.subject} \`${cell(changeName(change, label))}\``;
      const details = change.aspects.map((a) => cell(aspectText(a))).join('<br>');
      const why = change.aspects.filter((a) => !sameAsText(a)).map((a) => cell(a.reason)).join('<br>');
      out.push(`| ${icon(change)} ${change.class} (${change.kind}) | ${what} | ${details} | ${why} | ${cell(acknowledgement(change, label))} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The JSON the CLI prints: stable field names, paths relative to the repository. */
export function diffJson(diffs: readonly SloDiff[], label: FileLabel) {
  return {
    green: diffs.every((d) => d.green),
    models: diffs.map((diff) => ({
      model: modelName(diff, label),
      base: diff.base,
      green: diff.green,
      counts: diff.counts,
      unacknowledged: diff.unacknowledged,
      changes: diff.changes.map((c) => ({
        subject: c.subject,
        kind: c.kind,
        name: c.subject === 'file' ? label(c.name) : c.name,
        ...(c.oldName ? { oldName: c.oldName } : {}),
        class: c.class,
        ...(c.before ? { before: { file: label(c.before.uri), line: c.before.range.start.line + 1 } } : {}),
        ...(c.after ? { after: { file: label(c.after.uri), line: c.after.range.start.line + 1 } } : {}),
        aspects: c.aspects.map((a) => ({ field: a.field, class: a.class, before: a.before ?? '', after: a.after ?? '', reason: a.reason })),
        ...(c.class === 'loosened'
          ? { acknowledged: !!c.acknowledgement?.inChangedNote, ...(c.acknowledgement ? { note: { file: label(c.acknowledgement.uri), line: c.acknowledgement.range.start.line + 1 } } : {}) }
          : {}),
      })),
    })),
  };
}

const ICONS = { tightened: '🔒', loosened: '⚠️', neutral: '·' } as const;

function icon(change: DiffedChange): string {
  return ICONS[change.class];
}

function modelName(diff: SloDiff, label: FileLabel): string {
  return diff.model ?? label(diff.changes[0]?.after?.uri ?? diff.changes[0]?.before?.uri ?? '');
}
