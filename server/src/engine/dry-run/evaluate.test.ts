import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LADDER } from '../ladder';
import { parsePolicy, type PolicyFile } from '../policy/parse';
import { policy, range, slo } from '../testing';
import { decisionName, dryRun, matches, modelSlos, type GateOutcome, type RequirementFacts, type ScenarioOutcome } from './evaluate';
import { parseSnapshot, type MetricValues } from './metric-values';

const MAIN = 'file:///w/m/safety-slos.yaml';
const EXTRA = 'file:///w/m/extra.safety-slos.yaml';

function file(text: string, uri = MAIN): PolicyFile {
  return parsePolicy(TextDocument.create(uri, 'yaml', 1, text));
}

function values(text: string): MetricValues {
  return parseSnapshot(TextDocument.create('file:///w/m/eval.yaml', 'yaml', 1, text), 'eval.yaml');
}

/** The first gate of a model against a snapshot (a gate `all` unless the policy has its own). */
function gate(files: PolicyFile | PolicyFile[], snapshot: string, facts: RequirementFacts = {}): GateOutcome {
  const run = dryRun(Array.isArray(files) ? files : [files], values(snapshot), facts);
  assert.ok(run.gates?.length, 'the policy has a gate');
  return run.gates[0];
}

const GATE_ALL = 'gates:\n  - name: release\n';
const withGate = (slos: string, gates = GATE_ALL, extra = '') => file(policy(slos, gates + extra));
/** Per SLO: [name, status] plus what decides. */
const statuses = (o: GateOutcome | ScenarioOutcome) => o.slos.map((s) => [s.slo, s.status, ...(s.decides ? ['decides'] : [])]);

function scenarios(text: string, others: PolicyFile[] = []): ScenarioOutcome[] {
  return [...dryRun([file(text), ...others], undefined).scenarios];
}

describe('dry-run/evaluate', () => {
  describe('one SLO', () => {
    it('passes when the value holds, with the comparison as written', () => {
      const o = gate(withGate(slo()), 'ood_recall_7d: 0.93\n');
      assert.deepEqual(o.decision, { kind: 'pass' });
      assert.equal(o.reason, 'no SLO breached.');
      assert.deepEqual(o.slos.map((s) => [s.slo, s.key, s.status, s.target, s.comparison, s.observed?.value]), [['ood_recall_7d', 'ood_recall_7d', 'pass', '>= 0.90', '0.93 >= 0.90', 0.93]]);
      assert.deepEqual(o.slos[0].range, range(3, 10, 3, 23));
      assert.deepEqual(o.slos[0].observed?.site, { uri: 'file:///w/m/eval.yaml', range: range(0, 15, 0, 19) });
      assert.equal(o.gate, 'release');
      assert.deepEqual(o.range, range(9, 10, 9, 17));
    });

    it('decides each comparator at and past its threshold', () => {
      const cases: [target: string, holds: string, breaks: string, holdsText: string, breaksText: string][] = [
        ['>= 0.90', '0.90', '0.89', '0.90 >= 0.90', '0.89 < 0.90'],
        ['> 0.90', '0.91', '0.90', '0.91 > 0.90', '0.90 <= 0.90'],
        ['<= 0.05', '0.05', '0.06', '0.05 <= 0.05', '0.06 > 0.05'],
        ['< 0.05', '0.04', '0.05', '0.04 < 0.05', '0.05 >= 0.05'],
        ['== 0', '0', '1', '0 == 0', '1 != 0'],
        ['!= 0', '2', '0', '2 != 0', '0 == 0'],
      ];
      for (const [target, holds, breaks, holdsText, breaksText] of cases) {
        const policyFile = withGate(slo({ name: 'm', target: `"${target}"`, action_on_breach: 'page' }));
        const pass = gate(policyFile, `m: ${holds}\n`);
        assert.deepEqual([pass.decision, pass.slos[0].comparison], [{ kind: 'pass' }, holdsText], target);
        const breach = gate(policyFile, `m: ${breaks}\n`);
        assert.deepEqual([breach.decision, breach.slos[0].comparison], [{ kind: 'breach', action: 'page', ladder: 'page' }, breaksText], target);
        assert.equal(breach.reason, `m breached (${breaksText}): page.`);
      }
    });

    it('compares a percentage target as a ratio', () => {
      const policyFile = withGate(slo({ name: 'availability_30d', target: '">= 99.5%"', action_on_breach: 'page' }));
      assert.equal(gate(policyFile, 'availability_30d: 0.995\n').slos[0].comparison, '0.995 >= 0.995');
      const breach = gate(policyFile, 'availability_30d: 0.99\n');
      assert.equal(decisionName(breach.decision), 'page');
      assert.deepEqual([breach.slos[0].target, breach.slos[0].comparison], ['>= 99.5%', '0.99 < 0.995']);
    });

    it('refuses a percentage written where the ratio is due, rather than passing it', () => {
      const policyFile = withGate(slo({ name: 'availability_30d', target: '">= 99.5%"', action_on_breach: 'page' }));
      const o = gate(policyFile, 'availability_30d: 99.2\n');
      assert.equal(o.decision.kind, 'error');
      assert.match(o.slos[0].reason ?? '', /99\.2 is not a ratio.*write 99\.2% as 0\.992/);
    });

    it('reads a value in the target\'s unit', () => {
      const policyFile = withGate(slo({ name: 'p95_latency_ms', target: '"<= 500ms"', action_on_breach: 'throttle' }));
      assert.equal(gate(policyFile, 'p95_latency_ms: 480\n').slos[0].comparison, '480ms <= 500ms');
      const breach = gate(policyFile, 'p95_latency_ms: 620\n');
      assert.deepEqual([decisionName(breach.decision), breach.slos[0].comparison], ['throttle', '620ms > 500ms']);
    });

    it('reads `metric` rather than the name when given', () => {
      const o = gate(withGate(slo({ name: 'ood_guard', metric: 'ood_recall' })), 'ood_recall: 0.5\nood_guard: 0.99\n');
      assert.deepEqual([o.slos[0].key, decisionName(o.decision)], ['ood_recall', 'degrade_to_safe_mode']);
    });
  });

  describe('the ladder', () => {
    const three = slo({ name: 'a', action_on_breach: 'alert' }) + slo({ name: 'b', action_on_breach: 'rollback' }) + slo({ name: 'c', action_on_breach: 'page' });

    it('takes the most severe breached action; only that SLO decides', () => {
      const o = gate(withGate(three), 'a: 0.1\nb: 0.1\nc: 0.1\n');
      assert.deepEqual(o.decision, { kind: 'breach', action: 'rollback', ladder: 'rollback' });
      assert.deepEqual(statuses(o), [['a', 'breach'], ['b', 'breach', 'decides'], ['c', 'breach']]);
      assert.deepEqual(o.slos.map((s) => s.action), ['alert', 'rollback', 'page']);
      assert.equal(o.reason, 'b breached (0.1 < 0.90): rollback.');
    });

    it('passes over SLOs that hold', () => {
      assert.equal(decisionName(gate(withGate(three), 'a: 0.1\nb: 0.95\nc: 0.1\n').decision), 'page');
    });

    it('lets the first SLO decide a tie, files ordered by URI', () => {
      const two = slo({ name: 'a', action_on_breach: 'page' }) + slo({ name: 'b', action_on_breach: 'page' });
      assert.deepEqual(statuses(gate(withGate(two), 'a: 0\nb: 0\n')), [['a', 'breach', 'decides'], ['b', 'breach']]);
      // extra.safety-slos.yaml sorts before safety-slos.yaml, whatever order the files come in.
      const main = withGate(slo({ name: 'in_main', action_on_breach: 'page' }));
      const extra = file(policy(slo({ name: 'in_extra', action_on_breach: 'page' })), EXTRA);
      for (const files of [[main, extra], [extra, main]]) {
        assert.deepEqual(statuses(gate(files, 'in_main: 0\nin_extra: 0\n')), [['in_extra', 'breach', 'decides'], ['in_main', 'breach']]);
      }
    });

    it('ranks a custom action with its severity and names the custom action', () => {
      const actions = 'actions:\n  notify_ts:\n    severity: page\n    description: Page T&S.\n  log_it:\n    severity: alert\n    description: Log.\n';
      const slos = slo({ name: 'a', action_on_breach: 'ticket' }) + slo({ name: 'b', action_on_breach: 'notify_ts' }) + slo({ name: 'c', action_on_breach: 'log_it' });
      const o = gate(withGate(slos, GATE_ALL, actions), 'a: 0\nb: 0\nc: 0\n');
      assert.deepEqual(o.decision, { kind: 'breach', action: 'notify_ts', ladder: 'page' });
      assert.equal(o.reason, 'b breached (0 < 0.90): notify_ts (ranks with page).');
      // Equal rank: the first SLO decides, custom or not.
      const tie = withGate(slo({ name: 'a', action_on_breach: 'notify_ts' }) + slo({ name: 'b', action_on_breach: 'page' }), GATE_ALL, actions);
      assert.equal(decisionName(gate(tie, 'a: 0\nb: 0\n').decision), 'notify_ts');
      assert.equal(decisionName(gate(withGate(slos, GATE_ALL, actions), 'a: 0\nc: 0\n').decision), 'ticket');
    });

    it('resolves a custom action declared in another policy file of the model', () => {
      const main = withGate(slo({ name: 'a', action_on_breach: 'escalate_legal' }));
      const extra = file('version: 1\nmodel: claims-triage\nactions:\n  escalate_legal:\n    severity: rollback\n    description: Legal review.\nslos: []\n', EXTRA);
      assert.deepEqual(gate([main, extra], 'a: 0\n').decision, { kind: 'breach', action: 'escalate_legal', ladder: 'rollback' });
      const alone = gate(main, 'a: 0\n');
      assert.deepEqual([alone.decision, alone.slos[0].status], [{ kind: 'error' }, 'error']);
      assert.equal(alone.slos[0].reason, 'breached (0 < 0.90), but its action "escalate_legal" is unknown (slo/unknown-action).');
    });
  });

  describe('missing data', () => {
    const two = slo({ name: 'a' }) + slo({ name: 'b' });

    it('blocks by default (fail closed), every SLO without data deciding', () => {
      const o = gate(withGate(two + slo({ name: 'c' })), 'b: 0.95\n');
      assert.deepEqual(o.decision, { kind: 'block' });
      assert.equal(o.onMissingData, 'block');
      assert.deepEqual(statuses(o), [['a', 'no_data', 'decides'], ['b', 'pass'], ['c', 'no_data', 'decides']]);
      assert.equal(o.slos[0].reason, 'no value for "a" in eval.yaml.');
      assert.equal(o.reason, 'no data for a, c (on_missing_data: block).');
    });

    it('treats null as no data', () => {
      const o = gate(withGate(two), 'a: null\nb: 0.95\n');
      assert.deepEqual([o.decision.kind, o.slos[0].status, o.slos[0].reason], ['block', 'no_data', '"a" is null in eval.yaml.']);
    });

    it('passes with `on_missing_data: ignore`, saying what it ignored', () => {
      const o = gate(withGate(two, 'gates:\n  - name: canary\n    on_missing_data: ignore\n'), 'a: ~\nb: 0.95\n');
      assert.deepEqual(o.decision, { kind: 'pass' });
      assert.equal(o.reason, 'no SLO breached (no data for a, ignored).');
      assert.equal(o.onMissingData, 'ignore');
    });

    it('lets a breach decide over missing data', () => {
      assert.equal(decisionName(gate(withGate(two), 'b: 0.1\n').decision), 'degrade_to_safe_mode');
    });
  });

  describe('errors', () => {
    const two = slo({ name: 'a', action_on_breach: 'kill_switch' }) + slo({ name: 'b' });

    it('makes a value that is not a number an error, with `ignore` too, over a breach', () => {
      for (const bad of ['.nan', '.inf', '-.inf', '"0.9"', 'true', '{ p50: 0.9 }', '[0.9]', 'NaN']) {
        for (const gates of [GATE_ALL, 'gates:\n  - name: release\n    on_missing_data: ignore\n']) {
          const o = gate(withGate(two, gates), `a: 0.1\nb: ${bad}\n`);
          assert.deepEqual(o.decision, { kind: 'error' }, bad);
          assert.deepEqual(statuses(o), [['a', 'breach'], ['b', 'error', 'decides']], bad);
          assert.match(o.reason, /^b: "b" in eval\.yaml /, bad);
          assert.equal(o.slos[1].observed, undefined);
        }
      }
    });

    it('counts the other errors in the reason', () => {
      const o = gate(withGate(two), 'a: .nan\nb: .nan\n');
      assert.match(o.reason, /^a: "a" in eval\.yaml is NaN: .* \(and 1 more\)$/);
      assert.deepEqual(statuses(o), [['a', 'error', 'decides'], ['b', 'error', 'decides']]);
    });

    it('makes a key given twice an error', () => {
      const o = gate(withGate(two), 'a: 0.95\nb: 0.95\nb: 0.1\n');
      assert.deepEqual([o.decision.kind, o.slos[1].reason], ['error', '"b" has two values in eval.yaml; keep one.']);
    });

    it('ignores a bad value that the gate does not read', () => {
      const o = gate(withGate(two, 'gates:\n  - name: canary\n    slos: [a]\n'), 'a: 0.95\nb: .nan\n');
      assert.deepEqual([o.decision.kind, statuses(o)], ['pass', [['a', 'pass']]]);
    });

    it('makes a breached SLO whose action is unknown or missing an error, and not one that holds', () => {
      const unknown = withGate(slo({ name: 'a', action_on_breach: 'notify_trust_and_safty' }));
      assert.equal(gate(unknown, 'a: 0.95\n').decision.kind, 'pass');
      const o = gate(unknown, 'a: 0.5\n');
      assert.deepEqual([o.decision.kind, o.slos[0].action, o.slos[0].comparison], ['error', 'notify_trust_and_safty', '0.5 < 0.90']);
      assert.equal(o.reason, 'a: breached (0.5 < 0.90), but its action "notify_trust_and_safty" is unknown (slo/unknown-action).');
      const none = gate(withGate(slo({ name: 'a', action_on_breach: undefined })), 'a: 0.5\n');
      assert.deepEqual([none.decision.kind, none.slos[0].reason], ['error', 'breached (0.5 < 0.90), but it has no action_on_breach.']);
    });

    it('makes an unparseable target an error only when there is a value to compare', () => {
      const policyFile = withGate(slo({ name: 'a', target: '"=> 0.9"' }), 'gates:\n  - name: release\n    on_missing_data: ignore\n');
      const o = gate(policyFile, 'a: 0.95\n');
      assert.deepEqual([o.decision.kind, o.slos[0].status, o.slos[0].target], ['error', 'error', undefined]);
      assert.equal(o.slos[0].reason, 'its target "=> 0.9" does not parse (slo/target-syntax), so it cannot be evaluated.');
      const without = gate(policyFile, 'other: 1\n');
      assert.deepEqual([without.decision.kind, without.slos[0].status], ['pass', 'no_data']);
    });

    it('makes a gate that lists an unknown SLO an error, located on the name in the gate', () => {
      const o = gate(withGate(slo({ name: 'a' }), 'gates:\n  - name: canary\n    slos: [a, ood_recal]\n'), 'a: 0.95\n');
      assert.deepEqual(o.decision, { kind: 'error' });
      assert.deepEqual(statuses(o), [['a', 'pass'], ['ood_recal', 'error', 'decides']]);
      assert.deepEqual(o.slos[1].range, range(10, 14, 10, 23));
      assert.equal(o.reason, 'ood_recal: the gate lists "ood_recal", but no SLO of this model has that name.');
    });
  });

  describe('requirements', () => {
    const require = (names: string) => `gates:\n  - name: release\n    require: [${names}]\n`;
    const NOTE = { deliberationNote: { uri: 'file:///w/m/notes/2026-05-01.md' } };

    it('passes when deliberation_note is met', () => {
      const o = gate(withGate(slo(), require('deliberation_note')), 'ood_recall_7d: 0.95\n', NOTE);
      assert.deepEqual(o.decision, { kind: 'pass' });
      assert.deepEqual(o.requirements, [{ name: 'deliberation_note', status: 'met', reason: 'the model folder has a deliberation note (2026-05-01.md).', decides: false }]);
    });

    it('blocks when the folder has no note, or when the folder is unknown', () => {
      const unmet = gate(withGate(slo(), require('deliberation_note')), 'ood_recall_7d: 0.95\n', { deliberationNote: null });
      assert.deepEqual(unmet.decision, { kind: 'block' });
      assert.deepEqual(unmet.requirements.map((r) => [r.status, r.decides]), [['unmet', true]]);
      assert.equal(unmet.reason, 'deliberation_note: the model folder has no deliberation note.');
      const unknown = gate(withGate(slo(), require('deliberation_note')), 'ood_recall_7d: 0.95\n');
      assert.deepEqual([unknown.decision.kind, unknown.requirements[0].status], ['block', 'not_evaluated']);
    });

    it('never fakes slo_diff_green: not evaluated, so it blocks', () => {
      const o = gate(withGate(slo(), require('slo_diff_green, deliberation_note')), 'ood_recall_7d: 0.95\n', NOTE);
      assert.deepEqual(o.decision, { kind: 'block' });
      assert.deepEqual(o.requirements.map((r) => [r.name, r.status, r.decides]), [['slo_diff_green', 'not_evaluated', true], ['deliberation_note', 'met', false]]);
      assert.match(o.reason, /^slo_diff_green: no SLO diff against a git base was computed/);
      assert.ok(o.slos.every((s) => !s.decides));
    });

    it('blocks on a requirement it does not know', () => {
      const o = gate(withGate(slo(), require('green_light')), 'ood_recall_7d: 0.95\n');
      assert.deepEqual([o.decision.kind, o.requirements[0].status, o.reason], ['block', 'unmet', 'green_light: "green_light" is not a requirement Safety Specs knows.']);
    });

    it('comes after errors, breaches and missing data', () => {
      const gates = require('slo_diff_green');
      assert.equal(decisionName(gate(withGate(slo(), gates), 'ood_recall_7d: 0.5\n').decision), 'degrade_to_safe_mode');
      assert.equal(gate(withGate(slo(), gates), 'ood_recall_7d: .nan\n').decision.kind, 'error');
      const missing = gate(withGate(slo(), gates), 'other: 1\n');
      assert.deepEqual([missing.decision.kind, statuses(missing)], ['block', [['ood_recall_7d', 'no_data', 'decides']]]);
    });
  });

  describe('scoped SLOs', () => {
    const scoped = slo({ scope: '{ tenant: acme, endpoint: claims }' });

    it('read their scoped key, in any spelling', () => {
      assert.equal(modelSlos([withGate(scoped)])[0].key, 'ood_recall_7d{endpoint="claims",tenant="acme"}');
      for (const key of ['ood_recall_7d{tenant=acme,endpoint=claims}', '"ood_recall_7d{endpoint=\\"claims\\", tenant=\\"acme\\"}"']) {
        assert.equal(decisionName(gate(withGate(scoped), `${key}: 0.5\n`).decision), 'degrade_to_safe_mode', key);
      }
    });

    it('never fall back to the bare metric, and say where the value went', () => {
      const o = gate(withGate(scoped), 'ood_recall_7d: 0.95\n');
      assert.deepEqual([o.decision.kind, o.slos[0].status], ['block', 'no_data']);
      assert.equal(
        o.slos[0].reason,
        'no value for "ood_recall_7d{endpoint="claims",tenant="acme"}" in eval.yaml. There is "ood_recall_7d"; an SLO with a scope reads the key with its scope, "ood_recall_7d{endpoint="claims",tenant="acme"}".',
      );
    });

    it('read a list scope as one `|` key, and drop `*` dimensions', () => {
      const list = slo({ scope: '{ tenant: [globex, acme], region: "*" }' });
      assert.equal(modelSlos([withGate(list)])[0].key, 'ood_recall_7d{tenant="acme|globex"}');
      assert.equal(gate(withGate(list), 'ood_recall_7d{tenant=acme|globex}: 0.95\n').decision.kind, 'pass');
    });

    it('keep a bare and a scoped SLO of the same name apart', () => {
      const both = slo() + slo({ scope: '{ tenant: acme }', target: '">= 0.95"', action_on_breach: 'rollback' });
      const o = gate(withGate(both), 'ood_recall_7d: 0.93\nood_recall_7d{tenant=acme}: 0.94\n');
      assert.deepEqual(o.slos.map((s) => [s.key, s.status]), [['ood_recall_7d', 'pass'], ['ood_recall_7d{tenant="acme"}', 'breach']]);
      assert.equal(decisionName(o.decision), 'rollback');
    });
  });

  describe('scenarios', () => {
    const SLOS = slo({ name: 'a', action_on_breach: 'page' }) + slo({ name: 'b', action_on_breach: 'rollback' });
    const GATES = 'gates:\n  - name: canary\n    slos: [a]\n  - name: strict\n    slos: [a]\n    on_missing_data: block\n';
    const run = (items: string, extra = '') => scenarios(policy(SLOS, `${GATES}${extra}scenarios:\n${items}`));

    it('without a gate: the SLOs it gives values for (null included), missing data ignored, no requirements', () => {
      const [o] = run('  - name: spike\n    metrics: { a: 0.5 }\n    expect: page\n');
      assert.deepEqual([decisionName(o.decision), o.passed, o.onMissingData, o.requirements], ['page', true, 'ignore', []]);
      assert.deepEqual(statuses(o), [['a', 'breach', 'decides']]);
      assert.deepEqual([o.scenario, o.expect, o.uri], ['spike', 'page', MAIN]);
      assert.deepEqual(o.range, range(20, 10, 20, 15));
      assert.equal(o.values.label, 'scenario spike');
      assert.deepEqual(o.slos[0].observed?.site, { uri: MAIN, range: range(21, 18, 21, 21) });
      const [nulls] = run('  - name: no_b\n    metrics: { a: 0.95, b: null }\n    expect: pass\n');
      assert.deepEqual([nulls.passed, statuses(nulls)], [true, [['a', 'pass'], ['b', 'no_data']]]);
    });

    it('cannot pass with a problem in its values that no SLO reads (a malformed key, metrics that are not a map)', () => {
      const [badKey] = run('  - name: typo\n    metrics: { "a{tenant": 0.5 }\n    expect: pass\n');
      assert.deepEqual([decisionName(badKey.decision), badKey.passed], ['error', false]);
      assert.match(badKey.reason, /unclosed "\{"/);
      const [notMap] = run('  - name: flat\n    metrics: 0.5\n    expect: pass\n');
      assert.deepEqual([decisionName(notMap.decision), notMap.passed], ['error', false]);
    });

    it('fails when the decision differs from expect', () => {
      const [o] = run('  - name: spike\n    metrics: { a: 0.95, b: 0.1 }\n    expect: page\n');
      assert.deepEqual([decisionName(o.decision), o.passed], ['rollback', false]);
    });

    it('with a gate: its SLOs and its on_missing_data', () => {
      const [canary, strict, other] = run(
        '  - name: canary_ok\n    gate: canary\n    metrics: { a: 0.95 }\n    expect: pass\n' +
          '  - name: strict_no_data\n    gate: strict\n    metrics: { b: 0.1 }\n    expect: block\n' +
          '  - name: ignores_b\n    gate: canary\n    metrics: { a: 0.95, b: 0.1 }\n    expect: pass\n',
      );
      assert.deepEqual([canary.decision.kind, canary.passed, canary.onMissingData, statuses(canary)], ['pass', true, 'block', [['a', 'pass']]]);
      assert.deepEqual([strict.decision.kind, strict.passed, strict.onMissingData], ['block', true, 'block']);
      assert.deepEqual([other.decision.kind, other.passed], ['pass', true]);
      assert.deepEqual(other.unusedKeys.map((u) => u.key), ['b']);
    });

    it('never inherits a gate\'s requirements', () => {
      const [o] = run('  - name: ok\n    gate: release\n    metrics: { a: 0.95, b: 0.95 }\n    expect: pass\n', '  - name: release\n    require: [slo_diff_green]\n');
      assert.deepEqual([o.decision.kind, o.requirements], ['pass', []]);
    });

    it('is an error when it runs a gate the model does not have', () => {
      const [o] = run('  - name: typo\n    gate: canry\n    metrics: { a: 0.95 }\n    expect: pass\n');
      assert.deepEqual([o.decision, o.passed, o.slos], [{ kind: 'error' }, false, []]);
      assert.equal(o.reason, 'the scenario runs gate "canry", which this model does not have.');
    });

    it('is an error on a bad value, whatever it expects', () => {
      const [o] = run('  - name: nan\n    metrics: { a: .nan }\n    expect: pass\n');
      assert.deepEqual([o.decision.kind, o.passed], ['error', false]);
      assert.deepEqual(o.slos[0].reason, '"a" in scenario nan is NaN: a gate cannot compare it, so it is an error rather than a pass or "no data".');
      assert.deepEqual(o.values.problems.map((p) => p.site.range), [range(21, 18, 21, 22)]);
    });

    it('does not pass without an expect', () => {
      const [o] = run('  - name: bare\n    metrics: { a: 0.95 }\n');
      assert.deepEqual([o.decision.kind, o.passed, o.expect], ['pass', false, undefined]);
    });

    it('matches a custom action by its name or by the built-in it ranks with, not the other way round', () => {
      const actions = 'actions:\n  notify_ts:\n    severity: page\n    description: Page T&S.\n';
      const text = (expect: string, action = 'notify_ts') => policy(slo({ name: 'a', action_on_breach: action }), `${actions}scenarios:\n  - name: s\n    metrics: { a: 0 }\n    expect: ${expect}\n`);
      assert.deepEqual(['notify_ts', 'page', 'ticket', 'rollback', 'pass'].map((e) => scenarios(text(e))[0].passed), [true, true, false, false, false]);
      assert.deepEqual(['page', 'notify_ts'].map((e) => scenarios(text(e, 'page'))[0].passed), [true, false]);
      assert.equal(matches({ kind: 'block' }, 'block'), true);
      assert.equal(matches({ kind: 'error' }, 'pass'), false);
    });

    it('lists the keys no SLO of its gate reads, suggesting the key meant', () => {
      const [o] = run('  - name: typo\n    metrics: { a: 0.95, b: 0.95, ood_recal_7d: 1, "a{tenant=acme}": 0.1 }\n    expect: pass\n', '');
      assert.deepEqual(o.unusedKeys.map((u) => [u.key, u.suggestion]), [['ood_recal_7d', undefined], ['a{tenant="acme"}', undefined]]);
      const [typo] = run('  - name: typo\n    metrics: { aa: 0.1, b: 0.95 }\n    expect: pass\n');
      assert.deepEqual(typo.unusedKeys.map((u) => [u.key, u.suggestion, u.site.range.start]), [['aa', 'a', { line: 21, character: 19 }]]);
      assert.equal(typo.passed, true, 'a typo reads as no data, ignored: the unused key is how the user learns of it');
    });

    it('runs in every file of the model, files by URI', () => {
      const extra = file(policy(slo({ name: 'c' }), 'scenarios:\n  - name: from_extra\n    metrics: { a: 0.1 }\n    expect: page\n'), EXTRA);
      const all = scenarios(policy(SLOS, 'scenarios:\n  - name: from_main\n    metrics: { c: 0.1 }\n    expect: degrade_to_safe_mode\n'), [extra]);
      assert.deepEqual(all.map((s) => [s.scenario, s.uri, s.passed]), [['from_extra', EXTRA, true], ['from_main', MAIN, true]]);
    });
  });

  describe('dryRun', () => {
    it('evaluates each SLO and each gate only when values are given; scenarios always', () => {
      const text = policy(slo({ name: 'a' }), 'gates:\n  - name: release\n  - name: canary\n    slos: [a]\nscenarios:\n  - name: s\n    metrics: { a: 1 }\n    expect: pass\n');
      const without = dryRun([file(text)], undefined);
      assert.deepEqual([without.slos.length, without.sloOutcomes, without.gates, without.scenarios.length], [1, undefined, undefined, 1]);
      const withValues = dryRun([file(text)], values('a: 0.5\n'));
      assert.deepEqual(withValues.sloOutcomes?.map((s) => s.status), ['breach']);
      assert.deepEqual(withValues.gates?.map((g) => [g.gate, decisionName(g.decision)]), [['release', 'degrade_to_safe_mode'], ['canary', 'degrade_to_safe_mode']]);
      assert.equal(withValues.scenarios[0].passed, true, 'a scenario reads its own values, not the snapshot');
    });

    it('names a gate without a name by its position', () => {
      const run = dryRun([file(policy(slo(), 'gates:\n  - slos: all\n'))], values('ood_recall_7d: 1\n'));
      assert.equal(run.gates?.[0].gate, 'gates[0]');
    });
  });

  describe('property: the decision is what a brute-force reading of the same model decides', () => {
    /** Comparators by what the target says, and a threshold written plainly, as a percentage or in ms. */
    const COMPARE: Record<string, (v: number, t: number) => boolean> = {
      '>=': (v, t) => v >= t,
      '>': (v, t) => v > t,
      '<=': (v, t) => v <= t,
      '<': (v, t) => v < t,
      '==': (v, t) => v === t,
      '!=': (v, t) => v !== t,
    };
    const THRESHOLDS = [
      { text: '0.9', ratio: 0.9 },
      { text: '0', ratio: 0 },
      { text: '0.5', ratio: 0.5 },
      { text: '90%', ratio: 0.9 },
      { text: '99.5%', ratio: 0.995 },
      { text: '500ms', ratio: 500 },
    ];
    const CUSTOM = { notify_ts: 'page', escalate_legal: 'rollback', log_it: 'alert' } as const;
    const ACTIONS = [...LADDER, ...Object.keys(CUSTOM), 'no_such_action'];
    const VALUES = ['0', '0.5', '0.9', '0.995', '1', '500', '620', 'null', 'missing', '.nan', '"0.9"'] as const;

    const sloArb = fc.record({
      comparator: fc.constantFrom(...Object.keys(COMPARE)),
      threshold: fc.constantFrom(...THRESHOLDS),
      action: fc.constantFrom(...ACTIONS),
      /** Some SLOs share a metric, so one value feeds several. */
      metric: fc.constantFrom('m0', 'm1', 'm2', 'm3', 'm4'),
      inExtra: fc.boolean(),
    });
    const modelArb = fc
      .record({
        slos: fc.array(sloArb, { minLength: 1, maxLength: 7 }),
        values: fc.record({ m0: fc.constantFrom(...VALUES), m1: fc.constantFrom(...VALUES), m2: fc.constantFrom(...VALUES), m3: fc.constantFrom(...VALUES), m4: fc.constantFrom(...VALUES) }),
        listed: fc.option(fc.array(fc.nat({ max: 8 }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
        ignore: fc.boolean(),
        require: fc.subarray(['deliberation_note', 'slo_diff_green']),
        note: fc.constantFrom('present', 'absent', 'unknown'),
      })
      .map((m) => ({ ...m, slos: m.slos.map((s, i) => ({ ...s, name: `slo_${i}` })) }));
    type Model = typeof modelArb extends fc.Arbitrary<infer T> ? T : never;

    /** The model as two policy files: the gate in the main one, the custom actions in the other. */
    function policies(m: Model): PolicyFile[] {
      const text = (slos: Model['slos'], rest: string) =>
        `version: 1\nmodel: claims-triage\n${rest}slos:\n` +
        (slos.length ? '' : '  []\n') +
        slos.map((s) => `  - name: ${s.name}\n    metric: ${s.metric}\n    objective: "x."\n    target: "${s.comparator} ${s.threshold.text}"\n    window: 7d\n    action_on_breach: ${s.action}\n`).join('');
      const listed = m.listed ? `\n    slos: [${m.listed.map((i) => `slo_${i}`).join(', ')}]` : '';
      const require = m.require.length ? `\n    require: [${m.require.join(', ')}]` : '';
      const gates = `gates:\n  - name: g${listed}${require}\n    on_missing_data: ${m.ignore ? 'ignore' : 'block'}\n`;
      const actions = `actions:\n${Object.entries(CUSTOM).map(([n, severity]) => `  ${n}:\n    severity: ${severity}\n    description: x\n`).join('')}`;
      return [file(text(m.slos.filter((s) => !s.inExtra), gates)), file(text(m.slos.filter((s) => s.inExtra), actions), EXTRA)];
    }

    /** The reference: written from the issue's rules, not from the engine. */
    function reference(m: Model): { decision: string; readErrorOrBlockingNoData: boolean } {
      const rank = (action: string): number | undefined => {
        const ladder = (CUSTOM as Record<string, string>)[action] ?? action;
        const i = (LADDER as readonly string[]).indexOf(ladder);
        return i < 0 ? undefined : i;
      };
      // Files by URI: extra.safety-slos.yaml before safety-slos.yaml; SLOs as written within each.
      const ordered = [...m.slos.filter((s) => s.inExtra), ...m.slos.filter((s) => !s.inExtra)];
      const read = m.listed ? ordered.filter((s) => m.listed!.includes(Number(s.name.slice(4)))) : ordered;
      const unknownListed = m.listed?.some((i) => i >= m.slos.length) ?? false;
      let error = unknownListed;
      let noData = false;
      let worst: { rank: number; action: string } | undefined;
      for (const s of read) {
        const v = m.values[s.metric as keyof Model['values']];
        if (v === '.nan' || v === '"0.9"') error = true;
        else if (v === 'null' || v === 'missing') noData = true;
        // A percentage target reads a ratio: a value outside [0, 1] was written as a percentage.
        else if (s.threshold.text.endsWith('%') && (Number(v) < 0 || Number(v) > 1)) error = true;
        else if (!COMPARE[s.comparator](Number(v), s.threshold.ratio)) {
          const r = rank(s.action);
          if (r === undefined) error = true;
          else if (!worst || r > worst.rank) worst = { rank: r, action: s.action };
        }
      }
      const requirementsMet = m.require.every((r) => r === 'deliberation_note' && m.note === 'present');
      const decision = error ? 'error' : worst ? worst.action : (noData && !m.ignore) || !requirementsMet ? 'block' : 'pass';
      return { decision, readErrorOrBlockingNoData: error || (noData && !m.ignore) };
    }

    it('for random SLOs, gates and values; never pass on an error or on missing data that blocks', () => {
      fc.assert(
        fc.property(modelArb, (m) => {
          const snapshot = Object.entries(m.values).filter(([, v]) => v !== 'missing').map(([k, v]) => `${k}: ${v}\n`).join('');
          const facts = { present: { deliberationNote: { uri: 'file:///w/m/notes/n.md' } }, absent: { deliberationNote: null }, unknown: {} }[m.note];
          const [outcome] = dryRun(policies(m), values(snapshot || '{}\n'), facts).gates!;
          const expected = reference(m);
          assert.equal(decisionName(outcome.decision), expected.decision);
          if (expected.readErrorOrBlockingNoData) assert.notEqual(outcome.decision.kind, 'pass');
          if (outcome.slos.some((s) => s.status === 'error') || (outcome.onMissingData === 'block' && outcome.slos.some((s) => s.status === 'no_data'))) {
            assert.notEqual(outcome.decision.kind, 'pass');
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
