import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBatch, splitBatch } from './batch.js';
import { mapCmopMessage } from './cmop-dispense.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'latin1');

describe('batch files', () => {
  it('splits FHS/BHS/…/BTS/FTS into its three messages, counts agreeing', () => {
    const b = splitBatch(fixture('batch-three.hl7'));
    expect(b.warnings).toEqual([]);
    expect(b.messages).toHaveLength(3);
    expect(b.messages.map((m) => mapCmopMessage(m).events[0]!.rxNumber)).toEqual(['2719550', '2719551', '2719552']);
    expect(b.messages.every((m) => m.startsWith('MSH|') && !/BTS|FTS|BHS|FHS/.test(m))).toBe(true);
  });

  it('warns (does not fail) when BTS/FTS counts disagree, with any field separator and LF endings', () => {
    const b = splitBatch(fixture('batch-count-mismatch.hl7'));
    expect(b.messages).toHaveLength(2);
    expect(b.warnings).toEqual(['BTS counts 4 messages, the batch holds 2', 'FTS counts 2 batches, the file holds 1']);
    expect(b.messages.map((m) => mapCmopMessage(m).events[0]!.stationNumber)).toEqual(['554', '554']);
  });

  it.each([
    ['per-batch counts in a file with two batches', 'FHS|^~\\&\rBHS|^~\\&\rMSH|^~\\&|1\rBTS|1\rBHS|^~\\&\rMSH|^~\\&|2\rMSH|^~\\&|3\rBTS|2\rFTS|2', 3, []],
    [
      'a wrong count in the second batch is named',
      'BHS|^~\\&\rMSH|^~\\&|1\rBTS|1\rBHS|^~\\&\rMSH|^~\\&|2\rBTS|5',
      2,
      ['BTS counts 5 messages, the batch holds 1'],
    ],
    ['trailers without counts are accepted', 'BHS|^~\\&\rMSH|^~\\&|1\rBTS\rFTS|', 1, []],
    ['non-numeric counts are ignored', 'BHS|^~\\&\rMSH|^~\\&|1\rBTS|x', 1, []],
    ['lines before the first MSH become their own (invalid) message', 'BHS|^~\\&\rPID|1\rMSH|^~\\&|1', 2, []],
  ])('%s', (_name, text, count, warnings) => {
    const b = splitBatch(text);
    expect(b.messages).toHaveLength(count);
    expect(b.warnings).toEqual(warnings);
  });

  it.each([
    [fixture('batch-three.hl7'), true],
    ['MSH|^~\\&|1\rMSH|^~\\&|2', true],
    [fixture('rds-r06-single.hl7'), false],
    ['', false],
  ])('isBatch #%#', (text, expected) => {
    expect(isBatch(text)).toBe(expected);
  });
});
