import { strict as assert } from 'node:assert';
import { range, withCursor } from '../testing';
import { configHover } from './hover';

function hoverAt(marked: string) {
  const { file, position } = withCursor(marked);
  return configHover(file.document, position);
}

function hoverText(marked: string): string | undefined {
  const contents = hoverAt(marked)?.contents;
  assert.ok(contents === undefined || (typeof contents === 'object' && 'kind' in contents && contents.kind === 'markdown'));
  return contents?.value;
}

describe('config/hover', () => {
  it('on a rule id: the description, the default severity and the doc page', () => {
    const marked = 'rules:\n  slo/ratio-‸bounds: warning\n';
    assert.equal(
      hoverText(marked),
      '**slo/ratio-bounds**\n\nA ratio-like metric (recall, precision, rate, ece, ...) has a target within [0, 1]; ">= 90" where 0.90 was meant is caught.\n\n' +
        'Default severity: `error`.\n\n[Rule documentation](https://github.com/safety-specs/safety-specs/blob/main/docs/rules/slo/ratio-bounds.md)',
    );
    assert.deepEqual(hoverAt(marked)?.range, range(1, 2, 1, 18));
  });

  it('says when a rule guards never events, also in an override', () => {
    const text = hoverText('overrides:\n  - files: [a]\n    rules:\n      never-event/target‸-zero: error\n');
    assert.match(text ?? '', /^\*\*never-event\/target-zero\*\*\n/);
    assert.match(text ?? '', /Default severity: `error`\. Guards never events: it stays at `error`, whatever a config sets\./);
  });

  it('on a level: what the levels mean', () => {
    assert.match(hoverText('rules:\n  slo/ratio-bounds: warn‸ing\n') ?? '', /^\*\*slo\/ratio-bounds\*\*\n\n- `error`: fails `safety-specs check` \(exit code 1\)/);
  });

  it('on the other keys: the schema documentation with an example', () => {
    assert.equal(
      hoverText('ro‸ot: true\n'),
      '**root**\n\nStop looking for config files in folders above this one: only this file and those below it apply.\n\n```yaml\nroot: true\n```',
    );
    assert.match(hoverText('ignore:\n  - vendor/**\noverrides:\n  - fi‸les: [a]\n') ?? '', /^\*\*files\*\*\n\nGlobs of the policy files this override applies to/);
    assert.match(hoverText('ign‸ore: []\n') ?? '', /A pattern without a `\/` matches a file or folder name at any depth/);
  });

  it('nothing on an unknown rule id, an unknown key or blank space', () => {
    assert.equal(hoverAt('rules:\n  slo/ratio-bou‸nd: off\n'), null);
    assert.equal(hoverAt('exte‸nds: x\n'), null);
    assert.equal(hoverAt('root: true\n‸\n'), null);
  });
});
