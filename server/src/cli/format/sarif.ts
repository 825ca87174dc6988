import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULE_METAS, type Finding, type Severity } from '../../engine';
import { DOCS_BASE } from '../../engine/rules/rule';
import { VERSION } from '../../version';
import type { FileReport } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Paths relative to the folder the CLI ran in (the repository root in CI), with forward slashes. */
function artifactUri(pathOrUri: string): string {
  const path = pathOrUri.startsWith('file:') ? relative(process.cwd(), fileURLToPath(pathOrUri)) : pathOrUri;
  return path.split(sep).join('/');
}

function region(range: Finding['range']) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/**
 * SARIF 2.1.0: every rule with its descriptions and help link, every finding with its location,
 * related locations (in any file), and `partialFingerprints` so code-scanning services track a
 * finding across edits that move it.
 */
export function formatSarif(reports: readonly FileReport[]): string {
  const ruleIndex = new Map(RULE_METAS.map((m, i) => [m.id as string, i]));
  const results = reports.flatMap((report) =>
    'error' in report
      ? []
      : report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(report.path), uriBaseId: '%SRCROOT%' }, region: region(f.range) } }],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((r, id) => ({
                  id,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: artifactUri(r.uri === report.uri ? report.path : r.uri), uriBaseId: '%SRCROOT%' }, region: region(r.range) },
                })),
              }
            : {}),
          partialFingerprints: { 'safetySpecs/v1': f.fingerprint },
        })),
  );
  const errors = reports.flatMap((r) => ('error' in r ? [r] : []));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'safety-specs',
            version: VERSION,
            informationUri: 'https://github.com/safety-specs/safety-specs',
            rules: RULE_METAS.map((m) => ({
              id: m.id,
              shortDescription: { text: m.description },
              fullDescription: { text: `${m.description}${m.guardsNeverEvents ? ' This rule guards never events: it cannot be turned off or downgraded.' : ''}` },
              help: { text: `${m.description} See ${DOCS_BASE}/${m.id}.md for why it matters, what it flags, and a failing and a passing example.` },
              helpUri: `${DOCS_BASE}/${m.id}.md`,
              defaultConfiguration: { level: LEVEL[m.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(process.cwd() + sep).href } },
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: errors.map((e) => ({
              level: 'error',
              message: { text: e.error },
              locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(e.path), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
