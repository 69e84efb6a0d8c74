import { z } from 'zod';

/** An absolute http(s) URL, trimmed: what both a webhook receiver and an OpenTrack host must be. */
export const httpUrlSchema = (message: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine((u) => {
      try {
        return ['http:', 'https:'].includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, message);
