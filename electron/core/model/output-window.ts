/**
 * What the dashboard may ask of the desktop app's output window (NDI / window capture). It crosses
 * IPC from an untrusted page, so the shell parses it with this schema; the renderer builds it.
 */
import { z } from 'zod';
import { GRAPHIC_IDS } from './graphics';

export const KEY_COLOURS = { green: '#00b140', magenta: '#ff00ff', black: '#000000' } as const;
export type KeyColour = keyof typeof KEY_COLOURS;

/** What the dashboard may ask for. The renderer is untrusted input: every field is checked. */
export const OutputRequestSchema = z
  .object({
    page: z.enum(['all', ...GRAPHIC_IDS]).default('all'),
    keyColour: z.enum(['green', 'magenta', 'black']).default('green'),
    /** Two windows: the fill (graphics over black) and the key (their alpha as white on black). */
    keyFill: z.boolean().default(false),
    displayId: z.number().int().optional(),
    width: z.number().int().min(320).max(7680).default(1920),
    height: z.number().int().min(180).max(4320).default(1080),
  })
  .strict();
export type OutputRequest = z.infer<typeof OutputRequestSchema>;
