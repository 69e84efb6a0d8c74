/**
 * Turns a data dir the console filled while following a meet into a Recording, so an operator can
 * rehearse on last week's meet: the first competition fetch is time 0, then every accepted unit
 * and overview message at the moment it arrived.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openDatabase } from '../store/database';
import type { Recording, RecordingStep } from '../model/recording';
import { parseCompetitionLocation } from '../model/competition-location';

/** Hours of nothing between sessions would make a rehearsal wait: long gaps are shortened to this. */
export const DEFAULT_MAX_GAP_MS = 60_000;

export class RecordingError extends Error {}

interface Row {
  seq: number;
  source: string;
  event: string;
  payload: string;
  received_at: number;
  competition: string;
}

export function recordingFromDataDir(dir: string, opts: { maxGapMs?: number } = {}): Recording {
  if (!existsSync(join(dir, DATABASE_FILE))) {
    throw new RecordingError(`--replay: no ${DATABASE_FILE} in ${dir}; point it at the --data-dir of an earlier run`);
  }
  const db = openDatabase(dir, { readonly: true });
  try {
    const busiest = db
      .prepare(
        `SELECT competition FROM journal WHERE competition IS NOT NULL AND source LIKE 'opentrack-%' AND accepted = 1
         GROUP BY competition ORDER BY COUNT(*) DESC LIMIT 1`,
      )
      .get() as { competition: string } | undefined;
    if (!busiest) throw new RecordingError(`--replay: ${dir} has no recorded OpenTrack messages`);
    const rows = db
      .prepare(
        `SELECT seq, source, event, payload, received_at, competition FROM journal
         WHERE competition = ? AND accepted = 1 AND source LIKE 'opentrack-%' ORDER BY seq`,
      )
      .all(busiest.competition) as Row[];
    const start = rows.findIndex((r) => r.event === 'competition');
    if (start < 0) throw new RecordingError(`--replay: ${dir} never received the competition itself`);
    const stored = db.prepare('SELECT url FROM competitions WHERE key = ?').get(busiest.competition) as { url: string } | undefined;
    const path = parseCompetitionLocation(stored?.url ?? `/${busiest.competition.replace(/-/g, '/')}/`, 'http://127.0.0.1').path;

    const maxGap = opts.maxGapMs ?? DEFAULT_MAX_GAP_MS;
    const steps: RecordingStep[] = [];
    let clock = 0;
    let previous = rows[start]!.received_at;
    for (const row of rows.slice(start + 1)) {
      clock += Math.min(Math.max(0, row.received_at - previous), maxGap);
      previous = row.received_at;
      const data = JSON.parse(row.payload) as Record<string, unknown>;
      if (row.event === 'unit') {
        steps.push({ atMs: clock, kind: 'unit', unit: data as Extract<RecordingStep, { kind: 'unit' }>['unit'], push: row.source === 'opentrack-pusher' });
      } else if (row.event === 'results_arrived' || row.event === 'latest_attempt') {
        steps.push({ atMs: clock, kind: 'overview', event: row.event, data });
      }
    }
    return {
      name: `replay of ${dir}`,
      competitionPath: path,
      competition: JSON.parse(rows[start]!.payload) as Record<string, unknown>,
      steps,
    };
  } finally {
    db.close();
  }
}
