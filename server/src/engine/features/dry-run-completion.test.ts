import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { dryRun } from '../dry-run/evaluate';
import { LADDER } from '../ladder';
import { parsePolicy, type PolicyFile } from '../policy/parse';
import { policy, slo, withCursor } from '../testing';
import { completion } from './completion';

const ACTIONS = 'actions:\n  notify_ts:\n    severity: page\n    description: Page T&S.\n';
const SLOS = slo({ name: 'ood_recall_7d' }) + slo({ name: 'ood_recall_7d', target: '">= 0.92"', scope: '{ tenant: acme }' }) + slo({ name: 'ece_24h', target: '"<= 0.05"', action_on_breach: 'notify_ts' });
const GATES = 'gates:\n  - name: canary\n    slos: [ece_24h]\n  - name: release\n';
/** A policy with SLOs, custom actions and gates, then `tail` (holding the cursor). */
const text = (tail: string) => policy(SLOS, ACTIONS + GATES + tail);

const EXTRA = parsePolicy(
  TextDocument.create('file:///w/extra.safety-slos.yaml', 'yaml', 1, policy(slo({ name: 'latency_p95', target: '"<= 500ms"', action_on_breach: 'escalate' }), 'actions:\n  escalate:\n    severity: rollback\n    description: x\ngates:\n  - name: nightly\n')),
);

function complete(marked: string, model: PolicyFile[] = []): CompletionItem[] {
  const { file, position } = withCursor(marked);
  return completion(file, position, [file, ...model]);
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

/** The text after accepting `label`, with the cursor marker removed. */
function accept(marked: string, label: string, model: PolicyFile[] = []): string {
  const item = complete(marked, model).find((i) => i.label === label);
  assert.ok(item?.textEdit, `${label} is offered with an edit`);
  return TextDocument.applyEdits(withCursor(marked).file.document, [item.textEdit as TextEdit]);
}

describe('features/completion: gates and scenarios', () => {
  describe("a gate's slos", () => {
    it('offers each SLO name once in a block list, but those already listed', () => {
      const items = complete(text('  - name: nightly\n    slos:\n      - ece_24h\n      - ‸\n'));
      assert.deepEqual(labels(items), ['ood_recall_7d']);
      assert.equal(items[0].detail, '>= 0.90 → degrade_to_safe_mode');
      assert.deepEqual(labels(complete(text('  - name: nightly\n    slos:\n      - oo‸\n'))), ['ood_recall_7d', 'ece_24h']);
    });

    it('offers SLO names in a flow list, replacing what is typed of the current item', () => {
      const marked = text('  - name: nightly\n    slos: [ood_recall_7d, e‸\n');
      assert.deepEqual(labels(complete(marked)), ['ece_24h']);
      assert.equal(accept(marked, 'ece_24h'), text('  - name: nightly\n    slos: [ood_recall_7d, ece_24h\n'));
      assert.deepEqual(labels(complete(text('  - name: nightly\n    slos: [‸]\n'))), ['ood_recall_7d', 'ece_24h']);
    });

    it('offers the SLOs of every file of the model', () => {
      assert.deepEqual(labels(complete(text('  - name: nightly\n    slos: [‸\n'), [EXTRA])), ['latency_p95', 'ood_recall_7d', 'ece_24h']);
    });

    it('offers `all` for the scalar form', () => {
      const items = complete(text('  - name: nightly\n    slos: a‸\n'));
      assert.deepEqual(labels(items), ['all']);
      assert.equal(accept(text('  - name: nightly\n    slos: a‸\n'), 'all'), text('  - name: nightly\n    slos: all\n'));
    });
  });

  it("offers the requirements not yet listed under a gate's require", () => {
    assert.deepEqual(labels(complete(text('  - name: nightly\n    require: [‸\n'))), ['slo_diff_green', 'deliberation_note']);
    assert.deepEqual(labels(complete(text('  - name: nightly\n    require: [slo_diff_green, ‸]\n'))), ['deliberation_note']);
    assert.deepEqual(labels(complete(text('  - name: nightly\n    require:\n      - deliberation_note\n      - ‸\n'))), ['slo_diff_green']);
  });

  it('offers block and ignore for on_missing_data', () => {
    assert.deepEqual(labels(complete(text('  - name: nightly\n    on_missing_data: ‸\n'))), ['block', 'ignore']);
  });

  describe('a scenario', () => {
    const scenario = (lines: string) => text(`scenarios:\n  - name: spike\n${lines}`);

    it('expect: pass, block, then every action by rank, custom ones of any file beside their built-in', () => {
      const items = complete(scenario('    expect: ‸\n'), [EXTRA]);
      const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
      assert.deepEqual(sorted.slice(0, 2), ['pass', 'block']);
      assert.deepEqual(new Set(labels(items)), new Set(['pass', 'block', ...LADDER, 'escalate', 'notify_ts']));
      assert.deepEqual(sorted.indexOf('notify_ts') - sorted.indexOf('page'), 1);
      assert.equal(items.find((i) => i.label === 'escalate')?.detail, 'custom, ranks with rollback; 7 of 8 on the ladder');
      assert.equal(accept(scenario('    expect: deg‸\n'), 'degrade_to_safe_mode'), scenario('    expect: degrade_to_safe_mode\n'));
    });

    it('gate: the gates of every file of the model', () => {
      assert.deepEqual(labels(complete(scenario('    gate: ‸\n'), [EXTRA])), ['nightly', 'canary', 'release']);
    });

    it('metrics (block map): the keys the SLOs read, scoped ones canonical, but those written', () => {
      const items = complete(scenario('    metrics:\n      ood_recall_7d: 0.84\n      ‸\n'));
      assert.deepEqual(labels(items), ['ood_recall_7d{tenant="acme"}', 'ece_24h']);
      assert.equal(items[0].detail, 'read by ood_recall_7d (>= 0.92 → degrade_to_safe_mode)');
      const written = scenario('    metrics:\n      "ood_recall_7d{tenant=acme}": 0.9\n      ‸\n');
      assert.deepEqual(labels(complete(written)), ['ood_recall_7d', 'ece_24h']);
    });

    it("metrics: only its gate's SLOs when it runs a gate that lists them", () => {
      assert.deepEqual(labels(complete(scenario('    gate: canary\n    metrics:\n      ‸\n    expect: pass\n'))), ['ece_24h']);
      assert.deepEqual(labels(complete(scenario('    gate: release\n    metrics:\n      ‸\n'))), ['ood_recall_7d', 'ood_recall_7d{tenant="acme"}', 'ece_24h']);
    });

    it('metrics (flow map): keys after other entries, quoted ones included; nothing on a value', () => {
      const marked = scenario('    metrics: { "ood_recall_7d{tenant=acme}": 0.9, ‸\n');
      assert.deepEqual(labels(complete(marked)), ['ood_recall_7d', 'ece_24h']);
      assert.deepEqual(complete(scenario('    metrics: { ece_24h: ‸\n')), []);
    });

    it('inserts keys that read back as the key the SLO reads, in block and flow maps', () => {
      const key = 'ood_recall_7d{tenant="acme"}';
      for (const [marked, spot] of [
        [scenario('    metrics:\n      ‸\n'), 'block'],
        [scenario('    metrics: { ece_24h: 0.01, ‸\n'), 'flow'],
      ] as const) {
        const accepted = accept(marked, key).replace(/: \n/, ': 0.5\n').replace(/: $/m, ': 0.5 }');
        const [outcome] = dryRun([parsePolicy(TextDocument.create('file:///w/safety-slos.yaml', 'yaml', 1, `${accepted.trimEnd()}${spot === 'flow' ? ' }' : ''}\n    expect: pass\n`))], undefined).scenarios;
        assert.ok(outcome.values.values.has(key), `${spot}: ${accepted}`);
        assert.deepEqual(outcome.values.problems, [], spot);
      }
    });
  });

  it('offers the keys the SLOs read in an inline top-level metrics map', () => {
    assert.deepEqual(labels(complete(text('metrics: { ece_24h: 0.01, ‸\n'))), ['ood_recall_7d', 'ood_recall_7d{tenant="acme"}']);
  });

  it('leaves other keys and values to the schema', () => {
    assert.deepEqual(labels(complete(text('  - name: nightly\n    ‸\n'))), ['description', 'slos', 'require', 'on_missing_data']);
    assert.deepEqual(labels(complete(text('scenarios:\n  - ‸\n'))), ['name', 'description', 'metrics', 'expect', 'gate', 'step']);
  });
});
