/**
 * A console started with a big cache and no network: it subscribes to every cached unit at once,
 * and its first catch-up gives up on the host after the first unit that cannot be reached instead
 * of trying each cached unit in turn (with retries, minutes of futile requests for a big meet).
 * The probe's catch-up takes over when the host answers.
 */
import { afterEach, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bus } from '../../../../electron/core/ingest/bus';
import { Ingest } from '../../../../electron/core/ingest/ingest';
import { silentLogger } from '../../../../electron/core/config/log';
import { OpenTrackSource } from '../../../../electron/core/sources/opentrack/opentrack-source';
import { Store } from '../../../../electron/core/store/store';
import { tempDir } from '../../../helpers/temp-dir';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

it('an unreachable host costs a few requests, not one per cached unit', async () => {
  // A host that hangs up on every request: a network error to the client, as with no route.
  let requests = 0;
  const dead: Server = createServer((req) => {
    requests++;
    req.socket.destroy();
  });
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => dead.close(r)), () => dead.closeAllConnections());
  const port = (dead.address() as AddressInfo).port;

  const dir = tempDir();
  const store = Store.open(dir.path);
  cleanup.push(() => dir.remove(), () => store.close());
  const competition = 'x-2026-TST-offline';
  const ingest = new Ingest(store, new Bus(), undefined, () => {});
  for (let i = 0; i < 200; i++) {
    ingest.receive({
      source: 'opentrack-http', channel: '/u', event: 'unit', competition,
      raw: JSON.stringify({ eventId: `E${Math.floor(i / 8)}`, round: 1, heat: (i % 8) + 1, results: [] }),
    });
  }
  const source = new OpenTrackSource({
    location: { base: `http://127.0.0.1:${port}`, path: '/x/2026/TST/offline/', languagePrefix: '' },
    pusher: { key: 'k', cluster: 'eu', host: '127.0.0.1', port, tls: false },
    ingest,
    cachedUnits: () => store.units.list(competition),
    cachedKeys: () => store.units.keys(competition),
    log: silentLogger,
    probeIntervalMs: 60_000,
  });
  cleanup.push(() => source.stop());
  await source.start();
  const http = source.health()['opentrack-http']!;
  expect(http.state).toBe('offline');
  expect(http.lastCatchUp).toMatchObject({ unitsFetched: 0, failures: 200 });
  expect(source.health()['opentrack-pusher']!.channels).toBe(201);
  // The competition and the first units, each with its retries; nowhere near 200 × 3.
  expect(requests).toBeLessThan(60);
  // The cache is untouched and still serves.
  expect(store.units.count()).toBe(200);
}, 20_000);
