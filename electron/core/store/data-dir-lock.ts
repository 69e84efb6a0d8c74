/**
 * One console per data dir. Two consoles on one cache would both follow the meet, both relay
 * webhooks and fight over the port a user thinks they opened; the second one must stop and say
 * where the first one is.
 *
 * The lock is an exclusive SQLite transaction held open on `trackside.lock` for the console's
 * life: the OS drops it when the process ends in any way (kill -9, a power cut), so a crashed
 * console never leaves it stuck, and no pid is trusted (pids are reused after a reboot). The
 * URL for the message lives beside it in `trackside.lock.json`, rewritten by each owner.
 */
import Database from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { asDataDirError, makeDataDir, sqliteOptions } from './database';

export const LOCK_FILE = 'trackside.lock';
export const LOCK_INFO_FILE = 'trackside.lock.json';

const LockInfoSchema = z.object({ pid: z.number(), url: z.string().nullable(), startedAt: z.string() });
type LockInfo = z.infer<typeof LockInfoSchema>;

/** Another console holds the data dir. */
export class AlreadyRunningError extends Error {
  constructor(
    readonly dataDir: string,
    readonly url: string | null,
  ) {
    super(
      url
        ? `Trackside is already running for this data dir at ${url} (${dataDir}); open that URL, or stop it first, or start with another --data-dir`
        : `Trackside is already starting for this data dir (${dataDir}); wait for it, or start with another --data-dir`,
    );
    this.name = 'AlreadyRunningError';
  }
}

export interface DataDirLock {
  /** Where this console listens now (after the first start and every restart). */
  setUrl(url: string): void;
  release(): void;
}

/** Takes the data dir for this process, or throws AlreadyRunningError / DataDirError. */
export function lockDataDir(dataDir: string): DataDirLock {
  makeDataDir(dataDir);
  const infoFile = join(dataDir, LOCK_INFO_FILE);
  let db: Database.Database;
  try {
    db = new Database(join(dataDir, LOCK_FILE), { ...sqliteOptions(), timeout: 0 });
  } catch (err) {
    throw asDataDirError(err as NodeJS.ErrnoException, dataDir);
  }
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as NodeJS.ErrnoException).code?.startsWith('SQLITE_BUSY')) throw new AlreadyRunningError(dataDir, readInfo(infoFile)?.url ?? null);
    throw asDataDirError(err as NodeJS.ErrnoException, dataDir);
  }
  const info: LockInfo = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
  writeInfo(infoFile, info);
  let held = true;
  return {
    setUrl(url) {
      if (!held) return;
      // Never the LAN access token (it rides in the query): the message is printed to a terminal.
      info.url = url.split('?')[0]!;
      writeInfo(infoFile, info);
    },
    release() {
      if (!held) return;
      held = false;
      if (readInfo(infoFile)?.pid === process.pid) rmSync(infoFile, { force: true });
      db.close();
    },
  };
}

function readInfo(file: string): LockInfo | undefined {
  try {
    return LockInfoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** Only the message of a second console depends on it: a full disk must not stop this one. */
function writeInfo(file: string, info: LockInfo): void {
  try {
    writeFileSync(`${file}.tmp`, `${JSON.stringify(info)}\n`);
    renameSync(`${file}.tmp`, file);
  } catch {
    // the lock itself holds; a second console would say "already starting" without the URL
  }
}
