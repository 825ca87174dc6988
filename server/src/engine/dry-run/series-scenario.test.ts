import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy } from '../policy/parse';
import { policy, range, slo } from '../testing';
import { decisionName, dryRun, type ScenarioOutcome } from './evaluate';
import { offsetText, type ExpectCheck } from './series-scenario';

const MAIN = 'file:///w/m/safety-slos.yaml';

/** `a`: mean over 5m >= 0.90, pages; `b`: last sample <= 0.05 over 1m, rolls back. */
const SLOS =
  slo({ name: 'a', window: '5m', action_on_breach: 'page' }) +
  slo({ name: 'b', target: '"<= 0.05"', window: '1m', aggregate: 'last', action_on_breach: 'rollback' });
const GATES = 'gates:\n  - name: strict\n    slos: [a]\n    on_missing_data: block\n  - name: lenient\n    slos: [a]\n    on_missing_data: ignore\n';

/** The scenarios of a policy with SLOS, GATES and the given scenario items. */
function run(items: string, slos = SLOS): ScenarioOutcome[] {
  const text = policy(slos, `${GATES}scenarios:\n${items}`);
  return [...dryRun([parsePolicy(TextDocument.create(MAIN, 'yaml', 1, text))], undefined).scenarios];
}

function one(items: string, slos = SLOS): ScenarioOutcome {
  const [o] = run(items, slos);
  assert.ok(o.series, 'a series scenario');
  return o;
}

/** Each expect: when, expected, and the decision there (or why it was not checked). */
const checks = (o: ScenarioOutcome) => o.series!.checks.map((c: ExpectCheck) => [c.when, c.expected, c.checked ? decisionName(c.actual) : `not checked: ${c.why}`, c.checked && c.passed]);
/** The timeline as offsets and decisions. */
const timeline = (o: ScenarioOutcome) => o.series!.timeline.map((e) => [offsetText(e.at), e.decision]);

// Ten minutes at 0.95, then 0.80: the 5-minute mean holds 0.92 at 10m and falls to 0.89 at 11m.
const DROP = '"0.95x9 0.80x9"';

describe('dry-run/series-scenario', () => {
  it('replays the series one sample a minute and checks each expect against the decision in force then', () => {
    const o = one(`  - name: drop\n    metrics: { a: ${DROP} }\n    expect:\n      - { at: 10m, decision: pass }\n      - { at: 11m, decision: page }\n      - { at: 19m, decision: page }\n`);
    assert.deepEqual(checks(o), [['10m', 'pass', 'pass', true], ['11m', 'page', 'page', true], ['19m', 'page', 'page', true]]);
    assert.deepEqual(timeline(o), [['0s', 'pass'], ['11m', 'page']]);
    assert.deepEqual([o.passed, o.expect, decisionName(o.decision), o.series!.samples, o.series!.step], [true, 'page at 19m', 'page', 20, 60_000]);
    assert.equal(o.reason, 'a breached (0.8 < 0.90): page.');
    // The trace is each SLO's window at the verdict's time, compared as any scenario's value.
    assert.deepEqual(o.slos.map((s) => [s.slo, s.status, s.comparison, s.decides]), [['a', 'breach', '0.8 < 0.90', true]]);
    assert.deepEqual(o.slos[0].observed?.site.range, range(23, 18, 23, 33));
  });

  it('fails on the first expect the timeline does not meet, and shows the trace there', () => {
    const o = one(`  - name: drop\n    metrics: { a: ${DROP} }\n    expect: [{ at: 5m, decision: pass }, { at: 10m, decision: page }, { at: 12m, decision: kill_switch }]\n`);
    assert.deepEqual(checks(o), [['5m', 'pass', 'pass', true], ['10m', 'page', 'pass', false], ['12m', 'kill_switch', 'page', false]]);
    assert.deepEqual([o.passed, o.expect, decisionName(o.decision), o.reason], [false, 'page at 10m', 'pass', 'no SLO breached.']);
    assert.deepEqual(o.slos.map((s) => [s.status, s.observed?.text, s.comparison]), [['pass', '0.92', '0.92 >= 0.90']]);
  });

  it('checks a plain expect at the last step, and an expect at a time between steps at the step before', () => {
    const [end, between] = run(
      `  - name: at_end\n    metrics: { a: ${DROP} }\n    expect: page\n` +
        `  - name: between\n    metrics: { a: ${DROP} }\n    expect: { at: 11m59s, decision: page }\n`,
    );
    assert.deepEqual([checks(end), end.expect, end.passed], [[['end', 'page', 'page', true]], 'page', true]);
    assert.deepEqual([checks(between), between.passed], [[['11m59s', 'page', 'page', true]], true]);
  });

  it('refuses an expect after the last sample, located on its `at:`, and says how long the series is', () => {
    const o = one(`  - name: late\n    metrics: { a: ${DROP} }\n    expect:\n      - { at: 19m, decision: page }\n      - { at: 2h, decision: page }\n`);
    const why = "at 2h is after the series ends at 19m (20 samples, one every 1m): the gate's decision there is not known.";
    assert.deepEqual(checks(o), [['19m', 'page', 'page', true], ['2h', 'page', `not checked: ${why}`, false]]);
    assert.deepEqual([o.passed, decisionName(o.decision), o.reason, o.expect], [false, 'error', why, 'page at 2h']);
    assert.deepEqual(o.series!.problems.map((p) => [p.message, p.site.range]), [[why, range(26, 14, 26, 16)]]);
  });

  it('reads `step:`: samples every step, expects in its multiples', () => {
    const o = one('  - name: slow\n    step: 5m\n    metrics: { a: "0.95 0.80 0.80" }\n    expect: [{ at: 0m, decision: pass }, { at: 5m, decision: pass }, { at: 10m, decision: page }]\n');
    // 5m windows hold one sample each: (5m, 10m] only the one at 10m.
    assert.deepEqual(checks(o), [['0m', 'pass', 'pass', true], ['5m', 'pass', 'page', false], ['10m', 'page', 'page', true]]);
    assert.deepEqual(timeline(o), [['0s', 'pass'], ['5m', 'page']]);
    assert.equal(o.series!.step, 300_000);
  });

  it('refuses a step that is not a duration, located on it: nothing runs', () => {
    for (const [step, message] of [
      ['5', 'step 5 has no unit: write 5m for minutes or 5s for seconds.'],
      ['rolling', 'step is a duration, like 1m, 30s or 1h: "rolling" is a window, not a time.'],
      ['5 minutes', 'step "5 minutes" is not a duration: write one like 1m, 30s or 1h. Did you mean "5m"?'],
      ['0m', 'step "0m" is not a duration: write one like 1m, 30s or 1h.'],
    ]) {
      const o = one(`  - name: bad\n    step: ${step}\n    metrics: { a: "0.95x3" }\n    expect: { at: 1m, decision: pass }\n`);
      assert.deepEqual([decisionName(o.decision), o.reason, o.passed, o.series!.timeline], ['error', message, false, []], step);
      assert.deepEqual(o.series!.problems.map((p) => [p.message, p.site.range]), [[message, range(23, 10, 23, 10 + step.length)]], step);
    }
  });

  it('blocks on a gap under on_missing_data: block, and passes through it under ignore', () => {
    // A 5m mean: samples at 0-2m, none at 3-9m, again at 10-12m. At 7m the sample at 2m is exactly 5m old: out.
    const gap = '"0.95x2 _x7 0.95x2"';
    const [strict, lenient] = run(
      `  - name: strict_gap\n    gate: strict\n    metrics: { a: ${gap} }\n    expect: [{ at: 6m, decision: pass }, { at: 7m, decision: block }, { at: 10m, decision: pass }]\n` +
        `  - name: lenient_gap\n    gate: lenient\n    metrics: { a: ${gap} }\n    expect: { at: 8m, decision: pass }\n`,
    );
    assert.deepEqual(timeline(strict), [['0s', 'pass'], ['7m', 'block'], ['10m', 'pass']]);
    assert.equal(strict.passed, true);
    assert.deepEqual(timeline(lenient), [['0s', 'pass']]);
    assert.equal(lenient.passed, true);
  });

  it('spans the scenario from 0 to the last sample, whichever series has it: leading and trailing gaps count', () => {
    const o = one('  - name: late_start\n    gate: strict\n    metrics: { a: "_x3 0.95 _x2" }\n    expect: [{ at: 0s, decision: block }, { at: 3m, decision: pass }, { at: 5m, decision: pass }]\n');
    assert.deepEqual(timeline(o), [['0s', 'block'], ['3m', 'pass']]);
    assert.deepEqual([o.series!.samples, o.passed], [6, true]);
    const blocked = one('  - name: tail\n    gate: strict\n    metrics: { a: "0.95 _x9" }\n    expect: { at: 9m, decision: block }\n');
    assert.deepEqual([timeline(blocked), blocked.passed], [[['0s', 'pass'], ['5m', 'block']], true]);
    assert.equal(blocked.slos[0].reason, 'no sample of "a" in the 5m up to 9m.');
  });

  it('holds a plain number at every step of the longest series, and reads null as no samples', () => {
    const o = one('  - name: mixed\n    metrics: { a: "0.95x4", b: 0.5 }\n    expect: [{ at: 0s, decision: rollback }, { at: 4m, decision: rollback }]\n');
    assert.deepEqual([timeline(o), o.passed], [[['0s', 'rollback']], true]);
    const nothing = one('  - name: no_b\n    gate: strict\n    metrics: { a: "0.95x4", b: null }\n    expect: { at: 4m, decision: pass }\n');
    assert.deepEqual([nothing.passed, nothing.unusedKeys.map((u) => u.key)], [true, ['b']]);
  });

  it('runs the most severe breach, as a dry run decides it', () => {
    const o = one('  - name: both\n    metrics: { a: "0.95 0.50x3", b: "0 0 1x2" }\n    expect: [{ at: 1m, decision: pass }, { at: 2m, decision: rollback }]\n');
    // a's 5m mean at 1m is 0.725 (breach, page); b breaches at 2m (rollback outranks page).
    assert.deepEqual(timeline(o), [['0s', 'pass'], ['1m', 'page'], ['2m', 'rollback']]);
    assert.deepEqual(checks(o)[0], ['1m', 'pass', 'page', false]);
    assert.deepEqual(o.slos.map((s) => [s.slo, s.status, s.decides]), [['a', 'breach', true], ['b', 'pass', false]]);
  });

  it('reads a series under its key alone: a scoped key feeds the scoped SLO, not the bare metric', () => {
    const scoped = slo({ name: 'a', window: '5m', action_on_breach: 'page' }) + slo({ name: 'a_acme', metric: 'a', scope: '{ tenant: acme }', window: '5m', action_on_breach: 'rollback' });
    const o = one('  - name: acme_drop\n    metrics: { "a{tenant=acme}": "0.95 0.5" }\n    expect: { at: 1m, decision: rollback }\n', scoped);
    assert.deepEqual([o.passed, o.slos.map((s) => [s.slo, s.status])], [true, [['a_acme', 'breach']]]);
  });

  it('is an error on a notation problem, located at its characters inside the string', () => {
    const o = one('  - name: typo\n    metrics: { a: "0.95x9 0.8y3" }\n    expect: { at: 1m, decision: pass }\n');
    assert.deepEqual([decisionName(o.decision), o.passed], ['error', false]);
    assert.deepEqual(o.values.problems.map((p) => [p.message, p.site.range]), [['"a" in scenario typo: "0.8y3" is not a sample: write a number, `axn`, `a+bxn`, `a-bxn`, `_` or `_xn`, separated by spaces.', range(23, 26, 23, 31)]]);
    assert.deepEqual(checks(o), [['1m', 'pass', `not checked: ${o.values.problems[0].message}`, false]]);
    assert.deepEqual(o.series!.problems, [], 'the series has no known end: its expects are not judged against one');
    // Single quotes and plain scalars map the same way; escapes in double quotes cannot, so the whole string is flagged.
    const single = one("  - name: typo\n    metrics: { a: 'stale 1' }\n    expect: pass\n");
    assert.deepEqual(single.values.problems.map((p) => p.site.range), [range(23, 19, 23, 24)]);
    const plain = one('  - name: typo\n    metrics:\n      a: 1 2 NaN\n    expect: pass\n');
    assert.deepEqual(plain.values.problems.map((p) => p.site.range), [range(24, 13, 24, 16)]);
    const escaped = one('  - name: typo\n    metrics: { a: "1\\t2 x" }\n    expect: pass\n');
    assert.deepEqual(escaped.values.problems.map((p) => p.site.range), [range(23, 18, 23, 26)]);
  });

  it('is an error when a sample is outside 0..1 under a percentage target, located on its series', () => {
    const pct = slo({ name: 'a', target: '">= 99%"', window: '5m', action_on_breach: 'page' });
    const o = one('  - name: pct\n    metrics: { a: "0.995 99.5" }\n    expect: pass\n', pct);
    assert.deepEqual([decisionName(o.decision), o.passed], ['error', false]);
    assert.deepEqual(o.values.problems.map((p) => p.site.range), [range(17, 18, 17, 30)]);
    assert.match(o.reason, /a is 99\.5, not a ratio/);
  });

  it('caps the samples a scenario replays, counting a constant once per step', () => {
    const o = one('  - name: huge\n    metrics: { a: "0.95x59999", b: 0 }\n    expect: pass\n');
    assert.deepEqual([decisionName(o.decision), o.values.problems.map((p) => p.message)], ['error', ['scenario huge replays 120,000 samples; a scenario replays at most 100,000 (use fewer steps, or a longer step).']]);
  });

  it('decides error throughout when its gate lists an SLO that cannot be evaluated, or one the model lacks', () => {
    const broken = SLOS + slo({ name: 'c', target: '"=> 0.05"', action_on_breach: 'page' });
    const text = policy(broken, 'gates:\n  - name: all\nscenarios:\n  - name: s\n    gate: all\n    metrics: { a: "0.95x3" }\n    expect: { at: 1m, decision: pass }\n');
    const [o] = dryRun([parsePolicy(TextDocument.create(MAIN, 'yaml', 1, text))], undefined).scenarios;
    assert.deepEqual([timeline(o), o.passed], [[['0s', 'error']], false]);
    assert.match(o.reason, /^c: it cannot be evaluated: its target "=> 0.05" does not parse/);
    assert.deepEqual(o.slos.filter((s) => s.decides).map((s) => [s.slo, s.status]), [['c', 'error']]);
    const [missing] = run('  - name: s\n    gate: nope\n    metrics: { a: "0.95x3" }\n    expect: { at: 1m, decision: pass }\n');
    assert.deepEqual([decisionName(missing.decision), missing.reason, missing.passed], ['error', 'the scenario runs gate "nope", which this model does not have.', false]);
  });

  it('makes a scenario of numbers with a timed expect one step long', () => {
    const o = one('  - name: now\n    metrics: { a: 0.5 }\n    expect: [{ at: 0s, decision: page }, { at: 5m, decision: page }]\n');
    assert.deepEqual(checks(o)[0], ['0s', 'page', 'page', true]);
    assert.match(String(checks(o)[1][2]), /at 5m is after the series ends at 0s \(1 sample, one every 1m\).*Give a metric a series, like "0.95x60 0.80x10"/);
  });

  it('leaves a scenario of numbers (and of quoted numbers) as it was', () => {
    const [plain, quoted] = run('  - name: plain\n    metrics: { a: 0.5 }\n    expect: page\n  - name: quoted\n    metrics: { a: "0.5" }\n    expect: page\n');
    assert.deepEqual([plain.series, plain.passed], [undefined, true]);
    assert.deepEqual([quoted.series, quoted.values.problems.map((p) => p.message)], [undefined, ['"a" in scenario quoted is the string "0.5", not a number: write it without quotes.']]);
  });

  it('traces what the timeline decides: the replay and the dry run agree at every time, over random series', () => {
    const sample = fc.oneof(fc.constant('_'), fc.constantFrom('0', '0.03', '0.5', '0.89', '0.9', '0.95', '1'));
    const seriesText = fc.array(sample, { minLength: 1, maxLength: 12 }).map((terms) => `"${terms.join(' ')}"`);
    fc.assert(
      fc.property(seriesText, fc.option(seriesText), fc.constantFrom('', '    gate: strict\n', '    gate: lenient\n'), fc.integer({ min: 0, max: 11 }), (a, b, gate, minute) => {
        const metrics = b === null ? `{ a: ${a} }` : `{ a: ${a}, b: ${b} }`;
        const [o] = run(`  - name: s\n${gate}    metrics: ${metrics}\n    expect: { at: ${minute}m, decision: pass }\n`);
        const check = o.series!.checks[0];
        if (!check.checked) return; // after the end
        const deciding = o.slos.filter((x) => x.decides);
        switch (o.decision.kind) {
          case 'pass':
            assert.deepEqual(deciding, []);
            assert.ok(!o.slos.some((x) => x.status === 'breach' || (x.status === 'no_data' && o.onMissingData === 'block')), JSON.stringify(o.slos));
            break;
          case 'breach':
            assert.deepEqual(deciding.map((x) => [x.status, x.action]), [['breach', o.decision.action]], JSON.stringify(o.slos));
            break;
          case 'block':
            assert.ok(deciding.length > 0 && deciding.every((x) => x.status === 'no_data'), JSON.stringify(o.slos));
            break;
          case 'error':
            assert.fail(`error: ${o.reason}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes offsets in the grammar of `at:`', () => {
    assert.deepEqual([0, 59_000, 3_900_000, 90_061_000].map(offsetText), ['0s', '59s', '1h5m', '1d1h1m1s']);
  });
});
