import type { Rule } from '../../rule';
import { scenarioRuns } from '../runs';

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'scenario/series-time',
    defaultSeverity: 'error',
    description: "A series scenario's `step:` is a duration, and each `expect`'s `at:` a time within its series: an expect after the last sample is never checked.",
  },
  check({ files, report }) {
    for (const { view, outcome } of scenarioRuns(files)) {
      for (const problem of outcome.series?.problems ?? []) report(view.file, { message: problem.message, anchor: view.name?.name, range: problem.site.range });
    }
  },
};
