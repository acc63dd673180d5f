/** HL7 value formats used by CMOP messages: timestamps, NDCs, numbers. Pure. */

/**
 * HL7 TS `YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]` → Date. Without an offset the time is the
 * facility's local time, which the message does not state; we read it as UTC and say so in a
 * warning. A date without a time becomes 12:00 UTC so its calendar day is the same in every US
 * time zone.
 */
export function parseHl7Timestamp(value: string): { date: Date | null; warning: string | null } {
  const v = value.trim();
  if (v === '' || v === '""') return { date: null, warning: null };
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})?(\d{2})?(?:\.\d{1,4})?)?([+-]\d{4})?$/.exec(v);
  if (!m) return { date: null, warning: `not an HL7 timestamp: length ${v.length}` };
  const [, y, mo, d, h, mi, s, tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return { date: null, warning: 'timestamp out of range' };
  if (h === undefined) return { date: new Date(Date.UTC(year, month - 1, day, 12)), warning: null };
  const hour = Number(h);
  const minute = Number(mi ?? '0');
  const second = Number(s ?? '0');
  if (hour > 23 || minute > 59 || second > 59) return { date: null, warning: 'timestamp out of range' };
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (tz) {
    const sign = tz.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5))) * 60_000;
    return { date: new Date(ms), warning: null };
  }
  return { date: new Date(ms), warning: 'timestamp has no time zone; read as UTC' };
}

/**
 * NDC → 11 digits (5-4-2). Dashed 4-4-2, 5-3-2 and 5-4-1 forms get the missing leading zero in the
 * short segment; 10 undashed digits are ambiguous and rejected; a 12-digit CMOP-padded NDC with a
 * leading zero is trimmed.
 */
export function normaliseNdc(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  const dashed = /^(\d{4,5})-(\d{3,4})-(\d{1,2})$/.exec(v);
  if (dashed) {
    const [, a, b, c] = dashed as unknown as [string, string, string, string];
    if (a.length + b.length + c.length !== 10 && a.length + b.length + c.length !== 11) return null;
    return a.padStart(5, '0') + b.padStart(4, '0') + c.padStart(2, '0');
  }
  if (/^\d{11}$/.test(v)) return v;
  if (/^0\d{11}$/.test(v)) return v.slice(1);
  return null;
}

export function parseQuantity(value: string): number | null {
  const v = value.trim();
  if (!/^\d{1,8}(\.\d{1,3})?$/.test(v)) return null;
  return Number(v);
}
