/** Gate dry runs: metric values (snapshots, scenarios) through a model's SLOs, gates and scenarios, with a trace. */
export { parseMetricKey, metricKey } from './metric-key';
export { parseSnapshot, readMetricMap, type MetricMap, type MetricProblem, type MetricValue, type MetricValues, type Site } from './metric-values';
export { REQUIREMENTS, gateViews, scenarioViews, type ExpectAt, type GateView, type OnMissingData, type Requirement, type ScenarioView } from './views';
export { offsetText, type ExpectCheck, type ScenarioValue, type ScenarioValues, type SeriesRun } from './series-scenario';
export {
  decisionName,
  dryRun,
  evaluateGate,
  evaluateSlo,
  matches,
  modelSlos,
  sortedFiles,
  runScenario,
  type Decision,
  type DryRun,
  type GateOutcome,
  type ModelSlo,
  type Outcome,
  type RequirementFacts,
  type ScenarioOutcome,
  type SloOutcome,
  type SloStatus,
} from './evaluate';
export { gateLensTitle, resultText, runAllLensTitle, scenarioLensTitle, sloLensTitle, traceJson, traceMarkdown, traceText } from './explain';
export { policySnapshot, type SnapshotSource } from './snapshot-source';
