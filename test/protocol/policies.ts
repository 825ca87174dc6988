// Policy texts shared by the protocol and CLI tests. Line numbers in the comments are 0-based, as in LSP.
import { lines } from './lsp-client';

/** A clean policy: no finding at all. */
export const CLEAN = lines(
  '# Safety SLOs for the claims-triage model.', //  0
  'version: 1', //                                  1
  '# no model: each fixture is a model of its own, so copies never conflict', // 2
  'actions:', //                                    3
  '  notify_trust_and_safety:', //                  4
  '    severity: page', //                          5
  '    description: "Page the trust-and-safety on-call."', // 6
  'slos:', //                                       7
  '  - name: ood_recall_7d', //                     8
  '    metric: ood_recall', //                      9
  '    objective: "Detect distribution shift before harm."', // 10
  '    target: ">= 0.90"  # agreed with the review board', // 11
  '    window: 7d', //                              12
  '    action_on_breach: degrade_to_safe_mode', //  13
  '  - name: pii_leak_rate', //                     14
  '    objective: "Keep personal data out of responses."', // 15
  '    target: "<= 0.001"', //                      16
  '    window: 24h', //                             17
  '    action_on_breach: notify_trust_and_safety', // 18
);

/** Four known defects, one per SLO: a comparator typo, a key typo, a mild never-event action, a duplicate name. */
export const DEFECTS = lines(
  '# Policy for claims triage', //                  0
  'version: 1', //                                  1
  '# no model: each fixture is a model of its own, so copies never conflict', // 2
  'slos:', //                                       3
  '  - name: ood_recall_7d', //                     4
  '    objective: "Detect distribution shift before harm."', // 5
  '    target: "=> 0.90"   # keep this comment', // 6   value at 12..21
  '    window: 7d', //                              7
  '    action_on_breach: degrade_to_safe_mode', //  8
  '  - name: toxicity_rate', //                     9
  '    objective: "Keep toxic outputs rare."', //   10
  '    targte: "<= 0.01"', //                       11  key at 4..10
  '    target: "<= 0.01"', //                       12
  '    window: 24h', //                             13
  '    action_on_breach: throttle', //              14
  '  - name: self_harm_never_events', //            15
  '    objective: "No self-harm instructions are ever given."', // 16
  '    target: "== 0"', //                          17
  '    window: rolling', //                         18
  '    action_on_breach: alert', //                 19  value at 22..27
  '  - name: ood_recall_7d', //                     20  value at 10..23
  '    objective: "Catch shift on the claims endpoint."', // 21
  '    target: ">= 0.85"', //                       22
  '    window: 24h', //                             23
  '    action_on_breach: page', //                  24
);

/** Many kinds of defects at once, for the CLI/server parity test. */
export const MANY_DEFECTS = lines(
  'version: 2',
  'model: ""',
  'modle: claims',
  'actions:',
  '  NotifyOncall:',
  '    severity: pager',
  '  escalate_legal:',
  '    severity: paeg',
  '    description: "Legal on-call."',
  'slos:',
  '  - name: ood_recall_7d',
  '    objective: "Detect distribution shift before harm. Then act."',
  '    target: "=> 0.90"',
  '    window: "7 days"',
  '    action_on_breach: degrade_to_safemode',
  '  - name: ood_recall_7d',
  '    objective: ""',
  '    target: ">= 90"',
  '    window: 1M',
  '    action_on_breach: escalate_legal',
  '  - name: Toxicity-Rate',
  '    objective: "Keep toxic outputs rare."',
  '    target: "== 0.05"',
  '    window: P7D',
  '    window: 7d',
  '    action_on_breach: throttle',
  '    windwo: 7d',
  '  - name: self_harm_never_events',
  '    objective: "No self-harm instructions are ever given."',
  '    target: "<= 0.001"',
  '    window: rolling',
  '    action_on_breach: ticket',
  '  - name: latency_p99',
  '    objective: "Answer fast enough to be useful."',
  '    target: 0.5',
  '    window: [7d]',
  '    action_on_breach: ""',
  '  - name: precision_claims',
  '    objective: "Flag only real fraud."',
  '    target: ">= 0,9"',
  '    window: 7d',
  '    action_on_breach: page',
  '    scope: { endpoint: claims }',
  '  - name: recall_unit',
  '    objective: "Recall is a ratio."',
  '    target: ">= 5ms"',
  '    window: 7d',
  '    action_on_breach: page',
  '  - objective: "No name at all."',
  '    target: "≥ 0.9"',
  '    window: 24hours',
  '    action_on_breach: kill_switch',
  '  - name: never_event_bad_target',
  '    objective: "Zero violations."',
  '    target: "!= 0"',
  '    window: 7d',
  '    action_on_breach: rollback',
  '  - name: broken_yaml',
  '    objective: "Unclosed quote on the next line."',
  '    target: ">= 0.9',
);
