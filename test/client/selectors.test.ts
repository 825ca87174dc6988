// The client's document selector and the manifest's activation events must describe
// the same set of policy file names.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_FILE_GLOB, POLICY_DOCUMENT_SELECTOR, POLICY_FILE_GLOB } from '../../client/src/selectors';

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
});
