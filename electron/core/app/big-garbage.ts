/** The main thread's count of big payloads (see config/big-garbage.ts): every journaled row. */
import type { Bus } from '../ingest/bus';
import { bigGarbageCounter } from '../config/big-garbage';

export function collectBigGarbage(bus: Bus): () => void {
  const counter = bigGarbageCounter();
  return bus.on('journal', (row) => counter.note(row.payload.length));
}
