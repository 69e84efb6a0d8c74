/**
 * Fictional World Triathlon-style payloads, shaped as the console reads them (strings for ids and
 * counts, dates with a space).
 */
export const SEGMENTS = [
  { split_id: '1', split_name: 'Swim', split_order: '1' },
  { split_id: '2', split_name: 'T1', split_order: '2' },
  { split_id: '3', split_name: 'Bike', split_order: '3' },
  { split_id: '4', split_name: 'T2', split_order: '4' },
  { split_id: '5', split_name: 'Run', split_order: '5' },
];

export interface AthleteAt {
  id: string;
  first: string;
  last: string;
  noc: string;
  bib: string;
  /** Times at each split reached, in order. */
  times: string[];
  status?: string;
}

export const FIELD: AthleteAt[] = [
  { id: '9001', first: 'Ida', last: 'Fjordvik', noc: 'NOR', bib: '3', times: ['18:02', '18:40', '1:15:10'] },
  { id: '9002', first: 'Mara', last: 'Quillon', noc: 'FRA', bib: '7', times: ['17:55', '18:30', '1:15:42'] },
  { id: '9003', first: 'Teo', last: 'Brask', noc: 'DEN', bib: '11', times: ['18:20', '19:01'] },
  { id: '9004', first: 'Lou', last: 'Harrow', noc: 'GBR', bib: '15', times: ['19:10'], status: 'DNF' },
];

export function timingStore(opts: { progId?: string; date: string; athletes?: AthleteAt[]; eventId?: string }): Record<string, unknown> {
  return {
    prog_id: opts.progId ?? '4242',
    event_id: opts.eventId ?? '777',
    prog_name: 'Elite Women',
    date: opts.date,
    splits: SEGMENTS,
    athletes: (opts.athletes ?? FIELD).map((a) => ({
      athlete_id: a.id,
      athlete_first: a.first,
      athlete_last: a.last,
      athlete_noc: a.noc,
      start_num: a.bib,
      status: a.status ?? '',
      splits: a.times.map((t, i) => ({ split_id: String(i + 1), time: t, position: '' })),
    })),
  };
}

export function resultsStore(progId = '4242'): Record<string, unknown> {
  return {
    prog_id: progId,
    event_id: '777',
    results: [
      { athlete_id: '9002', athlete_first: 'Mara', athlete_last: 'Quillon', athlete_noc: 'FRA', start_num: '7', position: '1', total_time: '1:52:10', splits: [] },
      { athlete_id: '9001', athlete_first: 'Ida', athlete_last: 'Fjordvik', athlete_noc: 'NOR', start_num: '3', position: '2', total_time: '1:52:31', splits: [] },
      { athlete_id: '9004', athlete_first: 'Lou', athlete_last: 'Harrow', athlete_noc: 'GBR', start_num: '15', position: 'DNF', total_time: '', splits: [] },
    ],
  };
}

export const envelope = (subscription: string, payload: unknown) => JSON.stringify({ subscription, payload });

/**
 * A whole race, as the timer would send it: a full snapshot after each split, in the standard's
 * "segment" spelling. Fictional athletes; one long name, one tie, a DNF on the bike, a lapped one
 * and a DSQ after the run.
 */
export const RACE_SEGMENTS = ['Swim', 'T1', 'Bike Lap 1', 'Bike Lap 2', 'T2', 'Run Lap 1', 'Finish'];

interface Racer {
  id: string;
  first: string;
  last: string;
  noc: string;
  bib: string;
  /** Cumulative times at each segment, as far as the athlete got. */
  times: string[];
  /** From which segment index on the status holds (e.g. DNF after the swim). */
  out?: { from: number; status: string };
}

export const RACE: Racer[] = [
  { id: '101', first: 'Annika', last: 'Vestergaard-Holmqvist Sørensen-Lindqvist', noc: 'DEN', bib: '1', times: ['18:02', '18:40', '45:10', '1:12:05', '1:12:35', '1:28:40', '1:45:02'] },
  { id: '102', first: 'Mara', last: 'Quillon', noc: 'FRA', bib: '2', times: ['17:55', '18:30', '45:08', '1:12:03', '1:12:30', '1:28:20', '1:44:50'] },
  { id: '103', first: 'Teo', last: 'Brask', noc: 'NOR', bib: '3', times: ['18:20', '19:01', '45:12', '1:12:07', '1:12:40', '1:29:10', '1:46:00'] },
  { id: '104', first: 'Lou', last: 'Harrow', noc: 'GBR', bib: '4', times: ['19:10', '19:50', '47:00'], out: { from: 3, status: 'DNF' } },
  { id: '105', first: 'Ines', last: 'Carvalho', noc: 'POR', bib: '5', times: ['18:20', '19:05', '48:30', '1:18:00'], out: { from: 4, status: 'LAP' } },
  { id: '106', first: 'Kai', last: 'Moreno', noc: 'ESP', bib: '6', times: ['18:30', '19:10', '46:00', '1:13:00', '1:13:30', '1:29:00', '1:45:30'], out: { from: 7, status: 'DSQ' } },
];

export function raceSnapshot(upTo: number, opts: { progId?: string; sandbox?: boolean; minute?: number } = {}): Record<string, unknown> {
  const minute = opts.minute ?? upTo;
  const date = `2026-06-01T10:${String(10 + minute).padStart(2, '0')}:00Z`;
  return {
    date,
    start_time: '2026-06-01T09:00:00Z',
    event_id: '777',
    event_name: 'Harbour City Triathlon',
    prog_id: opts.progId ?? '5000',
    prog_name: 'Elite Women',
    wetsuit: 'false',
    sandbox: opts.sandbox ? 'true' : 'false',
    num_athletes: String(RACE.length),
    status: upTo >= RACE_SEGMENTS.length ? 'official' : upTo === 0 ? 'prerace' : 'live',
    latest: upTo > 0 ? { segment_id: String(upTo), segment_name: RACE_SEGMENTS[upTo - 1] } : null,
    segments: RACE_SEGMENTS.map((name, i) => ({ segment_id: String(i + 1), segment_name: name, segment_order: String(i + 1) })),
    athletes: RACE.map((a) => ({
      athlete_id: a.id,
      athlete_first: a.first,
      athlete_last: a.last,
      athlete_noc: a.noc,
      start_num: a.bib,
      status: a.out && upTo >= a.out.from ? a.out.status : '',
      segments: a.times.slice(0, upTo).map((t, i) => ({ segment_id: String(i + 1), split_time: t })),
    })),
  };
}
