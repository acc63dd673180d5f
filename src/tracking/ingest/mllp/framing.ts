/**
 * MLLP framing: <VT 0x0B> message <FS 0x1C><CR 0x0D>. The decoder is incremental (TCP may split or
 * merge frames anywhere), bounded (an oversized frame is reported once, keeping only its first
 * bytes so the ACK can still echo its MSH), and counts bytes outside frames instead of failing on
 * them. A VT inside an open frame means the previous frame was never closed: its bytes are
 * counted as stray and a new frame starts.
 *
 * Character set: bytes are decoded as latin1 (ISO-8859-1). VistA/CMOP HL7 is 7/8-bit ASCII and
 * latin1 maps every byte to one character, so decoding can never fail, byte length = character
 * length (the size limit means the same thing everywhere), and re-encoding gives the same bytes.
 * The one exception: a message whose MSH-18 declares UTF-8 ("UNICODE UTF-8") is re-decoded as UTF-8
 * (see `decodePayload`) and answered in UTF-8.
 */
import { peekHl7Header } from '../hl7/message.js';

export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;
/** How much of an oversized frame is kept (for reading its MSH). */
export const OVERSIZED_HEAD_BYTES = 4096;

export type FrameEvent = { kind: 'message'; text: string } | { kind: 'oversized'; bytes: number; head: string };

export class MllpDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  private head: Buffer[] = [];
  private headSize = 0;
  private state: 'outside' | 'inside' | 'afterFs' = 'outside';
  private oversized = false;
  /** Bytes seen outside any frame (noise, unterminated frames). */
  strayBytes = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** True while a frame has been opened and not yet closed. */
  get inFrame(): boolean {
    return this.state === 'inside';
  }

  push(data: Buffer): FrameEvent[] {
    const out: FrameEvent[] = [];
    let start = -1; // start of the current frame's bytes within `data`
    let i = 0;
    while (i < data.length) {
      if (this.state === 'afterFs') {
        this.state = 'outside';
        if (data[i] === CR) {
          i += 1;
          continue;
        }
      }
      if (this.state === 'outside') {
        const vt = data.indexOf(VT, i);
        if (vt === -1) {
          this.strayBytes += data.length - i;
          break;
        }
        this.strayBytes += vt - i;
        this.state = 'inside';
        start = vt + 1;
        i = vt + 1;
        continue;
      }
      // Inside a frame: find the next FS or VT (whichever comes first).
      const from = start < 0 ? i : Math.max(i, start);
      const fs = data.indexOf(FS, from);
      const vt = data.indexOf(VT, from);
      const s = start < 0 ? 0 : start;
      if (fs !== -1 && (vt === -1 || fs < vt)) {
        this.append(data.subarray(s, fs));
        out.push(
          this.oversized
            ? { kind: 'oversized', bytes: this.size, head: Buffer.concat(this.head).toString('latin1') }
            : { kind: 'message', text: Buffer.concat(this.chunks).toString('latin1') },
        );
        this.reset();
        this.state = 'afterFs';
        start = -1;
        i = fs + 1;
      } else if (vt !== -1) {
        this.append(data.subarray(s, vt));
        this.strayBytes += this.size;
        this.reset();
        this.state = 'inside';
        start = vt + 1;
        i = vt + 1;
      } else {
        this.append(data.subarray(s));
        break;
      }
    }
    return out;
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.size += part.length;
    if (this.headSize < OVERSIZED_HEAD_BYTES) {
      const take = part.subarray(0, OVERSIZED_HEAD_BYTES - this.headSize);
      this.head.push(take);
      this.headSize += take.length;
    }
    if (this.oversized) return;
    if (this.size > this.maxFrameBytes) {
      this.oversized = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(part);
  }

  private reset(): void {
    this.chunks = [];
    this.size = 0;
    this.head = [];
    this.headSize = 0;
    this.oversized = false;
    this.state = 'outside';
  }
}

export type PayloadEncoding = 'latin1' | 'utf8';

/** The encoding a message asks for: UTF-8 when MSH-18 says so, latin1 otherwise. */
export function messageEncoding(text: string): PayloadEncoding {
  const h = peekHl7Header(text);
  if (!h || h.segment !== 'MSH') return 'latin1';
  return /UTF-?8/i.test(h.header.get(18)) ? 'utf8' : 'latin1';
}

/** latin1-decoded frame text → the message text in its declared encoding. */
export function decodePayload(latin1Text: string): { text: string; encoding: PayloadEncoding } {
  const encoding = messageEncoding(latin1Text);
  return { text: encoding === 'utf8' ? Buffer.from(latin1Text, 'latin1').toString('utf8') : latin1Text, encoding };
}

export function frame(text: string, encoding: PayloadEncoding = 'latin1'): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(text, encoding), Buffer.from([FS, CR])]);
}
