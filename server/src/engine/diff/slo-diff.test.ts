import { strict as assert } from 'node:assert';
import { policy, range, slo } from '../testing';
import { diffOf, summaryOf, uriOf, type Version } from './testing';

type Fields = Readonly<Record<string, string | undefined>>;

/** One policy file holding these SLOs (the default one when none is given), and any top-level extra. */
const version = (slos: readonly Fields[] = [{}], extra = ''): Version => ({ 'safety-slos.yaml': policy(slos.map((f) => slo(f)).join(''), extra) });
const BASE = version();
const CUSTOM = (name: string, severity: string) => `actions:\n  ${name}:\n    severity: ${severity}\n`;
const GATE = (lines: string) => `gates:\n  - name: release\n${lines}`;

/** The summary of the diff from `before` to `after`; a single SLO's fields by default. */
function summary(after: Version, before: Version = BASE): string[] {
  return summaryOf(diffOf(before, after));
}

/** The only aspect of the only change. */
function aspect(after: Version, before: Version = BASE) {
  const { changes } = diffOf(before, after);
  assert.equal(changes.length, 1, JSON.stringify(summaryOf(diffOf(before, after))));
  assert.equal(changes[0]!.aspects.length, 1);
  return changes[0]!.aspects[0]!;
}

describe('sloDiff', () => {
  describe('tightened', () => {
    it('a stricter target, with a value that now breaches and the head value located', () => {
      assert.deepEqual(summary(version([{ target: '">= 0.95"' }])), ['tightened modified slo ood_recall_7d: target tightened']);
      const a = aspect(version([{ target: '">= 0.95"' }]));
      assert.deepEqual([a.before, a.after, a.reason], ['>= 0.90', '>= 0.95', 'A stricter target: a value of 0.925 now breaches.']);
      assert.deepEqual(a.at, { uri: uriOf('safety-slos.yaml'), range: range(5, 12, 5, 21) });
    });

    it('a comparator made strict: `>= 0.90` to `> 0.90` breaches at 0.90 itself', () => {
      const a = aspect(version([{ target: '"> 0.90"' }]));
      assert.deepEqual([a.class, a.reason], ['tightened', 'A stricter target: a value of 0.90 now breaches.']);
    });

    it('a more severe action, built-in or custom (ranked by its severity)', () => {
      assert.deepEqual(summary(version([{ action_on_breach: 'rollback' }])), ['tightened modified slo ood_recall_7d: action_on_breach tightened']);
      const a = aspect(version([{ action_on_breach: 'pull_the_plug' }], CUSTOM('pull_the_plug', 'kill_switch')));
      assert.deepEqual([a.class, a.before, a.after], ['tightened', 'degrade_to_safe_mode', 'pull_the_plug (kill_switch)']);
      assert.equal(a.reason, 'A breach now triggers pull_the_plug (kill_switch), more severe than degrade_to_safe_mode.');
    });

    it('a shorter window, and rolling to a duration, on an averaged metric', () => {
      assert.deepEqual(summary(version([{ window: '1d' }])), ['tightened modified slo ood_recall_7d: window tightened']);
      assert.deepEqual(summary(version([{ window: '30d' }]), version([{ window: 'rolling' }])), ['tightened modified slo ood_recall_7d: window tightened']);
    });

    it('a new SLO, located on its name', () => {
      const diff = diffOf(BASE, version([{}, { name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' }]));
      assert.deepEqual(summaryOf(diff), ['tightened added slo appeal_overturn_rate_28d: slo tightened']);
      assert.equal(diff.changes[0]!.aspects[0]!.reason, 'New: a breach of appeal_overturn_rate_28d triggers degrade_to_safe_mode.');
      assert.deepEqual(diff.changes[0]!.anchor?.range, range(8, 10, 8, 34));
    });

    it('a scope widened: a dimension opened up, a value added, or `"*"`', () => {
      const acme = version([{ scope: '{tenant: acme}' }]);
      for (const head of ['{tenant: [acme, globex]}', '{tenant: "*"}', '{}']) {
        assert.deepEqual(summary(version([{ scope: head }]), acme), ['tightened modified slo ood_recall_7d: scope tightened'], head);
      }
      assert.equal(aspect(version(), acme).reason, 'The scope is widened: the SLO now covers all traffic.');
    });

    it('a never event added, and a never-event id added to the list', () => {
      assert.deepEqual(summary(version([{ never_events: '[NE-1]' }])), ['tightened modified slo ood_recall_7d: never_events tightened, never_events tightened']);
      const a = aspect(version([{ never_events: '[NE-1, NE-2]' }]), version([{ never_events: '[NE-1]' }]));
      assert.deepEqual([a.class, a.before, a.after, a.reason], ['tightened', '', 'NE-2', 'Never event NE-2 is now covered by this SLO.']);
    });

    it('a zero-tolerance SLO made to remember events longer: `== 0` from 7d to rolling', () => {
      const never = (window: string) => version([{ name: 'unreviewed_denials', objective: 'Never deny a claim without review.', target: '"== 0"', window, action_on_breach: 'kill_switch' }]);
      const a = aspect(never('rolling'), never('7d'));
      assert.deepEqual([a.class, a.reason], ['tightened', 'A longer window under zero tolerance: an event now counts against the target for longer.']);
    });
  });

  describe('loosened', () => {
    const loosened = (after: Version, field: string, before: Version = BASE) => {
      const a = aspect(after, before);
      assert.deepEqual([a.field, a.class], [field, 'loosened']);
      return a;
    };

    it('a relaxed target, with a value that used to breach', () => {
      const a = loosened(version([{ target: '">= 0.85"' }]), 'target');
      assert.equal(a.reason, 'A relaxed target: a value of 0.875 used to breach and now passes.');
      loosened(version([{ target: '">= 0.90"' }]), 'target', version([{ target: '"> 0.90"' }]));
      // Neither implies the other: some value passes that used to breach.
      loosened(version([{ target: '"<= 0.95"' }]), 'target');
    });

    it('a milder action, built-in or a custom action whose severity was lowered', () => {
      assert.equal(loosened(version([{ action_on_breach: 'page' }]), 'action_on_breach').reason, 'A breach now triggers page, milder than degrade_to_safe_mode.');
      const notify = (severity: string) => version([{ action_on_breach: 'notify' }], CUSTOM('notify', severity));
      const a = loosened(notify('page'), 'action_on_breach', notify('rollback'));
      assert.deepEqual([a.before, a.after, a.reason], ['notify (rollback)', 'notify (page)', 'A breach now triggers notify (page), milder than notify (rollback).']);
    });

    it('an SLO removed, anchored at `slos:` of its file', () => {
      const diff = diffOf(version([{}, { name: 'appeal_overturn_rate_28d', window: '28d' }]), BASE);
      assert.deepEqual(summaryOf(diff), ['loosened removed slo appeal_overturn_rate_28d: slo loosened']);
      const [change] = diff.changes;
      assert.deepEqual(change!.aspects[0]!.reason, 'Removed: a breach of appeal_overturn_rate_28d no longer triggers degrade_to_safe_mode.');
      assert.equal(change!.aspects[0]!.before, '>= 0.90, 28d, degrade_to_safe_mode');
      assert.deepEqual(change!.anchor, { uri: uriOf('safety-slos.yaml'), range: range(2, 0, 2, 4) });
      assert.deepEqual(change!.before?.range, range(8, 10, 8, 34));
      assert.equal(change!.after, undefined);
    });

    it('a never-event SLO removed says the never event is uncovered', () => {
      const diff = diffOf(version([{}, { name: 'unreviewed_denials', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch', never_events: '[NE-1]' }]), BASE);
      assert.equal(diff.changes[0]!.aspects[0]!.reason, 'Removed: a breach of unreviewed_denials no longer triggers kill_switch. It guarded a never event, which is now uncovered.');
    });

    it('a never-event id removed, or the list emptied', () => {
      const a = loosened(version([{ never_events: '[NE-1]' }]), 'never_events', version([{ never_events: '[NE-1, NE-2]' }]));
      assert.deepEqual([a.before, a.after, a.reason], ['NE-2', '', 'Never event NE-2 is no longer covered by this SLO.']);
      assert.deepEqual(summary(version([{ never_events: '[]' }]), version([{ never_events: '[NE-1]' }])), ['loosened modified slo ood_recall_7d: never_events loosened, never_events loosened']);
    });

    it('a scope narrowed, moved, or made an empty list', () => {
      const all = version([{ scope: '{tenant: [acme, globex]}' }]);
      assert.equal(loosened(version([{ scope: '{tenant: acme}' }]), 'scope', all).reason, 'The scope is narrowed: traffic in {tenant: acme|globex} but outside {tenant: acme} is no longer covered.');
      assert.equal(loosened(version([{ scope: '{tenant: initech}' }]), 'scope', all).reason, 'The scope moved: some traffic of {tenant: acme|globex} is no longer covered.');
      assert.equal(loosened(version([{ scope: '{tenant: []}' }]), 'scope', all).reason, 'The scope has an empty list, which matches no traffic: the SLO no longer applies anywhere.');
    });

    it('a longer window, and a duration made rolling, on an averaged metric', () => {
      assert.equal(loosened(version([{ window: '30d' }]), 'window').reason, 'A longer window: a breach is averaged over more time and shows later, or not at all.');
      loosened(version([{ window: 'rolling' }]), 'window');
    });

    it('a zero-tolerance SLO made to forget events sooner: `== 0` from rolling to 7d', () => {
      const never = (window: string) => version([{ name: 'unreviewed_denials', objective: 'Never deny a claim without review.', target: '"== 0"', window, action_on_breach: 'kill_switch' }]);
      assert.equal(loosened(never('7d'), 'window', never('rolling')).reason, 'A shorter window under zero tolerance: an event stops counting against the target sooner.');
    });

    it('any window change on a count with an upper bound (a total or a rate per period: the readings disagree)', () => {
      const count = (window: string, target = '"<= 3"') => version([{ name: 'incidents_count', target, window }]);
      loosened(count('1d'), 'window', count('7d'));
      loosened(count('30d'), 'window', count('7d'));
      // Bounded from below only, both readings agree: a shorter window is stricter.
      assert.equal(aspect(count('1d', '">= 100"'), count('7d', '">= 100"')).class, 'tightened');
    });

    it('a window changed together with the kind of target (averaged to zero tolerance)', () => {
      const diff = diffOf(version([{ window: '30d' }]), version([{ window: '7d', target: '"== 0"' }]));
      const window = diff.changes[0]!.aspects.find((a) => a.field === 'window')!;
      assert.deepEqual([window.class, window.reason], ['loosened', 'The window changed together with the kind of target, so the two cannot be compared: treated as loosened.']);
    });

    it('a gate: on_missing_data from block to ignore, all SLOs to a list, names or requirements removed', () => {
      const gate = (lines: string) => version([{}, { name: 'appeal_overturn_rate_28d' }], GATE(lines));
      const cases: ReadonlyArray<readonly [string, string, string, string]> = [
        ['    on_missing_data: block\n', '    on_missing_data: ignore\n', 'on_missing_data', 'An SLO without data no longer blocks the gate: it is left out.'],
        ['', '    on_missing_data: ignore\n', 'on_missing_data', 'An SLO without data no longer blocks the gate: it is left out.'],
        ['    slos: all\n', '    slos: [ood_recall_7d]\n', 'slos', 'The gate now reads only 1 named SLO(s) instead of every SLO of the model.'],
        ['    slos: [ood_recall_7d, appeal_overturn_rate_28d]\n', '    slos: [ood_recall_7d]\n', 'slos', 'appeal_overturn_rate_28d: the gate no longer reads it.'],
        ['    require: [slo_diff_green, deliberation_note]\n', '    require: [slo_diff_green]\n', 'require', 'deliberation_note: the gate no longer requires it.'],
      ];
      for (const [before, after, field, reason] of cases) {
        assert.deepEqual(summary(gate(after), gate(before)), [`loosened modified gate release: ${field} loosened`], after);
        assert.equal(aspect(gate(after), gate(before)).reason, reason);
      }
      assert.deepEqual(summary(gate('    slos: all\n'), gate('    slos: [ood_recall_7d]\n')), ['tightened modified gate release: slos tightened']);
    });

    it('a gate or a scenario removed', () => {
      const scenario = 'scenarios:\n  - name: drift_degrades\n    metrics: { ood_recall_7d: 0.5 }\n    expect: degrade_to_safe_mode\n';
      assert.deepEqual(summary(BASE, version([{}], GATE('    slos: all\n'))), ['loosened removed gate release: gate loosened']);
      assert.deepEqual(summary(BASE, version([{}], scenario)), ['loosened removed scenario drift_degrades: scenario loosened']);
      // Editing a scenario decides nothing: scenario/failed checks it against the policy.
      assert.deepEqual(summary(version([{}], scenario.replace('0.5', '0.4')), version([{}], scenario)), ['neutral modified scenario drift_degrades: metrics neutral']);
    });

    it('a target, window or action made invalid or removed', () => {
      const cases: ReadonlyArray<readonly [Fields, string, string]> = [
        [{ target: '">= 0,90x"' }, 'target', 'The target ">= 0,90x" is not valid, so the SLO no longer decides anything.'],
        [{ target: undefined }, 'target', 'The target is gone, so the SLO no longer decides anything.'],
        [{ window: '1 month' }, 'window', 'The window "1 month" is not valid, so the SLO no longer decides anything.'],
        [{ window: undefined }, 'window', 'The window is gone, so the SLO no longer decides anything.'],
        [{ action_on_breach: 'shrug' }, 'action_on_breach', 'The action "shrug" is not valid, so the SLO no longer decides anything.'],
        [{ action_on_breach: undefined }, 'action_on_breach', 'The action is gone, so the SLO no longer decides anything.'],
      ];
      for (const [fields, field, reason] of cases) assert.equal(loosened(version([fields]), field).reason, reason, JSON.stringify(fields));
      // And back: valid again tightens.
      assert.equal(aspect(BASE, version([{ target: '">= 0,90x"' }])).class, 'tightened');
    });

    it('a custom action that no longer resolves, though the SLO did not change', () => {
      const a = loosened(version([{ action_on_breach: 'notify' }]), 'action_on_breach', version([{ action_on_breach: 'notify' }], CUSTOM('notify', 'page')));
      assert.equal(a.reason, 'The action "notify" is not valid any more, so the SLO no longer decides anything.');
    });

    it('the metric changed', () => {
      const a = loosened(version([{ metric: 'ood_recall_eu' }]), 'metric', version([{ metric: 'ood_recall' }]));
      assert.deepEqual([a.before, a.after], ['ood_recall', 'ood_recall_eu']);
    });

    it('a target moved between a duration and a plain number: `<= 500ms` to `<= 0.5`', () => {
      const latency = (target: string) => version([{ name: 'p95_latency', target }]);
      assert.equal(loosened(latency('"<= 0.5"'), 'target', latency('"<= 500ms"')).reason, 'The target changed between a duration and a plain number, so the two cannot be compared: treated as loosened.');
      // Same unit class, same threshold: neutral.
      assert.equal(aspect(latency('"<= 0.5s"'), latency('"<= 500ms"')).class, 'neutral');
    });
  });

  describe('neutral', () => {
    it('an objective reworded', () => {
      const a = aspect(version([{ objective: 'Catch distribution shift early.' }]));
      assert.deepEqual([a.field, a.class, a.reason], ['objective', 'neutral', 'The objective is reworded; decisions do not change.']);
    });

    it('the same target, window or action spelt differently', () => {
      for (const [fields, field] of [
        [{ target: '">= 0.9"' }, 'target'],
        [{ target: '">= 90%"' }, 'target'],
        [{ window: '168h' }, 'window'],
      ] as const) {
        assert.deepEqual(summary(version([fields])), [`neutral modified slo ood_recall_7d: ${field} neutral`], JSON.stringify(fields));
      }
      const custom = (name: string) => version([{ action_on_breach: name }], CUSTOM(name, 'rollback'));
      const a = aspect(custom('pull_back'), custom('roll_back'));
      assert.deepEqual([a.class, a.before, a.after, a.reason], ['neutral', 'roll_back (rollback)', 'pull_back (rollback)', 'pull_back ranks with roll_back (rollback): the same severity.']);
    });

    it('formatting, comments, quoting and order only: one `file` change', () => {
      const two = version([{}, { name: 'appeal_overturn_rate_28d' }]);
      const heads: Version[] = [
        { 'safety-slos.yaml': `# The claims-triage policy.\n${policy(slo())}` },
        version([{ target: "'>= 0.90'", window: '"7d"' }]),
        { 'safety-slos.yaml': policy(slo()).replace('slos:\n  - ', 'slos:\n\n  -   ').replace(/\n {4}/g, '\n      ') },
        { 'safety-slos.yaml': policy(slo()).replace('target: ">= 0.90"', 'target: ">= 0.90"   # reviewed') },
        version([{ scope: '{tenant: "*"}' }]),
      ];
      for (const head of heads) {
        const diff = diffOf(BASE, head);
        assert.deepEqual(summaryOf(diff), ['neutral modified file file:///repo/safety-slos.yaml: text neutral'], head['safety-slos.yaml']);
        assert.deepEqual(diff.counts, { tightened: 0, loosened: 0, neutral: 1 });
        assert.equal(diff.green, true);
      }
      assert.deepEqual(summary(version([{ name: 'appeal_overturn_rate_28d' }, {}]), two), ['neutral modified file file:///repo/safety-slos.yaml: text neutral']);
    });

    it('nothing at all for the same text', () => {
      assert.deepEqual(summary(BASE), []);
    });
  });

  describe('renames', () => {
    it('same metric, scope, window and target under a new name: a neutral rename', () => {
      const diff = diffOf(version([{ metric: 'ood_recall' }]), version([{ name: 'ood_recall_weekly', metric: 'ood_recall' }]));
      assert.deepEqual(summaryOf(diff), ['neutral renamed slo ood_recall_7d->ood_recall_weekly: ']);
      assert.deepEqual([diff.changes[0]!.oldName, diff.changes[0]!.name], ['ood_recall_7d', 'ood_recall_weekly']);
    });

    it('a rename with the target respelt in another unit of the same class', () => {
      assert.deepEqual(summary(version([{ name: 'p95_latency_ms', metric: 'p95_latency', target: '"<= 0.5s"' }]), version([{ name: 'p95_latency', target: '"<= 500ms"' }])), [
        'neutral renamed slo p95_latency->p95_latency_ms: target neutral',
      ]);
    });

    it('a rename and an action change: classified by the action', () => {
      const before = version([{ metric: 'ood_recall' }]);
      assert.deepEqual(summary(version([{ name: 'ood_recall_weekly', metric: 'ood_recall', action_on_breach: 'page' }]), before), ['loosened renamed slo ood_recall_7d->ood_recall_weekly: action_on_breach loosened']);
      assert.deepEqual(summary(version([{ name: 'ood_recall_weekly', metric: 'ood_recall', action_on_breach: 'kill_switch' }]), before), ['tightened renamed slo ood_recall_7d->ood_recall_weekly: action_on_breach tightened']);
    });

    it('an SLO without `metric:` renamed reads another metric: a removal and an addition', () => {
      assert.deepEqual(summary(version([{ name: 'ood_recall_weekly' }])), ['loosened removed slo ood_recall_7d: slo loosened', 'tightened added slo ood_recall_weekly: slo tightened']);
    });

    it('a changed target is not a rename', () => {
      assert.deepEqual(summary(version([{ name: 'ood_recall_weekly', metric: 'ood_recall', target: '">= 0.95"' }]), version([{ metric: 'ood_recall' }])), [
        'loosened removed slo ood_recall_7d: slo loosened',
        'tightened added slo ood_recall_weekly: slo tightened',
      ]);
    });

    it('a gate that follows the rename still reads the same SLO', () => {
      const gate = (name: string) => version([{ name, metric: 'ood_recall' }, { name: 'appeal_overturn_rate_28d' }], GATE(`    slos: [${name}, appeal_overturn_rate_28d]\n`));
      const diff = diffOf(gate('ood_recall_7d'), gate('ood_recall_weekly'));
      assert.deepEqual(summaryOf(diff), ['neutral renamed slo ood_recall_7d->ood_recall_weekly: ', 'neutral modified gate release: slos neutral']);
      assert.equal(diff.changes[1]!.aspects[0]!.reason, 'ood_recall_7d is renamed ood_recall_weekly: the gate still reads it.');
      assert.equal(diff.green, true);
    });
  });

  describe('files and order', () => {
    it('an SLO moved to another file of the model: a neutral `file` aspect', () => {
      const a = 'version: 1\nmodel: claims-triage\nslos:\n';
      const before = { 'team-a/safety-slos.yaml': policy(slo() + slo({ name: 'appeal_overturn_rate_28d' })), 'team-b/safety-slos.yaml': a };
      const after = { 'team-a/safety-slos.yaml': policy(slo()), 'team-b/safety-slos.yaml': a + slo({ name: 'appeal_overturn_rate_28d' }) };
      const diff = diffOf(before, after);
      assert.deepEqual(summaryOf(diff), ['neutral modified slo appeal_overturn_rate_28d: file neutral']);
      const [move] = diff.changes[0]!.aspects;
      assert.deepEqual([move!.before, move!.after], ['team-a/safety-slos.yaml', 'team-b/safety-slos.yaml']);
      assert.deepEqual([diff.changes[0]!.before?.uri, diff.changes[0]!.after?.uri], [uriOf('team-a/safety-slos.yaml'), uriOf('team-b/safety-slos.yaml')]);
      assert.equal(diff.green, true);
    });

    it('a moved and relaxed SLO is reported at its new place', () => {
      const before = { 'a.safety-slos.yaml': policy(slo()), 'b.safety-slos.yaml': 'version: 1\nmodel: claims-triage\n' };
      const after = { 'a.safety-slos.yaml': 'version: 1\nmodel: claims-triage\n', 'b.safety-slos.yaml': policy(slo({ target: '">= 0.80"' })) };
      const diff = diffOf(before, after);
      assert.deepEqual(summaryOf(diff), ['loosened modified slo ood_recall_7d: target loosened, file neutral']);
      assert.equal(diff.changes[0]!.aspects[0]!.at?.uri, uriOf('b.safety-slos.yaml'));
    });

    it('duplicate names are matched in order: the k-th with the k-th', () => {
      const before = version([{}, { target: '">= 0.80"' }]);
      const diff = diffOf(before, version([{}, { target: '">= 0.70"' }]));
      assert.deepEqual(summaryOf(diff), ['loosened modified slo ood_recall_7d: target loosened']);
      assert.deepEqual([diff.changes[0]!.aspects[0]!.before, diff.changes[0]!.after?.range.start.line], ['>= 0.80', 8]);
      assert.deepEqual(summary(version([{}]), before), ['loosened removed slo ood_recall_7d: slo loosened']);
    });

    it('changes are sorted by place, and counted by class', () => {
      const after = version([{ target: '">= 0.95"' }, { name: 'appeal_overturn_rate_28d', action_on_breach: 'page' }, { name: 'escalation_recall_7d' }]);
      const diff = diffOf(version([{}, { name: 'appeal_overturn_rate_28d' }, { name: 'gone_recall_7d' }]), after);
      assert.deepEqual(summaryOf(diff), [
        'loosened removed slo gone_recall_7d: slo loosened',
        'tightened modified slo ood_recall_7d: target tightened',
        'loosened modified slo appeal_overturn_rate_28d: action_on_breach loosened',
        'tightened added slo escalation_recall_7d: slo tightened',
      ]);
      assert.deepEqual(diff.counts, { tightened: 2, loosened: 2, neutral: 0 });
      assert.deepEqual([diff.unacknowledged, diff.green, diff.base], [2, false, 'main']);
    });

    it('a deleted model: everything in it is removed, with no place to report it', () => {
      const diff = diffOf(BASE, {});
      assert.deepEqual(summaryOf(diff), ['loosened removed slo ood_recall_7d: slo loosened']);
      assert.equal(diff.changes[0]!.anchor, undefined);
    });
  });
});
