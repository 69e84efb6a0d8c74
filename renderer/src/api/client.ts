/**
 * The renderer's only way to the core: snapshots over fetch, then live journal items over SSE.
 * Every response is checked against the same zod contract the server builds it from.
 */
import type { z } from 'zod';
import {
  AthletesResponseSchema,
  CompetitionResponseSchema,
  FeedItemSchema,
  FeedPageSchema,
  HealthSchema,
  StandingsResponseSchema,
  UnitResponseSchema,
  type FeedItem,
} from '../../../electron/core/model/api';
import type { UnitKey } from '../../../electron/core/model/opentrack';
import {
  EndpointCreatedSchema,
  EndpointListSchema,
  EndpointSchema,
  OutboxMessageDetailSchema,
  OutboxMessageListSchema,
  OutboxMessageSchema,
  RecoveredSchema,
  SecretRotatedSchema,
  type EndpointInput,
  type EndpointPatch,
} from '../../../electron/core/model/relay';
import { ProgramListSchema, ProgramViewSchema } from '../../../electron/core/model/triathlon';
import {
  RestartAcceptedSchema,
  SettingsErrorSchema,
  SettingsSavedSchema,
  SettingsViewSchema,
  type SettingsPatch,
  type SettingsSaved,
} from '../../../electron/core/model/settings';
import {
  GraphicStateSchema,
  GraphicsModeSchema,
  GraphicsSnapshotSchema,
  GraphicsThemeSchema,
  type GraphicsTheme,
  type GraphicState,
  type GraphicsMode,
  type GraphicsSnapshot,
} from '../../../electron/core/model/graphics';

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

/** A change: the server's own error text reaches the operator (it says what to fix). */
async function send<T>(method: string, path: string, body: unknown, schema: z.ZodType<T> | null, base: string): Promise<T> {
  const res = await fetch(new URL(path, base), {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const text = await res.text();
    let message = `HTTP ${res.status}`;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(res.status, message);
  }
  return (schema ? schema.parse(await res.json()) : undefined) as T;
}

/** A refused settings change: the server's message for each field, shown beside it. */
export class FieldErrors extends ApiError {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(400, message);
  }
}

async function saveSettings(patch: SettingsPatch, base: string): Promise<SettingsSaved> {
  const res = await fetch(new URL('/api/settings', base), {
    method: 'PUT',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  const body: unknown = await res.json().catch(() => ({}));
  if (res.ok) return SettingsSavedSchema.parse(body);
  const error = SettingsErrorSchema.safeParse(body);
  const message = error.success ? error.data.error : `HTTP ${res.status}`;
  if (res.status === 400 && error.success && error.data.fields) throw new FieldErrors(message, error.data.fields);
  throw new ApiError(res.status, message);
}

const unitPath = (k: UnitKey) => `/api/units/${encodeURIComponent(k.eventId)}/${k.round}/${k.heat}`;

export interface GraphicsStreamHandlers {
  onSnapshot: (s: GraphicsSnapshot) => void;
  onGraphic: (g: GraphicState) => void;
  onMode: (m: GraphicsMode) => void;
  onOpen?: () => void;
  onError?: () => void;
}

export interface StreamHandlers {
  onItem: (item: FeedItem) => void;
  onOpen?: () => void;
  onError?: () => void;
}

/** How long to wait before opening a new stream when the browser has given up on the old one. */
export const STREAM_REOPEN_MS = 2_000;

export function createClient(base: string = window.location.origin) {
  return {
    health: () => getJson('/api/health', HealthSchema, base),
    competition: () => getJson('/api/competition', CompetitionResponseSchema, base),
    unit: (k: UnitKey) => getJson(unitPath(k), UnitResponseSchema, base),
    standings: (k: UnitKey) => getJson(`${unitPath(k)}/standings`, StandingsResponseSchema, base),
    feed: (after = 0, limit = 500) => getJson(`/api/feed?after=${after}&limit=${limit}`, FeedPageSchema, base),
    athletes: () => getJson('/api/athletes', AthletesResponseSchema, base),
    relay: {
      endpoints: () => getJson('/api/relay/endpoints', EndpointListSchema, base),
      create: (input: Partial<EndpointInput> & { url: string }) => send('POST', '/api/relay/endpoints', input, EndpointCreatedSchema, base),
      update: (id: string, patch: EndpointPatch) => send('PATCH', `/api/relay/endpoints/${encodeURIComponent(id)}`, patch, EndpointSchema, base),
      remove: (id: string) => send('DELETE', `/api/relay/endpoints/${encodeURIComponent(id)}`, undefined, null, base),
      rotate: (id: string, overlapSeconds?: number) =>
        send('POST', `/api/relay/endpoints/${encodeURIComponent(id)}/rotate-secret`, overlapSeconds === undefined ? {} : { overlapSeconds }, SecretRotatedSchema, base),
      test: (id: string) => send('POST', `/api/relay/endpoints/${encodeURIComponent(id)}/test`, undefined, OutboxMessageSchema, base),
      recover: (id: string, since: string) => send('POST', `/api/relay/endpoints/${encodeURIComponent(id)}/recover`, { since }, RecoveredSchema, base),
      messages: (id: string, limit = 50) => getJson(`/api/relay/endpoints/${encodeURIComponent(id)}/messages?limit=${limit}`, OutboxMessageListSchema, base),
      message: (id: number) => getJson(`/api/relay/messages/${id}`, OutboxMessageDetailSchema, base),
      resend: (id: number) => send('POST', `/api/relay/messages/${id}/resend`, undefined, OutboxMessageSchema, base),
      failures: (since?: string) => getJson(`/api/relay/failures${since ? `?since=${encodeURIComponent(since)}` : ''}`, OutboxMessageListSchema, base),
    },
    graphics: {
      list: () => getJson('/api/graphics', GraphicStateSchema.array(), base),
      show: (id: string, body: { unit?: string; seconds?: number } = {}) => send('POST', `/api/graphics/${id}/show`, body, GraphicStateSchema, base),
      hide: (id: string) => send('POST', `/api/graphics/${id}/hide`, undefined, GraphicStateSchema, base),
      next: (id: string) => send('POST', `/api/graphics/${id}/next`, undefined, GraphicStateSchema, base),
      update: (id: string, body: { unit?: string; page?: number; data?: unknown }) => send('POST', `/api/graphics/${id}/update`, body, GraphicStateSchema, base),
      hideAll: () => send('POST', '/api/graphics/hide-all', undefined, GraphicStateSchema.array(), base),
      setMode: (body: { mode?: 'auto' | 'manual'; durations?: { winner?: number; attempt?: number } }) => send('POST', '/api/graphics/mode', body, GraphicsModeSchema, base),
      theme: () => getJson('/api/graphics/theme', GraphicsThemeSchema, base),
      saveTheme: (theme: GraphicsTheme) => send('PUT', '/api/graphics/theme', theme, GraphicsThemeSchema, base),
      preview: (id: string, unit?: string) => getJson(`/api/graphics/${id}/preview${unit ? `?unit=${encodeURIComponent(unit)}` : ''}`, GraphicStateSchema, base),
      /**
       * What is on air: a snapshot on every (re)connect, then each change. EventSource reconnects
       * by itself; the snapshot after a reconnect brings the page level with the core again.
       */
      stream(handlers: GraphicsStreamHandlers): () => void {
        const source = new EventSource(new URL('/api/graphics/stream', base));
        source.onopen = () => handlers.onOpen?.();
        source.onerror = () => handlers.onError?.();
        const on = <T>(event: string, schema: z.ZodType<T>, apply: (value: T) => void) =>
          source.addEventListener(event, (e) => {
            try {
              const parsed = schema.safeParse(JSON.parse((e as MessageEvent<string>).data));
              if (parsed.success) apply(parsed.data);
            } catch {
              // a broken frame is skipped; the next snapshot repairs the state
            }
          });
        on('snapshot', GraphicsSnapshotSchema, handlers.onSnapshot);
        on('graphic', GraphicStateSchema, handlers.onGraphic);
        on('mode', GraphicsModeSchema, handlers.onMode);
        return () => source.close();
      },
    },
    settings: {
      get: () => getJson('/api/settings', SettingsViewSchema, base),
      save: (patch: SettingsPatch) => saveSettings(patch, base),
      restart: () => send('POST', '/api/restart', {}, RestartAcceptedSchema, base),
      /**
       * How this origin answers while the console restarts: `moved` (the old port redirects to the
       * new one; not followed, the page's policy allows only its own origin), `down`, `locked`
       * (401: LAN mode now wants the token), or the start time of the console answering.
       */
      probe: async (): Promise<{ state: 'moved' | 'down' | 'locked' } | { state: 'up'; startedAt: string }> => {
        let res: Response;
        try {
          res = await fetch(new URL('/api/health', base), { redirect: 'manual', cache: 'no-store', headers: { accept: 'application/json' } });
        } catch {
          return { state: 'down' };
        }
        if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) return { state: 'moved' };
        if (res.status === 401) return { state: 'locked' };
        if (!res.ok) return { state: 'down' };
        const health = HealthSchema.safeParse(await res.json().catch(() => null));
        return health.success ? { state: 'up', startedAt: health.data.startedAt } : { state: 'down' };
      },
    },
    triathlon: {
      programs: () => getJson('/api/triathlon/programs', ProgramListSchema, base),
      program: (progId: string) => getJson(`/api/triathlon/programs/${encodeURIComponent(progId)}`, ProgramViewSchema, base),
    },
    /**
     * Live items from `after` on. EventSource reconnects by itself and resumes with Last-Event-ID;
     * when it gives up (the console restarted and answered with an error), a new stream resumes
     * from the last item seen, so nothing is missed across a drop. Returns the closing function.
     */
    stream(after: number, handlers: StreamHandlers): () => void {
      let lastSeq = after;
      let source: EventSource | undefined;
      let reopen: ReturnType<typeof setTimeout> | undefined;
      let closed = false;
      const open = () => {
        source = new EventSource(new URL(`/api/stream?after=${lastSeq}`, base));
        source.onopen = () => handlers.onOpen?.();
        source.onerror = () => {
          handlers.onError?.();
          if (source?.readyState === EventSource.CLOSED && !closed) {
            clearTimeout(reopen);
            reopen = setTimeout(open, STREAM_REOPEN_MS);
          }
        };
        source.onmessage = (e: MessageEvent<string>) => {
          let data: unknown;
          try {
            data = JSON.parse(e.data);
          } catch {
            return;
          }
          const parsed = FeedItemSchema.safeParse(data);
          if (!parsed.success) return;
          lastSeq = Math.max(lastSeq, parsed.data.seq);
          handlers.onItem(parsed.data);
        };
      };
      open();
      return () => {
        closed = true;
        clearTimeout(reopen);
        source?.close();
      };
    },
  };
}

export type TracksideClient = ReturnType<typeof createClient>;
