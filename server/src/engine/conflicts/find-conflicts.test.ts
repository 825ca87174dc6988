import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, analyzeWorkspace } from '../analyze';
import { LADDER_TEXT } from '../ladder';
import { parsePolicy } from '../policy/parse';
import { applyFix, doc, policy, range, slo, TEST_URI } from '../testing';
import type { Finding } from '../types';
import { sloFacts } from './facts';
import { findConflicts } from './find-conflicts';

/** Conflict findings only (`conflict/*`), in position order. */
function conflicts(text: string, rule?: string): Finding[] {
  return analyze(doc(text)).findings.filter((f) => (rule ? f.rule === rule : f.rule.startsWith('conflict/')));
}

/** An SLO item on `ood_recall` over 7d; fields override. */
function item(name: string, fields: Readonly<Record<string, string | undefined>> = {}): string {
  return slo({ name, metric: 'ood_recall', objective: 'Detect distribution shift before harm.', target: '">= 0.90"', window: '7d', action_on_breach: 'alert', ...fields });
}

/** The range of `name: <name>`'s value in `text`: where conflict findings sit. */
function nameRange(text: string, name: string) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => new RegExp(`^\\s*(?:- )?name: ${name}\\s*$`).test(l));
  assert.ok(line >= 0, `no SLO named ${name}`);
  const character = lines[line].indexOf('name: ') + 'name: '.length;
  return range(line, character, line, character + name.length);
}

/** The range of the `target:` value of SLO `name`. */
function targetRange(text: string, name: string) {
  const lines = text.split('\n');
  let line = nameRange(text, name).start.line;
  while (!/^\s*target: /.test(lines[line])) line++;
  const character = lines[line].indexOf('target: ') + 'target: '.length;
  return range(line, character, line, lines[line].replace(/\s+#.*$/, '').length);
}

/** The one finding of `rule` on SLO `name`, checked for anchor and range. */
function findingOn(text: string, rule: string, name: string): Finding {
  const found = conflicts(text, rule).filter((f) => f.anchor === name);
  assert.equal(found.length, 1, `${rule} on ${name}: ${JSON.stringify(conflicts(text).map((f) => [f.rule, f.anchor]))}`);
  assert.deepEqual(found[0].range, nameRange(text, name));
  return found[0];
}

/** The finding points at `others` (by name and position) in related information, in this order. */
function assertRelated(text: string, f: Finding, others: readonly string[], uri = TEST_URI): void {
  assert.deepEqual(
    (f.related ?? []).map((r) => ({ uri: r.uri, anchor: r.anchor, range: r.range })),
    others.map((o) => ({ uri, anchor: o, range: nameRange(text, o) })),
  );
}

/** [rule, subject] of every conflict finding, sorted: for "exactly these and nothing else". */
function summary(text: string): string[] {
  return conflicts(text)
    .map((f) => `${f.rule} ${f.anchor ?? '?'}`)
    .sort();
}

describe('conflicts through the engine', () => {
  describe('conflict/unsatisfiable', () => {
    const text = policy(item('recall_floor', { target: '">= 0.90"' }) + item('recall_cap', { target: '"<= 0.80"', action_on_breach: 'page' }));

    it('>= 0.90 and <= 0.80 on one metric and window: an error on both, each pointing at the other', () => {
      assert.deepEqual(summary(text), ['conflict/unsatisfiable recall_cap', 'conflict/unsatisfiable recall_floor']);
      const floor = findingOn(text, 'conflict/unsatisfiable', 'recall_floor');
      const cap = findingOn(text, 'conflict/unsatisfiable', 'recall_cap');
      for (const f of [floor, cap]) assert.equal(f.severity, 'error');
      assert.match(floor.message, /no value is both >= 0\.90 and <= 0\.80/);
      assert.match(cap.message, /no value is both <= 0\.80 and >= 0\.90/);
      assert.match(floor.message, /"recall_cap"/);
      assert.match(floor.message, /over 7d on "ood_recall"/);
      assert.match(floor.message, /all traffic/);
      assertRelated(text, floor, ['recall_cap']);
      assertRelated(text, cap, ['recall_floor']);
      assert.match(floor.related![0].message, /<= 0\.80 over 7d → page/);
    });

    it('== 0 and > 0 on a count', () => {
      const counts = policy(
        item('harm_violations_zero', { metric: 'harm_violations', target: '"== 0"', action_on_breach: 'kill_switch' }) +
          item('harm_violations_some', { metric: 'harm_violations', target: '"> 0"', action_on_breach: 'page' }),
      );
      assert.deepEqual(summary(counts), ['conflict/unsatisfiable harm_violations_some', 'conflict/unsatisfiable harm_violations_zero']);
      assert.match(findingOn(counts, 'conflict/unsatisfiable', 'harm_violations_zero').message, /no value is both == 0 and > 0/);
      assertRelated(counts, findingOn(counts, 'conflict/unsatisfiable', 'harm_violations_some'), ['harm_violations_zero']);
    });

    it('passes when the targets leave room (>= 0.80 and <= 0.90), or touch at a closed end (>= 0.80 and <= 0.80)', () => {
      assert.deepEqual(summary(policy(item('a', { target: '">= 0.80"' }) + item('b', { target: '"<= 0.90"' }))), []);
      assert.deepEqual(summary(policy(item('a', { target: '">= 0.80"' }) + item('b', { target: '"<= 0.80"' }))), []);
    });

    it('passes on different windows, different metrics, and with a time unit against a plain number', () => {
      assert.deepEqual(summary(policy(item('a') + item('b', { target: '"<= 0.80"', window: '24h' }))), []);
      assert.deepEqual(summary(policy(item('a') + item('b', { target: '"<= 0.80"', metric: 'ood_precision' }))), []);
      const latency = policy(item('p95_latency_ms', { metric: 'p95_latency', target: '"<= 500ms"' }) + item('p95_latency_raw', { metric: 'p95_latency', target: '">= 900"' }));
      assert.deepEqual(summary(latency), []);
    });

    it('compares times in one unit: <= 500ms and >= 1s cannot both hold', () => {
      const latency = policy(item('fast', { metric: 'p95_latency', target: '"<= 500ms"' }) + item('slow', { metric: 'p95_latency', target: '">= 1s"' }));
      assert.deepEqual(summary(latency), ['conflict/unsatisfiable fast', 'conflict/unsatisfiable slow']);
    });

    it('reads the metric from the name when `metric` is absent', () => {
      const text2 = policy(item('ood_recall', { metric: undefined }) + item('cap', { target: '"<= 0.80"' }));
      assert.deepEqual(summary(text2), ['conflict/unsatisfiable cap', 'conflict/unsatisfiable ood_recall']);
    });
  });

  describe('scopes', () => {
    const pair = (a: string, b: string) => policy(item('floor', { scope: a }) + item('cap', { target: '"<= 0.80"', scope: b }));

    it('{tenant: acme} and {tenant: globex} never apply to the same request: no conflict', () => {
      assert.deepEqual(summary(pair('{ tenant: acme }', '{ tenant: globex }')), []);
      assert.deepEqual(summary(pair('{ tenant: [acme, initech] }', '{ tenant: [globex, hooli] }')), []);
      assert.deepEqual(summary(pair('{ tenant: acme, endpoint: claims }', '{ endpoint: appeals }')), []);
    });

    it('{tenant: acme} and {endpoint: claims} overlap (acme\'s claims traffic): conflict, and the message says where', () => {
      const text = pair('{ tenant: acme }', '{ endpoint: claims }');
      assert.deepEqual(summary(text), ['conflict/unsatisfiable cap', 'conflict/unsatisfiable floor']);
      assert.match(findingOn(text, 'conflict/unsatisfiable', 'floor').message, /both apply to \{tenant: acme\} ∩ \{endpoint: claims\}/);
    });

    it('a list overlaps one of its members; "*" and an absent key overlap everything', () => {
      assert.equal(summary(pair('{ tenant: [acme, globex] }', '{ tenant: globex }')).length, 2);
      assert.equal(summary(pair('{ tenant: "*" }', '{ tenant: globex }')).length, 2);
      assert.equal(summary(pair('{ tenant: [acme, "*"] }', '{ tenant: globex }')).length, 2);
      const text = pair('{ region: eu }', '{ tenant: globex, region: eu }');
      assert.equal(summary(text).length, 2);
      assert.match(findingOn(text, 'conflict/unsatisfiable', 'floor').message, /both apply to \{region: eu, tenant: globex\}/);
    });

    it('a value holding the list separator is one value: {tenant: "a|b"} is not {tenant: [a, b]}', () => {
      // The two scopes do not even overlap (no tenant is both "a|b" and a or b), so no window mismatch.
      const text = policy(
        item('hourly', { target: '">= 0.95"', window: '1h', action_on_breach: 'alert', scope: '{ tenant: "a|b" }' }) +
          item('weekly', { window: '7d', action_on_breach: 'kill_switch', scope: '{ tenant: [a, b] }' }),
      );
      assert.deepEqual(summary(text), []);
    });
  });

  describe('conflict/contradictory-actions', () => {
    it('the same target with two actions: an error on both', () => {
      const text = policy(item('recall_alert') + item('recall_kill', { target: '">= 90%"', action_on_breach: 'kill_switch' }));
      assert.deepEqual(summary(text), ['conflict/contradictory-actions recall_alert', 'conflict/contradictory-actions recall_kill']);
      const f = findingOn(text, 'conflict/contradictory-actions', 'recall_alert');
      assert.equal(f.severity, 'error');
      assert.match(f.message, /"recall_kill"/);
      assert.match(f.message, /this one answers with alert and the other with kill_switch/);
      assertRelated(text, f, ['recall_kill']);
      assert.match(findingOn(text, 'conflict/contradictory-actions', 'recall_kill').message, /this one answers with kill_switch and the other with alert/);
    });

    it('targets that accept every value (">= 0", "<= 1" on a ratio) are unreachable, not compared with each other', () => {
      // Targets that accept every value are reported on their own and left out of the pairwise analysis.
      const text = policy(item('a', { target: '">= 0"' }) + item('b', { target: '"<= 1"', action_on_breach: 'page' }));
      assert.deepEqual(summary(text), ['conflict/unreachable a', 'conflict/unreachable b']);
    });

    it('an impossible target does not make its neighbours look wrong: only its own finding', () => {
      const text = policy(item('a', { target: '">= 95"' }) + item('b', { target: '">= 0.90"' }) + item('c', { target: '"<= 0.99"' }));
      assert.deepEqual(summary(text), []);
    });

    it('passes with the same action (then one is redundant), different targets or disjoint scopes', () => {
      assert.deepEqual(summary(policy(item('a') + item('b'))), ['conflict/redundant b']);
      assert.deepEqual(summary(policy(item('a') + item('b', { target: '">= 0.91"', action_on_breach: 'alert' }))), ['conflict/redundant a']);
      assert.deepEqual(summary(policy(item('a', { scope: '{ tenant: acme }' }) + item('b', { scope: '{ tenant: globex }', action_on_breach: 'kill_switch' }))), []);
    });
  });

  describe('conflict/inverted-escalation', () => {
    const text = policy(item('recall_kill', { target: '">= 0.95"', action_on_breach: 'kill_switch' }) + item('recall_alert', { target: '">= 0.90"', action_on_breach: 'alert' }));

    it('>= 0.95 -> kill_switch beside >= 0.90 -> alert: a warning on both, with the ladder', () => {
      assert.deepEqual(summary(text), ['conflict/inverted-escalation recall_alert', 'conflict/inverted-escalation recall_kill']);
      const alert = findingOn(text, 'conflict/inverted-escalation', 'recall_alert');
      const kill = findingOn(text, 'conflict/inverted-escalation', 'recall_kill');
      for (const f of [alert, kill]) {
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /"recall_kill" \(">= 0\.95" → kill_switch(, line \d+)?\) breaches before "recall_alert" \(">= 0\.90" → alert(, line \d+)?\)/);
        assert.match(f.message, /alert can never fire on its own/);
        assert.ok(f.message.includes(LADDER_TEXT), f.message);
      }
      // The value that shows it: 0.925 breaches the kill switch's SLO but not the alert's.
      assert.match(alert.message, /A value of 0\.925 already triggers kill_switch while "recall_alert" still holds/);
      assertRelated(text, alert, ['recall_kill']);
      assertRelated(text, kill, ['recall_alert']);
    });

    it('works for lower-is-better targets too: <= 0.02 -> rollback beside <= 0.05 -> ticket', () => {
      const lower = policy(
        item('fpr_rollback', { metric: 'decision_fpr', target: '"<= 0.02"', action_on_breach: 'rollback' }) +
          item('fpr_ticket', { metric: 'decision_fpr', target: '"<= 0.05"', action_on_breach: 'ticket' }),
      );
      assert.deepEqual(summary(lower), ['conflict/inverted-escalation fpr_rollback', 'conflict/inverted-escalation fpr_ticket']);
      assert.match(findingOn(lower, 'conflict/inverted-escalation', 'fpr_ticket').message, /A value of 0\.035 already triggers rollback/);
    });

    it('passes when the ladder goes the right way: >= 0.95 -> alert beside >= 0.90 -> kill_switch', () => {
      assert.deepEqual(summary(policy(item('a', { target: '">= 0.95"', action_on_breach: 'alert' }) + item('b', { target: '">= 0.90"', action_on_breach: 'kill_switch' }))), []);
    });

    it('passes when the stricter one applies to less traffic: the milder action still fires alone elsewhere', () => {
      const text2 = policy(item('a', { target: '">= 0.95"', action_on_breach: 'kill_switch', scope: '{ tenant: acme }' }) + item('b', { target: '">= 0.90"', action_on_breach: 'alert' }));
      assert.deepEqual(summary(text2), []);
    });
  });

  describe('conflict/redundant', () => {
    const strict = item('recall_strict', { target: '">= 0.95"', action_on_breach: 'page' });
    const loose = item('recall_loose', { target: '">= 0.90"', action_on_breach: 'page' });
    const other = item('precision', { metric: 'ood_precision', target: '">= 0.70"' });

    it('an SLO implied by a stricter one with the same action: info on the implied one, with a fix that removes it', () => {
      const text = policy(strict + loose + other);
      assert.deepEqual(summary(text), ['conflict/redundant recall_loose']);
      const f = findingOn(text, 'conflict/redundant', 'recall_loose');
      assert.equal(f.severity, 'info');
      assert.match(f.message, /never be the only one breached/);
      assert.match(f.message, /"recall_strict" \(">= 0\.95" → page, line \d+\)/);
      assertRelated(text, f, ['recall_strict']);
      assert.equal(f.fixes?.length, 1);
      assert.equal(f.fixes![0].title, 'Remove redundant SLO "recall_loose"');
      const fixed = applyFix(text, f.fixes![0]);
      assert.equal(fixed, policy(strict + other));
      assert.deepEqual(summary(fixed), []);
    });

    it('the fix removes exactly the item\'s lines wherever it sits: first, last, before another key, with comments around', () => {
      const layouts: Array<[string, string]> = [
        [policy(loose + strict), policy(strict)],
        [policy(strict + loose), policy(strict)],
        [policy(strict + loose, '\n# actions follow\nactions:\n  notify:\n    severity: page\n'), policy(strict, '\n# actions follow\nactions:\n  notify:\n    severity: page\n')],
        [policy(strict + loose).replace(/\n$/, ''), policy(strict)],
        [policy(strict + '  # the loose one\n' + loose + other), policy(strict + '  # the loose one\n' + other)],
      ];
      for (const [text, expected] of layouts) {
        const f = findingOn(text, 'conflict/redundant', 'recall_loose');
        const fixed = applyFix(text, f.fixes![0]);
        assert.equal(fixed, expected, JSON.stringify(text));
        assert.deepEqual(conflicts(fixed, 'conflict/redundant'), []);
      }
    });

    it('of two identical SLOs (same target, action and scope) the later one is redundant', () => {
      const text = policy(item('first') + item('second', { target: '">= 90%"' }));
      assert.deepEqual(summary(text), ['conflict/redundant second']);
      assertRelated(text, findingOn(text, 'conflict/redundant', 'second'), ['first']);
    });

    it('of two equal targets with the same action, the narrower scope is redundant', () => {
      const text = policy(item('acme', { scope: '{ tenant: acme }' }) + item('everyone'));
      assert.deepEqual(summary(text), ['conflict/redundant acme']);
    });

    it('passes when the looser one acts more severely (a proper ladder) or applies to other traffic', () => {
      assert.deepEqual(summary(policy(strict + item('recall_loose', { target: '">= 0.90"', action_on_breach: 'kill_switch' }))), []);
      assert.deepEqual(summary(policy(item('a', { scope: '{ tenant: acme }' }) + item('b', { scope: '{ endpoint: claims }' }))), []);
    });
  });

  describe('conflict/unreachable', () => {
    it('>= 0 on a ratio can never breach; <= 1.0 on a ratio neither; < 0 on a count always breaches', () => {
      const text = policy(
        item('recall_any', { target: '">= 0"' }) +
          item('precision_any', { metric: 'ood_precision', target: '"<= 1.0"' }) +
          item('negative_incidents', { metric: 'harm_incidents', target: '"< 0"', window: '24h' }),
      );
      const found = conflicts(text, 'conflict/unreachable');
      assert.equal(found.length, 3, JSON.stringify(found));
      const [any, cap, negative] = found;
      for (const f of found) assert.equal(f.severity, 'warning');
      // Unlike the pairwise kinds, this finding sits on the target: the value to change.
      assert.deepEqual(any.range, targetRange(text, 'recall_any'));
      assert.deepEqual(cap.range, targetRange(text, 'precision_any'));
      assert.deepEqual(negative.range, targetRange(text, 'negative_incidents'));
      assert.match(any.message, /">= 0" can never breach: a ratio lies in \[0, 1\]/);
      assert.match(cap.message, /"<= 1\.0" can never breach: a ratio lies in \[0, 1\]/);
      assert.match(negative.message, /"< 0" always breaches: a count is never negative/);
    });

    it('== 1 on a ratio, <= 0 on a count and >= 0 on an unbounded metric are reachable', () => {
      const text = policy(
        item('recall_perfect', { target: '"== 1"' }) +
          item('harm_incidents_zero', { metric: 'harm_incidents', target: '"<= 0"' }) +
          item('drift_score', { metric: 'drift_score', target: '">= 0"' }),
      );
      assert.deepEqual(conflicts(text, 'conflict/unreachable'), []);
    });

    it('a ratio threshold outside [0, 1] is left to slo/ratio-bounds', () => {
      const text = policy(item('recall_pct', { target: '">= 95"' }));
      assert.deepEqual(conflicts(text, 'conflict/unreachable'), []);
      assert.equal(analyze(doc(text)).findings.filter((f) => f.rule === 'slo/ratio-bounds').length, 1);
    });

    it('a percentage outside [0%, 100%] on a ratio is left to slo/ratio-bounds too (one finding, not two)', () => {
      const text = policy(item('recall_pct', { target: '">= 150%"' }));
      assert.equal(analyze(doc(text)).findings.filter((f) => f.rule === 'slo/ratio-bounds').length, 1);
      assert.deepEqual(conflicts(text, 'conflict/unreachable'), []);
    });
  });

  describe('conflict/window-mismatch', () => {
    it('the shorter window with the stricter target and the milder action: a warning on both', () => {
      const text = policy(
        item('recall_hourly', { target: '">= 0.95"', window: '1h', action_on_breach: 'alert' }) +
          item('recall_weekly', { target: '">= 0.90"', window: '7d', action_on_breach: 'kill_switch' }),
      );
      assert.deepEqual(summary(text), ['conflict/window-mismatch recall_hourly', 'conflict/window-mismatch recall_weekly']);
      const hourly = findingOn(text, 'conflict/window-mismatch', 'recall_hourly');
      const weekly = findingOn(text, 'conflict/window-mismatch', 'recall_weekly');
      for (const f of [hourly, weekly]) {
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /the shorter window 1h has the stricter target \(>= 0\.95\) but the milder action \(alert\)/);
        assert.match(f.message, /7d has the looser target \(>= 0\.90\) and the more severe action \(kill_switch\)/);
      }
      assertRelated(text, hourly, ['recall_weekly']);
      assertRelated(text, weekly, ['recall_hourly']);
    });

    it('passes when the short window escalates harder, when targets are equal, or on different scopes', () => {
      assert.deepEqual(summary(policy(item('h', { target: '">= 0.95"', window: '1h', action_on_breach: 'kill_switch' }) + item('w', { target: '">= 0.90"', action_on_breach: 'alert' }))), []);
      assert.deepEqual(summary(policy(item('h', { window: '1h' }) + item('w', { action_on_breach: 'kill_switch' }))), []);
      assert.deepEqual(
        summary(policy(item('h', { target: '">= 0.95"', window: '1h', scope: '{ tenant: acme }' }) + item('w', { action_on_breach: 'kill_switch', scope: '{ tenant: globex }' }))),
        [],
      );
    });

    it('a rolling never-event SLO beside a windowed one on the same metric with another target: a warning on both', () => {
      const text = policy(
        item('never_unreviewed_denials', { metric: 'unreviewed_denials', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch' }) +
          item('unreviewed_denials_weekly', { metric: 'unreviewed_denials', target: '"<= 3"', window: '7d', action_on_breach: 'page' }),
      );
      assert.deepEqual(summary(text), ['conflict/window-mismatch never_unreviewed_denials', 'conflict/window-mismatch unreviewed_denials_weekly']);
      const never = findingOn(text, 'conflict/window-mismatch', 'never_unreviewed_denials');
      assert.equal(never.severity, 'warning');
      assert.match(never.message, /never-event SLO "never_unreviewed_denials" \(== 0, rolling\) and "unreviewed_denials_weekly" \(<= 3 over 7d; the other is at line \d+\)/);
      assertRelated(text, never, ['unreviewed_denials_weekly']);
      assertRelated(text, findingOn(text, 'conflict/window-mismatch', 'unreviewed_denials_weekly'), ['never_unreviewed_denials']);
    });

    it('passes when the windowed one has the never event\'s target, or the rolling one is no never event and escalates right', () => {
      assert.deepEqual(
        summary(policy(item('never_x', { metric: 'x_violations', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch' }) + item('x_weekly', { metric: 'x_violations', target: '"== 0"', action_on_breach: 'page' }))),
        [],
      );
      assert.deepEqual(
        summary(policy(item('x_total', { metric: 'x_violations', target: '"== 0"', window: 'rolling', action_on_breach: 'page' }) + item('x_weekly', { metric: 'x_violations', target: '"<= 3"', action_on_breach: 'kill_switch' }))),
        [],
      );
    });
  });

  describe('conflict/ineffective-override', () => {
    it('a narrower scope with a looser target: a warning on it saying it has no effect', () => {
      const text = policy(item('recall_all', { target: '">= 0.90"', action_on_breach: 'page' }) + item('recall_acme', { target: '">= 0.80"', action_on_breach: 'page', scope: '{ tenant: acme }' }));
      assert.deepEqual(summary(text), ['conflict/ineffective-override recall_acme']);
      const f = findingOn(text, 'conflict/ineffective-override', 'recall_acme');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^No effect: this SLO applies to \{tenant: acme\} and is looser \(>= 0\.80\) than "recall_all" \(">= 0\.90" → page, line \d+\), which applies to all traffic/);
      assert.match(f.message, /nothing overrides/);
      assertRelated(text, f, ['recall_all']);
    });

    it('also when the narrower one acts more mildly, and for a list narrower than the wide one\'s list', () => {
      assert.deepEqual(summary(policy(item('all', { action_on_breach: 'rollback' }) + item('acme', { target: '">= 0.80"', action_on_breach: 'alert', scope: '{ tenant: acme }' }))), ['conflict/ineffective-override acme']);
      assert.deepEqual(
        summary(policy(item('two', { scope: '{ tenant: [acme, globex] }' }) + item('acme', { target: '">= 0.80"', scope: '{ tenant: acme, endpoint: claims }' }))),
        ['conflict/ineffective-override acme'],
      );
    });

    it('passes when the narrower one is stricter, acts more severely, or the wider one does not contain it', () => {
      assert.deepEqual(summary(policy(item('all', { action_on_breach: 'page' }) + item('acme', { target: '">= 0.95"', action_on_breach: 'page', scope: '{ tenant: acme }' }))), []);
      assert.deepEqual(summary(policy(item('all', { action_on_breach: 'page' }) + item('acme', { target: '">= 0.80"', action_on_breach: 'kill_switch', scope: '{ tenant: acme }' }))), []);
      assert.deepEqual(summary(policy(item('claims', { scope: '{ endpoint: claims }' }) + item('acme', { target: '">= 0.80"', scope: '{ tenant: acme }' }))), []);
    });
  });

  describe('across files of one model', () => {
    const uriA = 'file:///w/safety-slos.yaml';
    const uriB = 'file:///w/tenants/acme/safety-slos.yaml';
    const textA = policy(item('recall_floor', { target: '">= 0.90"' }));
    const textB = policy(item('acme_recall_cap', { target: '"<= 0.80"', scope: '{ tenant: acme }' }));

    it('the same model: a finding in each file, related information pointing into the other file', () => {
      const results = analyzeWorkspace([TextDocument.create(uriA, 'yaml', 1, textA), TextDocument.create(uriB, 'yaml', 1, textB)]);
      const a = results.get(uriA)!.findings.filter((f) => f.rule === 'conflict/unsatisfiable');
      const b = results.get(uriB)!.findings.filter((f) => f.rule === 'conflict/unsatisfiable');
      assert.equal(a.length, 1);
      assert.equal(b.length, 1);
      assert.equal(a[0].anchor, 'recall_floor');
      assert.deepEqual(a[0].range, nameRange(textA, 'recall_floor'));
      assertRelated(textB, a[0], ['acme_recall_cap'], uriB);
      assert.equal(b[0].anchor, 'acme_recall_cap');
      assert.deepEqual(b[0].range, nameRange(textB, 'acme_recall_cap'));
      assertRelated(textA, b[0], ['recall_floor'], uriA);
      assert.match(a[0].message, /no value is both >= 0\.90 and <= 0\.80/);
    });

    it('different models: no conflict between their files', () => {
      const results = analyzeWorkspace([TextDocument.create(uriA, 'yaml', 1, textA), TextDocument.create(uriB, 'yaml', 1, textB.replace('model: claims-triage', 'model: support-assistant'))]);
      for (const uri of [uriA, uriB]) assert.deepEqual(results.get(uri)!.findings.filter((f) => f.rule.startsWith('conflict/')), []);
    });

    it('files without a model are each a model of their own', () => {
      const strip = (t: string) => t.replace('model: claims-triage\n', '');
      const results = analyzeWorkspace([TextDocument.create(uriA, 'yaml', 1, strip(textA)), TextDocument.create(uriB, 'yaml', 1, strip(textB))]);
      for (const uri of [uriA, uriB]) assert.deepEqual(results.get(uri)!.findings.filter((f) => f.rule.startsWith('conflict/')), []);
    });
  });

  describe('one finding per SLO and kind', () => {
    it('names every partner: up to 5 as related information, the rest counted in the message', () => {
      const caps = [1, 2, 3, 4, 5, 6, 7].map((i) => item(`cap_${i}`, { target: `"<= 0.${i}0"` })).join('');
      const text = policy(item('floor', { target: '">= 0.90"' }) + caps);
      const floor = findingOn(text, 'conflict/unsatisfiable', 'floor');
      assertRelated(text, floor, ['cap_1', 'cap_2', 'cap_3', 'cap_4', 'cap_5']);
      assert.match(floor.message, /^Unsatisfiable with "cap_1"/);
      assert.match(floor.message, /Also with "cap_2", "cap_3", "cap_4", "cap_5" and 2 more\.$/);
      // Each cap conflicts with the floor only (the caps overlap each other: <= 0.10 ⊆ <= 0.20 ..., same action: redundant).
      assertRelated(text, findingOn(text, 'conflict/unsatisfiable', 'cap_7'), ['floor']);
    });
  });

  describe('findConflicts on facts', () => {
    it('reports each conflict once per subject and pair, naming both SLOs', () => {
      const text = policy(item('a', { target: '">= 0.95"', action_on_breach: 'kill_switch' }) + item('b', { action_on_breach: 'alert' }) + item('c', { target: '"<= 0.80"' }));
      const found = findConflicts(sloFacts(parsePolicy(doc(text)))).map((c) => `${c.kind} ${c.subject.name}→${c.other.name}`);
      assert.deepEqual(found.sort(), [
        'inverted-escalation a→b',
        'inverted-escalation b→a',
        'unsatisfiable a→c',
        'unsatisfiable b→c',
        'unsatisfiable c→a',
        'unsatisfiable c→b',
      ]);
    });

    it('skips SLOs whose fields do not parse', () => {
      const text = policy(item('a') + item('b', { target: '"about 0.8"' }) + item('c', { window: 'fortnight', target: '"<= 0.80"' }) + item('d', { action_on_breach: 'panic', target: '"<= 0.80"' }));
      assert.deepEqual(findConflicts(sloFacts(parsePolicy(doc(text)))), []);
    });
  });
});
