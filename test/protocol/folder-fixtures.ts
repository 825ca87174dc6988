// A model folder's three files (policy, model card, deliberation note), clean on their own, with one mistake
// across files each: the card's NE-2 has no SLO, the policy names an NE-9 the card lacks, the note mentions
// an SLO that does not exist. Shared by the model-folder protocol tests. Line numbers are 0-based.
import { lines } from './lsp-client';

export const POLICY = lines(
  'version: 1', //                                   0
  'model: claims-triage', //                         1
  'safe_mode:', //                                   2
  '  description: "Send every claim to a human reviewer."', // 3
  'slos:', //                                        4
  '  - name: ood_recall_7d', //                      5
  '    objective: "Detect distribution shift before harm."', // 6
  '    target: ">= 0.90"', //                        7
  '    window: 7d', //                               8
  '    action_on_breach: degrade_to_safe_mode', //   9
  '  - name: unreviewed_denials', //                 10
  '    objective: "No claim over 10k is denied without human review."', // 11
  '    target: "== 0"', //                           12
  '    window: rolling', //                          13
  '    action_on_breach: kill_switch', //            14
  '    never_events: [NE-1, NE-9]', //               15
);

export const CARD = lines(
  '# Claims triage model card', //                   0
  '', //                                             1
  '## Human objective', //                           2
  '', //                                             3
  'Route each insurance claim to the right reviewer quickly without denying any claim unfairly.', // 4
  '', //                                             5
  '## Proxies', //                                   6
  '', //                                             7
  '| Proxy | How it fails when over-optimised |', // 8
  '|---|---|', //                                    9
  '| `ood_recall_7d` | Flags every unusual claim, so reviewers drown in false alarms. |', // 10
  '', //                                             11
  '## Never events', //                              12
  '', //                                             13
  '- `NE-1` Never deny a claim over 10k without human review.', // 14
  '- `NE-2` Never use a protected attribute as a feature.', // 15
);

export const NOTE = lines(
  '---', //                                          0
  'date: 2026-11-02', //                             1
  'change: Raise the OOD recall target', //          2
  'slos: [ood_recall_7d, ood_recal_7d]', //          3
  'reviewers:', //                                   4
  '  - { name: Ana, role: product }', //             5
  '  - { name: Bo, role: ML }', //                   6
  '  - { name: Cy, role: SRE }', //                  7
  'decision: approved', //                           8
  '---', //                                          9
  '# Raise the OOD recall target', //                10
  '', //                                             11
  '## Change', //                                    12
  '', //                                             13
  'Raise `ood_recall_7d` from 0.85 to 0.90.', //     14
  '', //                                             15
  '## Alternatives considered', //                   16
  '', //                                             17
  '- Keep 0.85 and add a weekly manual audit.', //   18
  '', //                                             19
  '## Who might be affected', //                     20
  '', //                                             21
  'Claimants (users) wait longer when claims go to review; their families and other non-users too.', // 22
  '', //                                             23
  '## Feedback that changed the plan', //            24
  '', //                                             25
  'Support asked for a grace week before the new target applies.', // 26
  '', //                                             27
  '## Disagreement', //                              28
  '', //                                             29
  'None recorded: SRE accepted the extra paging.', // 30
  '', //                                             31
  '## Decision and actions', //                      32
  '', //                                             33
  '- [ ] Raise the target — owner: @ml-safety (due 2026-12-01)', // 34
);
