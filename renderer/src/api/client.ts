/**
 * The renderer's only way to the core: snapshots over fetch, then live journal items over SSE.
 * Every response is checked against the same zod contract the server builds it from.
 */
import type { z } from 'zod';
import { FeedItemSchema, HealthSchema, type FeedItem } from '../../../electron/core/model/api';
import type { UnitKey } from '../../../electron/core/model/opentrack';
import type { EndpointInput, EndpointPatch } from '../../../electron/core/model/relay';
import { SettingsErrorSchema, SettingsSavedSchema, type SettingsPatch, type SettingsSaved } from '../../../electron/core/model/settings';
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
import { ROUTES, pathFor, queryString, type Infer, type Input, type RouteContract } from '../../../electron/core/model/routes';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Args<C extends RouteContract> = {
  params?: Record<string, string | number>;
  query?: C['query'] extends z.ZodType ? Input<C['query']> : undefined;
  body?: C['body'] extends z.ZodType ? Input<C['body']> : unknown;
};

/**
 * One call of a route in the shared table: its path from the params, the body as JSON, the answer
 * parsed with the route's own schema. A refusal carries the server's own error text to the
 * operator (it says what to fix).
 */
async function call<C extends RouteContract>(contract: C, args: Args<C>, base: string): Promise<Infer<C['response']>> {
  const path = pathFor(contract, args.params) + queryString(args.query as Record<string, string | number | undefined> | undefined);
  const hasBody = args.body !== undefined;
  const res = await fetch(new URL(path, base), {
    method: contract.method,
    headers: { accept: 'application/json', ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? JSON.stringify(args.body) : undefined,
  });
  if (!res.ok) {
    const text = await res.text();
    let message = `${path}: HTTP ${res.status}`;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(res.status, message);
  }
  return (contract.response && res.status !== 204 ? contract.response.parse(await res.json()) : undefined) as Infer<C['response']>;
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
  const res = await fetch(new URL(ROUTES.settingsSave.path, base), {
    method: ROUTES.settingsSave.method,
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

const unitParams = (k: UnitKey) => ({ eventId: k.eventId, round: k.round, heat: k.heat });
const id = (value: string | number) => ({ id: value });

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
    health: () => call(ROUTES.health, {}, base),
    competition: () => call(ROUTES.competition, {}, base),
    unit: (k: UnitKey) => call(ROUTES.unit, { params: unitParams(k) }, base),
    standings: (k: UnitKey) => call(ROUTES.standings, { params: unitParams(k) }, base),
    splits: (k: UnitKey) => call(ROUTES.splits, { params: unitParams(k) }, base),
    feed: (after = 0, limit = 500) => call(ROUTES.feed, { query: { after, limit } }, base),
    athletes: () => call(ROUTES.athletes, {}, base),
    relay: {
      endpoints: () => call(ROUTES.relayEndpoints, {}, base),
      create: (input: Partial<EndpointInput> & { url: string }) => call(ROUTES.relayCreate, { body: input }, base),
      update: (endpoint: string, patch: EndpointPatch) => call(ROUTES.relayUpdate, { params: id(endpoint), body: patch }, base),
      remove: (endpoint: string) => call(ROUTES.relayDelete, { params: id(endpoint) }, base),
      rotate: (endpoint: string, overlapSeconds?: number) =>
        call(ROUTES.relayRotate, { params: id(endpoint), body: overlapSeconds === undefined ? {} : { overlapSeconds } }, base),
      test: (endpoint: string) => call(ROUTES.relayTest, { params: id(endpoint) }, base),
      recover: (endpoint: string, since: string) => call(ROUTES.relayRecover, { params: id(endpoint), body: { since } }, base),
      messages: (endpoint: string, limit = 50) => call(ROUTES.relayMessages, { params: id(endpoint), query: { limit: String(limit) } }, base),
      message: (message: number) => call(ROUTES.relayMessage, { params: id(message) }, base),
      resend: (message: number) => call(ROUTES.relayResend, { params: id(message) }, base),
      failures: (since?: string) => call(ROUTES.relayFailures, { query: { since } }, base),
    },
    graphics: {
      list: () => call(ROUTES.graphics, {}, base),
      show: (graphic: string, body: { unit?: string; seconds?: number } = {}) => call(ROUTES.graphicShow, { params: id(graphic), body }, base),
      hide: (graphic: string) => call(ROUTES.graphicHide, { params: id(graphic) }, base),
      next: (graphic: string) => call(ROUTES.graphicNext, { params: id(graphic) }, base),
      update: (graphic: string, body: { unit?: string; page?: number; data?: unknown }) =>
        call(ROUTES.graphicUpdate, { params: id(graphic), body: body as Input<(typeof ROUTES.graphicUpdate)['body']> }, base),
      hideAll: () => call(ROUTES.graphicsHideAll, {}, base),
      setMode: (body: { mode?: 'auto' | 'manual'; durations?: { winner?: number; attempt?: number } }) => call(ROUTES.graphicsSetMode, { body }, base),
      preview: (graphic: string, unit?: string) => call(ROUTES.graphicPreview, { params: id(graphic), query: { unit } }, base),
      theme: () => call(ROUTES.graphicsTheme, {}, base),
      saveTheme: (theme: GraphicsTheme) => call(ROUTES.graphicsSetTheme, { body: theme }, base),
      /**
       * What is on air: a snapshot on every (re)connect, then each change. EventSource reconnects
       * by itself; the snapshot after a reconnect brings the page level with the core again.
       */
      stream(handlers: GraphicsStreamHandlers): () => void {
        const source = new EventSource(new URL(ROUTES.graphicsStream.path, base));
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
      // The page opened is the operator asking: it shows the token to copy to other devices.
      get: () => call(ROUTES.settings, { query: { reveal: 'token' } }, base),
      save: (patch: SettingsPatch) => saveSettings(patch, base),
      restart: () => call(ROUTES.restart, { body: {} }, base),
      /**
       * How this origin answers while the console restarts: `moved` (the old port redirects to the
       * new one; not followed, the page's policy allows only its own origin), `down`, `locked`
       * (401: LAN mode now wants the token), or the start time of the console answering.
       */
      probe: async (): Promise<{ state: 'moved' | 'down' | 'locked' } | { state: 'up'; startedAt: string }> => {
        let res: Response;
        try {
          res = await fetch(new URL(ROUTES.health.path, base), { redirect: 'manual', cache: 'no-store', headers: { accept: 'application/json' } });
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
    announcer: {
      combined: () => call(ROUTES.combined, {}, base),
      records: () => call(ROUTES.records, {}, base),
      saveRecord: (body: Input<(typeof ROUTES.recordSave)['body']>) => call(ROUTES.recordSave, { body }, base),
      importRecords: (format: 'csv' | 'json', text: string) => call(ROUTES.recordsImport, { body: { format, text } }, base),
      deleteRecord: (record: number) => call(ROUTES.recordDelete, { params: id(record) }, base),
      recordAlerts: (after = 0) => call(ROUTES.recordAlerts, { query: { after } }, base),
      teams: () => call(ROUTES.teams, {}, base),
      saveTeamOptions: (body: Input<(typeof ROUTES.teamOptions)['body']>) => call(ROUTES.teamOptions, { body }, base),
      notes: () => call(ROUTES.notes, {}, base),
      saveNote: (body: Input<(typeof ROUTES.noteSave)['body']>) => call(ROUTES.noteSave, { body }, base),
      importNotes: (text: string) => call(ROUTES.notesImport, { body: { text } }, base),
      notesExportUrl: () => new URL(ROUTES.notesExport.path, base).toString(),
    },
    triathlon: {
      programs: () => call(ROUTES.triathlonPrograms, {}, base),
      program: (progId: string) => call(ROUTES.triathlonProgram, { params: { progId } }, base),
      rankings: () => call(ROUTES.triathlonRankings, {}, base),
      allowOnAir: (progId: string, allow: boolean) => call(ROUTES.triathlonOnAir, { params: { progId }, body: { allow } }, base),
      setup: () => call(ROUTES.triathlonSetup, {}, base),
      subscribe: (kind: 'timing' | 'rankings', hookUrl: string) => call(ROUTES.triathlonSubscribe, { body: { kind, hookUrl } }, base),
      unsubscribe: (id: string) => call(ROUTES.triathlonUnsubscribe, { params: { id } }, base),
      follow: (progId: string) => call(ROUTES.triathlonFollow, { body: { progId } }, base),
      unfollow: (progId: string) => call(ROUTES.triathlonUnfollow, { params: { progId } }, base),
    },
    trackscore: {
      boards: () => call(ROUTES.trackscoreBoards, {}, base),
    },
    /** The incoming test tool: a signed sample sent to this console's own hook. */
    testHook: (route: 'triathlon' | 'trackscore', type: string) => call(ROUTES.hookTest, { body: { route, type } }, base),
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
        source = new EventSource(new URL(ROUTES.stream.path + queryString({ after: lastSeq }), base));
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
