import { strict as assert } from 'node:assert';
import { CONFIG_FILE_NAME, isConfigFileName } from './config-file';
import { layerOf } from './testing';

describe('config/config-file', () => {
  it('reads every section into the layer', () => {
    const layer = layerOf(
      [
        'root: true',
        'rules:',
        '  slo/objective-sentence: warning',
        'overrides:',
        '  - files: ["legacy/**", "*.draft.safety-slos.yaml"]',
        '    rules:',
        '      slo/ratio-bounds: off',
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
      overrides: [
        { files: ['legacy/**', '*.draft.safety-slos.yaml'], levels: { 'slo/ratio-bounds': 'off' } },
        { files: ['legacy/keep.safety-slos.yaml'], levels: { 'slo/ratio-bounds': 'error' } },
      ],
      ignore: ['vendor/**'],
    });
  });

  it('takes the folder from the URI, decoded', () => {
    assert.equal(layerOf('', 'file:///my%20repo/a%28b%29/.safety-specs.yaml').folder, '/my repo/a(b)');
  });

  it('an empty file sets nothing and is not a root', () => {
    assert.deepEqual(layerOf(''), { uri: 'file:///w/.safety-specs.yaml', folder: '/w', root: false, levels: {}, overrides: [], ignore: [] });
    assert.equal(layerOf('root: "true"\n').root, false, 'only the boolean true stops the walk');
  });

  it('recognises the file name in paths and URIs', () => {
    assert.equal(CONFIG_FILE_NAME, '.safety-specs.yaml');
    for (const yes of ['.safety-specs.yaml', '/repo/.safety-specs.yaml', 'C:\\repo\\.safety-specs.yaml', 'file:///repo/.safety-specs.yaml']) assert.ok(isConfigFileName(yes), yes);
    for (const no of ['safety-specs.yaml', '/repo/.safety-specs.yml', '/repo/x.safety-specs.yaml', '/repo/.safety-specs.yaml/x']) assert.ok(!isConfigFileName(no), no);
  });
});
