import { strict as assert } from 'node:assert';
import { CONFIG_SCHEMA, schemaAt, type SchemaNode } from '../schema';
import { applyFix, range } from '../testing';
import { CONFIG_FILE_NAME, isConfigFileName } from './config-file';
import { configFindings, layerOf } from './testing';
import { MIN_MAX_WORDS } from './view';

describe('config/config-file', () => {
  it('reads every section into the layer', () => {
    const layer = layerOf(
      [
        'root: true',
        'rules:',
        '  slo/objective-sentence: warning',
        'rule_options:',
        '  note/length:',
        '    max_words: 1200',
        'overrides:',
        '  - files: ["legacy/**", "*.draft.safety-slos.yaml"]',
        '    rules:',
        '      slo/ratio-bounds: off',
        '    rule_options: { note/length: { max_words: 2000 } }',
        '  - files: [legacy/keep.safety-slos.yaml]',
        '    rules: { slo/ratio-bounds: error }',
        'ignore:',
        '  - "vendor/**"',
        '',
      ].join('\n'),
      'file:///repo/policies/.safety-specs.yaml',
    );
    assert.deepEqual(layer, {
      uri: 'file:///repo/policies/.safety-specs.yaml',
      folder: '/repo/policies',
      root: true,
      levels: { 'slo/objective-sentence': 'warning' },
      options: { maxWords: 1200 },
      overrides: [
        { files: ['legacy/**', '*.draft.safety-slos.yaml'], levels: { 'slo/ratio-bounds': 'off' }, options: { maxWords: 2000 } },
        { files: ['legacy/keep.safety-slos.yaml'], levels: { 'slo/ratio-bounds': 'error' }, options: {} },
      ],
      ignore: ['vendor/**'],
    });
  });

  it('takes the folder from the URI, decoded', () => {
    assert.equal(layerOf('', 'file:///my%20repo/a%28b%29/.safety-specs.yaml').folder, '/my repo/a(b)');
  });

  it('an empty file sets nothing and is not a root', () => {
    assert.deepEqual(layerOf(''), { uri: 'file:///w/.safety-specs.yaml', folder: '/w', root: false, levels: {}, options: {}, overrides: [], ignore: [] });
    assert.equal(layerOf('root: "true"\n').root, false, 'only the boolean true stops the walk');
  });

  it('recognises the file name in paths and URIs', () => {
    assert.equal(CONFIG_FILE_NAME, '.safety-specs.yaml');
    for (const yes of ['.safety-specs.yaml', '/repo/.safety-specs.yaml', 'C:\\repo\\.safety-specs.yaml', 'file:///repo/.safety-specs.yaml']) assert.ok(isConfigFileName(yes), yes);
    for (const no of ['safety-specs.yaml', '/repo/.safety-specs.yml', '/repo/x.safety-specs.yaml', '/repo/.safety-specs.yaml/x']) assert.ok(!isConfigFileName(no), no);
  });
});

describe('config/config-file rule_options', () => {
  const options = (text: string) => layerOf(text).options;
  const problems = (text: string) => configFindings(text).map((f) => [f.rule, f.message, f.range]);

  it('reads a valid word limit for note/length; an empty or missing one sets nothing', () => {
    assert.deepEqual(options('rule_options:\n  note/length:\n    max_words: 1200\n'), { maxWords: 1200 });
    assert.deepEqual(options(`rule_options: { note/length: { max_words: ${MIN_MAX_WORDS} } }\n`), { maxWords: MIN_MAX_WORDS });
    for (const text of ['rule_options:\n', 'rule_options: {}\n', 'rule_options:\n  note/length: {}\n']) {
      assert.deepEqual(options(text), {}, text);
      assert.deepEqual(configFindings(text), [], text);
    }
  });

  it('the smallest limit is the schema minimum', () => {
    assert.equal(schemaAt(['rule_options', 'note/length', 'max_words'], CONFIG_SCHEMA)?.['minimum' as keyof SchemaNode], MIN_MAX_WORDS);
  });

  it('reports a limit that is too small, not a whole number or not a number, on the value, and leaves it out of the layer', () => {
    const cases: Record<string, [message: string, start: number, end: number]> = {
      '49': ['"max_words" in the note/length of "rule_options": must be >= 50', 28, 30],
      '800.5': ['"max_words" in the note/length of "rule_options": expected a whole number, found the number 800.5.', 28, 33],
      '"800"': ['"max_words" in the note/length of "rule_options": expected a whole number, found the string "800".', 28, 33],
    };
    for (const [value, [message, start, end]] of Object.entries(cases)) {
      const text = `rule_options:\n  note/length: { max_words: ${value} }\n`;
      assert.deepEqual(problems(text), [['config/invalid', message, range(1, start, 1, end)]], value);
      assert.deepEqual(options(text), {}, value);
    }
  });

  it('reports an unknown rule id or option on its key, with did-you-mean and a rename', () => {
    const text = 'rule_options:\n  note/lenght:\n    max_words: 1200\n';
    const [f, ...rest] = configFindings(text);
    assert.deepEqual(rest, []);
    assert.deepEqual([f?.rule, f?.message, f?.range], ['config/invalid', 'Unknown key "note/lenght" in "rule_options". Did you mean "note/length"?', range(1, 2, 1, 13)]);
    const fixed = applyFix(text, f!.fixes![0]!);
    assert.equal(fixed, 'rule_options:\n  note/length:\n    max_words: 1200\n');
    assert.deepEqual(options(fixed), { maxWords: 1200 });
    assert.deepEqual(problems('rule_options:\n  slo/ratio-bounds: { max: 1 }\n'), [
      ['config/invalid', 'Unknown key "slo/ratio-bounds" in "rule_options". Allowed keys: note/length.', range(1, 2, 1, 18)],
    ]);
    assert.deepEqual(problems('overrides:\n  - files: [a]\n    rules: {}\n    rule_options:\n      note/length: { maxwords: 900 }\n'), [
      ['config/invalid', 'Unknown key "maxwords" in the note/length of the rule_options of override #1. Did you mean "max_words"?', range(4, 21, 4, 29)],
    ]);
  });

  it('reports a rule_options that is not a map', () => {
    assert.deepEqual(problems('rule_options: [note/length]\n'), [['config/invalid', '"rule_options" in the configuration: expected a map or nothing, found a list.', range(0, 14, 0, 27)]]);
  });
});
