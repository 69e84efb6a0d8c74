/**
 * On-air graphics: what each overlay shows, held by the core so every output (a browser source
 * refreshed mid-graphic, a second vMix input, the operator's preview) shows the same thing.
 * Shared by the core (which builds them), the overlay pages and the dashboard's on-air page.
 */
import { z } from 'zod';
import { UnitRefSchema } from './api';

/**
 * Boards drawn from a `/data/` feed rather than from one unit: what the announcer's tables, the
 * triathlon race and the TrackScore leaderboards look like on air.
 */
export const FEED_BOARD_IDS = ['team-scores', 'medals', 'combined-standings', 'triathlon-race', 'triathlon-rankings', 'trackscore-leaderboard'] as const;
export type FeedBoardId = (typeof FEED_BOARD_IDS)[number];
export const GRAPHIC_IDS = ['winner', 'attempt', 'field-standings', 'race-results', 'start-list', 'next-up', ...FEED_BOARD_IDS] as const;
export const GraphicIdSchema = z.enum(GRAPHIC_IDS);

/** Who an athlete (or relay team) is on air: the country for the flag and a team's runners. */
export const OnAirPersonSchema = z.object({
  name: z.string(),
  team: z.string().nullable(),
  /** Nationality as entered (IOC code, `NOR`), and the flag file's ISO code (`no`) when known. */
  nat: z.string().nullable(),
  flag: z.string().nullable(),
  /** Relay: the runners, in running order when the entry says it. */
  runners: z.array(z.string()),
  /** The club's flag on the console (`/flags/club/…`), cached from the competition's `flagUrl`. */
  clubFlag: z.string().nullable().optional(),
});

export const WinnerDataSchema = z.object({
  kind: z.literal('winner'),
  eventName: z.string(),
  roundName: z.string().nullable(),
  heatName: z.string().nullable(),
  name: z.string(),
  team: z.string().nullable(),
  bib: z.string(),
  performance: z.string(),
  wind: z.string().nullable(),
  /** PB, SB, records, as read from the result's note. */
  flags: z.array(z.string()),
  resultsStatus: z.string().nullable(),
  /** Round and heat said once ("Final", not "Final · Final"), null when it says nothing. */
  subtitle: z.string().nullable().optional(),
  /** "1", or "=1" when the first place is shared. */
  place: z.string().optional(),
  /** Everyone placed first: two or more on a tie. */
  winners: z.array(OnAirPersonSchema).optional(),
  /** The mark was wind-aided (over +2.0 m/s in an event that counts wind). */
  aided: z.boolean().optional(),
});

export const AttemptDataSchema = z.object({
  kind: z.literal('attempt'),
  eventName: z.string(),
  vertical: z.boolean(),
  name: z.string(),
  team: z.string().nullable(),
  bib: z.string(),
  /** Horizontal: the attempt number; vertical: null (the height says it). */
  attempt: z.number().nullable(),
  result: z.string(),
  height: z.string().nullable(),
  attemptsAtHeight: z.string().nullable(),
  place: z.number().nullable(),
  best: z.string().nullable(),
  wind: z.string().nullable(),
  /** "2" or "=2" on a shared place. */
  placeLabel: z.string().nullable().optional(),
  nat: z.string().nullable().optional(),
  flag: z.string().nullable().optional(),
  aided: z.boolean().optional(),
});

/**
 * What a column holds, so every graphic fits it by the same rule: names and teams shrink then cut;
 * places, marks, winds, series, lanes, countries and tags keep their natural width, never cut.
 */
export const COLUMN_ROLES = ['place', 'lane', 'name', 'team', 'nat', 'mark', 'wind', 'series', 'tags', 'text'] as const;

export const TableColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  align: z.enum(['left', 'right', 'center']),
  role: z.enum(COLUMN_ROLES).optional(),
});

export const TableDataSchema = z.object({
  kind: z.literal('table'),
  title: z.string(),
  /** The title's two halves, so a page can say "Results" in its own language. */
  event: z.string().optional(),
  heading: z.enum(['Results', 'Standings', 'Start list', 'Team scores', 'Medal table', 'Race', 'Rankings', 'Leaderboard']).optional(),
  subtitle: z.string().nullable(),
  status: z.string().nullable(),
  columns: z.array(TableColumnSchema),
  /**
   * The current page's rows only, by column key; besides the columns' own keys a row may carry
   * `Nat` and `Flag` (country), `ClubFlag` (a path on the console), `Runners` (a relay's runners,
   * one per line) and `Aided` (`w`).
   */
  rows: z.array(z.record(z.string(), z.string())),
  page: z.number(),
  pages: z.number(),
  pageSize: z.number(),
});

export const NextUpDataSchema = z.object({
  kind: z.literal('next-up'),
  eventName: z.string(),
  roundName: z.string().nullable(),
  heatName: z.string().nullable(),
  scheduledStartTime: z.string().nullable(),
  entries: z.array(
    z.object({
      lane: z.string().nullable(),
      order: z.string().nullable(),
      name: z.string(),
      team: z.string().nullable(),
      nat: z.string().nullable().optional(),
      flag: z.string().nullable().optional(),
      runners: z.array(z.string()).optional(),
      clubFlag: z.string().nullable().optional(),
    }),
  ),
});

export const GraphicDataSchema = z.discriminatedUnion('kind', [WinnerDataSchema, AttemptDataSchema, TableDataSchema, NextUpDataSchema]);

export const GraphicStateSchema = z.object({
  id: GraphicIdSchema,
  name: z.string(),
  description: z.string(),
  onAir: z.boolean(),
  unit: UnitRefSchema.nullable(),
  page: z.number(),
  pages: z.number(),
  /** Goes up on every change: outputs ignore anything older than what they hold. */
  revision: z.number(),
  shownAt: z.string().nullable(),
  /** In auto mode, when it comes off by itself. */
  hideAt: z.string().nullable(),
  /** Auto mode: how many wait to go on after this one. */
  queued: z.number(),
  data: GraphicDataSchema.nullable(),
});

export const GraphicsModeSchema = z.object({
  mode: z.enum(['auto', 'manual']),
  /** Seconds each auto graphic stays on air. */
  durations: z.object({ winner: z.number(), attempt: z.number() }),
});

export const GraphicsSnapshotSchema = GraphicsModeSchema.extend({ graphics: z.array(GraphicStateSchema) });

/** A unit as `F01/1/1` (the event id may hold `/`: round and heat are the last two parts) or as an object. */
export const UnitArgSchema = z.union([
  UnitRefSchema,
  z
    .string()
    .regex(/^.+\/\d+\/\d+$/, 'unit must look like F01/1/1')
    .transform((s) => {
      const parts = s.split('/');
      const heat = Number(parts.pop());
      const round = Number(parts.pop());
      return { eventId: parts.join('/'), round, heat };
    }),
], { error: 'unit must look like F01/1/1 (event/round/heat) or {eventId, round, heat}' });

export const ShowRequestSchema = z
  .object({ unit: UnitArgSchema.optional(), seconds: z.coerce.number().positive().max(3600).optional() })
  .strict();
export const UpdateRequestSchema = z
  .object({ unit: UnitArgSchema.optional(), page: z.coerce.number().int().min(1).optional(), data: GraphicDataSchema.optional() })
  .strict();
export const ModeRequestSchema = z
  .object({
    mode: z.enum(['auto', 'manual']).optional(),
    durations: z.object({ winner: z.number().positive().max(600), attempt: z.number().positive().max(600) }).partial().optional(),
  })
  .strict();

/**
 * The house look of every overlay (`<data-dir>/templates/theme.json`, and the same names as URL
 * parameters). Each value is checked so it can only be what it says: a colour cannot carry CSS, a
 * font name cannot close its quotes, a logo is a path on the console.
 */
export const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
export const FONT_NAME = /^[\p{L}\p{N} _-]{1,60}$/u;
export const LOGO_PATH = /^\/(?!\/)(?!.*\.\.)[A-Za-z0-9._~\/-]{1,200}$/;

export const GraphicsThemeSchema = z
  .object({
    accent: z.string().regex(HEX_COLOUR, 'a colour like #e30613'),
    'accent-ink': z.string().regex(HEX_COLOUR, 'a colour like #ffffff'),
    plate: z.string().regex(HEX_COLOUR, 'a colour like #0b1e3af5'),
    ink: z.string().regex(HEX_COLOUR, 'a colour like #ffffff'),
    font: z.string().regex(FONT_NAME, 'a font name: letters, digits, spaces, - and _'),
    radius: z.number().int().min(0).max(40),
    logo: z.string().regex(LOGO_PATH, 'a path on the console, like /output/custom/logo.png'),
    lang: z.string().regex(/^[a-z]{2}$/, 'a language code, like nb'),
  })
  .partial()
  .strict();

export type GraphicsTheme = z.infer<typeof GraphicsThemeSchema>;
export type GraphicId = z.infer<typeof GraphicIdSchema>;
export type OnAirPerson = z.infer<typeof OnAirPersonSchema>;
export type WinnerData = z.infer<typeof WinnerDataSchema>;
export type AttemptData = z.infer<typeof AttemptDataSchema>;
export type TableData = z.infer<typeof TableDataSchema>;
export type NextUpData = z.infer<typeof NextUpDataSchema>;
export type GraphicData = z.infer<typeof GraphicDataSchema>;
export type GraphicState = z.infer<typeof GraphicStateSchema>;
export type GraphicsMode = z.infer<typeof GraphicsModeSchema>;
export type GraphicsSnapshot = z.infer<typeof GraphicsSnapshotSchema>;
export type ShowRequest = z.infer<typeof ShowRequestSchema>;
export type UpdateRequest = z.infer<typeof UpdateRequestSchema>;
