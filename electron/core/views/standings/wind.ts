/**
 * What a wind-aided mark cannot earn (the rule itself is in model/wind.ts).
 */
import { RECORD_FLAGS } from './notes';

const BEST_OR_RECORD = new Set<string>(RECORD_FLAGS);

/** The note's flags without the ones a wind-aided mark cannot earn (`PB`, `=SB`, `NR`…). */
export function legalFlags(flags: string[], windAided: boolean): string[] {
  if (!windAided) return flags;
  return flags.filter((f) => !BEST_OR_RECORD.has(f.replace(/^=/, '')));
}
