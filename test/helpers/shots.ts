/** Where browser tests put screenshots to be looked at: SHOTS_DIR when set, else test/artifacts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from './browser';

export function shot(name: string): string {
  const dir = process.env.SHOTS_DIR ?? ARTIFACTS;
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
