/**
 * The only error the HL7 code throws. `code` is machine-readable, `location` is where in the
 * message in HL7 notation ("PID-3", "MSH-2", "RXD(2)-7" = field 7 of the second RXD, "segment 4"
 * = the 4th line), `message` is for people and never contains PHI: it names fields, not values.
 */
export type Hl7ErrorCode =
  | 'EMPTY'
  | 'NO_MSH'
  | 'BAD_DELIMITERS'
  | 'BAD_SEGMENT'
  | 'MISSING_SEGMENT'
  | 'MISSING_FIELD'
  | 'BAD_VALUE'
  | 'UNSUPPORTED_MESSAGE_TYPE'
  | 'TOO_LARGE'
  /** Safety net: a bug in the mapper, never expected (the fuzz test asserts it does not happen). */
  | 'INTERNAL';

/** Structural problems make the message unacceptable (AR); content problems are application errors (AE). */
const REJECT: ReadonlySet<Hl7ErrorCode> = new Set(['EMPTY', 'NO_MSH', 'BAD_DELIMITERS', 'BAD_SEGMENT', 'UNSUPPORTED_MESSAGE_TYPE', 'TOO_LARGE']);

export class Hl7ParseError extends Error {
  override name = 'Hl7ParseError';
  constructor(
    readonly code: Hl7ErrorCode,
    readonly location: string | null,
    message: string,
  ) {
    super(message);
  }

  get ack(): 'AE' | 'AR' {
    return REJECT.has(this.code) ? 'AR' : 'AE';
  }
}
