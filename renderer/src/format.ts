/** Small display helpers shared by the components. */
export function ago(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.round(m / 60)}h`;
}

/**
 * One formatter for every timestamp: `toLocaleTimeString` builds a new one per call, which at 50
 * messages a second was most of the dashboard's main-thread time.
 */
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export function clock(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? '—' : CLOCK.format(t);
}

/** Wind as announced: "+1.2", "-0.4", "0.0". */
export function wind(v: number | string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(1)}`;
}

/** Status words for athletes without a place. */
export function statusText(status: string): string {
  return { dns: 'DNS', dnf: 'DNF', dq: 'DQ', 'no-mark': 'NM', retired: 'r', pending: '', valid: '' }[status] ?? status.toUpperCase();
}

const HOURS_MINUTES = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "17:42": for "since" and "starts at", where seconds are noise. */
export function hm(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? '' : HOURS_MINUTES.format(t);
}
