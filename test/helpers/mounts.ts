/**
 * Small real file systems for disk-full and read-only tests: a tmpfs of a given size, and a
 * read-only bind mount of a directory. Mounting needs root (or CAP_SYS_ADMIN); where it is not
 * allowed, `canMount` carries the reason so the tests skip saying why. (Permission bits are no
 * substitute: root ignores them.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(cmd: string, args: string[]): { ok: boolean; error: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, error: (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
}

function probe(): string | undefined {
  if (process.platform !== 'linux') return 'mount tests need Linux';
  const dir = mkdtempSync(join(tmpdir(), 'trackside-mount-probe-'));
  try {
    const m = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    if (!m.ok) return `cannot mount a tmpfs here (${m.error}); run as root to include these tests`;
    run('umount', [dir]);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Undefined when mounts work here, else why not. */
export const mountUnavailable: string | undefined = probe();
export const canMount = mountUnavailable === undefined;

export interface Mount {
  path: string;
  /** Unmounts (lazily if still busy) and removes the mount point. Safe to call twice. */
  remove: () => void;
}

function mountPoint(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function removal(path: string, also: string[] = []): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (!run('umount', [path]).ok) run('umount', ['-l', path]);
    rmSync(path, { recursive: true, force: true });
    for (const p of also) rmSync(p, { recursive: true, force: true });
  };
}

export function tmpfs(sizeBytes: number): Mount {
  const path = mountPoint('trackside-tmpfs-');
  const m = run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', path]);
  if (!m.ok) {
    rmSync(path, { recursive: true, force: true });
    throw new Error(`mount tmpfs: ${m.error}`);
  }
  return { path, remove: removal(path) };
}

/** `source` seen read-only at a new path: writes there fail with EROFS even for root. */
export function readOnlyView(source: string): Mount {
  const path = mountPoint('trackside-ro-');
  const bind = run('mount', ['--bind', source, path]);
  const ro = bind.ok ? run('mount', ['-o', 'remount,bind,ro', path]) : bind;
  if (!ro.ok) {
    removal(path)();
    throw new Error(`read-only bind mount: ${ro.error}`);
  }
  return { path, remove: removal(path) };
}

/** Writes `file` until the file system says ENOSPC; returns the bytes written. Bounded by `maxBytes`. */
export function fillDisk(file: string, maxBytes = 1024 * 1024 * 1024): number {
  const fd = openSync(file, 'a');
  let written = 0;
  try {
    for (const chunk of [1024 * 1024, 4096, 512, 1]) {
      const buf = Buffer.alloc(chunk, 0x5a);
      for (;;) {
        if (written >= maxBytes) return written;
        try {
          written += writeSync(fd, buf);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

function probeExt4(): string | undefined {
  if (mountUnavailable) return mountUnavailable;
  const dir = mkdtempSync(join(tmpdir(), 'trackside-ext4-probe-'));
  try {
    const img = join(dir, 'probe.img');
    if (!run('truncate', ['-s', '8M', img]).ok) return 'cannot create a disk image';
    const mk = run('mkfs.ext4', ['-q', '-F', img]);
    if (!mk.ok) return `mkfs.ext4 unavailable (${mk.error})`;
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    const m = run('mount', ['-o', 'loop,errors=remount-ro', img, mnt]);
    if (!m.ok) return `cannot mount a loop device here (${m.error})`;
    const dev = spawnSync('findmnt', ['-n', '-o', 'SOURCE', mnt], { encoding: 'utf8' }).stdout.trim();
    const trigger = `/sys/fs/ext4/${dev.split('/').pop()}/trigger_fs_error`;
    const present = existsSync(trigger);
    run('umount', [mnt]);
    return present ? undefined : `this kernel has no ${trigger}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Undefined when a real ext4 disk can be made to fail here, else why not. */
export const ext4Unavailable: string | undefined = probeExt4();

export interface FailingDisk extends Mount {
  /**
   * A disk error as the kernel handles one with `errors=remount-ro`: the file system turns
   * read-only at once, for files already open too (a failing USB stick or SSD).
   */
  fail: () => void;
  /** Unmounts and mounts the image again (read-write after the journal replay), for inspection. */
  remount: () => void;
}

export function ext4Disk(sizeBytes: number): FailingDisk {
  const base = mkdtempSync(join(tmpdir(), 'trackside-ext4-'));
  const img = join(base, 'disk.img');
  const path = join(base, 'mnt');
  mkdirSync(path);
  const steps = [
    run('truncate', ['-s', String(sizeBytes), img]),
    run('mkfs.ext4', ['-q', '-F', img]),
  ];
  const mountIt = () => {
    const m = run('mount', ['-o', 'loop,errors=remount-ro', img, path]);
    if (!m.ok) throw new Error(`mount ${img}: ${m.error}`);
  };
  const failed = steps.find((s) => !s.ok);
  if (failed) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`ext4 image: ${failed.error}`);
  }
  mountIt();
  const remove = removal(path, [base]);
  return {
    path,
    remove,
    fail: () => {
      const dev = spawnSync('findmnt', ['-n', '-o', 'SOURCE', path], { encoding: 'utf8' }).stdout.trim();
      writeFileSync(`/sys/fs/ext4/${dev.split('/').pop()}/trigger_fs_error`, '1');
    },
    remount: () => {
      if (!run('umount', [path]).ok) run('umount', ['-l', path]);
      mountIt();
    },
  };
}
