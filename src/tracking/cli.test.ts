import { describe, expect, it } from 'vitest';
import { formatSummary, summarise } from './cli.js';
import type { IngestResult } from './ingest/ingest.service.js';

const r = (over: Partial<IngestResult>): IngestResult => ({ ack: 'AA', messageId: 1, text: '', duplicate: false, newEvents: 1, ...over });

describe('ingest summary', () => {
  it('counts accepted, duplicates and rejections by reason', () => {
    const s = summarise(
      [
        r({}),
        r({ newEvents: 2 }),
        r({ duplicate: true, newEvents: 0 }),
        r({ ack: 'AE', errorCode: 'MISSING_ICN', errorLocation: 'PID-3', newEvents: 0 }),
        r({ ack: 'AE', errorCode: 'MISSING_ICN', errorLocation: 'PID-3', newEvents: 0 }),
        r({ ack: 'AR', errorCode: 'NO_MSH', errorLocation: 'MSH', newEvents: 0 }),
      ],
      2,
    );
    expect(formatSummary(s)).toBe(
      '2 file(s), 6 message(s): 2 accepted, 1 duplicate(s), 3 rejected; 3 new dispense(s)\n' +
        '  rejected 2 × MISSING_ICN at PID-3\n' +
        '  rejected 1 × NO_MSH at MSH\n' +
        'Rejected messages are stored; fix the cause and run `rxbridge replay --all`.',
    );
  });
});
