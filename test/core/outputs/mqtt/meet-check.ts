/**
 * What a subscriber must hold after a meet, checked against the console's own HTTP API: every
 * unit's retained state equal to /api/units/…, every event the journal implies, once, in order
 * per topic.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Received } from '../../../helpers/mosquitto';
import { getJson } from '../../../helpers/wait';

interface FeedItem {
  seq: number;
  event: string;
  accepted: boolean;
  changed?: boolean;
  source: string;
}

/** The event ids (`seq:type`) the journal says were published. */
export async function expectedEventIds(url: string): Promise<string[]> {
  const ids: string[] = [];
  let after = 0;
  for (;;) {
    const { body } = await getJson<{ items: FeedItem[]; next: number }>(`${url}api/feed?after=${after}&limit=500`);
    if (body.items.length === 0) return ids;
    for (const i of body.items) {
      if (!i.accepted || i.source === 'triathlon' || i.source === 'trackscore' || i.source === 'standard') continue;
      if (i.event === 'results_arrived') ids.push(`${i.seq}:result.arrived`);
      else if (i.event === 'latest_attempt') ids.push(`${i.seq}:attempt.recorded`);
      else if (i.event === 'unit' && i.changed) ids.push(`${i.seq}:unit.updated`);
      else if (i.event === 'competition' && i.changed) ids.push(`${i.seq}:competition.updated`);
    }
    after = body.next;
  }
}

export interface EventMessage {
  id: string;
  seq: number;
  type: string;
  topic: string;
}

export function eventsOf(received: Received[], root: string): EventMessage[] {
  return received
    .filter((m) => !m.retain && (m.topic.endsWith('/events') || m.topic === `${root}/events`))
    .map((m) => ({ ...(JSON.parse(m.payload) as { id: string; seq: number; type: string }), topic: m.topic }));
}

/** Events whose seq goes backwards on their topic (after dropping redelivered duplicates). */
export function outOfOrder(events: EventMessage[]): string[] {
  const seen = new Set<string>();
  const last = new Map<string, number>();
  const problems: string[] = [];
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const before = last.get(e.topic) ?? 0;
    if (e.seq < before) problems.push(`${e.id} after seq ${before} on ${e.topic}`);
    last.set(e.topic, e.seq);
  }
  return problems;
}

/** Units whose newest retained state (or standings) on the subscriber differs from the API. */
export async function retainedMismatches(url: string, received: Received[], root: string): Promise<string[]> {
  const latest = new Map<string, string>();
  for (const m of received) if (m.retain || !m.topic.endsWith('/events')) latest.set(m.topic, m.payload);
  const { body } = await getJson<{ events: { units: { eventId: string; round: number; heat: number; receivedAt: string | null }[] }[] }>(`${url}api/competition`);
  const units = body.events.flatMap((e) => e.units).filter((u) => u.receivedAt !== null);
  if (units.length === 0) return ['no units in the console'];
  const problems: string[] = [];
  for (const u of units) {
    const path = `${encodeURIComponent(u.eventId)}/${u.round}/${u.heat}`;
    const topic = `${root}/units/${u.eventId.replace(/[%/+#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}/${u.round}/${u.heat}`;
    const api = await getJson<{ unit: unknown; changedAt: string }>(`${url}api/units/${path}`);
    const held = latest.get(topic);
    if (!held) {
      problems.push(`${topic}: nothing retained`);
      continue;
    }
    // receivedAt is left out: an identical copy fetched again refreshes it in the cache without a
    // journal row, and is not published again (docs/mqtt.md); changedAt says which copy it is.
    const state = JSON.parse(held) as { unit: unknown; changedAt: string };
    if (!isDeepStrictEqual(state.unit, api.body.unit)) problems.push(`${topic}: unit differs from /api/units/${path}`);
    else if (state.changedAt !== api.body.changedAt) problems.push(`${topic}: changedAt ${state.changedAt}, API ${api.body.changedAt}`);
    const standings = await getJson(`${url}api/units/${path}/standings`);
    const heldStandings = latest.get(`${topic}/standings`);
    if (!heldStandings || !isDeepStrictEqual(JSON.parse(heldStandings), standings.body)) problems.push(`${topic}/standings: differs from the API`);
  }
  return problems;
}
