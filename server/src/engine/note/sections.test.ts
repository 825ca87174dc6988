import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { headingsOf, NOTE_SECTION_ROLES, NOTE_SECTIONS } from './sections';

const DOCS = resolve(__dirname, '..', '..', '..', '..', 'docs', 'rules');

describe('note/sections', () => {
  // The table is documented twice (the rule's page and the catalog); both must show what the code accepts.
  for (const page of ['note/required-section.md', 'README.md']) {
    it(`docs/rules/${page} shows every heading of NOTE_SECTIONS`, () => {
      const rows = readFileSync(resolve(DOCS, page), 'utf8').split('\n');
      for (const role of NOTE_SECTION_ROLES) {
        const row = rows.find((r) => r.startsWith(`| ${NOTE_SECTIONS[role].heading} |`))?.toLowerCase();
        assert.ok(row, `${page}: no row for "${NOTE_SECTIONS[role].heading}"`);
        for (const heading of headingsOf(role)) assert.ok(row.includes(heading.toLowerCase()), `${page}: "${heading}" is missing from the row of ${role}`);
      }
    });
  }
});
