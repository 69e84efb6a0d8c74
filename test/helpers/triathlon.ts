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
