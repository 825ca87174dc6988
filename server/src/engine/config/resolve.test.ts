import { strict as assert } from 'node:assert';
import type { ConfigLayer } from './config-file';
import { chainFor, resolveSettings } from './resolve';
import { layerOf } from './testing';

/** Config files by folder, as a `lookup` would find them on disk. */
function tree(files: Readonly<Record<string, string>>): (folder: string) => ConfigLayer | undefined {
  const layers = new Map(Object.entries(files).map(([folder, text]) => [folder, layerOf(text, `file://${folder === '/' ? '' : folder}/.safety-specs.yaml`)]));
  return (folder) => layers.get(folder);
}

function settingsFor(filePath: string, files: Readonly<Record<string, string>>, base?: Parameters<typeof resolveSettings>[2]) {
  return resolveSettings(filePath, chainFor(filePath, tree(files)), base);
}

describe('config/resolve', () => {
  describe('chainFor', () => {
    it('walks from the file folder up to the file-system root, nearest first', () => {
      const asked: string[] = [];
      const chain = chainFor('/repo/teams/acme/safety-slos.yaml', (folder) => {
        asked.push(folder);
        return tree({ '/repo/teams/acme': '', '/repo': '', '/': '' })(folder);
      });
      assert.deepEqual(asked, ['/repo/teams/acme', '/repo/teams', '/repo', '/']);
      assert.deepEqual(chain.map((l) => l.folder), ['/repo/teams/acme', '/repo', '/']);
    });

    it('stops after a layer with root: true', () => {
      const asked: string[] = [];
      const lookup = tree({ '/repo/teams': 'root: true\n', '/repo': '' });
      const chain = chainFor('/repo/teams/acme/safety-slos.yaml', (folder) => (asked.push(folder), lookup(folder)));
      assert.deepEqual(chain.map((l) => l.folder), ['/repo/teams']);
      assert.deepEqual(asked, ['/repo/teams/acme', '/repo/teams']);
    });

    it('is empty when no folder has a config', () => {
      assert.deepEqual(chainFor('/repo/safety-slos.yaml', () => undefined), []);
    });
  });

  describe('resolveSettings', () => {
    it('the nearest config wins over those above it, rule by rule; the editor settings are lowest', () => {
      const files = {
        '/repo': 'rules:\n  slo/objective-sentence: off\n  slo/ratio-bounds: warning\n',
        '/repo/teams': 'rules:\n  slo/objective-sentence: info\n',
      };
      const base = { 'slo/objective-sentence': 'error', 'conflict/redundant': 'off', 'slo/ratio-bounds': 'info' } as const;
      assert.deepEqual(settingsFor('/repo/teams/acme/safety-slos.yaml', files, base), {
        levels: { 'slo/objective-sentence': 'info', 'conflict/redundant': 'off', 'slo/ratio-bounds': 'warning' },
        ignored: false,
      });
      assert.deepEqual(settingsFor('/repo/safety-slos.yaml', files).levels, { 'slo/objective-sentence': 'off', 'slo/ratio-bounds': 'warning' });
      assert.deepEqual(settingsFor('/elsewhere/safety-slos.yaml', files, base), { levels: base, ignored: false });
    });

    it('within a config, matching overrides win over rules, later ones over earlier ones; globs are relative to their config', () => {
      const files = {
        '/repo': [
          'rules:',
          '  slo/ratio-bounds: warning',
          'overrides:',
          '  - files: ["legacy/**"]',
          '    rules: { slo/ratio-bounds: off, slo/objective-sentence: info }',
          '  - files: ["*.draft.safety-slos.yaml"]',
          '    rules: { slo/ratio-bounds: error }',
          '',
        ].join('\n'),
        '/repo/teams': 'overrides:\n  - files: ["legacy/**"]\n    rules: { conflict/redundant: off }\n',
      };
      assert.deepEqual(settingsFor('/repo/legacy/safety-slos.yaml', files).levels, { 'slo/ratio-bounds': 'off', 'slo/objective-sentence': 'info' });
      assert.deepEqual(settingsFor('/repo/legacy/a.draft.safety-slos.yaml', files).levels, { 'slo/ratio-bounds': 'error', 'slo/objective-sentence': 'info' });
      assert.deepEqual(settingsFor('/repo/other/safety-slos.yaml', files).levels, { 'slo/ratio-bounds': 'warning' });
      assert.deepEqual(settingsFor('/repo/teams/legacy/safety-slos.yaml', files).levels, { 'slo/ratio-bounds': 'warning', 'conflict/redundant': 'off' });
    });

    it("a nearer config's rules win over a farther config's overrides", () => {
      const files = {
        '/repo': 'overrides:\n  - files: ["legacy/**"]\n    rules: { slo/ratio-bounds: off }\n',
        '/repo/legacy': 'rules:\n  slo/ratio-bounds: info\n',
      };
      assert.deepEqual(settingsFor('/repo/legacy/safety-slos.yaml', files).levels, { 'slo/ratio-bounds': 'info' });
    });

    it("the ignore list of every config in the chain applies, relative to its own folder", () => {
      const files = { '/repo': 'ignore:\n  - "vendor/**"\n  - "*.draft.safety-slos.yaml"\n', '/repo/teams': 'ignore: ["old/**"]\n' };
      for (const path of ['/repo/vendor/safety-slos.yaml', '/repo/teams/x.draft.safety-slos.yaml', '/repo/teams/old/safety-slos.yaml']) {
        assert.equal(settingsFor(path, files).ignored, true, path);
      }
      for (const path of ['/repo/teams/vendor/safety-slos.yaml', '/repo/old/safety-slos.yaml', '/repo/safety-slos.yaml']) {
        assert.equal(settingsFor(path, files).ignored, false, path);
      }
    });

    it('the word limit of note/length: the nearest config wins, a matching override within a config; unset, it is left out', () => {
      const files = {
        '/repo': [
          'rule_options: { note/length: { max_words: 1000 } }',
          'overrides:',
          '  - files: ["legacy/**"]',
          '    rules: {}',
          '    rule_options: { note/length: { max_words: 3000 } }',
          '  - files: ["legacy/keep/**"]',
          '    rules: { note/length: error }',
          '',
        ].join('\n'),
        '/repo/teams': 'rule_options:\n  note/length:\n    max_words: 600\n',
        '/repo/teams/acme': 'rules: { note/length: info }\n',
        '/repo/teams/short': 'rule_options: { note/length: { max_words: 10 } }\n',
      };
      const maxWords = (path: string) => settingsFor(path, files).maxWords;
      assert.equal(maxWords('/repo/deliberation-note.md'), 1000);
      assert.equal(maxWords('/repo/legacy/deliberation-note.md'), 3000);
      assert.equal(maxWords('/repo/legacy/keep/deliberation-note.md'), 3000, 'an override that sets no option keeps the earlier one');
      assert.equal(maxWords('/repo/teams/deliberation-note.md'), 600);
      assert.equal(maxWords('/repo/teams/acme/deliberation-notes/2026-05-14-raise.md'), 600, 'a nearer config without the option keeps the farther one');
      assert.equal(maxWords('/repo/teams/short/deliberation-note.md'), 600, 'an invalid limit (below 50) sets nothing');
      assert.deepEqual(settingsFor('/elsewhere/deliberation-note.md', files), { levels: {}, ignored: false });
    });

    it('configs above a root: true are not read', () => {
      const files = { '/repo': 'rules: { slo/ratio-bounds: off }\nrule_options: { note/length: { max_words: 900 } }\nignore: ["**"]\n', '/repo/teams': 'root: true\n' };
      assert.deepEqual(settingsFor('/repo/teams/safety-slos.yaml', files), { levels: {}, ignored: false });
    });
  });
});
