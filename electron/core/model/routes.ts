/**
 * Every HTTP route of the console, once: method, path, the zod schemas of its params, query, body
 * and JSON answer. The server registers its handlers from this table (server/route.ts) and the
 * renderer's client calls through it (renderer/src/api/client.ts), so a path, a parameter or an
 * answer's shape cannot drift between the two sides.
 */
import { z } from 'zod';
import {
  AthletesResponseSchema,
  CompetitionResponseSchema,
  FeedPageSchema,
  HealthSchema,
  StandingsResponseSchema,
  UnitResponseSchema,
} from './api';
import {
  GraphicIdSchema,
  GraphicStateSchema,
  GraphicsThemeSchema,
  GraphicsModeSchema,
  ModeRequestSchema,
  ShowRequestSchema,
  UnitArgSchema,
  UpdateRequestSchema,
} from './graphics';
import {
  EndpointCreatedSchema,
  EndpointInputSchema,
  EndpointListSchema,
  EndpointPatchSchema,
  EndpointSchema,
  FailuresQuerySchema,
  MessageListQuerySchema,
  OutboxMessageDetailSchema,
  OutboxMessageListSchema,
  OutboxMessageSchema,
  RecoverSchema,
  RecoveredSchema,
  RotateSecretSchema,
  SecretRotatedSchema,
} from './relay';
import { CombinedListSchema } from './combined';
import { TeamOptionsSchema, TeamsResponseSchema } from './teams';
import { SplitsResponseSchema } from './splits';
import { NoteInputSchema, NoteListSchema, NotesImportResultSchema, NotesImportSchema } from './notes';
import {
  RecordAlertListSchema,
  RecordAlertQuerySchema,
  RecordImportResultSchema,
  RecordImportSchema,
  RecordInputSchema,
  RecordListSchema,
} from './records';
import { RestartAcceptedSchema, SettingsSavedSchema, SettingsViewSchema } from './settings';
import {
  FollowRequestSchema,
  FollowResultSchema,
  ProgramListSchema,
  ProgramViewSchema,
  RankingListsSchema,
  SandboxOnAirSchema,
  SubscribeRequestSchema,
  SubscriptionViewSchema,
  TriathlonSetupSchema,
} from './triathlon';
import { BoardListSchema, BoardSchema } from './trackscore';
import { HookTestRequestSchema, HookTestResultSchema } from './webhooks';
import { ReceiptListSchema, ReceiptSchema } from './webhooks';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContract {
  method: Method;
  /** Fastify syntax: `/api/units/:eventId/:round/:heat`. */
  path: string;
  /** Path parameters; a value that does not parse names nothing, so the answer is 404. */
  params?: z.ZodType;
  /** Query string; a value that does not parse is a 400. */
  query?: z.ZodType;
  /** JSON body; a body that does not parse is a 400. */
  body?: z.ZodType;
  /** The JSON answer on success; absent where the answer is not JSON (SSE, CSV/XML, 204). */
  response?: z.ZodType;
  /**
   * A GET that changes state (trigger URLs for Stream Deck and Companion). The request guard
   * treats it as a write; a browser page must never fire it by loading an image.
   */
  trigger?: true;
  /** What a path parameter that does not parse names, for the 404: `no graphic "x"`. */
  names?: string;
}

/** Keeps each entry's literal types while checking it is a contract. */
const route = <C extends RouteContract>(c: C): C => c;

const digits = (max = 15) => z.string().regex(new RegExp(`^\\d{1,${max}}$`)).transform(Number);

export const UnitParamsSchema = z.object({ eventId: z.string().min(1), round: digits(6), heat: digits(6) });
export const FeedQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(500),
});
export const StreamQuerySchema = z.object({ after: z.string().optional() });
export const ReceiptQuerySchema = z.object({
  outcome: z.enum(['accepted', 'duplicate', 'malformed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const IdParams = z.object({ id: z.string().min(1) });
const NumericIdParams = z.object({ id: digits() });
const GraphicParams = z.object({ id: GraphicIdSchema });
/** Trigger URLs carry text (`?unit=F01/1/1&seconds=10`); other keys (a `token`) are not theirs. */
const ShowQuerySchema = z.object({ unit: UnitArgSchema.optional(), seconds: z.coerce.number().positive().max(3600).optional() });
const PreviewQuerySchema = z.object({ unit: UnitArgSchema.optional() });
const GraphicListSchema = GraphicStateSchema.array();

export const ROUTES = {
  health: route({ method: 'GET', path: '/api/health', response: HealthSchema }),
  competition: route({ method: 'GET', path: '/api/competition', response: CompetitionResponseSchema }),
  unit: route({ method: 'GET', path: '/api/units/:eventId/:round/:heat', params: UnitParamsSchema, response: UnitResponseSchema, names: 'unit' }),
  standings: route({
    method: 'GET',
    path: '/api/units/:eventId/:round/:heat/standings',
    params: UnitParamsSchema,
    response: StandingsResponseSchema,
    names: 'unit',
  }),
  /** Lap splits and the leader at each split (races of 800 m and up). */
  splits: route({ method: 'GET', path: '/api/units/:eventId/:round/:heat/splits', params: UnitParamsSchema, response: SplitsResponseSchema, names: 'unit' }),
  athletes: route({ method: 'GET', path: '/api/athletes', response: AthletesResponseSchema }),

  /** Combined events: disciplines grouped under their parent, running standings, what the next one needs. */
  combined: route({ method: 'GET', path: '/api/combined', response: CombinedListSchema }),
  /** Records the announcer imported (CSV or JSON) or typed in; alerts when a mark equals or beats one. */
  records: route({ method: 'GET', path: '/api/records', response: RecordListSchema }),
  recordSave: route({ method: 'POST', path: '/api/records', body: RecordInputSchema, response: RecordListSchema }),
  recordsImport: route({ method: 'POST', path: '/api/records/import', body: RecordImportSchema, response: RecordImportResultSchema }),
  recordDelete: route({ method: 'DELETE', path: '/api/records/:id', params: z.object({ id: digits() }), response: RecordListSchema, names: 'record' }),
  /** Team scores (points per place, configurable) and the medal table by team or nation. */
  teams: route({ method: 'GET', path: '/api/teams', response: TeamsResponseSchema }),
  teamOptions: route({ method: 'PUT', path: '/api/teams/options', body: TeamOptionsSchema, response: TeamsResponseSchema }),
  /** Athlete notes and pronunciation, keyed by bib and name; CSV in and out. */
  notes: route({ method: 'GET', path: '/api/notes', response: NoteListSchema }),
  noteSave: route({ method: 'PUT', path: '/api/notes', body: NoteInputSchema, response: NoteListSchema }),
  notesImport: route({ method: 'POST', path: '/api/notes/import', body: NotesImportSchema, response: NotesImportResultSchema }),
  /** CSV: bib, name, pronunciation, notes. */
  notesExport: route({ method: 'GET', path: '/api/notes/export.csv' }),
  recordAlerts: route({ method: 'GET', path: '/api/records/alerts', query: RecordAlertQuerySchema, response: RecordAlertListSchema }),

  feed: route({ method: 'GET', path: '/api/feed', query: FeedQuerySchema, response: FeedPageSchema }),
  /** One journal entry's payload, exactly as received (any JSON). */
  journalEntry: route({ method: 'GET', path: '/api/journal/:seq', params: z.object({ seq: digits() }), names: 'journal entry' }),
  /** SSE: each journal row as it is written; resumes with Last-Event-ID or `?after=`. */
  stream: route({ method: 'GET', path: '/api/stream', query: StreamQuerySchema }),

  receipts: route({ method: 'GET', path: '/api/webhooks/receipts', query: ReceiptQuerySchema, response: ReceiptListSchema }),
  receipt: route({ method: 'GET', path: '/api/webhooks/receipts/:id', params: NumericIdParams, response: ReceiptSchema, names: 'webhook receipt' }),

  triathlonPrograms: route({ method: 'GET', path: '/api/triathlon/programs', response: ProgramListSchema }),
  triathlonProgram: route({
    method: 'GET',
    path: '/api/triathlon/programs/:progId',
    params: z.object({ progId: z.string().min(1) }),
    response: ProgramViewSchema,
    names: 'triathlon program',
  }),

  triathlonRankings: route({ method: 'GET', path: '/api/triathlon/rankings', response: RankingListsSchema }),
  /** The operator lets a sandbox program's data go on air (graphics, /data/), or takes it back. */
  triathlonOnAir: route({
    method: 'POST',
    path: '/api/triathlon/programs/:progId/on-air',
    params: z.object({ progId: z.string().min(1) }),
    body: SandboxOnAirSchema,
    response: ProgramViewSchema,
    names: 'triathlon program',
  }),

  /** World Triathlon set-up over its API: the subscriptions (this console's marked) and the programs followed. */
  triathlonSetup: route({ method: 'GET', path: '/api/triathlon/setup', response: TriathlonSetupSchema }),
  triathlonSubscribe: route({ method: 'POST', path: '/api/triathlon/subscriptions', body: SubscribeRequestSchema, response: SubscriptionViewSchema }),
  triathlonUnsubscribe: route({
    method: 'DELETE',
    path: '/api/triathlon/subscriptions/:id',
    params: z.object({ id: z.string().min(1).max(200) }),
    names: 'subscription',
  }),
  /** Follow a program: its current state is loaded over the API now and at every start. */
  triathlonFollow: route({ method: 'POST', path: '/api/triathlon/follow', body: FollowRequestSchema, response: FollowResultSchema }),
  triathlonUnfollow: route({ method: 'DELETE', path: '/api/triathlon/follow/:progId', params: z.object({ progId: z.string().min(1).max(100) }), names: 'program' }),

  trackscoreBoards: route({ method: 'GET', path: '/api/trackscore/leaderboards', response: BoardListSchema }),
  trackscoreBoard: route({
    method: 'GET',
    path: '/api/trackscore/leaderboards/:id',
    params: z.object({ id: z.string().min(1) }),
    response: BoardSchema,
    names: 'leaderboard',
  }),

  /** Sends a signed sample of one event type to this console's own hook, as a provider's "send test" button does. */
  hookTest: route({ method: 'POST', path: '/api/webhooks/test', body: HookTestRequestSchema, response: HookTestResultSchema }),

  relayEndpoints: route({ method: 'GET', path: '/api/relay/endpoints', response: EndpointListSchema }),
  relayCreate: route({ method: 'POST', path: '/api/relay/endpoints', body: EndpointInputSchema, response: EndpointCreatedSchema }),
  relayEndpoint: route({ method: 'GET', path: '/api/relay/endpoints/:id', params: IdParams, response: EndpointSchema }),
  relayUpdate: route({ method: 'PATCH', path: '/api/relay/endpoints/:id', params: IdParams, body: EndpointPatchSchema, response: EndpointSchema }),
  relayDelete: route({ method: 'DELETE', path: '/api/relay/endpoints/:id', params: IdParams }),
  relayRotate: route({ method: 'POST', path: '/api/relay/endpoints/:id/rotate-secret', params: IdParams, body: RotateSecretSchema, response: SecretRotatedSchema }),
  relayTest: route({ method: 'POST', path: '/api/relay/endpoints/:id/test', params: IdParams, response: OutboxMessageSchema }),
  relayRecover: route({ method: 'POST', path: '/api/relay/endpoints/:id/recover', params: IdParams, body: RecoverSchema, response: RecoveredSchema }),
  relayMessages: route({
    method: 'GET',
    path: '/api/relay/endpoints/:id/messages',
    params: IdParams,
    query: MessageListQuerySchema,
    response: OutboxMessageListSchema,
  }),
  relayMessage: route({ method: 'GET', path: '/api/relay/messages/:id', params: NumericIdParams, response: OutboxMessageDetailSchema, names: 'message' }),
  relayResend: route({ method: 'POST', path: '/api/relay/messages/:id/resend', params: NumericIdParams, response: OutboxMessageSchema, names: 'message' }),
  relayFailures: route({ method: 'GET', path: '/api/relay/failures', query: FailuresQuerySchema, response: OutboxMessageListSchema }),

  graphics: route({ method: 'GET', path: '/api/graphics', response: GraphicListSchema }),
  graphicsMode: route({ method: 'GET', path: '/api/graphics/mode', response: GraphicsModeSchema }),
  graphicsSetMode: route({ method: 'POST', path: '/api/graphics/mode', body: ModeRequestSchema, response: GraphicsModeSchema }),
  graphicsHideAll: route({ method: 'POST', path: '/api/graphics/hide-all', response: GraphicListSchema }),
  graphicsHideAllTrigger: route({ method: 'GET', path: '/api/graphics/hide-all', response: GraphicListSchema, trigger: true }),
  /** SSE: a snapshot of what is on air on every (re)connect, then each change. */
  graphicsStream: route({ method: 'GET', path: '/api/graphics/stream' }),
  graphic: route({ method: 'GET', path: '/api/graphics/:id', params: GraphicParams, response: GraphicStateSchema, names: 'graphic' }),
  graphicPreview: route({
    method: 'GET',
    path: '/api/graphics/:id/preview',
    params: GraphicParams,
    query: PreviewQuerySchema,
    response: GraphicStateSchema,
    names: 'graphic',
  }),
  graphicShow: route({ method: 'POST', path: '/api/graphics/:id/show', params: GraphicParams, body: ShowRequestSchema, response: GraphicStateSchema, names: 'graphic' }),
  graphicHide: route({ method: 'POST', path: '/api/graphics/:id/hide', params: GraphicParams, response: GraphicStateSchema, names: 'graphic' }),
  graphicNext: route({ method: 'POST', path: '/api/graphics/:id/next', params: GraphicParams, response: GraphicStateSchema, names: 'graphic' }),
  graphicToggle: route({ method: 'POST', path: '/api/graphics/:id/toggle', params: GraphicParams, body: ShowRequestSchema, response: GraphicStateSchema, names: 'graphic' }),
  graphicUpdate: route({ method: 'POST', path: '/api/graphics/:id/update', params: GraphicParams, body: UpdateRequestSchema, response: GraphicStateSchema, names: 'graphic' }),
  graphicShowTrigger: route({ method: 'GET', path: '/api/graphics/:id/show', params: GraphicParams, query: ShowQuerySchema, response: GraphicStateSchema, trigger: true, names: 'graphic' }),
  graphicHideTrigger: route({ method: 'GET', path: '/api/graphics/:id/hide', params: GraphicParams, response: GraphicStateSchema, trigger: true, names: 'graphic' }),
  graphicNextTrigger: route({ method: 'GET', path: '/api/graphics/:id/next', params: GraphicParams, response: GraphicStateSchema, trigger: true, names: 'graphic' }),
  graphicToggleTrigger: route({
    method: 'GET',
    path: '/api/graphics/:id/toggle',
    params: GraphicParams,
    query: ShowQuerySchema,
    response: GraphicStateSchema,
    trigger: true,
    names: 'graphic',
  }),

  settings: route({ method: 'GET', path: '/api/settings', query: z.object({ reveal: z.enum(['token']).optional() }), response: SettingsViewSchema }),
  /** The body is checked whole by the settings service (per-field messages), not here. */
  settingsSave: route({ method: 'PUT', path: '/api/settings', response: SettingsSavedSchema }),
  restart: route({ method: 'POST', path: '/api/restart', response: RestartAcceptedSchema }),

  /** Webhooks in (SPEC §4): each authenticated by its own token or signature, the raw body as sent. */
  hookTriathlon: route({ method: 'POST', path: '/hooks/triathlon' }),
  hookTrackscore: route({ method: 'POST', path: '/hooks/trackscore' }),
  hookStandard: route({ method: 'POST', path: '/hooks/standard' }),

  /** Country flags shipped with the console (flag-icons), and club flags cached from the meet's flagUrl. */
  flag: route({ method: 'GET', path: '/flags/:file', params: z.object({ file: z.string().regex(/^[a-z]{2}(-[a-z]{2,4})?\.svg$/) }), names: 'flag' }),
  clubFlag: route({ method: 'GET', path: '/flags/club/:key', params: z.object({ key: z.string().regex(/^[0-9a-f]{24}$/) }), names: 'flag' }),
  /** The script an operator's own template loads to follow the console. */
  templateClient: route({ method: 'GET', path: '/output/template-client.js' }),
  /** An operator's own template from <data-dir>/templates/. */
  customTemplate: route({ method: 'GET', path: '/output/custom/:name', params: z.object({ name: z.string().min(1) }) }),
  graphicsTheme: route({ method: 'GET', path: '/api/graphics/theme', response: GraphicsThemeSchema }),
  graphicsSetTheme: route({ method: 'PUT', path: '/api/graphics/theme', body: GraphicsThemeSchema, response: GraphicsThemeSchema }),

  /** vMix-shaped feeds: `GET /data/` lists them; each is JSON, CSV or XML by its extension. */
  dataList: route({ method: 'GET', path: '/data/' }),
  dataFeed: route({ method: 'GET', path: '/data/:file' }),
  dataUnitFeed: route({ method: 'GET', path: '/data/units/:eventId/:round/:file' }),
} as const satisfies Record<string, RouteContract>;

export type RouteName = keyof typeof ROUTES;
export type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
/** What a caller gives: the schema's input side (a query number may be given as a number). */
export type Input<S> = S extends z.ZodType ? z.input<S> : undefined;

/** `/api/units/:eventId/:round/:heat` with `{eventId: 'F01', round: 1, heat: 1}` → `/api/units/F01/1/1`. */
export function pathFor(contract: RouteContract, params: Record<string, string | number> = {}): string {
  return contract.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${contract.path}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
}

/** A query string from the defined values only, in the order given. */
export function queryString(query: Record<string, string | number | boolean | undefined> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  return pairs.length ? `?${new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
