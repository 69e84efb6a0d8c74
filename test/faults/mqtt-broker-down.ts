/**
 * The MQTT output through the worst a venue does to it: the broker (Mosquitto, persistence off)
 * stopped mid-meet, the console killed with SIGKILL while its outbox holds what the broker missed
 * and started again on the same data dir, then the broker back with an empty store. At the end a
 * subscriber that stayed on throughout has every event the journal implies (none lost; redelivered
 * duplicates allowed, QoS 1), in order per topic, and a subscriber that connects only now gets
 * every unit's final state from the broker's healed retained store.
 *
 * Used by test/integration/mqtt-outage.test.ts (a short outage, `npm test`) and
 * mqtt-broker-down.fault.ts (30 s, `npm run test:faults`).
 */
import { expect } from 'vitest';
import { runHeadless, type RunningConsole } from '../helpers/headless-process';
import { Broker, subscriber } from '../helpers/mosquitto';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';
import { eventsOf, expectedEventIds, outOfOrder, retainedMismatches } from '../core/outputs/mqtt/meet-check';

const ROOT = 'trackside/x-2026-TSD-trackside-demo-open';

export interface OutageResult {
  outageMs: number;
  backlogAtKill: number;
  events: number;
  duplicates: number;
  units: number;
}

export async function mqttThroughOutage(opts: { outageMs: number; speed: number }): Promise<OutageResult> {
  const broker = await new Broker().start();
  const data = tempDir();
  const sub = await subscriber(broker.url, 'trackside/#');
  let running: RunningConsole | undefined;
  let fresh: Awaited<ReturnType<typeof subscriber>> | undefined;
  const start = () => runHeadless(['--demo', '--demo-speed', String(opts.speed), '--port', '0', '--data-dir', data.path, '--mqtt-url', broker.url], {}, 30_000);
  const health = async () => (await getJson(`${running!.url}api/health`)).body;
  try {
    running = await start();
    await waitUntil(() => eventsOf(sub.received, ROOT).length >= 20, 60_000, 'the first events on the subscriber');

    await broker.stop();
    const downAt = Date.now();
    const backlog = await waitUntil(async () => {
      const h = await health();
      return h.mqtt.state !== 'connected' && h.mqtt.backlog > 5 && h.mqtt.backlog;
    }, 30_000, 'messages waiting while the broker is down');
    await running.stop('SIGKILL');
    running = await start();
    await waitUntil(async () => (await health()).mqtt.lastError !== null, 20_000, 'the restarted console sees the broker down');
    const left = opts.outageMs - (Date.now() - downAt);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    // Killed again while the broker is still down: the outbox carries everything across both kills.
    await running.stop('SIGKILL');
    const outageMs = Date.now() - downAt;
    await broker.start();
    // The broker comes back with an empty store, so a subscriber gets only what is published after
    // it has subscribed again: it must be back before the console is, or a loaded machine decides
    // who wins the race and the test measures that instead of the console.
    await waitUntil(() => sub.client.connected, 30_000, 'the subscriber back on the broker');
    await sub.client.subscribeAsync('trackside/#', { qos: 1 });
    running = await start();
    await waitUntil(async () => (await health()).mqtt.state === 'connected', 30_000, 'connected again');

    await waitUntil(async () => {
      const sim = (await health()).sources.simulator as { step: number; steps: number };
      return sim.step === sim.steps;
    }, 180_000, 'the meet played to its end');
    await waitUntil(async () => (await health()).mqtt.backlog === 0, 30_000, 'the outbox empty');

    const expected = await expectedEventIds(running.url);
    const ids = new Set<string>();
    await waitUntil(() => {
      for (const e of eventsOf(sub.received, ROOT)) ids.add(e.id);
      return expected.every((id) => ids.has(id));
    }, 20_000, 'every event on the subscriber').catch(() => undefined);
    expect(expected.filter((id) => !ids.has(id))).toEqual([]);
    const events = eventsOf(sub.received, ROOT);
    expect(outOfOrder(events)).toEqual([]);

    // A subscriber arriving now gets the final state from the broker's retained store alone.
    fresh = await subscriber(broker.url, `${ROOT}/units/#`);
    const { body } = await getJson(`${running.url}api/competition`);
    const units = (body.events as { units: { receivedAt: string | null }[] }[]).flatMap((e) => e.units).filter((u) => u.receivedAt !== null).length;
    await waitUntil(() => new Set(fresh!.received.filter((m) => m.retain).map((m) => m.topic)).size >= units * 2, 10_000, 'retained state of every unit');
    expect(await retainedMismatches(running.url, fresh.received, ROOT)).toEqual([]);
    return { outageMs, backlogAtKill: backlog as number, events: expected.length, duplicates: events.length - new Set(events.map((e) => e.id)).size, units };
  } finally {
    await running?.stop('SIGKILL');
    await fresh?.client.endAsync();
    await sub.client.endAsync();
    await broker.remove();
    data.remove();
  }
}
