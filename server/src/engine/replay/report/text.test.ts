import { strict as assert } from 'node:assert';
import { policy, slo } from '../../testing';
import { replayText, TEXT_ENDS } from './text';
import { replayOf, rows } from '../testing';

const RECALL = slo({ name: 'recall', target: '">= 0.9"', window: '10m' });
const GATE = '\ngates:\n  - name: canary\n    slos: [recall]\n    on_missing_data: block\n';
/** 0.95 for 20 minutes, 0.8 for 15, then 0.95 up to minute 59: one breach from 00:23 to 00:41. */
const DIP = rows('recall', 60, (i) => (i >= 20 && i < 35 ? 0.8 : 0.95));

describe('replayText', () => {
  it('shows the period, each gate\'s time in each decision and timeline, and each SLO\'s breaches, in UTC ISO 8601', () => {
    assert.equal(
      replayText(replayOf(DIP, { policy: policy(RECALL, GATE) })),
      [
        'replay of h.jsonl',
        '  period:  2026-11-17T00:00:00Z to 2026-11-17T00:59:00Z (59m), 60 evaluations at every sample time',
        '  samples: 60, 60 read by an SLO',
        '',
        'policy (the policy as a whole): every SLO that can be evaluated, missing data ignored',
        '  time in each decision:',
        '    degrade_to_safe_mode  18m (30.5%)',
        '    pass                  41m (69.5%)',
        '  timeline:',
        '    2026-11-17T00:00:00Z  pass                  no SLO breached.',
        '    2026-11-17T00:23:00Z  degrade_to_safe_mode  recall breached: mean over 10m 0.89 < 0.9.',
        '    2026-11-17T00:41:00Z  pass                  no SLO breached.',
        '',
        'gate canary',
        '  time in each decision:',
        '    degrade_to_safe_mode  18m (30.5%)',
        '    pass                  41m (69.5%)',
        '  timeline:',
        '    2026-11-17T00:00:00Z  pass                  no SLO breached.',
        '    2026-11-17T00:23:00Z  degrade_to_safe_mode  recall breached: mean over 10m 0.89 < 0.9.',
        '    2026-11-17T00:41:00Z  pass                  no SLO breached.',
        '',
        'SLO recall: >= 0.9, mean over 10m → degrade_to_safe_mode',
        '  1 breach, 18m (30.5%) in breach, time to detect 3m',
        '    2026-11-17T00:23:00Z  breached at 0.89, 3m after the raw metric crossed the target (2026-11-17T00:20:00Z)',
        '    2026-11-17T00:41:00Z  recovered after 18m',
        '',
      ].join('\n'),
    );
  });

  it('with a step, says so; a breach still open at the end says it is', () => {
    const text = replayText(replayOf(rows('recall', 30, (i) => (i < 20 ? 0.95 : 0.5)), { policy: policy(RECALL), step: 5 * 60_000 }));
    assert.match(text, /^ {2}period: {2}2026-11-17T00:00:00Z to 2026-11-17T00:25:00Z \(25m\), 6 evaluations every 5m$/m);
    assert.match(text, /^ {4}2026-11-17T00:25:00Z {2}breached at 0\.68, 5m after the raw metric crossed the target \(2026-11-17T00:20:00Z\)\n {4}\(still breached at the end\)$/m);
  });

  it('shows the first and last entries of a long timeline and counts the ones between', () => {
    // Flapping every minute: 60 decisions.
    const text = replayText(replayOf(rows('recall', 60, (i) => (i % 2 ? 0.5 : 0.95)), { policy: policy(slo({ name: 'recall', target: '">= 0.9"', window: '1m' })) }));
    const timeline = text.split('\n\n')[1].split('\n').filter((l) => /^ {4}\d{4}-/.test(l));
    assert.equal(timeline.length, 2 * TEXT_ENDS);
    assert.match(text, /^ {4}\.\.\. 40 more decisions$/m);
    assert.match(timeline.at(-1)!, /^ {4}2026-11-17T00:59:00Z {2}degrade_to_safe_mode/);
    assert.match(text, /^ {2}30 breaches, 29m \(49\.2%\) in breach/m);
    assert.match(text, /^ {4}\.\.\. 10 more breaches$/m);
  });

  it('names the series that breached when the SLO reads several, and reports SLOs it cannot replay', () => {
    const text = replayText(
      replayOf(
        rows('recall', 10, () => 0.95, { tenant: 'acme' }).flatMap((r, i) => [r, [i, 'recall', i < 5 ? 0.95 : 0.5, { tenant: 'zeta' }] as const]),
        { policy: policy(RECALL + slo({ name: 'broken', target: '"=> 1"' })) },
      ),
    );
    assert.match(text, /^ {2}2 series; 1 breach, /m);
    assert.match(text, /^ {4}2026-11-17T00:05:00Z {2}breached at 0\.875 on recall\{tenant="zeta"\}, 0s after/m);
    assert.match(text, /^SLO broken: not replayed: its target "=> 1" does not parse \(slo\/target-syntax\)\.$/m);
    // The policy as a whole leaves it out; a gate over every SLO could not decide.
    assert.match(text, /^policy \(the policy as a whole\)(.|\n)*?\n {4}2026-11-17T00:05:00Z {2}degrade_to_safe_mode/m);
  });

  it('lists the history\'s problems as source:line[:col]: message, and the metrics no SLO reads', () => {
    const text = replayText(replayOf([[0, 'recall', 0.95], [1, 'recal', 0.9], [0, 'recall', 0.95]], { policy: policy(RECALL) }));
    const problems = text.slice(text.indexOf('problems in the history:\n'));
    assert.deepEqual(problems.trimEnd().split('\n'), [
      'problems in the history:',
      'h.jsonl:3: error: 2026-11-17T00:00:00Z is earlier than the sample before it (2026-11-17T00:01:00Z): the history must be in time order (sort it by time); this sample is left out.',
      'h.jsonl:2: warning: no SLO reads the metric recal (1 sample); did you mean recall?',
    ]);
  });

  it('shows the what-if table with the current threshold marked', () => {
    const text = replayText(replayOf(DIP, { policy: policy(RECALL), whatIf: 'recall' }));
    const table = text.slice(text.indexOf('what-if recall')).split('\n');
    assert.deepEqual(table.slice(0, 3), [
      'what-if recall: mean over 10m, thresholds swept (the SLO\'s own: >= 0.9)',
      '  target    breaches  time in breach  detect median  detect worst  first breach',
      '  >= 0.81   1         6m (10.2%)      9m             9m            2026-11-17T00:29:00Z',
    ]);
    assert.equal(table.filter((l) => l.endsWith('◀ current')).join(), '  >= 0.9    1         18m (30.5%)     3m             3m            2026-11-17T00:23:00Z  ◀ current');
    assert.equal(table.filter((l) => /^ {2}>= [\d.]+ +\d/.test(l)).length, 21);
  });

  it('says when nothing was evaluated, and when the replay was cancelled', () => {
    assert.match(replayText(replayOf([], { policy: policy(RECALL) })), /^ {2}period: {2}none: no sample was evaluated$/m);
    const cancelled = replayOf(DIP, { policy: policy(RECALL), cancelAfter: 40 });
    assert.match(replayText(cancelled), /^ {2}cancelled: this covers the history up to 2026-11-17T00:38:00Z only$/m);
  });
});
