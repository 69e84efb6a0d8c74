/**
 * Runs the built headless entry as a user would (`node out/main/headless.js …`) and reads its
 * "Trackside listening on …" line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { START_LIMIT_MS } from './wait';

export const ROOT = resolve(__dirname, '..', '..');
export const HEADLESS_ENTRY = join(ROOT, 'out', 'main', 'headless.js');
export const built = existsSync(HEADLESS_ENTRY);

export interface RunningConsole {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** `entry`: the script Node runs; scripts/start.mjs to start the console the way `npm start` does. */
export function runHeadless(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = START_LIMIT_MS, entry = HEADLESS_ENTRY): Promise<RunningConsole> {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`no listening line within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    child.stdout!.on('data', () => {
      const m = /Trackside listening on (http:\/\/\S+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1]!, stdout: () => out, stderr: () => err, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`exited with ${code} before listening\nstdout: ${out}\nstderr: ${err}`), { code, out, err }));
    });
  });
}
