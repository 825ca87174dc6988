import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location } from 'vscode-languageserver-types';
import { folderOf, uriOf, type Files } from '../folder/testing';
import type { ModelFolder } from '../folder/model-folder';
import { CARD, FILES, NOTE, POLICY, rangeIn, withCursorIn } from './markdown/testing';
import { definition, prepareRename, references, rename } from './navigation';

const CARD_URI = uriOf('MODEL_CARD.md');
const NOTE_URI = uriOf('deliberation-note.md');
const POLICY_URI = uriOf('safety-slos.yaml');

/** FILES with `path` replaced by `marked`, whose `‸` marks the cursor. */
const at = (path: string, marked: string, files: Files = FILES) => withCursorIn({ ...files, [path]: marked });

const loc = (uri: string, text: string, needle: string, nth = 0): Location => ({ uri, range: rangeIn(text, needle, nth) });

/** Every file of the folder once the rename's edits are applied, by path; only the files it changes. */
function renamed(files: Files, path: string, marked: string, newName: string): Files | string {
  const { folder, uri, position } = at(path, marked, files);
  const result = rename(folder, uri, position, newName);
  assert.ok(result, 'nothing to rename');
  if ('error' in result) return result.error;
  const documents = documentsOf(folder);
  return Object.fromEntries(
    Object.entries(result.edit.changes ?? {}).map(([changed, edits]) => {
      const document = documents.get(changed)!;
      return [decodeURIComponent(changed.replace('file:///ws/model/', '')), TextDocument.applyEdits(document, edits)];
    }),
  );
}

function documentsOf(folder: ModelFolder): Map<string, TextDocument> {
  const all = [...folder.policies.map((p) => p.document), ...(folder.card ? [folder.card.card.document] : []), ...folder.notes.map((n) => n.note.markdown.document)];
  return new Map(all.map((d) => [d.uri, d]));
}

describe('features/navigation', () => {
  describe('definition', () => {
    it('goes from an SLO name in the note or the card to its `name` in the policy (inside quotes)', () => {
      const fromNote = at('deliberation-note.md', NOTE.replace('"unreviewed_denials"', '"unreviewed_‸denials"'));
      assert.deepEqual(definition(fromNote.folder, fromNote.uri, fromNote.position), [loc(POLICY_URI, POLICY, 'unreviewed_denials')]);
      const fromCard = at('MODEL_CARD.md', CARD.replace('`ood_recall_7d`', '`ood_recall_7d‸`'));
      assert.deepEqual(definition(fromCard.folder, fromCard.uri, fromCard.position), [loc(POLICY_URI, POLICY, 'ood_recall_7d')]);
    });

    it('goes from a never-event id in an SLO\'s `never_events` to the card\'s item', () => {
      const { folder, uri, position } = at('safety-slos.yaml', POLICY.replace('[NE-1,', '[N‸E-1,'));
      assert.deepEqual(definition(folder, uri, position), [loc(CARD_URI, CARD, '- `NE-1` Never deny a claim without a human review.')]);
    });

    it('knows nothing of other names, of the card\'s own never events, or of older notes', () => {
      const cases = [
        at('safety-slos.yaml', POLICY.replace('window: 7d', 'window: 7‸d')),
        at('MODEL_CARD.md', CARD.replace('`NE-1`', '`NE‸-1`')),
        at('deliberation-notes/2020-01-01-old.md', NOTE.replace('date: 2026-05-14', 'date: 2020-01-01').replace('Raise `ood_recall_7d`', 'Raise `ood_‸recall_7d`')),
      ];
      for (const { folder, uri, position } of cases) assert.deepEqual(definition(folder, uri, position), []);
    });
  });

  describe('references', () => {
    it('of an SLO: its `name`, then the note\'s `slos:` and code spans, then the card\'s code spans, from any of them', () => {
      const expected = [loc(POLICY_URI, POLICY, 'ood_recall_7d'), loc(NOTE_URI, NOTE, 'ood_recall_7d'), loc(NOTE_URI, NOTE, 'ood_recall_7d', 1), loc(CARD_URI, CARD, 'ood_recall_7d')];
      for (const { folder, uri, position } of [at('safety-slos.yaml', POLICY.replace('ood_recall_7d', 'ood‸_recall_7d')), at('MODEL_CARD.md', CARD.replace('`ood_recall_7d`', '`‸ood_recall_7d`'))]) {
        assert.deepEqual(references(folder, uri, position, true), expected);
        assert.deepEqual(references(folder, uri, position, false), expected.slice(1));
      }
    });

    it('of a never event: the card\'s id, then every `never_events` item naming it', () => {
      const { folder, uri, position } = at('MODEL_CARD.md', CARD.replace('`NE-1`', '`NE-1‸`'));
      assert.deepEqual(references(folder, uri, position, true), [loc(CARD_URI, CARD, 'NE-1'), loc(POLICY_URI, POLICY, 'NE-1')]);
      assert.deepEqual(references(folder, uri, position, false), [loc(POLICY_URI, POLICY, 'NE-1')]);
    });

    it('of a never event whose id is a slug: its whole item, and the SLOs listing the slug', () => {
      const slug = 'never-share-a-claimant-s-data-with-a-third-party';
      const policy = POLICY.replace("'NE-3'", slug);
      const { folder, uri, position } = at('MODEL_CARD.md', CARD.replace('third party', 'third ‸party'), { ...FILES, 'safety-slos.yaml': policy });
      assert.deepEqual(references(folder, uri, position, true), [loc(CARD_URI, CARD, "- Never share a claimant's data with a third party."), loc(POLICY_URI, policy, slug)]);
    });
  });

  describe('rename', () => {
    it('of an SLO from the note: its `name` and every mention, each keeping its quoting', () => {
      const files = renamed(FILES, 'deliberation-note.md', NOTE.replace('"unreviewed_denials"', '"unreviewed‸_denials"'), 'denials_unreviewed');
      assert.deepEqual(files, {
        'safety-slos.yaml': POLICY.replace('name: "unreviewed_denials"', 'name: "denials_unreviewed"'),
        'deliberation-note.md': NOTE.replace(/unreviewed_denials/g, 'denials_unreviewed'),
      });
    });

    it('of an SLO from the policy: the note and the card too; the SLO keeps reading its metric', () => {
      const files = renamed(FILES, 'safety-slos.yaml', POLICY.replace('name: ood_recall_7d', 'name: ood_recall_‸7d'), 'ood_recall_week');
      assert.deepEqual(files, {
        'safety-slos.yaml': POLICY.replace('  - name: ood_recall_7d   # the main one\n', '  - name: ood_recall_week   # the main one\n    metric: ood_recall_7d\n'),
        'deliberation-note.md': NOTE.replace(/ood_recall_7d/g, 'ood_recall_week'),
        'MODEL_CARD.md': CARD.replace('ood_recall_7d', 'ood_recall_week'),
      });
    });

    it('adds the metric inside a flow map, and quotes a name YAML would read as another type', () => {
      const policy = 'version: 1\nmodel: m\nslos:\n  - { name: ‸ood_recall_7d, target: ">= 0.9", window: 7d, action_on_breach: alert, objective: x }\n';
      const files = renamed({ 'safety-slos.yaml': policy }, 'safety-slos.yaml', policy, 'null');
      assert.deepEqual(files, { 'safety-slos.yaml': policy.replace('‸', '').replace('name: ood_recall_7d,', 'name: "null", metric: ood_recall_7d,') });
    });

    it('refuses a name that is not snake_case or is taken, and a `slos:` entry that names no SLO', () => {
      const marked = NOTE.replace('slos: [ood_recall_7d', 'slos: [ood_recall_‸7d');
      assert.equal(renamed(FILES, 'deliberation-note.md', marked, 'OOD-recall'), '"OOD-recall" is not an SLO name: SLO names are snake_case (lower-case words joined by `_`), like `ood_recall_7d`.');
      assert.equal(renamed(FILES, 'deliberation-note.md', marked, 'unreviewed_denials'), 'An SLO named "unreviewed_denials" already exists.');
      const unknown = at('deliberation-note.md', NOTE.replace('slos: [ood_recall_7d', 'slos: [ood_recall_‸30d'));
      const error = { error: '"ood_recall_30d" is not an SLO of the policy: there is nothing to rename.' };
      assert.deepEqual(prepareRename(unknown.folder, unknown.uri, unknown.position), error);
      assert.deepEqual(rename(unknown.folder, unknown.uri, unknown.position, 'x_y'), error);
    });

    it('of a never event from an SLO: the card\'s explicit id and every `never_events` item', () => {
      assert.deepEqual(renamed(FILES, 'safety-slos.yaml', POLICY.replace('[NE-1', '[NE-1‸'), 'NE-9'), {
        'MODEL_CARD.md': CARD.replace('`NE-1`', '`NE-9`'),
        'safety-slos.yaml': POLICY.replace('[NE-1,', '[NE-9,'),
      });
    });

    it('of a never event given an id in the front matter, or in a table\'s id cell', () => {
      const declared = CARD.replace('safety_slos:', 'never_events:\n  - id: \'NE-1\'\n    text: Never deny a claim without a human review.\nsafety_slos:').replace('`NE-1` Never', 'Never');
      assert.deepEqual(renamed(FILES, 'MODEL_CARD.md', declared.replace("id: 'NE-1'", "id: 'NE‸-1'"), 'NE-2'), {
        'MODEL_CARD.md': declared.replace("id: 'NE-1'", "id: 'NE-2'"),
        'safety-slos.yaml': POLICY.replace('[NE-1,', '[NE-2,'),
      });
      const table = CARD.replace("- `NE-1` Never deny a claim without a human review.\n- Never share a claimant's data with a third party.", '| ID | Never event |\n| --- | --- |\n| NE-1 | Never deny a claim without a human review. |');
      assert.deepEqual(renamed(FILES, 'MODEL_CARD.md', table.replace('| NE-1 |', '| NE-‸1 |'), 'NE-2'), {
        'MODEL_CARD.md': table.replace('| NE-1 |', '| NE-2 |'),
        'safety-slos.yaml': POLICY.replace('[NE-1,', '[NE-2,'),
      });
    });

    it('refuses a never event whose id is a slug, an id of another shape, one taken, or one the card would not read as its id', () => {
      const slug = at('MODEL_CARD.md', CARD.replace('third party', 'third ‸party'));
      const error = /^Never event "never-share-a-claimant-s-data-with-a-third-party" has no explicit id, only a slug of its text/;
      assert.match((prepareRename(slug.folder, slug.uri, slug.position) as { error: string }).error, error);
      assert.match((rename(slug.folder, slug.uri, slug.position, 'NE-2') as { error: string }).error, error);
      const marked = CARD.replace('`NE-1`', '`NE‸-1`');
      assert.match(renamed(FILES, 'MODEL_CARD.md', marked, 'NE 2') as string, /^"NE 2" is not a never-event id/);
      const taken = CARD.replace("- Never share", '- `ne-2` Never share');
      assert.equal(renamed({ ...FILES, 'MODEL_CARD.md': taken }, 'MODEL_CARD.md', taken.replace('`NE-1`', '`NE-‸1`'), 'NE-2'), 'The model card already has a never event "NE-2".');
      const inText = CARD.replace('- `NE-1` Never deny a claim without a human review.', '- Never deny a claim without a human review (`NE-1`).');
      assert.match(renamed(FILES, 'MODEL_CARD.md', inText.replace('`NE-1`', '`NE-1‸`'), 'no_denial') as string, /^"no_denial" would not read as the id of "Never deny a claim without a human review.*": an id written after the start of an item must look like NE-1\.$/);
    });

    it('starts on the name as written, inside its quotes; not elsewhere in a never event\'s item', () => {
      const quoted = at('safety-slos.yaml', POLICY.replace('"unreviewed_denials"', '"unreviewed‸_denials"'));
      assert.deepEqual(prepareRename(quoted.folder, quoted.uri, quoted.position), { range: rangeIn(POLICY, 'unreviewed_denials'), placeholder: 'unreviewed_denials' });
      const item = at('MODEL_CARD.md', CARD.replace('human review', 'human ‸review'));
      assert.equal(prepareRename(item.folder, item.uri, item.position), undefined);
      assert.equal(rename(item.folder, item.uri, item.position, 'NE-2'), undefined);
    });

    it('keeps every edit exact with CRLF line endings and a BOM', () => {
      const crlf = (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}`;
      const files = { 'safety-slos.yaml': crlf(POLICY), 'MODEL_CARD.md': crlf(CARD), 'deliberation-note.md': crlf(NOTE) };
      const result = renamed(files, 'MODEL_CARD.md', files['MODEL_CARD.md'].replace('`ood_recall_7d`', '`ood_‸recall_7d`'), 'ood_recall_week');
      assert.deepEqual(result, {
        'safety-slos.yaml': files['safety-slos.yaml'].replace('  - name: ood_recall_7d   # the main one\r\n', '  - name: ood_recall_week   # the main one\r\n    metric: ood_recall_7d\r\n'),
        'deliberation-note.md': files['deliberation-note.md'].replace(/ood_recall_7d/g, 'ood_recall_week'),
        'MODEL_CARD.md': files['MODEL_CARD.md'].replace('ood_recall_7d', 'ood_recall_week'),
      });
      assert.deepEqual(renamed(files, 'MODEL_CARD.md', files['MODEL_CARD.md'].replace('`NE-1`', '`NE-1‸`'), 'NE-9'), {
        'MODEL_CARD.md': files['MODEL_CARD.md'].replace('`NE-1`', '`NE-9`'),
        'safety-slos.yaml': files['safety-slos.yaml'].replace('[NE-1,', '[NE-9,'),
      });
    });
  });

  it('sees a folder with no card or note through its policy alone', () => {
    const folder = folderOf({ 'safety-slos.yaml': POLICY });
    const position = rangeIn(POLICY, 'NE-1').start;
    assert.deepEqual(definition(folder, POLICY_URI, position), []);
    assert.deepEqual(references(folder, POLICY_URI, position, true), [loc(POLICY_URI, POLICY, 'NE-1')]);
    assert.deepEqual(rename(folder, POLICY_URI, position, 'NE-2'), { error: 'The model folder has no model card that declares "NE-1".' });
  });
});
