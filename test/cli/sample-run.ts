// A RunReport with everything check.ts can put in one, built from a real analysis, for the formatters:
// counted, suppressed and baselined findings, an unreadable path, a notice and a stale baseline entry.
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RunReport } from '../../server/src/cli/format/report';
import { analyze, type Finding } from '../../server/src/engine';
import { DEFECTS } from '../protocol/policies';

export const SAMPLE_PATH = 'audited/safety-slos.yaml';
export const WAIVER = { rules: ['slo/target-syntax'], reason: 'Known: fixed with ticket SAFE-12, "soon" & <surely>', until: '2099-12-31' };
export const NOTICE = { path: 'policies/loop', message: 'symbolic link loop: not followed' };
export const STALE = { path: 'old/safety-slos.yaml', rule: 'slo/window-syntax', message: 'Window "7 days" is written "7d".', fingerprint: '0123456789abcdef0123456789abcdef' };

export interface SampleRun {
  readonly run: RunReport;
  /** DEFECTS' four findings: the first is suppressed, the second baselined, the last two count. */
  readonly waived: Finding;
  readonly baselined: Finding;
  readonly counted: readonly Finding[];
}

export function sampleRun(): SampleRun {
  const document = TextDocument.create(pathToFileURL(resolve(SAMPLE_PATH)).href, 'safety-slos', 1, DEFECTS);
  const [waived, baselined, ...counted] = analyze(document).findings;
  assert.ok(waived && baselined && counted.length === 2, 'DEFECTS has four findings');
  const waiver = { ...WAIVER, range: { start: { line: 5, character: 4 }, end: { line: 5, character: 60 } } };
  const run: RunReport = {
    files: [
      { path: SAMPLE_PATH, uri: document.uri, findings: counted, waived: [{ finding: waived, waiver }], baselined: [baselined] },
      { path: 'missing.yaml', error: 'no such file or folder' },
    ],
    notices: [NOTICE],
    stale: [STALE],
    baseline: true,
  };
  return { run, waived, baselined, counted };
}
