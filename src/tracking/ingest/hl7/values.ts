/** HL7 value formats used by CMOP messages: timestamps, NDCs, quantities. Pure, never throws. */

export interface TimestampOptions {
  /**
   * IANA time zone (e.g. "America/Denver") to read timestamps that carry no UTC offset. VistA
   * sends the facility's local time without an offset; the message does not say which zone that
   * is, so the caller (who knows the station) has to. Without it such values are read as UTC and
   * a warning is returned.
   */
  timeZone?: string;
}

export interface ParsedTimestamp {
  date: Date | null;
  warning: string | null;
}

const TS = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,4}))?)?([+-]\d{4})?$/;

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The shape CMOP sends, `YYYYMMDDHHMMSS±ZZZZ` (or without the offset), matched without the
 * regex; returns the same groups as `TS.exec`, or null to let the regex decide.
 */
function matchCommonTimestamp(v: string): Array<string | undefined> | null {
  if (v.length !== 14 && v.length !== 19) return null;
  for (let i = 0; i < 14; i++) if (!isDigit(v.charCodeAt(i))) return null;
  let tz: string | undefined;
  if (v.length === 19) {
    const sign = v.charCodeAt(14);
    if (sign !== 43 && sign !== 45) return null;
    for (let i = 15; i < 19; i++) if (!isDigit(v.charCodeAt(i))) return null;
    tz = v.slice(14);
  }
  return [v, v.slice(0, 4), v.slice(4, 6), v.slice(6, 8), v.slice(8, 10), v.slice(10, 12), v.slice(12, 14), undefined, tz];
}

/**
 * HL7 TS/DTM `YYYYMMDD[HH[MM[SS[.S…]]]][+/-ZZZZ]` → Date (UTC instant).
 *  - with an offset: exact;
 *  - without an offset: wall-clock time in `opts.timeZone` if given (DST handled), else read as UTC
 *    with a warning;
 *  - a date without a time becomes 12:00 UTC, so its calendar day is the same in every US zone;
 *  - coarser precision (YYYY, YYYYMM) and impossible dates (20260230) give null + a warning.
 * Only the first component is read by callers (TS in 2.3.1 is `time^precision`).
 */
export function parseHl7Timestamp(value: string, opts: TimestampOptions = {}): ParsedTimestamp {
  const v = value.trim();
  if (v === '' || v === '""') return { date: null, warning: null };
  const m = matchCommonTimestamp(v) ?? TS.exec(v);
  if (!m) return { date: null, warning: `not an HL7 timestamp: length ${Math.min(v.length, 99999)}` };
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return { date: null, warning: 'timestamp out of range' };
  if (h === undefined) return { date: new Date(Date.UTC(year, month - 1, day, 12)), warning: null };
  const hour = Number(h);
  const minute = Number(mi ?? '0');
  const second = Number(s ?? '0');
  if (hour > 23 || minute > 59 || second > 59) return { date: null, warning: 'timestamp out of range' };
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (tz) {
    const offH = Number(tz.slice(1, 3));
    const offM = Number(tz.slice(3, 5));
    if (offH > 14 || offM > 59) return { date: null, warning: 'time zone offset out of range' };
    const sign = tz.startsWith('-') ? -1 : 1;
    return { date: new Date(wall - sign * (offH * 60 + offM) * 60_000), warning: null };
  }
  if (opts.timeZone) {
    const utc = zonedWallToUtc(wall, opts.timeZone);
    if (utc !== null) return { date: new Date(utc), warning: null };
    return { date: new Date(wall), warning: 'timestamp has no time zone and the configured zone is unknown; read as UTC' };
  }
  return { date: new Date(wall), warning: 'timestamp has no time zone; read as UTC' };
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(timeZone)) {
    let f: Intl.DateTimeFormat | null;
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      f = null;
    }
    formatters.set(timeZone, f);
  }
  return formatters.get(timeZone)!;
}

/** Offset (ms) of `timeZone` from UTC at instant `utcMs`. */
function offsetAt(f: Intl.DateTimeFormat, utcMs: number): number {
  const p: Partial<Record<string, number>> = {};
  for (const part of f.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year ?? NaN, (p.month ?? NaN) - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** Wall-clock time (given as if it were UTC) in `timeZone` → UTC ms; null for an unknown zone. */
export function zonedWallToUtc(wallMs: number, timeZone: string): number | null {
  const f = formatterFor(timeZone);
  if (!f) return null;
  // Two passes settle the offset across DST changes; a wall time in the spring-forward gap
  // resolves to the later offset, one in the fall-back overlap to the earlier instant.
  let utc = wallMs - offsetAt(f, wallMs);
  utc = wallMs - offsetAt(f, utc);
  return utc;
}

/**
 * NDC → 11 digits (5-4-2, no dashes).
 *  - dashed 5-4-2 as is; 4-4-2, 5-3-2 and 5-4-1 get the leading zero in the short segment;
 *  - 11 undashed digits as is; 12 digits with a leading zero (CMOP's padded NDF form) lose it;
 *  - 10 undashed digits are ambiguous (which segment is short?) and give null, as does anything else.
 */
export function normaliseNdc(value: string): string | null {
  const v = value.trim();
  if (v === '' || v.length > 20) return null;
  const dashed = /^(\d{4,5})-(\d{3,4})-(\d{1,2})$/.exec(v);
  if (dashed) {
    const [, a, b, c] = dashed as unknown as [string, string, string, string];
    const len = a.length + b.length + c.length;
    // 5-4-2 (11) or exactly one short segment (10).
    if (len !== 11 && len !== 10) return null;
    return a.padStart(5, '0') + b.padStart(4, '0') + c.padStart(2, '0');
  }
  if (/^\d{11}$/.test(v)) return v;
  if (/^0\d{11}$/.test(v)) return v.slice(1);
  return null;
}

/** HL7 NM quantity (e.g. `90`, `30.5`); null when empty or not a plain non-negative number. */
export function parseQuantity(value: string): number | null {
  const v = value.trim();
  if (!/^\d{1,8}(\.\d{1,3})?$/.test(v)) return null;
  return Number(v);
}
