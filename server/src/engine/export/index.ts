/** Export of a model's SLOs to the systems that enforce them: Prometheus alerting rules and OpenSLO documents. */
export type { Exported, ExportModel, ExportResult, Skipped } from './exportable';
export { budgetProblem, DEFAULT_BUDGET, exportOpenSlo } from './openslo';
export { exportPrometheus } from './prometheus';
export { promDuration, promSlo, type PromSlo } from './promql';
