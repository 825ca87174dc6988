import type { Finding, Severity } from '../../engine';
import { element, xml } from '../../engine/xml';
import { fails, findingLine, plural, type RunReport, type Summary } from './report';

export { element, xml };

const withDoc = (path: string, f: Finding) => `${findingLine(path, f)}\n  ${f.docUrl}`;

/**
 * JUnit XML for CI test reporters (Jenkins, GitLab, test-reporter actions): one testcase per checked file.
 * A file fails when it has findings at or above `--fail-on`, so the report agrees with the exit code.
 * It gets ONE failure listing them all: reporters show only the first failure of a testcase. Findings
 * below the threshold, suppressed and baselined ones go to the testcase's system-out.
 */
export function formatJunit(run: RunReport, summary: Summary, options: { readonly failOn: Severity; readonly seconds: number }): string {
  const children = run.files.map((report) => {
    const attributes = { classname: report.path, name: report.path, file: report.path, time: 0 };
    if ('error' in report) return element('testcase', attributes, element('error', { message: report.error, type: 'unreadable' }, xml(`${report.path}: ${report.error}`, 'text')));
    const failing = report.findings.filter((f) => fails(f.severity, options.failOn));
    const passing = report.findings.filter((f) => !fails(f.severity, options.failOn));
    const body: string[] = [];
    if (failing.length) {
      const first = failing[0]!.message;
      const message = failing.length === 1 ? first : `${plural(failing.length, 'finding')}; the first: ${first}`;
      const type = [...new Set(failing.map((f) => f.rule))].join(' ');
      body.push(element('failure', { message, type }, xml(failing.map((f) => withDoc(report.path, f)).join('\n'), 'text')));
    }
    const out = [
      ...passing.map((f) => `${withDoc(report.path, f)}\n  (below --fail-on ${options.failOn})`),
      ...(report.waived ?? []).map(({ finding, waiver }) => `${withDoc(report.path, finding)}\n  (suppressed: ${waiver.reason}${waiver.until ? `; until ${waiver.until}` : ''})`),
      ...(report.baselined ?? []).map((f) => `${withDoc(report.path, f)}\n  (baselined)`),
    ];
    if (out.length) body.push(element('system-out', {}, xml(out.join('\n'), 'text')));
    return body.length ? element('testcase', attributes, `\n    ${body.join('\n    ')}\n  `) : element('testcase', attributes);
  });
  // What concerns the run rather than one file: notices and stale baseline entries.
  const runOut = [...run.notices.map((n) => `${n.path}: warning: ${n.message}`), ...run.stale.map((e) => `${e.path}: ${e.rule} ${e.message} (stale baseline entry)`)];
  if (runOut.length) children.push(element('system-out', {}, xml(runOut.join('\n'), 'text')));
  const failures = run.files.filter((r) => 'findings' in r && r.findings.some((f) => fails(f.severity, options.failOn))).length;
  const suite = { name: 'safety-specs', tests: run.files.length, failures, errors: summary.unreadable, skipped: 0, time: options.seconds.toFixed(3) };
  return junitDocument(suite, children);
}

/** The XML document of one testsuite with these children (testcases, system-out). */
export function junitDocument(suite: Record<string, string | number>, children: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('testsuite', suite, children.length ? `\n  ${children.join('\n  ')}\n` : undefined)}\n`;
}
