/** Where the CLI writes, and from where it runs: process streams in the bin, anything with `write` elsewhere. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
}

export const TOOL_NAME = 'otel-codemod';
