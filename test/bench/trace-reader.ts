// nstop's frame trace (NSTOP_FRAME_TRACE, src/ui/ink/frame-trace.ts) as the bench reads
// it while nstop writes: lines "key T ...", "frame T BYTES" and "mark T NAME CPU_MS" (T: ms
// since the epoch, µs precision), e.g. "mark 1796399849043.187 modules 532.8".
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

/** Reads the lines nstop appended to its frame trace since the last call. */
export class TraceReader {
  private offset = 0;
  private rest = '';
  readonly keys: number[] = [];
  readonly frames: { t: number; bytes: number }[] = [];
  readonly marks: { name: string; t: number; cpuMs: number }[] = [];
  constructor(private file: string) {}
  poll(): void {
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, 'r');
    try {
      const buf = Buffer.alloc(1 << 16);
      let n: number;
      while ((n = readSync(fd, buf, 0, buf.length, this.offset)) > 0) {
        this.offset += n;
        this.rest += buf.subarray(0, n).toString('latin1');
      }
    } finally {
      closeSync(fd);
    }
    const lines = this.rest.split('\n');
    this.rest = lines.pop() ?? '';
    for (const l of lines) {
      const [kind, t, v] = l.split(' ');
      if (kind === 'key') this.keys.push(Number(t));
      else if (kind === 'frame') this.frames.push({ t: Number(t), bytes: Number(v) });
      else if (kind === 'mark') this.marks.push({ name: v!, t: Number(t), cpuMs: Number(l.split(' ')[3]) });
    }
  }
}
