/**
 * Where a competition lives: its URLs on the OpenTrack host and its Pusher channel names.
 * OpenTrack derives channel names from the competition path (SPEC §3), so both come from one parse.
 */
import type { UnitKey } from './opentrack';

export interface CompetitionLocation {
  /** Origin of the OpenTrack host, e.g. `https://data.opentrack.run`. */
  base: string;
  /** Path of the competition from `/x/` on, ending in `/`, e.g. `/x/2025/NOR/ser4/`. */
  path: string;
  /** Language prefix found in the URL (`/en-gb`), kept so fetches go where the user pointed. */
  languagePrefix: string;
}

export class CompetitionUrlError extends Error {}

/**
 * Accepts a full URL (`https://host/en-gb/x/2021/GBR/varsity/`), a path (`/x/2021/GBR/varsity`),
 * or a URL that already ends in `json/`; the competition is whatever follows `x/`.
 */
export function parseCompetitionLocation(input: string, defaultBase: string): CompetitionLocation {
  const trimmed = input.trim();
  let base = defaultBase.replace(/\/+$/, '');
  let pathname = trimmed;
  // Anything with another scheme (ftp:, file:, javascript:) or a scheme-relative `//host` would
  // otherwise be read as a path and fetched from the default host under a nonsense prefix.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  if ((scheme && !/^https?$/i.test(scheme)) || trimmed.startsWith('//') || trimmed.startsWith('\\')) {
    throw new CompetitionUrlError(`must be an http:// or https:// URL or a path such as x/2025/NOR/ser4 (got ${trimmed})`);
  }
  if (/^https?:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new CompetitionUrlError(`not a valid URL: ${trimmed}`);
    }
    base = url.origin;
    pathname = url.pathname;
  }
  const segments = pathname.split('/').filter(Boolean);
  const xIndex = segments.indexOf('x');
  if (xIndex < 0 || segments.length - xIndex < 2) {
    throw new CompetitionUrlError(
      `expected an OpenTrack competition URL or path containing /x/…/, e.g. https://data.opentrack.run/x/2025/NOR/ser4/ (got ${trimmed})`,
    );
  }
  let rest = segments.slice(xIndex);
  // Users paste page URLs: drop a trailing `json` and anything from an `event/` sub-page on.
  const eventAt = rest.indexOf('event');
  if (eventAt > 0) rest = rest.slice(0, eventAt);
  if (rest[rest.length - 1] === 'json') rest = rest.slice(0, -1);
  if (rest.length < 2) throw new CompetitionUrlError(`no competition after /x/ in ${trimmed}`);
  const languagePrefix = xIndex > 0 ? `/${segments.slice(0, xIndex).join('/')}` : '';
  return { base, path: `/${rest.join('/')}/`, languagePrefix };
}

/** `/x/2021/GBR/varsity-athletics/` → `x-2021-GBR-varsity-athletics`. */
export function channelRoot(path: string): string {
  return path.split('/').filter(Boolean).join('-');
}

export function overviewChannel(path: string): string {
  return `${channelRoot(path)}-overview`;
}

export function unitChannel(path: string, key: UnitKey): string {
  return `${overviewChannel(path)}-${key.eventId}-${key.round}-${key.heat}`;
}

/** Reads the unit a channel name points at, or null when the channel is not a unit channel of `path`. */
export function unitKeyFromChannel(path: string, channel: string): UnitKey | null {
  const prefix = `${overviewChannel(path)}-`;
  if (!channel.startsWith(prefix)) return null;
  // eventId is a free string and may itself contain '-': round and heat are the last two parts.
  const match = /^(.+)-(\d+)-(\d+)$/.exec(channel.slice(prefix.length));
  if (!match) return null;
  return { eventId: match[1]!, round: Number(match[2]), heat: Number(match[3]) };
}

export function competitionJsonUrl(loc: CompetitionLocation): string {
  return `${loc.base}${loc.languagePrefix}${loc.path}json/`;
}

export function unitJsonUrl(loc: CompetitionLocation, key: UnitKey): string {
  const eventId = encodeURIComponent(key.eventId);
  return `${loc.base}${loc.languagePrefix}${loc.path}event/${eventId}/${key.round}/${key.heat}/json/`;
}

/** A stable identity for a competition in the cache, independent of host and language. */
export function competitionKey(loc: CompetitionLocation): string {
  return channelRoot(loc.path);
}
