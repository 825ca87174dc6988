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

  it('on a rule id under rule_options: the rule, then what its options mean', () => {
    for (const marked of ['rule_options:\n  note/len‸gth:\n    max_words: 1200\n', 'overrides:\n  - files: [a]\n    rules: {}\n    rule_options: { note/len‸gth: { max_words: 1200 } }\n']) {
      const text = hoverText(marked) ?? '';
      assert.match(text, /^\*\*note\/length\*\*\n\nA deliberation note stays short enough/, marked);
      assert.match(text, /\n\nOptions of \[`note\/length`\]\(.*\): `max_words`, the most words of prose a deliberation note may have \(800 by default\)\.\n\nDefault severity: `warning`\./, marked);
    }
    assert.deepEqual(hoverAt('rule_options:\n  note/len‸gth:\n    max_words: 1200\n')?.range, range(1, 2, 1, 13));
  });

  it('on rule_options and max_words: the schema documentation with an example', () => {
    assert.match(hoverText('rule_opt‸ions:\n  note/length: { max_words: 1200 }\n') ?? '', /^\*\*rule_options\*\*\n\nOptions of the rules that take some, by rule id\./);
    assert.equal(
      hoverText('rule_options:\n  note/length:\n    max_wo‸rds: 1200\n'),
      '**max_words**\n\nThe most words of prose a deliberation note may have before `note/length` reports it: a whole number, at least 50. ' +
        'The default is 800 (about three minutes of reading).\n\n```yaml\nmax_words: 1200\n```',
    );
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
