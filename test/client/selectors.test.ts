// The client's document selector and the manifest's activation events must describe
// the same set of policy file names; the Markdown it selects must be exactly what the
// server may read as a model card or a deliberation note.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import {
  CONFIG_FILE_GLOB,
  DOCUMENT_SELECTOR,
  MAIN_POLICY_GLOB,
  MARKDOWN_DOCUMENT_SELECTOR,
  MARKDOWN_SPEC_GLOBS,
  POLICY_DOCUMENT_SELECTOR,
  POLICY_FILE_GLOB,
} from '../../client/src/selectors';
import { CARD_FILE_NAMES, DEFAULT_NOTE_FILE_NAME, mayBeMarkdownSpec, NOTES_FOLDER } from '../../server/src/engine/folder/file-names';
import { isMainPolicyFileName } from '../../server/src/engine/folder/model-folder';

const manifest = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  activationEvents?: string[];
};

/** Expands a glob with at most one `{a,b}` group (all these globs need). */
function expand(glob: string): string[] {
  const match = /\{([^{}]*)\}/.exec(glob);
  if (!match) return [glob];
  const [group, alternatives] = match;
  return alternatives!.split(',').map((alt) => glob.replace(group, alt));
}

/**
 * Matches an absolute path as VS Code matches a DocumentFilter or file watcher glob: case-sensitively, with
 * `**`, `*`, `{a,b}` and `[Mm]`, which picomatch reads the same way. `dot`: `**` also crosses `.hidden/` folders.
 */
function matcher(globs: readonly string[]): (path: string) => boolean {
  return picomatch([...globs], { dot: true });
}

/** `name` with each letter upper- or lower-case as `upper` says. */
function withCase(name: string, upper: readonly boolean[]): string {
  return [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
}

const anyCaseOf = (names: readonly string[]) =>
  fc.constantFrom(...names).chain((name) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) => withCase(name, upper)));

describe('client file selectors', function () {
  it('matches the workspaceContains activation events', function () {
    const activation = (manifest.activationEvents ?? [])
      .filter((e) => e.startsWith('workspaceContains:'))
      .flatMap((e) => expand(e.slice('workspaceContains:'.length)));
    assert.deepEqual([...activation].sort(), [...expand(POLICY_FILE_GLOB)].sort());
  });

  it('selects on-disk YAML documents by file name', function () {
    assert.deepEqual(POLICY_DOCUMENT_SELECTOR, [{ scheme: 'file', language: 'yaml', pattern: POLICY_FILE_GLOB }]);
    assert.deepEqual(expand(POLICY_FILE_GLOB).sort(), [
      '**/*.safety-slos.yaml',
      '**/safety-slos.yaml',
      '**/safety-slos.yml',
    ]);
    assert.equal(CONFIG_FILE_GLOB, '**/.safety-specs.yaml');
  });

  it('finds model folders by the main policy file names the engine knows', function () {
    const main = matcher([MAIN_POLICY_GLOB]);
    for (const path of ['/w/m/safety-slos.yaml', '/w/safety-slos.yml', '/w/m/acme.safety-slos.yaml', '/w/m/safety-slos.yaml.bak', '/w/m/Safety-SLOs.yaml']) {
      assert.equal(main(path), isMainPolicyFileName(path), path);
    }
  });

  describe('Markdown: model cards and deliberation notes, nothing else', function () {
    const selected = matcher(MARKDOWN_SPEC_GLOBS);

    it('selects on-disk Markdown documents by file name only', function () {
      assert.deepEqual(MARKDOWN_DOCUMENT_SELECTOR, MARKDOWN_SPEC_GLOBS.map((pattern) => ({ scheme: 'file', language: 'markdown', pattern })));
      for (const filter of MARKDOWN_DOCUMENT_SELECTOR) assert.ok(DOCUMENT_SELECTOR.includes(filter));
      // A filter without a pattern would hand every Markdown file (or every file) to the server.
      for (const filter of DOCUMENT_SELECTOR) assert.ok(filter.scheme === 'file' && filter.pattern, JSON.stringify(filter));
    });

    it('selects the card names, README.md and the notes, in any letter case, and leaves other Markdown alone', function () {
      const yes = [
        '/w/claims-triage/MODEL_CARD.md', '/w/claims-triage/Model-Card.md', '/w/m/model_card.MD', '/w/README.md', '/w/m/readme.md',
        '/w/m/deliberation-note.md', '/w/m/Deliberation-Note.md', '/w/m/deliberation-notes/2026-01-02-raise-ood-target.md', '/w/.github/README.md',
      ];
      const no = [
        '/w/CHANGELOG.md', '/w/docs/notes.md', '/w/m/model-cards.md', '/w/m/modelcard.md', '/w/m/MODEL_CARD.md.orig', '/w/m/deliberation-notes.md',
        '/w/m/deliberation-notes/old/2025-01-01-x.md', '/w/m/Deliberation-Notes/2026-01-02-x.md', '/w/m/deliberation-notes/x.txt', '/w/m/README.markdown',
      ];
      for (const path of yes) assert.ok(selected(path), `${path} should be selected`);
      for (const path of no) assert.ok(!selected(path), `${path} should not be selected`);
    });

    it('selects a path exactly when the server may read it as a card or a note (mayBeMarkdownSpec)', function () {
      const names = fc.oneof(
        anyCaseOf([...CARD_FILE_NAMES, 'README.md', DEFAULT_NOTE_FILE_NAME, 'model.card.md', 'CHANGELOG.md', 'notes.md']),
        fc.stringMatching(/^[A-Za-z0-9_.-]{1,16}$/),
      );
      const folders = fc.array(fc.oneof(fc.constantFrom(NOTES_FOLDER, 'Deliberation-Notes', '.github', 'models', 'claims-triage'), fc.stringMatching(/^[a-z0-9_-]{1,8}$/)), { maxLength: 4 });
      fc.assert(
        fc.property(folders, names, (dirs, name) => {
          const path = `/${[...dirs, name].join('/')}`;
          assert.equal(selected(path), mayBeMarkdownSpec(path), path);
        }),
        { numRuns: 2000 },
      );
    });

    it('adds no activation on Markdown: a card or note matters only beside a policy, which already activates', function () {
      const events = manifest.activationEvents ?? [];
      assert.ok(!events.includes('onLanguage:markdown'));
      assert.deepEqual(events.filter((e) => /\.md\b|markdown/i.test(e)), []);
    });
  });
});
