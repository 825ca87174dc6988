import type { RuleMeta } from '../types';
import type { Rule } from './rule';
import { rule as actionCustomSeverity } from './action/custom-severity';
import { rule as cardHfModelIndex } from './card/hf-model-index';
import { rule as cardNeverEvents } from './card/never-events';
import { rule as cardObjective } from './card/objective';
import { rule as cardPlaceholder } from './card/placeholder';
import { rule as cardProxyFailureMode } from './card/proxy-failure-mode';
import { rule as configInvalid } from './config/invalid';
import { rule as configNeverEventDowngrade } from './config/never-event-downgrade';
import { rule as configUnknownRule } from './config/unknown-rule';
import { rule as conflictContradictoryActions } from './conflict/contradictory-actions';
import { rule as conflictIneffectiveOverride } from './conflict/ineffective-override';
import { rule as conflictInvertedEscalation } from './conflict/inverted-escalation';
import { rule as conflictRedundant } from './conflict/redundant';
import { rule as conflictUnreachable } from './conflict/unreachable';
import { rule as conflictUnsatisfiable } from './conflict/unsatisfiable';
import { rule as conflictWindowMismatch } from './conflict/window-mismatch';
import { rule as diffLoosenedUnacknowledged } from './diff/loosened-unacknowledged';
import { rule as fileBinary } from './file/binary';
import { rule as fileTooLarge } from './file/too-large';
import { rule as gateDuplicateName } from './gate/duplicate-name';
import { rule as gateUnknownSlo } from './gate/unknown-slo';
import { rule as modelMissingCard } from './model/missing-card';
import { rule as modelMissingNote } from './model/missing-note';
import { rule as modelNeverEventCoverage } from './model/never-event-coverage';
import { rule as modelSafeMode } from './model/safe-mode';
import { rule as modelUnknownNeverEvent } from './model/unknown-never-event';
import { rule as modelUnknownSlo } from './model/unknown-slo';
import { rule as neverEventActionSeverity } from './never-event/action-severity';
import { rule as neverEventTargetZero } from './never-event/target-zero';
import { rule as noteActionOwner } from './note/action-owner';
import { rule as noteFrontMatter } from './note/front-matter';
import { rule as noteLength } from './note/length';
import { rule as noteRequiredSection } from './note/required-section';
import { rule as noteReviewerRoles } from './note/reviewer-roles';
import { rule as schemaInvalidValue } from './schema/invalid-value';
import { rule as schemaMissingKey } from './schema/missing-key';
import { rule as schemaUnknownKey } from './schema/unknown-key';
import { rule as scenarioDuplicateName } from './scenario/duplicate-name';
import { rule as scenarioFailed } from './scenario/failed';
import { rule as scenarioMetricValue } from './scenario/metric-value';
import { rule as scenarioSeriesTime } from './scenario/series-time';
import { rule as scenarioUnknownDecision } from './scenario/unknown-decision';
import { rule as scenarioUnknownGate } from './scenario/unknown-gate';
import { rule as scenarioUnknownMetric } from './scenario/unknown-metric';
import { rule as sloDuplicateName } from './slo/duplicate-name';
import { rule as sloExactFloatEquality } from './slo/exact-float-equality';
import { rule as sloObjectiveSentence } from './slo/objective-sentence';
import { rule as sloRatioBounds } from './slo/ratio-bounds';
import { rule as sloTargetSyntax } from './slo/target-syntax';
import { rule as sloUnknownAction } from './slo/unknown-action';
import { rule as sloWindowSyntax } from './slo/window-syntax';
import { rule as suppressionExpired } from './suppression/expired';
import { rule as suppressionMissingReason } from './suppression/missing-reason';
import { rule as suppressionNotAllowed } from './suppression/not-allowed';
import { rule as suppressionUnknownRule } from './suppression/unknown-rule';
import { rule as suppressionUnused } from './suppression/unused';
import { rule as yamlAliasLimit } from './yaml/alias-limit';
import { rule as yamlDuplicateKey } from './yaml/duplicate-key';
import { rule as yamlSyntax } from './yaml/syntax';

/** Every rule, in the order they run. Adding a rule: a folder with index.ts, its test and docs/rules/<id>.md, then a line here. */
export const RULES: readonly Rule[] = [
  fileTooLarge,
  fileBinary,
  yamlSyntax,
  yamlDuplicateKey,
  yamlAliasLimit,
  schemaUnknownKey,
  schemaMissingKey,
  schemaInvalidValue,
  sloTargetSyntax,
  sloWindowSyntax,
  sloUnknownAction,
  sloDuplicateName,
  sloRatioBounds,
  sloExactFloatEquality,
  sloObjectiveSentence,
  actionCustomSeverity,
  neverEventTargetZero,
  neverEventActionSeverity,
  conflictUnreachable,
  conflictUnsatisfiable,
  conflictContradictoryActions,
  conflictInvertedEscalation,
  conflictRedundant,
  conflictWindowMismatch,
  conflictIneffectiveOverride,
  gateUnknownSlo,
  gateDuplicateName,
  scenarioDuplicateName,
  scenarioUnknownGate,
  scenarioUnknownDecision,
  scenarioMetricValue,
  scenarioSeriesTime,
  scenarioUnknownMetric,
  scenarioFailed,
  suppressionMissingReason,
  suppressionUnknownRule,
  suppressionNotAllowed,
  suppressionExpired,
  suppressionUnused,
  configInvalid,
  configUnknownRule,
  configNeverEventDowngrade,
  cardObjective,
  cardProxyFailureMode,
  cardNeverEvents,
  cardHfModelIndex,
  cardPlaceholder,
  noteFrontMatter,
  noteRequiredSection,
  noteActionOwner,
  noteReviewerRoles,
  noteLength,
  modelNeverEventCoverage,
  modelUnknownNeverEvent,
  modelUnknownSlo,
  modelMissingCard,
  modelMissingNote,
  modelSafeMode,
  diffLoosenedUnacknowledged,
];

export const RULE_METAS: readonly RuleMeta[] = RULES.map((r) => r.meta);

export const RULE_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULE_METAS.map((m) => [m.id, m]));
