/**
 * Records and what they mean live (`/api/records…`): the records table the announcer imports,
 * the alerts raised when a mark equals or beats one, and the marks an athlete needs next for a
 * PB, SB or record.
 */
import { z } from 'zod';

export const RECORD_KINDS = ['meeting', 'championship', 'national', 'area', 'world'] as const;
export const RecordKindSchema = z.enum(RECORD_KINDS);

export const RecordSchema = z.object({
  id: z.number(),
  /** Event code as OpenTrack writes it, normalised: `100`, `110H`, `LJ`. */
  event: z.string(),
  gender: z.enum(['M', 'F']),
  /** `SEN`, `U18`…; empty: any category. */
  category: z.string(),
  kind: RecordKindSchema,
  mark: z.string(),
  holder: z.string().nullable(),
  year: z.number().nullable(),
  place: z.string().nullable(),
});

export const RecordListSchema = z.object({ records: z.array(RecordSchema) });

/** An import: the file's text as the operator chose it (CSV with a header row, or a JSON array). */
export const RecordImportSchema = z.object({
  format: z.enum(['csv', 'json']),
  text: z.string().max(5_000_000),
});

export const ImportRefusalSchema = z.object({ line: z.number(), error: z.string() });

export const RecordImportResultSchema = z.object({
  added: z.number(),
  updated: z.array(z.object({ line: z.number(), event: z.string(), kind: RecordKindSchema, from: z.string(), to: z.string() })),
  unchanged: z.number(),
  refused: z.array(ImportRefusalSchema),
});

/** One record typed in the dashboard: the same columns as a row of the import. */
export const RecordInputSchema = z.object({
  event: z.string(),
  gender: z.string(),
  category: z.string().default(''),
  kind: z.string(),
  mark: z.string(),
  holder: z.string().nullish(),
  year: z.union([z.number(), z.string()]).nullish(),
  place: z.string().nullish(),
});

export const RecordAlertSchema = z.object({
  id: z.number(),
  eventId: z.string(),
  round: z.number(),
  heat: z.number(),
  eventName: z.string().nullable(),
  bib: z.string(),
  name: z.string().nullable(),
  mark: z.string(),
  wind: z.string().nullable(),
  /** Equals the record rather than beating it. */
  equals: z.boolean(),
  record: RecordSchema,
  raisedAt: z.string(),
  text: z.string(),
});

export const RecordAlertListSchema = z.object({ alerts: z.array(RecordAlertSchema) });
export const RecordAlertQuerySchema = z.object({ after: z.coerce.number().int().min(0).default(0) });

/** What the next attempt needs for a PB, SB or record: the mark (or height) that beats it. */
export const TargetSchema = z.object({
  kind: z.union([z.enum(['PB', 'SB']), RecordKindSchema]),
  /** The mark to beat, as held. */
  current: z.string(),
  needs: z.string(),
  text: z.string(),
});

export type RecordKind = z.infer<typeof RecordKindSchema>;
export type RecordRow = z.infer<typeof RecordSchema>;
export type RecordImport = z.infer<typeof RecordImportSchema>;
export type RecordImportResult = z.infer<typeof RecordImportResultSchema>;
export type RecordInput = z.infer<typeof RecordInputSchema>;
export type RecordAlert = z.infer<typeof RecordAlertSchema>;
export type Target = z.infer<typeof TargetSchema>;
