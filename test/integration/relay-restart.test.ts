/**
 * The relay through a crash, as a venue would live it: the console (the real headless process)
 * relays the demo meet to a venue system that is down, is killed with SIGKILL mid-schedule, and is
 * started again on the same data dir once the venue system is back. Every message the venue system
 * saw refused before the crash is then delivered, once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { Receiver } from '../helpers/relay-receiver';
import { tempDir } from '../helpers/temp-dir';
import { waitUntil } from '../helpers/wait';

let data: ReturnType<typeof tempDir>;
let receiver: Receiver;
let running: RunningConsole | undefined;
let secret = '';

beforeAll(async () => {
  data = tempDir();
  receiver = await new Receiver(() => [secret]).start();
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await receiver.stop();
  data.remove();
});

const start = () => runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '20']);

it.skipIf(!built)('delivers, after a kill -9 and a restart, every message refused before it', async () => {
  running = await start();
  const created = await fetch(`${running.url}api/relay/endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, filter: ['result.*', 'unit.updated'] }),
  });
  secret = ((await created.json()) as { secret: string }).secret;
  receiver.otherwise({ status: 503 });
  await waitUntil(() => new Set(receiver.requests.map((r) => r.webhookId)).size >= 3, 20_000, 'three messages refused');
  await running.stop('SIGKILL');
  const refused = new Set(receiver.requests.map((r) => r.webhookId));

  receiver.otherwise({ status: 200 });
  running = await start();
  // The first retry of the default schedule comes 5 s after the first attempt.
  await waitUntil(() => [...refused].every((id) => receiver.delivered().has(id)), 20_000, 'every refused message delivered');
  for (const id of refused) expect(receiver.delivered().get(id)).toBe(1);
  expect(receiver.requests.every((r) => r.validFor.length === 1)).toBe(true);
}, 60_000);
