/**
 * Athlete notes and pronunciation (`/api/notes`): what the announcer prepared per athlete, for the
 * announcer's eyes only (never on air).
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max).default('');

export const NoteInputSchema = z.object({
  bib: z.string().trim().min(1).max(40),
  name: z.string().trim().max(200),
  notes: text(4000),
  pronunciation: text(400),
});

export const AthleteNoteViewSchema = z.object({
  bib: z.string(),
  name: z.string().nullable(),
  team: z.string().nullable(),
  notes: z.string(),
  pronunciation: z.string(),
  /** In this competition's entries; false for a note kept from another meet or an earlier entry list. */
  entered: z.boolean(),
});

export const NoteListSchema = z.object({ athletes: z.array(AthleteNoteViewSchema) });

export const NotesImportSchema = z.object({ text: z.string().max(5_000_000) });
export const NotesImportResultSchema = z.object({
  saved: z.number(),
  refused: z.array(z.object({ line: z.number(), error: z.string() })),
});

export type NoteInput = z.infer<typeof NoteInputSchema>;
export type AthleteNoteView = z.infer<typeof AthleteNoteViewSchema>;
export type NotesImportResult = z.infer<typeof NotesImportResultSchema>;
