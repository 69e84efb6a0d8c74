/** The main thread's count of big payloads (see config/big-garbage.ts): every journaled row. */
import type { Bus } from '../ingest/bus';
import { BIG_GARBAGE_BYTES, bigGarbageCounter } from '../config/big-garbage';

export function collectBigGarbage(bus: Bus): () => void {
  const counter = bigGarbageCounter(BIG_GARBAGE_BYTES.main);
  return bus.on('journal', (row) => counter.note(row.payload.length));
}
