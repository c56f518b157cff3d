import { randomBytes } from 'node:crypto';
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's content atomically: a temp file in the same directory (same file system, so rename is atomic),
 * given the original's permission bits, then renamed over it. A symlink is followed so the link itself survives.
 * Readers see the old or the new content, never half of it. Hard links to the file are not preserved (rename
 * gives the path a new inode), as with every editor that saves atomically.
 */
export function writeFileAtomic(path: string, content: string): void {
  const target = realpathSync(path);
  const mode = statSync(target).mode & 0o7777;
  const unique = `${String(process.pid)}.${randomBytes(4).toString('hex')}`;
  const temp = join(dirname(target), `.${basename(target)}.${unique}.tmp`);
  try {
    writeFileSync(temp, content, { flag: 'wx', mode });
    // The open mode is filtered by the umask; set it explicitly so an executable script stays executable.
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
