/**
 * The only error the HL7 code throws. `code` is machine-readable, `location` is where in the
 * message (HL7 notation such as "PID-3" or "MSH-2"), `message` is for people (never contains PHI:
 * it names fields, not their values).
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
  | 'TOO_LARGE';

export class Hl7ParseError extends Error {
  override name = 'Hl7ParseError';
  constructor(
    readonly code: Hl7ErrorCode,
    readonly location: string | null,
    message: string,
  ) {
    super(message);
  }

  /** Structural problems make the message unacceptable (AR); content problems are application errors (AE). */
  get ack(): 'AE' | 'AR' {
    return ['EMPTY', 'NO_MSH', 'BAD_DELIMITERS', 'BAD_SEGMENT', 'UNSUPPORTED_MESSAGE_TYPE', 'TOO_LARGE'].includes(this.code) ? 'AR' : 'AE';
  }
}
