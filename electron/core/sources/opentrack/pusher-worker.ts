/**
 * Worker-thread entry: the Pusher connection. Reading a frame, checking it is UTF-8, parsing it
 * twice (the envelope, then the data), pusher-js's own debug string of it, and serialising, checking
 * and hashing the payload all cost in proportion to its size: for a 1 MB unit, tens of
 * milliseconds the console's one event loop (every overlay, the API, ingest) no longer spends.
 * The console gets text and, for units, the envelope and hash (see pusher-session.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Pusher from 'pusher-js';
import { startPusherSession, type LinkEvent, type PusherOptions } from './pusher-session';
import type { LinkCommand } from './pusher-link';
import { WORKER_NICE, lowerWorkerPriority } from '../../config/thread-priority';
import { BIG_GARBAGE_BYTES, bigGarbageCounter } from '../../config/big-garbage';

lowerWorkerPriority(WORKER_NICE.pusher);

const port = parentPort!;
// This thread parses each payload twice and serialises it once: its own heap fills as fast as the main one's.
const garbage = bigGarbageCounter(BIG_GARBAGE_BYTES.worker);
const session = startPusherSession(Pusher, (workerData as { options: PusherOptions }).options, (e: LinkEvent) => {
  // Text crosses threads as one copy; the parsed object would be rebuilt field by field.
  if (e.type !== 'message') return port.postMessage(e);
  const { json: _parsed, ...message } = e.message;
  port.postMessage({ type: 'message', message } satisfies LinkEvent);
  garbage.note(message.raw.length);
});

port.on('message', (c: LinkCommand) => {
  switch (c.type) {
    case 'subscribe':
      session.subscribe(c.channel);
      break;
    case 'reconnect':
      session.reconnect();
      break;
    case 'close':
      session.close();
      port.close();
      break;
  }
});

// Loaded and listening: a worker that never says so could not run here (see pusher-link.ts).
port.postMessage({ type: 'ready' });
