import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * PGlite is one process per data directory: a second process opening it would corrupt it.
 * This lock file (holding the owner's pid) keeps a second instance or CLI out; a lock left
 * by a process that no longer runs is taken over.
 */
export interface InstanceLock {
  release(): void;
}

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(`The data directory ${dataDir} is in use by another Mycelium process (pid ${pid}).`);
    this.pid = pid;
  }
}

export function lockFilePath(dataDir: string): string {
  return join(dataDir, "mycelium.lock");
}

export function acquireInstanceLock(dataDir: string): InstanceLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = runningLockOwner(dataDir);
      // Our own pid in the file means a previous run that crashed, not a live rival: in a
      // container the restarted process often gets the same pid.
      if (owner !== null && owner !== process.pid) throw new DataDirInUseError(dataDir, owner);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}.`);
}

/** The pid of the live process holding the data directory, or null. */
export function runningLockOwner(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockFilePath(dataDir), "utf8"), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to another user; still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}
