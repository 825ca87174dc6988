import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { readSettings } from './settings';

const WORKSPACE = resolve('/work/claims');
const trusted = { folders: [WORKSPACE], trusted: true };
const untrusted = { folders: [WORKSPACE], trusted: false };

describe('lsp/settings', function () {
  it('defaults when nothing is set (or the section is not an object)', function () {
    for (const raw of [undefined, null, 'x', []]) {
      assert.deepEqual(readSettings(raw, trusted), { settings: { levels: {}, baselineSeverity: 'hint' }, problems: [] });
    }
  });

  it('keeps valid rule levels and explains each bad entry, which it drops', function () {
    const { settings, problems } = readSettings(
      { rules: { 'slo/duplicate-name': 'warning', 'slo/duplicate-nam': 'off', 'slo/target-syntax': 'fatal', 'never-event/target-zero': 'warning', 'never-event/action-severity': 'error' } },
      trusted,
    );
    assert.deepEqual(settings.levels, { 'slo/duplicate-name': 'warning', 'never-event/action-severity': 'error' });
    assert.deepEqual(problems, [
      'safetySpecs.rules: unknown rule "slo/duplicate-nam" (did you mean "slo/duplicate-name"?); ignored.',
      'safetySpecs.rules: "slo/target-syntax" must be one of error, warning, info, off, not "fatal"; ignored.',
      'safetySpecs.rules: "never-event/target-zero" guards never events, so it cannot be turned off or downgraded; ignored.',
    ]);
  });

  it('resolves paths against the first workspace folder; absolute paths stay', function () {
    const { settings, problems } = readSettings({ configPath: 'ci/lint.yaml', baseline: join(WORKSPACE, 'b.json'), baselineSeverity: 'hide' }, trusted);
    assert.deepEqual(settings, { levels: {}, configPath: join(WORKSPACE, 'ci', 'lint.yaml'), baseline: join(WORKSPACE, 'b.json'), baselineSeverity: 'hide' });
    assert.deepEqual(problems, []);
  });

  it('a relative path with no folder open, a path that is not a string and an unknown severity are problems', function () {
    const { settings, problems } = readSettings({ configPath: 'lint.yaml', baseline: 3, baselineSeverity: 'loud' }, { folders: [], trusted: true });
    assert.deepEqual(settings, { levels: {}, baselineSeverity: 'hint' });
    assert.equal(problems.length, 3, JSON.stringify(problems));
  });

  it('in an untrusted workspace, drops paths outside the workspace folders and keeps those inside', function () {
    const outside = resolve('/etc/lint.yaml');
    const { settings, problems } = readSettings({ configPath: outside, baseline: '../elsewhere/b.json' }, untrusted);
    assert.equal(settings.configPath, undefined);
    assert.equal(settings.baseline, undefined);
    assert.deepEqual(problems, [
      `safetySpecs.configPath "${outside}" is outside the workspace folders, which an untrusted workspace may not read; ignored.`,
      'safetySpecs.baseline "../elsewhere/b.json" is outside the workspace folders, which an untrusted workspace may not read; ignored.',
    ]);
    assert.equal(readSettings({ baseline: 'ci/b.json' }, untrusted).settings.baseline, join(WORKSPACE, 'ci', 'b.json'));
    assert.equal(readSettings({ baseline: outside }, trusted).settings.baseline, outside, 'trusted: anywhere');
  });
});
