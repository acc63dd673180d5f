/**
 * MLLP framing: <VT 0x0B> message <FS 0x1C><CR 0x0D>. The decoder is incremental (TCP may split or
 * merge frames anywhere), bounded (an oversized frame is reported once, without buffering it),
 * and counts bytes outside frames instead of failing on them.
 *
 * Text is decoded as latin1: VistA/CMOP HL7 is 8-bit ASCII, and latin1 maps every byte to one
 * character, so no input can make decoding fail and byte lengths equal character lengths.
 */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export type FrameEvent = { kind: 'message'; text: string } | { kind: 'oversized'; bytes: number };

export class MllpDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  private state: 'outside' | 'inside' | 'afterFs' = 'outside';
  private oversized = false;
  /** Bytes seen outside any frame (noise, unterminated frames). */
  strayBytes = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(data: Buffer): FrameEvent[] {
    const out: FrameEvent[] = [];
    let start = -1; // start of the current frame's bytes within `data`
    for (let i = 0; i < data.length; i++) {
      const b = data[i]!;
      if (this.state === 'afterFs') {
        this.state = 'outside';
        if (b === CR) continue;
      }
      if (this.state === 'outside') {
        if (b === VT) {
          this.state = 'inside';
          start = i + 1;
        } else {
          this.strayBytes += 1;
        }
        continue;
      }
      // inside a frame
      if (b === FS) {
        this.append(data.subarray(start < 0 ? 0 : start, i));
        out.push(this.oversized ? { kind: 'oversized', bytes: this.size } : { kind: 'message', text: Buffer.concat(this.chunks).toString('latin1') });
        this.reset();
        this.state = 'afterFs';
        start = -1;
      } else if (b === VT) {
        // A start byte inside a frame: the previous frame was never closed; count it as noise.
        this.append(data.subarray(start < 0 ? 0 : start, i));
        this.strayBytes += this.size;
        this.reset();
        this.state = 'inside';
        start = i + 1;
      }
    }
    if (this.state === 'inside') this.append(data.subarray(start < 0 ? 0 : start));
    return out;
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.size += part.length;
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
    this.oversized = false;
    this.state = 'outside';
  }
}

export function frame(text: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(text, 'latin1'), Buffer.from([FS, CR])]);
}
