import { strict as assert } from 'node:assert';
import { card, cardFindings } from '../../../card/testing';
import { range } from '../../../testing';

const RULE = 'card/placeholder';
const withRest = (rest: string) => card({ rest });

// In the default card, `rest` starts on line 14.
describe(RULE, () => {
  it('flags each placeholder exactly where it is, as a warning', () => {
    const rest = '## Limitations\n\n[More Information Needed]\n\n- **Repository:** More information needed\n\n| Metric | Value |\n| --- | --- |\n| F1 | TODO |\n\nSee {{ model_id | default("Model ID", true) }} (TBD, FIXME).\n';
    const findings = cardFindings(withRest(rest), RULE);
    assert.deepEqual(findings.map((f) => [f.range, f.message.split('"')[1]]), [
      [range(16, 0, 16, 25), '[More Information Needed]'],
      [range(18, 18, 18, 41), 'More information needed'],
      [range(22, 7, 22, 11), 'TODO'],
      [range(24, 4, 24, 46), '{{ model_id | default('],
      [range(24, 48, 24, 51), 'TBD'],
      [range(24, 53, 24, 58), 'FIXME'],
    ]);
    assert.ok(findings.every((f) => f.severity === 'warning' && f.anchor === 'Limitations'));
  });

  it('flags a placeholder in a heading', () => {
    const [f] = cardFindings(card({ title: '# Model card for {{ model_id }}\n' }), RULE);
    assert.deepEqual(f!.range, range(4, 17, 4, 31));
  });

  it('leaves code, HTML comments, the front matter and lower-case words alone', () => {
    const rest = '## Notes\n\n`TODO` and\n\n```\n[More Information Needed]\n```\n\n<!-- TODO: fill in -->\n\nA todo list, TODOS, tbd.\n';
    assert.deepEqual(cardFindings(withRest(rest), RULE), []);
    assert.deepEqual(cardFindings(card({ frontMatter: 'objective: Route each claim fairly to a reviewer.\nlicense: "{{ license }}"\n' }), RULE), []);
  });

  it('keeps exact ranges with a BOM and CRLF line endings', () => {
    const text = '\uFEFF' + withRest('## Limitations\n\nNone known. TODO\n').replace(/\n/g, '\r\n');
    assert.deepEqual(cardFindings(text, RULE).map((f) => f.range), [range(16, 12, 16, 16)]);
  });
});
