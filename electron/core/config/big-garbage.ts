/**
 * Big payloads (a flood of 1 MB units) leave their text and parsed copies behind as garbage the
 * size of the payload, in V8's large-object space, which only a full collection frees. V8 lets a
 * heap grow to several times what is live before it runs one, so at 5 MB/s a thread would hold
 * 100 MB and more of dead text. After every so many bytes of big payloads this asks for a full
 * collection, which keeps the peak near what is live. V8 runs an asked-for collection as a task
 * of its own, but whole, in one pause (20–40 ms for a heap of ~60 MB on a busy core), not as the
 * incremental marking of its own collections: so a thread asks as seldom as its memory allows.
 * Each thread has its own heap and counts for itself. Where V8's collector cannot be reached, it
 * does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A payload this long (characters) is big. */
const BIG_PAYLOAD_CHARS = 64 * 1024;
/**
 * The Pusher worker decodes, parses and serialises every payload, and its pauses hold no one: every
 * 32 MB. The main thread only passes the worker's text on to SQLite and its pauses hold every
 * overlay: every 64 MB, with V8's own incremental collections doing most of the work between.
 */
export const BIG_GARBAGE_BYTES = { worker: 32 * 1024 * 1024, main: 64 * 1024 * 1024 } as const;

type Collect = (options: { type: 'major'; execution: 'sync' | 'async' }) => void;

let collect: Collect | undefined | null;
/**
 * A full collection of this thread's heap: now (`sync`), or as a task of its own soon after
 * (`async`). Nothing where V8's collector cannot be reached.
 */
export function fullCollection(execution: 'sync' | 'async'): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'major', execution });
}

/** Counts the payloads this thread handled; `note` each one's length in characters. */
export function bigGarbageCounter(everyBytes: number): { note(chars: number): void } {
  let since = 0;
  return {
    note(chars: number): void {
      if (chars < BIG_PAYLOAD_CHARS) return;
      since += chars;
      if (since < everyBytes) return;
      since = 0;
      fullCollection('async');
    },
  };
}
