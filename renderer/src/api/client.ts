/**
 * The renderer's only way to the core: snapshots over fetch, then live journal items over SSE.
 * Every response is checked against the same zod contract the server builds it from.
 */
import type { z } from 'zod';
import {
  CompetitionResponseSchema,
  FeedItemSchema,
  FeedPageSchema,
  HealthSchema,
  StandingsResponseSchema,
  UnitResponseSchema,
  type FeedItem,
} from '../../../electron/core/model/api';
import type { UnitKey } from '../../../electron/core/model/opentrack';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, schema: z.ZodType<T>, base: string): Promise<T> {
  const res = await fetch(new URL(path, base), { headers: { accept: 'application/json' } });
  if (!res.ok) throw new ApiError(res.status, `${path}: HTTP ${res.status}`);
  return schema.parse(await res.json());
}

const unitPath = (k: UnitKey) => `/api/units/${encodeURIComponent(k.eventId)}/${k.round}/${k.heat}`;

export interface StreamHandlers {
  onItem: (item: FeedItem) => void;
  onOpen?: () => void;
  onError?: () => void;
}

export function createClient(base: string = window.location.origin) {
  return {
    health: () => getJson('/api/health', HealthSchema, base),
    competition: () => getJson('/api/competition', CompetitionResponseSchema, base),
    unit: (k: UnitKey) => getJson(unitPath(k), UnitResponseSchema, base),
    standings: (k: UnitKey) => getJson(`${unitPath(k)}/standings`, StandingsResponseSchema, base),
    feed: (after = 0, limit = 500) => getJson(`/api/feed?after=${after}&limit=${limit}`, FeedPageSchema, base),
    /**
     * Live items from `after` on. EventSource reconnects by itself and resumes with Last-Event-ID,
     * so nothing is missed across a drop. Returns the function that closes the stream.
     */
    stream(after: number, handlers: StreamHandlers): () => void {
      const source = new EventSource(new URL(`/api/stream?after=${after}`, base));
      source.onopen = () => handlers.onOpen?.();
      source.onerror = () => handlers.onError?.();
      source.onmessage = (e: MessageEvent<string>) => {
        const parsed = FeedItemSchema.safeParse(JSON.parse(e.data));
        if (parsed.success) handlers.onItem(parsed.data);
      };
      return () => source.close();
    },
  };
}

export type TracksideClient = ReturnType<typeof createClient>;
