import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens } from 'vscode-languageserver-types';
import { dryRun } from '../dry-run/evaluate';
import { parseSnapshot } from '../dry-run/metric-values';
import { parsePolicy } from '../policy/parse';
import { doc } from '../testing';
import { dryRunLenses, EXPLAIN_COMMAND, explainDryRun, loadedMetrics, NO_METRICS, type LensMetrics } from './code-lens';

const POLICY = `version: 1
model: claims-triage
slos:
  - name: ood_recall_7d
    objective: "Detect distribution shift before harm."
    target: ">= 0.90"
    window: 7d
    action_on_breach: degrade_to_safe_mode
gates:
  - name: release
    slos: all
  - name: canary
    slos: [ood_recall_7d]
    on_missing_data: ignore
scenarios:
  - name: ood_spike
    metrics: { ood_recall_7d: 0.84 }
    expect: degrade_to_safe_mode
  - name: wrong_expectation
    metrics: { denial_precision_7d: 0.5 }
    expect: pass
`;

/** Another file of the same model: its SLO is read by the main file's `slos: all` gate. */
const OVERRIDES = `version: 1
model: claims-triage
slos:
  - name: denial_precision_7d
    objective: "Deny only what should be denied."
    target: ">= 0.95"
    window: 7d
    action_on_breach: rollback
`;

const SNAPSHOT_URI = 'file:///w/eval/latest.json';
const main = parsePolicy(doc(POLICY));
const overrides = parsePolicy(TextDocument.create('file:///w/tenants/acme.safety-slos.yaml', 'yaml', 1, OVERRIDES));
const files = [main, overrides];

function snapshot(text: string): LensMetrics {
  return loadedMetrics(parseSnapshot(TextDocument.create(SNAPSHOT_URI, 'json', 1, text), 'eval/latest.json'));
}

function lensesWith(metrics: LensMetrics, file = main): CodeLens[] {
  return dryRunLenses(file, dryRun(files, metrics.kind === 'loaded' ? metrics.values : undefined), metrics);
}

const titles = (lenses: readonly CodeLens[]) => lenses.map((l) => [l.range.start.line, l.command!.title]);
const path = (uri: string) => uri.replace('file:///w/', '');

describe('features/code-lens', () => {
  it('without metrics: "Dry run..." on each SLO, the gates wait for metrics, the scenarios run on their own values', () => {
    assert.deepEqual(titles(lensesWith(NO_METRICS)), [
      [0, 'Run all scenarios (1 passed, 1 failed)'],
      [3, 'Dry run...'],
      [9, 'Gate release: no metrics loaded'],
      [11, 'Gate canary: no metrics loaded'],
      [15, '✓ Scenario passes: degrade_to_safe_mode'],
      [18, '✗ Scenario fails: expected pass, got rollback'],
    ]);
  });

  it('each lens runs the explain command on its item, over the item\'s first line', () => {
    const lenses = lensesWith(NO_METRICS);
    assert.ok(lenses.every((l) => l.command!.command === EXPLAIN_COMMAND));
    assert.deepEqual(
      lenses.map((l) => l.command!.arguments),
      [
        [{ uri: main.document.uri, kind: 'scenarios' }],
        [{ uri: main.document.uri, kind: 'slo', name: 'ood_recall_7d' }],
        [{ uri: main.document.uri, kind: 'gate', name: 'release' }],
        [{ uri: main.document.uri, kind: 'gate', name: 'canary' }],
        [{ uri: main.document.uri, kind: 'scenario', name: 'ood_spike' }],
        [{ uri: main.document.uri, kind: 'scenario', name: 'wrong_expectation' }],
      ],
    );
    assert.deepEqual(lenses[1].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 23 } });
  });

  it('with a snapshot: pass, breach, the gate decision with the SLO that decided it', () => {
    assert.deepEqual(titles(lensesWith(snapshot('{ "ood_recall_7d": 0.93, "denial_precision_7d": 0.91 }'))), [
      [0, 'Run all scenarios (1 passed, 1 failed)'],
      [3, 'Dry run: pass (0.93 >= 0.90)'],
      [9, 'Gate release: rollback (denial_precision_7d)'],
      [11, 'Gate canary: pass'],
      [15, '✓ Scenario passes: degrade_to_safe_mode'],
      [18, '✗ Scenario fails: expected pass, got rollback'],
    ]);
  });

  it('another file of the model shows only its own items, and the model\'s scenarios', () => {
    assert.deepEqual(titles(lensesWith(snapshot('{ "ood_recall_7d": 0.93, "denial_precision_7d": 0.91 }'), overrides)), [
      [0, 'Run all scenarios (1 passed, 1 failed)'],
      [3, 'Dry run: breach (0.91 < 0.95) → rollback'],
    ]);
  });

  it('missing data blocks a gate, unless it ignores it', () => {
    const lenses = lensesWith(snapshot('{ "ood_recall_7d": null }'));
    assert.deepEqual(titles(lenses).slice(1, 4), [
      [3, 'Dry run: no data for ood_recall_7d'],
      [9, 'Gate release: block (no data: ood_recall_7d, denial_precision_7d)'],
      [11, 'Gate canary: pass'],
    ]);
  });

  it('metrics that cannot be used say why on every SLO and gate lens', () => {
    const missing: LensMetrics = { kind: 'unusable', message: 'snapshot eval/latest.json not found', problems: [] };
    assert.deepEqual(titles(lensesWith(missing)).slice(1, 3), [
      [3, 'Dry run: snapshot eval/latest.json not found'],
      [9, 'Gate release: snapshot eval/latest.json not found'],
    ]);
    const broken = snapshot('{ "ood_recall_7d": 0.93,');
    assert.equal(broken.kind, 'unusable');
    assert.match(lensesWith(broken)[1].command!.title, /^Dry run: error \(eval\/latest\.json does not parse/);
  });

  it('a NaN makes the SLO reading it an error, and every gate on that snapshot an error', () => {
    const nan = snapshot('{ "ood_recall_7d": NaN, "denial_precision_7d": 0.97 }');
    const [, slo, release, canary] = titles(lensesWith(nan));
    assert.match(String(slo[1]), /^Dry run: error \("ood_recall_7d" in eval\/latest\.json is "NaN"/);
    assert.deepEqual([release, canary], [
      [9, 'Gate release: error (ood_recall_7d)'],
      [11, 'Gate canary: error (ood_recall_7d)'],
    ]);
    // A bad value no SLO reads still makes the snapshot untrustworthy.
    const unread = snapshot('{ "ood_recall_7d": 0.93, "denial_precision_7d": 0.97, "unused": NaN }');
    assert.deepEqual(titles(lensesWith(unread)).slice(1, 3), [
      [3, 'Dry run: pass (0.93 >= 0.90)'],
      [9, 'Gate release: error (1 problem in eval/latest.json)'],
    ]);
    const explained = explainDryRun(dryRun(files, unread.kind === 'loaded' ? unread.values : undefined), unread, { uri: main.document.uri, kind: 'gate', name: 'release' }, path)!;
    assert.equal(explained.title, 'Gate release: error');
    assert.match(explained.markdown, /^### Gate release: `error`/);
    assert.match(explained.markdown, /\*\*Problems in eval\/latest\.json\*\*\n\n- `eval\/latest\.json:1:65`: "unused" in eval\/latest\.json is "NaN"/);
  });

  describe('explain', () => {
    const values = snapshot('{ "ood_recall_7d": 0.93, "denial_precision_7d": 0.91 }');
    const run = dryRun(files, values.kind === 'loaded' ? values.values : undefined);
    const explain = (target: Parameters<typeof explainDryRun>[2], metrics = values) => explainDryRun(run, metrics, target, path);

    it('an SLO against a value given: the trace of that value', () => {
      const e = explain({ uri: main.document.uri, kind: 'slo', name: 'ood_recall_7d', value: 0.5 })!;
      assert.equal(e.title, 'SLO ood_recall_7d: degrade_to_safe_mode');
      assert.match(e.markdown, /\| `ood_recall_7d` \| 0\.5 \| >= 0\.90 \| breach → degrade_to_safe_mode \| \*\*decides\*\* \|/);
      assert.match(e.markdown, /Evaluated against the value given\./);
      assert.equal(e.needsValue, undefined);
    });

    it('an SLO with no metrics loaded asks for a value', () => {
      const e = explainDryRun(dryRun(files, undefined), NO_METRICS, { uri: main.document.uri, kind: 'slo', name: 'ood_recall_7d' }, path)!;
      assert.equal(e.needsValue, true);
      assert.match(e.markdown, /no metrics loaded/);
      assert.match(e.markdown, /safetySpecs\.dryRun\.metrics/);
    });

    it('a gate: its decision, each SLO and the one that decided', () => {
      const e = explain({ uri: main.document.uri, kind: 'gate', name: 'release' })!;
      assert.equal(e.title, 'Gate release: rollback');
      assert.match(e.markdown, /\| `denial_precision_7d` \| 0\.91 \| >= 0\.95 \| breach → rollback \| \*\*decides\*\* \|/);
      assert.match(e.markdown, /\| `ood_recall_7d` \| 0\.93 \| >= 0\.90 \| pass \| {2}\|/);
      assert.match(e.markdown, /Values from `eval\/latest\.json`\./);
    });

    it('all scenarios, each with its verdict; an unknown name explains nothing', () => {
      const e = explain({ uri: main.document.uri, kind: 'scenarios' })!;
      assert.equal(e.title, 'Run all scenarios (1 passed, 1 failed)');
      assert.match(e.markdown, /### Scenario ood_spike: `degrade_to_safe_mode`[^]*✓ Expected `degrade_to_safe_mode`, got `degrade_to_safe_mode`\./);
      assert.match(e.markdown, /### Scenario wrong_expectation: `rollback`[^]*✗ Expected `pass`, got `rollback`\./);
      assert.equal(explain({ uri: main.document.uri, kind: 'scenario', name: 'nope' }), undefined);
    });
  });
});
