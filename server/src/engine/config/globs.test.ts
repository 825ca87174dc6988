import { strict as assert } from 'node:assert';
import { matchesAny } from './globs';

const FOLDER = '/repo';
const matches = (pattern: string, path: string) => matchesAny([pattern], FOLDER, `${FOLDER}/${path}`);

describe('config/globs', () => {
  it('a pattern without a slash matches a file name at any depth', () => {
    for (const path of ['a.draft.safety-slos.yaml', 'teams/x/b.draft.safety-slos.yaml']) assert.ok(matches('*.draft.safety-slos.yaml', path), path);
    assert.ok(!matches('*.draft.safety-slos.yaml', 'safety-slos.yaml'));
  });

  it('a pattern without a slash matches a folder name at any depth, and so everything in it', () => {
    assert.ok(matches('vendor', 'vendor/safety-slos.yaml'));
    assert.ok(matches('vendor', 'teams/vendor/x/safety-slos.yaml'));
    assert.ok(!matches('vendor', 'vendored/safety-slos.yaml'));
  });

  it('a pattern with a slash matches the path from the config folder', () => {
    assert.ok(matches('legacy/**', 'legacy/safety-slos.yaml'));
    assert.ok(matches('legacy/**', 'legacy/a/b/safety-slos.yaml'));
    assert.ok(!matches('legacy/**', 'teams/legacy/safety-slos.yaml'), 'anchored to the config folder');
    assert.ok(matches('teams/*/safety-slos.yaml', 'teams/acme/safety-slos.yaml'));
    assert.ok(!matches('teams/*/safety-slos.yaml', 'teams/acme/x/safety-slos.yaml'));
  });

  it('a leading slash only anchors; a trailing slash stands for the folder contents', () => {
    assert.ok(matches('/old.safety-slos.yaml', 'old.safety-slos.yaml'));
    assert.ok(!matches('/old.safety-slos.yaml', 'x/old.safety-slos.yaml'));
    assert.ok(matches('vendor/', 'vendor/a/safety-slos.yaml'));
    assert.ok(!matches('vendor/', 'x/vendor/safety-slos.yaml'));
  });

  it('matches dot files and dot folders', () => {
    assert.ok(matches('*.safety-slos.yaml', '.hidden/.x.safety-slos.yaml'));
    assert.ok(matches('**/*.yaml', '.github/safety-slos.yaml'));
  });

  it('matches nothing outside the config folder, and no negated or empty pattern', () => {
    assert.ok(!matchesAny(['*.yaml', '**'], FOLDER, '/elsewhere/safety-slos.yaml'));
    assert.ok(!matchesAny(['*.yaml'], FOLDER, '/repository/safety-slos.yaml'));
    assert.ok(!matches('!keep.safety-slos.yaml', 'other.safety-slos.yaml'), 'a negation would otherwise match everything else');
    assert.ok(!matches('', 'safety-slos.yaml'));
    assert.ok(!matchesAny([], FOLDER, `${FOLDER}/safety-slos.yaml`));
  });

  it('any pattern of the list can match', () => {
    assert.ok(matchesAny(['legacy/**', '*.draft.safety-slos.yaml'], FOLDER, '/repo/x/a.draft.safety-slos.yaml'));
  });
});
