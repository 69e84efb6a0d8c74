/**
 * The console's end of its Pusher connection. With a built worker script, pusher-js runs in a
 * worker thread (pusher-worker.ts) and this side only relays commands and messages; without one
 * (the console run from source, as the in-process tests do) or when the worker cannot start, the
 * same session runs in-process. A worker that dies is started again and subscribes again; the
 * source sees Pusher go down and come back, and catches up over HTTP as after any drop.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type Pusher from 'pusher-js';
import { startPusherSession, type LinkEvent, type PusherOptions, type PusherSession } from './pusher-session';

export type LinkCommand = { type: 'subscribe'; channel: string } | { type: 'reconnect' } | { type: 'close' };

export interface PusherLink {
  readonly mode: 'worker' | 'inline';
  subscribe(channel: string): void;
  reconnect(): void;
  close(): void;
}

export interface PusherLinkOptions {
  pusher: PusherOptions;
  onEvent: (e: LinkEvent) => void;
  /** The built pusher-worker.js; absent or missing means in-process. */
  workerScript?: string;
  log: (line: string) => void;
  /** Waits before a dead worker is started again (doubling from the first, up to the last). */
  restartDelaysMs?: { first: number; max: number };
}

export function openPusherLink(opts: PusherLinkOptions): PusherLink {
  if (opts.workerScript && existsSync(opts.workerScript)) {
    try {
      return new WorkerLink(opts, opts.workerScript);
    } catch (err) {
      opts.log(`Pusher runs in-process: its worker cannot start: ${(err as Error).message}`);
    }
  }
  return new InlineLink(opts);
}

class WorkerLink implements PusherLink {
  private worker: Worker;
  /** The worker said it was ready at least once: a script that cannot even load (a packaging fault) never will. */
  private everOnline = false;
  /** Where the worker could not run at all: the same session in this thread. */
  private fallback?: InlineLink;
  private readonly channels = new Set<string>();
  private closed = false;
  private restartTimer?: NodeJS.Timeout;
  private nextDelay: number;

  constructor(
    private readonly opts: PusherLinkOptions,
    private readonly script: string,
  ) {
    this.nextDelay = opts.restartDelaysMs?.first ?? 1_000;
    this.worker = this.spawn();
  }

  get mode(): 'worker' | 'inline' {
    return this.fallback ? 'inline' : 'worker';
  }

  subscribe(channel: string): void {
    if (this.channels.has(channel)) return;
    this.channels.add(channel);
    if (this.fallback) this.fallback.subscribe(channel);
    else this.send({ type: 'subscribe', channel });
  }

  reconnect(): void {
    if (this.fallback) this.fallback.reconnect();
    else this.send({ type: 'reconnect' });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.restartTimer);
    this.fallback?.close();
    this.send({ type: 'close' });
    // A worker stuck in a long task must not keep the process alive.
    const w = this.worker;
    setTimeout(() => void w.terminate(), 1_000).unref();
  }

  /** For tests: the running worker's thread id. */
  get threadId(): number {
    return this.worker.threadId;
  }

  /** For tests: ends the worker as a crash would. */
  crashForTest(): Promise<number> {
    return this.worker.terminate();
  }

  private send(c: LinkCommand): void {
    try {
      this.worker.postMessage(c);
    } catch {
      // Ended: it is started again (and told its channels), or this link is closing.
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, {
      workerData: { options: this.opts.pusher },
      // Its garbage is big frames and their parses, short-lived: a small young generation keeps
      // a flood's peak memory down at the cost of more (cheap, off-loop) scavenges.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.unref();
    worker.on('message', (e: LinkEvent | { type: 'ready' }) => {
      if (e.type === 'ready') {
        this.everOnline = true;
        return;
      }
      if (e.type === 'state' && e.current === 'connected') this.nextDelay = this.opts.restartDelaysMs?.first ?? 1_000;
      this.opts.onEvent(e);
    });
    worker.on('error', (err) => this.opts.log(`Pusher worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.closed || worker !== this.worker) return;
      if (!this.everOnline) {
        this.opts.log(`Pusher runs in-process: its worker could not start (exit ${code})`);
        this.fallback = new InlineLink(this.opts);
        for (const channel of this.channels) this.fallback.subscribe(channel);
        return;
      }
      this.opts.log(`Pusher worker ended (exit ${code}); starting it again in ${this.nextDelay} ms`);
      this.opts.onEvent({ type: 'state', current: 'unavailable' });
      this.restartTimer = setTimeout(() => this.restart(), this.nextDelay);
      this.restartTimer.unref();
      this.nextDelay = Math.min(this.nextDelay * 2, this.opts.restartDelaysMs?.max ?? 30_000);
    });
    for (const channel of this.channels) worker.postMessage({ type: 'subscribe', channel } satisfies LinkCommand);
    return worker;
  }

  private restart(): void {
    if (this.closed) return;
    try {
      this.worker = this.spawn();
    } catch (err) {
      this.opts.log(`Pusher worker cannot start again: ${(err as Error).message}`);
    }
  }
}

/** The same session in this thread; pusher-js is loaded after the console is listening. */
class InlineLink implements PusherLink {
  readonly mode = 'inline';
  private session?: PusherSession;
  private readonly pending: string[] = [];
  private closed = false;

  constructor(opts: PusherLinkOptions) {
    loadPusher().then(
      (P) => {
        if (this.closed) return;
        this.session = startPusherSession(P, opts.pusher, opts.onEvent);
        for (const c of this.pending.splice(0)) this.session.subscribe(c);
      },
      (err) => {
        const message = `cannot load pusher-js: ${(err as Error).message}`;
        opts.log(message);
        opts.onEvent({ type: 'error', message });
      },
    );
  }

  subscribe(channel: string): void {
    if (this.session) this.session.subscribe(channel);
    else this.pending.push(channel);
  }

  reconnect(): void {
    this.session?.reconnect();
  }

  close(): void {
    this.closed = true;
    this.session?.close();
  }
}

let pusherModule: Promise<typeof Pusher> | undefined;
const loadPusher = (): Promise<typeof Pusher> => (pusherModule ??= import('pusher-js').then((m) => m.default));
