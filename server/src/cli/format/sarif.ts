import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_METAS, type Finding, type Severity, type Waiver } from '../../engine';
import { DOCS_BASE } from '../../engine/rules/rule';
import { VERSION } from '../../version';
import { repoPath } from './paths';
import type { RunReport } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function region(range: Finding['range']) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function physicalLocation(pathOrUri: string, range?: Finding['range']) {
  return { artifactLocation: { uri: repoPath(pathOrUri), uriBaseId: '%SRCROOT%' }, ...(range ? { region: region(range) } : {}) };
}

/** How a finding stands: counted, silenced by a suppression, or known from the baseline. */
type Standing = { readonly kind: 'counted' } | { readonly kind: 'waived'; readonly waiver: Waiver } | { readonly kind: 'baselined' };

/**
 * SARIF 2.1.0: every rule with its descriptions and help link, every finding with its location,
 * related locations (in any file), and `partialFingerprints` so code-scanning services track a
 * finding across edits that move it. Suppressed findings are results with an in-source suppression
 * (viewers hide them, auditors see the reason); with a baseline, every result says whether it is new.
 */
export function formatSarif(run: RunReport): string {
  const ruleIndex = new Map(RULE_METAS.map((m, i) => [m.id as string, i]));
  const results = run.files.flatMap((report) => {
    if ('error' in report) return [];
    const result = (f: Finding, standing: Standing) => ({
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: physicalLocation(report.path, f.range) }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: physicalLocation(r.uri === report.uri ? report.path : r.uri, r.range),
            })),
          }
        : {}),
      partialFingerprints: { 'safetySpecs/v1': f.fingerprint },
      ...(run.baseline ? { baselineState: standing.kind === 'baselined' ? 'unchanged' : 'new' } : {}),
      ...(standing.kind === 'waived'
        ? {
            suppressions: [
              {
                kind: 'inSource',
                justification: standing.waiver.reason,
                location: { physicalLocation: physicalLocation(report.path, standing.waiver.range) },
                ...(standing.waiver.until ? { properties: { until: standing.waiver.until } } : {}),
              },
            ],
          }
        : {}),
    });
    return [
      ...report.findings.map((f) => result(f, { kind: 'counted' })),
      ...(report.waived ?? []).map(({ finding, waiver }) => result(finding, { kind: 'waived', waiver })),
      ...(report.baselined ?? []).map((f) => result(f, { kind: 'baselined' })),
    ];
  });
  const errors = run.files.flatMap((r) => ('error' in r ? [r] : []));
  const notification = (level: 'error' | 'warning', path: string, text: string) => ({ level, message: { text }, locations: [{ physicalLocation: physicalLocation(path) }] });
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
            toolExecutionNotifications: [
              ...errors.map((e) => notification('error', e.path, e.error)),
              ...run.notices.map((n) => notification('warning', n.path, n.message)),
            ],
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
