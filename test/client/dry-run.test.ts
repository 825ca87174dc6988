// The client side of dry runs without an extension host: what a clicked lens does with the server's answer
// (client/src/dryRunFlow.ts, driven with a fake editor and a fake server), what the user may type or pick
// (client/src/dryRunInputs.ts), and what the manifest contributes for it.
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { EXPLAIN_COMMAND, explain, type DryRunEditor, type Explanation, type ValueSource } from '../../client/src/dryRunFlow';
import { METRICS_SETTING, metricValueProblem, parseMetricValue, snapshotSettingPath } from '../../client/src/dryRunInputs';
import { EXPLAIN_COMMAND as SERVER_EXPLAIN_COMMAND } from '../../server/src/engine/features/code-lens';
import { isPolicyFileName } from '../../server/src/engine/policy/file-names';
import { contributions } from './manifest';

const POLICY = 'file:///w/claims-triage/safety-slos.yaml';
const SLO = { uri: POLICY, kind: 'slo', name: 'ood_recall_7d' };

/** A server that answers each request with the next reply (or throws it), recording the requests. */
function fakeServer(...replies: unknown[]) {
  const requests: unknown[][] = [];
  const run = async (args: unknown[]) => {
    requests.push(args);
    const reply = replies.shift();
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { run, requests };
}

/** An editor whose user answers as told; it records what was asked and shown. */
function fakeEditor(answers: { source?: ValueSource; value?: number; snapshot?: boolean } = {}) {
  const asked: string[] = [];
  const shown: Explanation[] = [];
  const errors: string[] = [];
  const editor: DryRunEditor = {
    chooseValueSource: async (slo) => (asked.push(`source ${slo}`), answers.source),
    askValue: async (slo) => (asked.push(`value ${slo}`), answers.value),
    chooseSnapshot: async (uri) => (asked.push(`snapshot ${uri}`), answers.snapshot ?? false),
    show: async (explanation) => void shown.push(explanation),
    showError: (message) => void errors.push(message),
  };
  return { editor, asked, shown, errors };
}

const answer = (title: string, extra: object = {}) => ({ title, markdown: `### ${title}`, ...extra });
const NEEDS_VALUE = answer('ood_recall_7d: no metrics loaded', { needsValue: true });

describe('dry runs in the client', function () {
  describe('showing what the server explains', function () {
    it('intercepts the command the server\'s lenses run', function () {
      assert.equal(EXPLAIN_COMMAND, SERVER_EXPLAIN_COMMAND);
    });

    it('shows the explanation of a gate, asking nothing', async function () {
      const server = fakeServer(answer('Gate release: pass'));
      const ui = fakeEditor();
      const args = [{ uri: POLICY, kind: 'gate', name: 'release' }];
      const result = await explain(args, server.run, ui.editor);
      assert.deepEqual(server.requests, [args]);
      assert.deepEqual(ui.shown, [{ title: 'Gate release: pass', markdown: '### Gate release: pass', needsValue: false }]);
      assert.deepEqual(result, ui.shown[0]);
      assert.deepEqual([...ui.asked, ...ui.errors], []);
    });

    it('shows an SLO evaluated against the snapshot without asking for a value', async function () {
      const server = fakeServer(answer('ood_recall_7d: pass'));
      const ui = fakeEditor({ source: 'value', value: 1 });
      await explain([SLO], server.run, ui.editor);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(ui.asked, []);
      assert.deepEqual(ui.shown.map((e) => e.title), ['ood_recall_7d: pass']);
    });

    it('shows an error, and nothing else, when the server fails or answers something else', async function () {
      for (const reply of [new Error('Request failed'), undefined, { title: 'x' }, 'text']) {
        const ui = fakeEditor();
        assert.equal(await explain([SLO], fakeServer(reply).run, ui.editor), undefined);
        assert.deepEqual(ui.shown, []);
        assert.equal(ui.errors.length, 1);
        assert.match(ui.errors[0]!, /^Safety Specs: the dry run failed: /);
      }
    });
  });

  describe('an SLO without values ("Dry run...")', function () {
    it('asks for a value and runs the SLO again with it', async function () {
      const server = fakeServer(NEEDS_VALUE, answer('ood_recall_7d: breach'));
      const ui = fakeEditor({ source: 'value', value: 0.84 });
      await explain([SLO], server.run, ui.editor);
      assert.deepEqual(ui.asked, ['source ood_recall_7d', 'value ood_recall_7d']);
      assert.deepEqual(server.requests, [[SLO], [{ ...SLO, value: 0.84 }]]);
      assert.deepEqual(ui.shown.map((e) => e.title), ['ood_recall_7d: breach']);
    });

    it('lets the user pick a snapshot, then runs the SLO again against it', async function () {
      const server = fakeServer(NEEDS_VALUE, answer('ood_recall_7d: pass'));
      const ui = fakeEditor({ source: 'snapshot', snapshot: true });
      await explain([SLO], server.run, ui.editor);
      assert.deepEqual(ui.asked, ['source ood_recall_7d', `snapshot ${POLICY}`]);
      assert.deepEqual(server.requests, [[SLO], [SLO]]);
      assert.deepEqual(ui.shown.map((e) => e.title), ['ood_recall_7d: pass']);
    });

    it('shows the second answer even when the snapshot gave no value either (it says why), without asking again', async function () {
      const server = fakeServer(NEEDS_VALUE, NEEDS_VALUE);
      const ui = fakeEditor({ source: 'snapshot', snapshot: true });
      await explain([SLO], server.run, ui.editor);
      assert.equal(ui.asked.length, 2);
      assert.deepEqual(ui.shown, [{ ...NEEDS_VALUE, needsValue: true }]);
    });

    for (const [cancelled, answers] of [
      ['the choice', {}],
      ['the value', { source: 'value' }],
      ['the file', { source: 'snapshot', snapshot: false }],
    ] as const) {
      it(`shows nothing and runs nothing more when the user cancels ${cancelled}`, async function () {
        const server = fakeServer(NEEDS_VALUE);
        const ui = fakeEditor(answers);
        assert.equal(await explain([SLO], server.run, ui.editor), undefined);
        assert.equal(server.requests.length, 1);
        assert.deepEqual([...ui.shown, ...ui.errors], []);
      });
    }

    it('asks only for an SLO without a value: a gate or an SLO given a value shows what the server said', async function () {
      for (const args of [{ uri: POLICY, kind: 'gate', name: 'release' }, { ...SLO, value: 0.5 }]) {
        const server = fakeServer(NEEDS_VALUE);
        const ui = fakeEditor({ source: 'value', value: 1 });
        await explain([args], server.run, ui.editor);
        assert.deepEqual(ui.asked, []);
        assert.equal(server.requests.length, 1);
        assert.deepEqual(ui.shown.map((e) => e.needsValue), [true]);
      }
    });
  });

  describe('what the user types or picks', function () {
    it('takes finite decimal numbers as values', function () {
      for (const [text, value] of [['0.93', 0.93], [' 0.93 ', 0.93], ['-2', -2], ['+1', 1], ['.5', 0.5], ['1.', 1], ['1e-3', 0.001], ['0', 0], ['7E2', 700]] as const) {
        assert.equal(parseMetricValue(text), value, text);
        assert.equal(metricValueProblem(text), undefined, text);
      }
    });

    it('refuses what is not a finite decimal number, with a message', function () {
      for (const text of ['', ' ', 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '0b1', '93%', '0.9.3', '1,5', 'e3', '.', '-', 'null', '0.93 0.5']) {
        assert.equal(parseMetricValue(text), undefined, JSON.stringify(text));
        assert.match(metricValueProblem(text) ?? '', /finite number/, JSON.stringify(text));
      }
    });

    it('records a snapshot relative to the first workspace folder, with /, or absolute outside it', function () {
      const folder = path.resolve('/w');
      assert.equal(snapshotSettingPath(path.join(folder, 'claims-triage', 'eval', 'latest.json'), folder), 'claims-triage/eval/latest.json');
      assert.equal(snapshotSettingPath(path.join(folder, 'latest.yaml'), folder), 'latest.yaml');
      assert.equal(snapshotSettingPath(path.join(folder, '..snapshot.json'), folder), '..snapshot.json');
      for (const outside of [path.resolve('/other/latest.json'), path.resolve('/w2/latest.json'), path.resolve('/latest.json')]) {
        assert.equal(snapshotSettingPath(outside, folder), outside);
      }
    });
  });

  describe('the manifest', function () {
    const { commands, menus, configuration } = contributions();

    it('contributes the snapshot setting, window-scoped like the other path settings', function () {
      const setting = configuration.properties[`safetySpecs.${METRICS_SETTING}`];
      assert.ok(setting, `safetySpecs.${METRICS_SETTING} is not contributed`);
      assert.equal(setting.type, 'string');
      assert.equal(setting.default, '');
      assert.equal(setting.scope, configuration.properties['safetySpecs.baseline']!.scope);
      assert.match(setting.markdownDescription ?? '', /`metrics:`/);
    });

    it('offers "Run All Scenarios" in the command palette on policy files only; the server\'s command is not offered', function () {
      assert.deepEqual(commands.find((c) => c.command === 'safetySpecs.runAllScenarios'), { command: 'safetySpecs.runAllScenarios', title: 'Run All Scenarios', category: 'Safety Specs' });
      assert.ok(!commands.some((c) => c.command === EXPLAIN_COMMAND));
      const entry = (menus.commandPalette ?? []).find((e) => e.command === 'safetySpecs.runAllScenarios');
      const match = /^resourceScheme == file && resourceFilename =~ \/(.+)\/$/.exec(entry?.when ?? '');
      assert.ok(match, `"when" tests the scheme and the file name: ${entry?.when}`);
      const shownOn = new RegExp(match[1]!);
      const names = ['safety-slos.yaml', 'safety-slos.yml', 'acme.safety-slos.yaml', 'a.b.safety-slos.yaml', '.safety-slos.yaml', 'safety-slos.yaml.bak', 'acme.safety-slos.yml', 'xsafety-slos.yaml', 'Safety-SLOs.yaml', '.safety-specs.yaml', 'README.md'];
      for (const name of names) assert.equal(shownOn.test(name), isPolicyFileName(`/w/m/${name}`), name);
    });
  });
});
