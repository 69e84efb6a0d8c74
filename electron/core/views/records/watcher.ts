/**
 * Record alerts: each time a unit changes, every valid mark in it is held against the records that
 * apply (its event, gender, category). A mark that equals or beats one raises an alert naming the
 * record and the old mark, kept in the cache (a restart or a re-sent unit does not raise it again)
 * and told on the bus. Wind-aided marks never count.
 */
import type { Bus } from '../../ingest/bus';
import type { Standing, StandingsResponse } from '../../model/api';
import type { UnitKey } from '../../model/opentrack';
import type { RecordAlert, RecordRow } from '../../model/records';
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import { TARGET_WORDS } from './words';
import { recordsBroken, recordsFor } from './records';

export interface RecordWatcherDeps {
  store: Store;
  bus: Bus;
  view: () => CompetitionView | undefined;
  log?: (line: string) => void;
}

export class RecordWatcher {
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: RecordWatcherDeps) {}

  start(): void {
    this.unsubscribe = [
      this.deps.bus.on('unit', (change) => {
        if (change.competition === this.deps.view()?.competitionKey) this.check(change.key);
      }),
      this.deps.bus.on('competition', () => this.checkAll()),
    ];
    this.checkAll();
  }

  stop(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  /** After an import: marks already in the cache may equal or beat the new records. */
  checkAll(): RecordAlert[] {
    const view = this.deps.view();
    if (!view || !this.deps.store.records.list().length) return [];
    return this.deps.store.units.list(view.competitionKey).flatMap((u) => this.check(u));
  }

  check(key: UnitKey): RecordAlert[] {
    const view = this.deps.view();
    if (!view) return [];
    try {
      return this.checkUnit(view, key);
    } catch (err) {
      // A record check must never cost the unit its update.
      this.deps.log?.(`record check for ${key.eventId}/${key.round}/${key.heat} failed: ${(err as Error).message}`);
      return [];
    }
  }

  private checkUnit(view: CompetitionView, key: UnitKey): RecordAlert[] {
    const all = this.deps.store.records.list();
    if (!all.length) return [];
    const standings = view.standings(key);
    if (!standings) return [];
    const event = view.meta().competition?.events.find((e) => e.eventId === key.eventId);
    const unitCode = this.unitCode(view, key);
    const eventCode = event?.eventCode ?? unitCode;
    if (!eventCode) return [];
    const eventGender = (event?.genders ?? '').toUpperCase();
    // A mixed event (`MF`) or one with no gender written: each athlete's own gender decides.
    const single = eventGender === 'M' || eventGender === 'F' || eventGender === 'W';
    const genders = single ? undefined : competitorGenders(view);
    const raised: RecordAlert[] = [];
    for (const s of standings.standings) {
      const records = recordsFor(all, { eventCode, gender: single ? eventGender : genders!.get(s.bib), category: event?.category });
      if (!records.length) continue;
      for (const { mark, wind } of countingMarks(standings, s)) {
        for (const b of recordsBroken(records, eventCode, mark, wind)) {
          const alert = this.raise(view, key, event?.name ?? null, s, mark, wind, b.record, b.equals);
          if (alert) raised.push(alert);
        }
      }
    }
    return raised;
  }

  private raise(view: CompetitionView, key: UnitKey, eventName: string | null, s: Standing, mark: string, wind: string | null, record: RecordRow, equals: boolean): RecordAlert | null {
    const who = s.name ?? `bib ${s.bib}`;
    const old = [record.mark, record.holder, record.year].filter((x) => x !== null && x !== '').join(', ');
    const text = `${equals ? 'Equals' : 'New'} ${TARGET_WORDS[record.kind]}: ${who} ${mark}${wind ? ` (${wind})` : ''} in ${eventName ?? key.eventId}; was ${old}`;
    const body = { eventId: key.eventId, round: key.round, heat: key.heat, eventName, bib: s.bib, name: s.name, mark, wind, equals, record, text };
    const now = Date.now();
    const id = this.deps.store.records.addAlert(
      { competition: view.competitionKey, eventId: key.eventId, round: key.round, heat: key.heat, bib: s.bib, recordId: record.id, mark, json: JSON.stringify(body) },
      now,
    );
    if (id === null) return null;
    const alert: RecordAlert = { id, ...body, raisedAt: new Date(now).toISOString() };
    this.deps.bus.emit('record', alert);
    return alert;
  }

  private unitCode(view: CompetitionView, key: UnitKey): string | null {
    try {
      const stored = this.deps.store.units.get(view.competitionKey, key);
      return stored ? ((JSON.parse(stored.json) as { eventCode?: string }).eventCode ?? null) : null;
    } catch {
      return null;
    }
  }
}

/** Track: the time once the race has one; horizontal: every valid attempt with its wind; vertical: the best height. */
function countingMarks(standings: StandingsResponse, s: Standing): { mark: string; wind: string | null }[] {
  if (s.status !== 'valid' || !s.best) return [];
  if (standings.kind === 'horizontal') {
    return s.attempts
      .filter((a) => /^\d+([.,]\d+)?$/.test(a.result.trim()))
      .map((a) => ({ mark: a.result.trim(), wind: a.wind === null || a.wind === undefined ? null : `${a.wind > 0 ? '+' : ''}${a.wind.toFixed(1)}` }));
  }
  return [{ mark: s.best, wind: standings.kind === 'track' ? standings.wind : null }];
}

function competitorGenders(view: CompetitionView): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of view.meta().competition?.competitors ?? []) {
    const bib = c.bib ?? c.competitorId;
    if (bib && c.gender) out.set(String(bib), c.gender);
  }
  return out;
}
