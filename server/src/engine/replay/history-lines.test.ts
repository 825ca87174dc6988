import { strict as assert } from 'node:assert';
import { HistoryReader, historyFormat, type HistoryFormat } from './history-lines';
import { SeriesTable, type DataProblem, type Sample } from './series';

const T0 = Date.UTC(2026, 10, 17);
const MIN = 60_000;

/** Every line through one reader: what each gave (a sample as [time in minutes from T0, series key, value]), the warnings and the end's problems. */
function read(format: HistoryFormat, lines: readonly string[]) {
  const warnings: DataProblem[] = [];
  const table = new SeriesTable();
  const reader = new HistoryReader(format, table, (w) => warnings.push(w));
  const results = lines.map((text, i) => reader.line(text, i + 1));
  const samples = results.filter((r): r is Sample => r !== undefined && 'series' in r);
  const problems = results.filter((r): r is DataProblem => r !== undefined && 'message' in r);
  return { results, samples, rows: samples.map((s) => [(s.time - T0) / MIN, s.series.key, s.value, s.line]), problems, warnings, finish: reader.finish(), table };
}

/** The one problem the lines give: `line:column: message`. */
function problem(format: HistoryFormat, lines: readonly string[]): string {
  const { problems } = read(format, lines);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  const p = problems[0];
  assert.equal(p.severity, 'error');
  return `${p.line}${p.column ? `:${p.column}` : ''}: ${p.message}`;
}

const HEADER = 'timestamp,metric,value,tenant';

describe('replay/history-lines', () => {
  it('says the format by the file name', () => {
    assert.deepEqual(['h.jsonl', 'H.NDJSON', 'eval/history.csv', 'h.json', 'h.csv.gz', 'h'].map(historyFormat), ['jsonl', 'jsonl', 'csv', undefined, undefined, undefined]);
  });

  describe('CSV', () => {
    it('reads the header in any order and case; other columns are labels, an empty cell no label', () => {
      const { rows } = read('csv', ['Value,TIMESTAMP,tenant,metric,region', '0.93,2026-11-17T00:00:00Z,acme,ood_recall,eu', '0.91,2026-11-17T00:01:00Z,,ood_recall,', '0.9, 2026-11-17T00:02:00Z , acme ,ood_recall ,eu']);
      assert.deepEqual(rows, [
        [0, 'ood_recall{region="eu",tenant="acme"}', 0.93, 2],
        [1, 'ood_recall', 0.91, 3],
        [2, 'ood_recall{region="eu",tenant="acme"}', 0.9, 4],
      ]);
    });

    it('interns each series once, however its cells are written (quoted, spaced)', () => {
      const { samples, table } = read('csv', [HEADER, '2026-11-17T00:00:00Z,r,1,acme', '2026-11-17T00:01:00Z,"r",2,"acme"', '2026-11-17T00:02:00Z,r,3, acme', '2026-11-17T00:03:00Z,r,4,']);
      assert.equal(samples[0].series, samples[1].series);
      assert.equal(samples[0].series, samples[2].series);
      assert.notEqual(samples[0].series, samples[3].series);
      assert.equal(table.size, 2);
    });

    it('reads RFC 4180 quoting within a line: commas and doubled quotes inside a quoted cell', () => {
      const { rows } = read('csv', ['"timestamp","metric","value","note"', '2026-11-17T00:00:00Z,"recall","0.5","a, ""quoted"" b"']);
      assert.deepEqual(rows, [[0, 'recall{note="a, \\"quoted\\" b"}', 0.5, 2]]);
    });

    it('skips blank lines and # comments, and numbers lines as given', () => {
      const { rows, problems } = read('csv', ['# exported 2026-11-17', '', HEADER, '   ', '# a comment', '2026-11-17T00:00:00Z,r,1,']);
      assert.deepEqual([rows, problems], [[[0, 'r', 1, 6]], []]);
    });

    it('refuses a file that starts with data: it needs a header row, and none of it is read', () => {
      const { problems, finish } = read('csv', ['2026-11-17T00:00:00Z,ood_recall,0.93', '2026-11-17T00:01:00Z,ood_recall,0.94']);
      assert.deepEqual(problems, [{ line: 1, column: 1, severity: 'error', message: 'a CSV history needs a header row: timestamp,metric,value[,label...] (columns in any order); this file starts with data, so it is not read.' }]);
      assert.deepEqual(finish, []);
      assert.equal(problem('csv', ['1763337600,ood_recall,0.93']).slice(0, 40), '1:1: a CSV history needs a header row: t');
    });

    it('refuses a header without the three columns, with duplicates or an unnamed column', () => {
      assert.equal(problem('csv', ['time,metric,value', '2026-11-17T00:00:00Z,r,1']), '1: the header row has no "timestamp" column: a CSV history needs timestamp,metric,value[,label...] (columns in any order); the file is not read.');
      assert.equal(problem('csv', ['timestamp,metric,value,tenant,Tenant']), '1:31: the header row names "Tenant" twice: every column needs its own name; the file is not read.');
      assert.equal(problem('csv', ['timestamp,metric,value,']), '1:24: column 4 of the header row has no name: every column needs its own name; the file is not read.');
    });

    it('locates unparseable numbers, NaN and infinities, and empty cells, at their column', () => {
      const at = (line: string) => problem('csv', [HEADER, line]);
      assert.equal(at('2026-11-17T00:00:00Z,r,abc,'), '2:24: the value "abc" is not a number. This line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,0x10,'), '2:24: the value "0x10" is not a number. This line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,NaN,'), '2:24: the value is NaN: a sample must be a finite number. This line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,+Inf,'), '2:24: the value +Inf is infinite: a sample must be a finite number. This line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,-Infinity,'), '2:24: the value -Infinity is infinite: a sample must be a finite number. This line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,1e999,'), '2:24: the value 1e999 is infinite: a sample must be a finite number. This line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,,'), '2:24: the value is empty: a sample needs a number. This line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,,1,'), '2:22: the metric is empty; this line is left out.');
      assert.equal(at(',r,1,'), '2:1: the timestamp is empty; this line is left out.');
      assert.equal(at('2026-11-17T00:00:00,r,1,'), '2:1: timestamp "2026-11-17T00:00:00" has no time zone: write Z or an offset like +02:00. This line is left out.');
      assert.equal(at('2026-11-31T00:00:00Z,r,1,'), '2:1: timestamp "2026-11-31T00:00:00Z" is not a date: there is no day 31 in 2026-11. This line is left out.');
    });

    it('locates too few or too many cells, and quotes left open or misplaced', () => {
      const at = (line: string) => problem('csv', [HEADER, line]);
      assert.equal(at('2026-11-17T00:00:00Z,r,1'), '2:25: the line has 3 cells, the header row 4; this line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,1,acme,extra'), '2:31: the line has 5 cells, the header row 4; this line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,1,"acme'), '2:26: a quoted cell is not closed on its line (a cell cannot span lines); this line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,1,"acme"x'), '2:32: text follows a closing quote: a quoted cell ends at its quote (a quote inside it is written ""); this line is left out.');
      assert.equal(at('2026-11-17T00:00:00Z,r,1,ac"me'), '2:28: a quote inside an unquoted cell: quote the whole cell and double the quote ("a ""b"" c"); this line is left out.');
    });

    it('says an empty file is empty, and a header alone has no samples', () => {
      assert.deepEqual(read('csv', []).finish, [{ line: 1, severity: 'error', message: 'the history is empty: no header row (timestamp,metric,value[,label...]) and no samples.' }]);
      assert.deepEqual(read('csv', ['# only a comment', '']).finish.map((p) => p.line), [1]);
      assert.deepEqual(read('csv', ['', HEADER]).finish, [{ line: 2, severity: 'error', message: 'the history has a header row but no samples.' }]);
      // Lines that are all wrong are not "no samples": each has its own problem.
      assert.deepEqual(read('csv', [HEADER, 'x,r,1,']).finish, []);
    });
  });

  describe('JSON Lines', () => {
    it('reads timestamp, metric, value and string labels, in any order; Unix seconds as a number', () => {
      const { rows } = read('jsonl', ['{"timestamp": "2026-11-17T00:00:00Z", "metric": "ood_recall", "value": 0.93, "tenant": "acme"}', '{"tenant":"acme","value":0.5,"metric":"ood_recall","timestamp":1794873660}', '{"timestamp":"2026-11-17T00:02:00Z","metric":"ood_recall","value":1e-3,"tenant":"","region":"eu"}']);
      assert.deepEqual(rows, [
        [0, 'ood_recall{tenant="acme"}', 0.93, 1],
        [1, 'ood_recall{tenant="acme"}', 0.5, 2],
        [2, 'ood_recall{region="eu"}', 0.001, 3],
      ]);
    });

    it('interns a series once whatever the order of its labels', () => {
      const { samples, table } = read('jsonl', ['{"timestamp":0,"metric":"r","value":1,"a":"x","b":"y"}', '{"b":"y","timestamp":60,"a":"x","metric":"r","value":2}']);
      assert.equal(samples[0].series, samples[1].series);
      assert.equal(table.size, 1);
    });

    it('calls out NaN and infinities written as strings, and numbers written as strings', () => {
      const at = (line: string) => problem('jsonl', [line]);
      assert.equal(at('{"timestamp":0,"metric":"r","value":"NaN"}'), '1:29: the value is the string "NaN": a sample must be a finite number (JSON has no NaN or infinity; leave the line out when there is no sample). This line is left out.');
      assert.equal(at('{"timestamp":0,"metric":"r","value":"-Infinity"}'), '1:29: the value is the string "-Infinity": a sample must be a finite number (JSON has no NaN or infinity; leave the line out when there is no sample). This line is left out.');
      assert.equal(at('{"timestamp":0,"metric":"r","value":1e999}'), '1:29: the value is too large: it reads as infinity, and a sample must be a finite number. This line is left out.');
      assert.equal(at('{"timestamp":0,"metric":"r","value":"0.93"}'), '1:29: the value is the string "0.93": write the number without quotes. This line is left out.');
      assert.equal(at('{"timestamp":0,"metric":"r","value":null}'), '1:29: "value" is null: write a number. This line is left out.');
      assert.equal(at('{"timestamp":"1763337600","metric":"r","value":1}'), '1:2: timestamp is the string "1763337600": write Unix seconds as a number (no quotes), or ISO 8601 with a zone. This line is left out.');
    });

    it('locates missing fields, labels that are not strings, and lines that are not one JSON object', () => {
      const at = (line: string) => problem('jsonl', [line]);
      assert.equal(at('{"timestamp":0,"value":1}'), '1: the line has no "metric": each line needs "timestamp", "metric" and "value". This line is left out.');
      assert.equal(at('{"timestamp":0,"metric":"","value":1}'), '1:16: "metric" is an empty string: write the metric\'s name as a string. This line is left out.');
      assert.equal(at('{"timestamp":true,"metric":"r","value":1}'), '1:2: "timestamp" is the boolean true: write an ISO 8601 string with a zone, or Unix seconds as a number. This line is left out.');
      assert.equal(at('{"timestamp":0,"metric":"r","value":1,"shard":3}'), '1:39: label "shard" is the number 3: labels are strings (an empty string is no label); this line is left out.');
      assert.equal(at('{"timestamp":0,"metric":"r","value":1,"tags":{"a":"b"}}'), '1:39: label "tags" is an object: labels are strings (an empty string is no label); this line is left out.');
      assert.match(at('{"timestamp":0,"metric":"r"'), /^1:28: the line is not JSON \(.*\); this line is left out\.$/);
      assert.equal(at('[1763337600,"r",1]'), '1:1: the line is a list, not a JSON object {"timestamp": ..., "metric": ..., "value": ...}; this line is left out.');
      assert.equal(at('# a comment'), '1:1: JSON Lines have no comments (# lines are for CSV histories); this line is left out.');
    });

    it('says an empty file is empty', () => {
      assert.deepEqual(read('jsonl', ['', '  ']).finish, [{ line: 1, severity: 'error', message: 'the history is empty: no samples.' }]);
      assert.deepEqual(read('jsonl', ['{}']).finish, []);
    });
  });

  it('warns once, at the first line in another UTC offset, and still reads it (times compare in UTC)', () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const lines = ['2026-11-17T00:00:00Z', '2026-11-17T00:01:00+00:00', '2026-11-17T02:02:00+02:00', '2026-11-17T03:03:00+03:00'].map((t, i) =>
        format === 'csv' ? `${t},r,${i},` : JSON.stringify({ timestamp: t, metric: 'r', value: i }),
      );
      const { rows, warnings } = read(format, format === 'csv' ? [HEADER, ...lines] : lines);
      assert.deepEqual(rows.map((r) => r[0]), [0, 1, 2, 3], format);
      const line = format === 'csv' ? 4 : 3;
      assert.deepEqual(warnings, [{ line, severity: 'warning', message: 'timestamp "2026-11-17T02:02:00+02:00" is at UTC+02:00, the lines before at UTC: times are compared in UTC (this is said once).' }], format);
    }
  });
});
