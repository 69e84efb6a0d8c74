/**
 * The meet overview as the announcer scans it: units grouped by day and session in time order,
 * narrowed by discipline, status and a search for a bib or a name.
 */
import type { Athlete, CompetitionResponse, EventSummary, UnitSummary } from '../../../electron/core/model/api';

export type KindFilter = 'all' | 'track' | 'field';
export type StatusFilter = 'all' | 'upcoming' | 'live' | 'results';
export type Tone = 'scheduled' | 'seeded' | 'live' | 'provisional' | 'official';

export interface UnitStatus {
  text: string;
  tone: Tone;
}

export interface OverviewRow {
  key: string;
  event: EventSummary;
  unit: UnitSummary;
  status: UnitStatus;
  /** Athletes in this unit that the search matched. */
  matched: Athlete[];
}

export interface OverviewGroup {
  label: string;
  rows: OverviewRow[];
}

export interface OverviewQuery {
  kind: KindFilter;
  status: StatusFilter;
  search: string;
}

export const unitKeyOf = (u: { eventId: string; round: number; heat: number }) => `${u.eventId}/${u.round}/${u.heat}`;

export function unitStatus(u: Pick<UnitSummary, 'status' | 'resultsStatus' | 'entries'>): UnitStatus {
  const rs = (u.resultsStatus ?? '').toLowerCase();
  if (rs === 'official') return { text: 'official', tone: 'official' };
  if (rs === 'provisional') return { text: 'provisional', tone: 'provisional' };
  const s = (u.status ?? '').toLowerCase();
  if (s.includes('progress') || s === 'started' || s === 'running' || s === 'live') return { text: 'live', tone: 'live' };
  if (s === 'finished' || s === 'complete' || s === 'completed') return { text: 'finished', tone: 'provisional' };
  if (s.includes('seed') || u.entries > 0) return { text: 'start list', tone: 'seeded' };
  return { text: s && s !== 'unscheduled' ? s : 'scheduled', tone: 'scheduled' };
}

const STATUS_TONES: Record<StatusFilter, Tone[] | null> = {
  all: null,
  upcoming: ['scheduled', 'seeded'],
  live: ['live'],
  results: ['provisional', 'official'],
};

/** Lower case without accents, so "bjorn" finds "Bjørn" and "zoe" finds "Zoë". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .trim();
}

/** Athletes whose bib is the query or whose name or team contains it. */
export function searchAthletes(athletes: Athlete[], query: string): Athlete[] {
  const q = fold(query.replace(/^#/, ''));
  if (!q) return [];
  return athletes.filter(
    (a) =>
      a.bib.toLowerCase() === q ||
      fold(a.name ?? '').includes(q) ||
      fold(a.team ?? '').includes(q) ||
      // The announcer's own notes and phonetic spellings are searchable too.
      fold(a.notes ?? '').includes(q) ||
      fold(a.pronunciation ?? '').includes(q),
  );
}

function session(time: string | null): string {
  if (!time) return 'Unscheduled';
  const hour = Number(time.split(':')[0]);
  if (!Number.isFinite(hour)) return 'Unscheduled';
  return hour < 12 ? 'Morning' : hour < 17 ? 'Afternoon' : 'Evening';
}

export function overviewGroups(competition: CompetitionResponse | null, query: OverviewQuery, athletes: Athlete[] = []): OverviewGroup[] {
  if (!competition) return [];
  const search = query.search.trim();
  const found = search ? searchAthletes(athletes, search) : [];
  const byUnit = new Map<string, Athlete[]>();
  for (const a of found) for (const u of a.units) byUnit.set(unitKeyOf(u), [...(byUnit.get(unitKeyOf(u)) ?? []), a]);
  const tones = STATUS_TONES[query.status];
  const q = fold(search);

  const rows: (OverviewRow & { day: number; time: string })[] = [];
  for (const event of competition.events) {
    if (query.kind === 'track' && event.kind !== 'track') continue;
    if (query.kind === 'field' && event.kind === 'track') continue;
    for (const unit of event.units) {
      const status = unitStatus(unit);
      if (tones && !tones.includes(status.tone)) continue;
      const key = unitKeyOf(unit);
      const matched = byUnit.get(key) ?? [];
      if (search && !matched.length && !fold(`${event.name ?? ''} ${event.eventCode ?? ''} ${unit.heatName ?? ''}`).includes(q)) continue;
      rows.push({ key, event, unit, status, matched, day: event.day ?? 1, time: unit.scheduledStartTime ?? '' });
    }
  }
  rows.sort((a, b) => a.day - b.day || (a.time || '99').localeCompare(b.time || '99') || a.event.eventId.localeCompare(b.event.eventId) || a.unit.round - b.unit.round || a.unit.heat - b.unit.heat);

  const days = new Set(rows.map((r) => r.day));
  const groups: OverviewGroup[] = [];
  for (const r of rows) {
    const label = `${days.size > 1 ? `Day ${r.day} · ` : ''}${session(r.unit.scheduledStartTime)}`;
    let group = groups[groups.length - 1];
    if (group?.label !== label) {
      group = { label, rows: [] };
      groups.push(group);
    }
    const { day: _d, time: _t, ...row } = r;
    group.rows.push(row);
  }
  return groups;
}

/** The unit whose results came in last: what "jump to latest result" opens. */
export function latestResult(competition: CompetitionResponse | null): UnitSummary | null {
  let latest: UnitSummary | null = null;
  for (const e of competition?.events ?? []) {
    for (const u of e.units) {
      const tone = unitStatus(u).tone;
      if (tone !== 'provisional' && tone !== 'official') continue;
      if (!latest || (u.changedAt ?? '') > (latest.changedAt ?? '')) latest = u;
    }
  }
  return latest;
}
