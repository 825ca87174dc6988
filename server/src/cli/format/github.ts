import type { Finding, Severity } from '../../engine';
import { repoPath } from './paths';
import { countsSentence, plural, SEVERITIES, type RunReport, type Summary } from './report';

/** GitHub shows at most this many annotations of each level in a step, and drops the rest. */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** One thing to report: a finding (located), or an unreadable path or notice (no location in a file). */
interface Entry {
  readonly severity: Severity;
  readonly path: string;
  readonly message: string;
  readonly finding?: Finding;
}

/** Counted findings, unreadable paths and notices, most severe first (in report order within a level). */
function entries(run: RunReport): Entry[] {
  const all: Entry[] = run.files.flatMap((report): Entry[] =>
    'error' in report
      ? [{ severity: 'error', path: report.path, message: report.error }]
      : report.findings.map((f) => ({ severity: f.severity, path: report.path, message: f.message, finding: f })),
  );
  all.push(...run.notices.map((n): Entry => ({ severity: 'warning', path: n.path, message: n.message })));
  return all.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

// GitHub's escaping for workflow commands: data escapes %, CR and LF; properties also ':' and ','.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation({ severity, path, message, finding: f }: Entry): string {
  if (!f) return `::${LEVEL[severity]}::${escapeData(`${path}: ${message}`)}`;
  const { start, end } = f.range;
  const properties = { file: repoPath(path), line: start.line + 1, col: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, title: f.rule };
  const props = Object.entries(properties).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${LEVEL[severity]} ${props}::${escapeData(`${message}\n${f.docUrl}`)}`;
}

/**
 * GitHub workflow commands: one annotation per counted finding, most severe first and at most
 * {@link ANNOTATIONS_PER_LEVEL} per level (GitHub drops the rest), then one line saying how many more
 * there are and `where` to read them all.
 */
export function formatGithub(run: RunReport, where: string): string {
  const shown: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const hidden: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const lines: string[] = [];
  for (const entry of entries(run)) {
    if (shown[entry.severity] < ANNOTATIONS_PER_LEVEL) {
      shown[entry.severity]++;
      lines.push(annotation(entry));
    } else {
      hidden[entry.severity]++;
    }
  }
  const more = SEVERITIES.reduce((n, s) => n + hidden[s], 0);
  if (more) {
    const counts = SEVERITIES.filter((s) => hidden[s]).map((s) => plural(hidden[s], LEVEL[s]));
    const text = `${more} more not shown as annotations (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level in a step): ${counts.join(', ')}. See ${where}.`;
    // A notice beyond GitHub's cap would be dropped too: then the line stays a plain log line.
    lines.push(shown.info < ANNOTATIONS_PER_LEVEL ? `::notice::${escapeData(text)}` : text);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Markdown that renders as text: HTML and table syntax escaped, line breaks kept inside the cell. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

/** For `$GITHUB_STEP_SUMMARY`: the counts and a table of every finding, with no cap. */
export function githubStepSummary(run: RunReport, summary: Summary): string {
  const rows = entries(run).map(({ severity, path, message, finding: f }) => {
    const where = f ? `${path}:${f.range.start.line + 1}` : path;
    const rule = f ? `[${cell(f.rule)}](${f.docUrl})` : '';
    return `| ${cell(where)} | ${severity} | ${rule} | ${cell(message)} |`;
  });
  const table = rows.length ? ['| Location | Severity | Rule | Message |', '| --- | --- | --- | --- |', ...rows] : ['No findings.'];
  return ['### safety-specs', '', cell(countsSentence(summary)), '', ...table, '', ''].join('\n');
}
