import type { CliIo, OutputStream } from './io.js';

/**
 * A one-line progress bar on a terminal, for long runs only: it appears once a run has more than `minFiles` files
 * or has taken longer than `delayMs`, redraws at most ten times a second, and erases itself at the end. On anything
 * that is not a TTY it never writes.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly label: string,
    private readonly minFiles = 200,
    private readonly delayMs = 1000,
  ) {}

  update(done: number, total: number): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (total <= this.minFiles && now - this.started < this.delayMs) return;
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - this.label.length - 24));
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    this.stream.write(`\r\x1b[2K${this.label} [${bar}] ${String(done)}/${String(total)}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/**
 * The CLI's bar: drawn on stderr, and only when stdout is a terminal too. Output piped or redirected
 * (`--json > report.json`, `| tee`) means a script or a log is watching, and gets no progress.
 */
export function progressBarFor(io: CliIo, label: string): ProgressBar {
  return new ProgressBar(io.stdout.isTTY ? io.stderr : { write: () => undefined, isTTY: false }, label);
}
