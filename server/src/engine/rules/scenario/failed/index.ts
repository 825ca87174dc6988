import { decisionName, resultText, type ScenarioOutcome, type SloOutcome } from '../../../dry-run';
import { offsetText, verdictCheck } from '../../../dry-run/series-scenario';
import { rangeOf } from '../../../policy/parse';
import type { RelatedLocation } from '../../../types';
import type { Rule } from '../../rule';
import { expectable, scenarioRuns } from '../runs';

/** SLOs with no value that did not decide, listed in the trace; more are counted, not listed. */
const MAX_QUIET = 10;

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'scenario/failed',
    defaultSeverity: 'error',
    description: 'A scenario whose metrics produce another decision than its `expect`: the policy no longer does what the scenario pins down.',
  },
  check({ files, report }) {
    const { names } = expectable(files);
    for (const { view, outcome } of scenarioRuns(files)) {
      if (outcome.series) {
        // Each expect that was checked and not met, on its decision; an expect not checked is scenario/series-time's
        // or scenario/metric-value's finding. The trace is of the verdict's expect, at its time.
        const verdict = verdictCheck(outcome.series.checks);
        for (const check of outcome.series.checks) {
          if (!check.checked || check.passed || !check.expected || !names.has(check.expected) || check.actual.kind === 'error') continue;
          const { related, unlisted } = check === verdict ? trace(outcome) : { related: [], unlisted: 0 };
          const when = check.when === 'end' ? `at the end (${offsetText(check.at)})` : `at ${check.when}`;
          report(view.file, {
            message: `Scenario ${outcome.scenario} expects ${check.expected} ${when} but decides ${decisionName(check.actual)} there: ${check.reason}${unlisted ? ` (${unlisted} more SLOs with no value are left out of the trace.)` : ''}`,
            anchor: view.name?.name,
            range: check.site.range,
            related,
          });
        }
        continue;
      }
      // A missing expect is schema/missing-key's finding, an unknown one scenario/unknown-decision's. An `error`
      // decision comes from a problem reported where it is (an error too): a bad metric value, an unknown gate or
      // SLO, a target that does not parse, an unknown action.
      if (!view.expect || !names.has(view.expect.name) || outcome.passed || outcome.decision.kind === 'error') continue;
      const { related, unlisted } = trace(outcome);
      report(view.file, {
        message: `Scenario ${outcome.scenario} expects ${view.expect.name} but decides ${decisionName(outcome.decision)}: ${outcome.reason}${unlisted ? ` (${unlisted} more SLOs with no value are left out of the trace.)` : ''}`,
        anchor: view.name?.name,
        range: rangeOf(view.file.document, view.expect.node),
        related,
      });
    }
  },
};

/** The trace as related information, one line per SLO, so the editor shows why next to the finding. */
function trace(outcome: ScenarioOutcome): { related: RelatedLocation[]; unlisted: number } {
  let quiet = 0;
  const related = outcome.slos.flatMap((o) => {
    if (o.status === 'no_data' && !o.decides && ++quiet > MAX_QUIET) return [];
    return [{ uri: o.uri, range: o.range, message: traceLine(o) }];
  });
  return { related, unlisted: Math.max(0, quiet - MAX_QUIET) };
}

/** `ood_recall_7d: 0.84 < 0.90, breach → degrade_to_safe_mode (decides)`. */
function traceLine(o: SloOutcome): string {
  return `${o.slo}: ${o.comparison ? `${o.comparison}, ` : ''}${resultText(o)}${o.decides ? ' (decides)' : ''}`;
}
