/**
 * Real OpenTrack exports live outside the project (they name real athletes): read them from
 * ../shared/samples when present, and let tests skip cleanly when not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SAMPLES_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'samples');
export const REAL_COMPETITIONS = ['01_opentrack_competition_NOR_ser4-25.json', '02_opentrack_competition_NOR_ser5-25.json'];
export const samplesPresent = REAL_COMPETITIONS.every((f) => existsSync(join(SAMPLES_DIR, f)));

export function readSample(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), 'utf8');
}

export function readSampleJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readSample(name)) as T;
}
