/** Small display helpers shared by the components. */
export function ago(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.round(m / 60)}h`;
}

export function clock(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function statusLabel(status: string | null, resultsStatus: string | null): { text: string; tone: string } {
  const rs = (resultsStatus ?? '').toLowerCase();
  if (rs === 'official') return { text: 'official', tone: 'official' };
  if (rs === 'provisional') return { text: 'provisional', tone: 'provisional' };
  const s = (status ?? '').toLowerCase();
  if (s.includes('progress') || s === 'started' || s === 'running') return { text: 'live', tone: 'live' };
  if (s === 'finished') return { text: 'finished', tone: 'provisional' };
  return { text: s || 'scheduled', tone: 'scheduled' };
}
