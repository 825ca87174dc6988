// The client side of the SLO diff without an extension host: what the lens (or "Show SLO Diff") does with the
// server's answer (client/src/sloDiffFlow.ts, driven with a fake editor and a fake server), and what the manifest
// contributes for it.
import { strict as assert } from 'node:assert';
import { SHOW_DIFF_COMMAND, showSloDiff, type SloDiff, type SloDiffEditor } from '../../client/src/sloDiffFlow';
import { SHOW_DIFF_COMMAND as SERVER_SHOW_DIFF_COMMAND } from '../../server/src/engine/features/code-lens';
import { SERVER_COMMANDS } from '../../server/src/lsp/commands';
import { isPolicyFileName } from '../../server/src/engine/policy/file-names';
import { contributions } from './manifest';

const POLICY = 'file:///w/claims-triage/safety-slos.yaml';
const DIFF = { title: 'SLO diff vs main: 1 loosened (not acknowledged)', markdown: '## Safety Specs: SLO diff ❌ not green' };

function fakeEditor() {
  const shown: SloDiff[] = [];
  const errors: string[] = [];
  const editor: SloDiffEditor = { show: async (diff) => void shown.push(diff), showError: (message) => void errors.push(message) };
  return { editor, shown, errors };
}

/** A server that answers with `reply` (or throws it), recording the arguments it was sent. */
function fakeServer(reply: unknown) {
  const requests: unknown[][] = [];
  const run = async (args: unknown[]) => {
    requests.push(args);
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { run, requests };
}

describe('the SLO diff in the client', function () {
  it('runs the command of the server\'s lens, which the server offers', function () {
    assert.equal(SHOW_DIFF_COMMAND, SERVER_SHOW_DIFF_COMMAND);
    assert.equal(SERVER_COMMANDS.showDiff, SHOW_DIFF_COMMAND);
  });

  it('asks the server for the policy\'s diff and shows its Markdown', async function () {
    const server = fakeServer({ ...DIFF, extra: true });
    const ui = fakeEditor();
    assert.deepEqual(await showSloDiff(POLICY, server.run, ui.editor), DIFF);
    assert.deepEqual(server.requests, [[POLICY]]);
    assert.deepEqual(ui.shown, [DIFF]);
    assert.deepEqual(ui.errors, []);
  });

  it('shows the server\'s reason when there is no diff (no git base), and nothing else', async function () {
    const ui = fakeEditor();
    assert.equal(await showSloDiff(POLICY, fakeServer({ error: "no git base: unknown revision 'nope'" }).run, ui.editor), undefined);
    assert.deepEqual(ui.shown, []);
    assert.deepEqual(ui.errors, ["Safety Specs: no git base: unknown revision 'nope'"]);
  });

  it('shows an error, and nothing else, when the server fails or answers something else', async function () {
    for (const reply of [new Error('Request failed'), undefined, null, { title: 'x' }, 'text', [DIFF]]) {
      const ui = fakeEditor();
      assert.equal(await showSloDiff(POLICY, fakeServer(reply).run, ui.editor), undefined);
      assert.deepEqual(ui.shown, []);
      assert.equal(ui.errors.length, 1);
      assert.match(ui.errors[0]!, /^Safety Specs: the SLO diff failed: /);
    }
  });

  describe('the manifest', function () {
    const { commands, menus, configuration } = contributions();

    it('contributes the base setting: a string, empty by default, whose description says what the default is', function () {
      const setting = configuration.properties['safetySpecs.diff.base'];
      assert.ok(setting, 'safetySpecs.diff.base is not contributed');
      assert.equal(setting.type, 'string');
      assert.equal(setting.default, '');
      assert.equal(setting.scope, configuration.properties['safetySpecs.baseline']!.scope);
      assert.match(setting.markdownDescription ?? '', /merge base/);
    });

    it('offers "Show SLO Diff" in the command palette on policy files only; the server\'s command is not offered', function () {
      assert.deepEqual(commands.find((c) => c.command === 'safetySpecs.showSloDiff'), { command: 'safetySpecs.showSloDiff', title: 'Show SLO Diff', category: 'Safety Specs' });
      assert.ok(!commands.some((c) => c.command === SHOW_DIFF_COMMAND));
      const entry = (menus.commandPalette ?? []).find((e) => e.command === 'safetySpecs.showSloDiff');
      const match = /^resourceScheme == file && resourceFilename =~ \/(.+)\/$/.exec(entry?.when ?? '');
      assert.ok(match, `"when" tests the scheme and the file name: ${entry?.when}`);
      const shownOn = new RegExp(match[1]!);
      for (const name of ['safety-slos.yaml', 'safety-slos.yml', 'acme.safety-slos.yaml', 'safety-slos.yaml.bak', 'README.md', '.safety-specs.yaml']) {
        assert.equal(shownOn.test(name), isPolicyFileName(`/w/m/${name}`), name);
      }
    });
  });
});
