/**
 * Hand-written checks for the shapes OpenTrack actually sends, ahead of the zod schemas in
 * `model/opentrack`. zod builds a full copy of every loose object it validates; at a busy final
 * that copy was a third of the cost of ingesting a unit. Each check here is deliberately narrower
 * than its schema: it answers only for payloads already in canonical form (ids as non-empty
 * strings, integers as numbers) and returns `undefined` for anything else, which then goes through
 * zod as before. So a payload the check accepts is one zod accepts with the same values, and every
 * refusal (and its reason) still comes from zod.
 */

export interface UnitEnvelope {
  eventId: string;
  round: number;
  heat: number;
  status?: string | null;
  resultsStatus?: string | null;
  dateModified?: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isOptString = (v: unknown): v is string | null | undefined => v === undefined || v === null || typeof v === 'string';
const isOptList = (v: unknown): boolean => v === undefined || v === null || Array.isArray(v);
const isMark = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** UnitEnvelopeSchema's reading of a canonical unit, or undefined to ask zod. */
export function fastUnitEnvelope(json: unknown): UnitEnvelope | undefined {
  if (!isObject(json)) return undefined;
  const { eventId, round, heat, status, resultsStatus, dateModified, results, trials } = json;
  if (!isId(eventId) || !isInt(round) || !isInt(heat)) return undefined;
  // The schema reads an odd status as null (`soft`); leave that rewriting to it.
  if (!isOptString(status) || !isOptString(resultsStatus) || !isOptString(dateModified)) return undefined;
  if (!isOptList(results) || !isOptList(trials)) return undefined;
  return { eventId, round, heat, status, resultsStatus, dateModified };
}

/** ResultsArrivedSchema's unit for a canonical message, or undefined to ask zod. */
export function fastResultsArrived(json: unknown): { event_id: string; round_no: number; heat_no: number } | undefined {
  if (!isObject(json)) return undefined;
  const { event_id, round_no, heat_no, heat_name, winner_performance, winner_name } = json;
  if (!isId(event_id) || !isInt(round_no) || !isInt(heat_no)) return undefined;
  if (!isOptString(heat_name) || !isOptString(winner_name)) return undefined;
  if (winner_performance !== undefined && winner_performance !== null && !isMark(winner_performance)) return undefined;
  return { event_id, round_no, heat_no };
}

/**
 * Whether a `latest_attempt` is certainly valid (vertical or horizontal). The schema transforms
 * only fields ingest does not read, and passes the rest through as they are, so on success the
 * message itself stands in for the parsed value.
 */
export function fastLatestAttempt(json: unknown): boolean {
  if (!isObject(json)) return false;
  const { event_code, bib, result, athlete_name } = json;
  if (typeof event_code !== 'string' || event_code.length === 0) return false;
  if (!(isId(bib) || (typeof bib === 'number' && Number.isFinite(bib)))) return false;
  if (!isMark(result) || !isOptString(athlete_name)) return false;
  const { height, attempts_at_height } = json;
  if ((typeof height === 'string' || (typeof height === 'number' && Number.isFinite(height))) && typeof attempts_at_height === 'string') {
    return true;
  }
  const { round, wind } = json;
  return isInt(round) && (wind === undefined || wind === null || isMark(wind));
}

/**
 * Whether CompetitionSchema certainly accepts a competition JSON. Everything in it is read
 * leniently (odd fields become null, bad list entries are left out), so only its shape can fail:
 * not an object, `events` not a list, `competitors` there but not a list. Ingest uses the JSON
 * itself, not the parsed value, and zod would validate every embedded unit with all its results
 * (over a second for a 5,000-unit meet, on every catch-up and poll) only to answer yes.
 */
export function fastCompetition(json: unknown): boolean {
  return isObject(json) && Array.isArray(json.events) && (json.competitors === undefined || Array.isArray(json.competitors));
}

// --- The whole unit, as the standings read it -------------------------------------------------

/** IntLike's string branch: such a string is read as a number, so it is not canonical. */
const INT_TEXT = /^-?\d+$/;
const isOptInt = (v: unknown): boolean => v === undefined || v === null || isInt(v);
const isOptMark = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string' || typeof v === 'number';
const isOptText = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';

function canonicalSplit(s: unknown): boolean {
  return isObject(s) && isOptMark(s.distance) && isOptText(s.elapsedTime) && isOptText(s.lapTime);
}

function canonicalResult(r: unknown): boolean {
  if (!isObject(r) || !isId(r.bib)) return false;
  const { place, performance, lane, order, catpos, note, points, waPoints, weight, splits } = r;
  if (!(place === undefined || place === null || isInt(place) || (typeof place === 'string' && !INT_TEXT.test(place.trim())))) return false;
  if (!isOptText(performance) || !isOptInt(lane) || !isOptInt(order) || !isOptInt(catpos) || !isOptText(note)) return false;
  if (!isOptMark(points) || !isOptMark(waPoints) || !isOptMark(weight)) return false;
  return splits === undefined || splits === null || (Array.isArray(splits) && splits.every(canonicalSplit));
}

function canonicalTrial(t: unknown): boolean {
  if (!isObject(t) || !isId(t.bib)) return false;
  return isOptInt(t.round) && isOptText(t.height) && typeof t.result === 'string' && isOptMark(t.wind);
}

/**
 * UnitSchema's reading of a unit already in canonical form, which is the unit itself (every field
 * the schema reads is of the type it would produce, no list entry it would drop), or undefined to
 * ask zod. For a big unit zod's copy costs twice the standings themselves.
 */
export function fastUnit(json: unknown): unknown {
  if (fastUnitEnvelope(json) === undefined) return undefined;
  const u = json as Record<string, unknown>;
  for (const f of ['eventCode', 'eventName', 'roundName', 'heatName', 'scheduledStartTime']) if (!isOptText(u[f])) return undefined;
  if (!isOptInt(u.day) || !isOptMark(u.windAssistance) || !isOptMark(u.initialHeight)) return undefined;
  const { heights, results, trials } = u;
  if (!(heights === undefined || heights === null || (Array.isArray(heights) && heights.every((h) => typeof h === 'string')))) return undefined;
  if (Array.isArray(results) && !results.every(canonicalResult)) return undefined;
  if (Array.isArray(trials) && !trials.every(canonicalTrial)) return undefined;
  return json;
}

/**
 * The bibs a unit's copy lists, in results and trials, read as UnitSchema reads them (IdLike: a
 * non-empty string as it is, a number as its text). What a view needs to know whether a change
 * can concern an athlete, without the unit's standings.
 */
export function unitBibs(json: unknown): string[] {
  if (!isObject(json)) return [];
  const bibs = new Set<string>();
  for (const list of [json.results, json.trials]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const bib = isObject(entry) ? entry.bib : undefined;
      if (typeof bib === 'string' && bib.length > 0) bibs.add(bib);
      else if (typeof bib === 'number') bibs.add(String(bib));
    }
  }
  return [...bibs];
}

/**
 * LatestAttemptSchema's reading of an attempt already in canonical form, which is the message
 * itself (ids and marks as text, the attempt number as an integer), or undefined to ask zod. For
 * the graphics, which read every attempt as it arrives.
 */
export function canonicalLatestAttempt(json: unknown): unknown {
  if (!isObject(json)) return undefined;
  const { event_code, bib, result, athlete_name, height, attempts_at_height } = json;
  if (typeof event_code !== 'string' || event_code.length === 0 || !isId(bib) || typeof result !== 'string' || !isOptText(athlete_name)) return undefined;
  // The schema tries the vertical reading first; a message that fits it is read as one.
  if (height !== undefined || attempts_at_height !== undefined) {
    return typeof height === 'string' && typeof attempts_at_height === 'string' ? json : undefined;
  }
  const { round, wind } = json;
  return isInt(round) && isOptMark(wind) ? json : undefined;
}
