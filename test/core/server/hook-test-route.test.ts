/**
 * The incoming test tool over real HTTP: every event type of both providers, signed with the
 * console's own token or secret, reaches its own hook and is accepted; without a secret it says
 * what to set; a sample never goes on air (triathlon samples are sandbox).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HookTestResultSchema } from '../../../electron/core/model/webhooks';
import { TRACKSCORE_TYPES } from '../../../electron/core/model/trackscore';
import { TRIATHLON_METHODS } from '../../../electron/core/model/triathlon';
import { startBareServer, type BareServer } from '../../helpers/bare-server';
import { tempDir } from '../../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
let server: BareServer;
beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  await server.close();
  dir.remove();
});
const test = async (route: string, type: string) => {
  const res = await fetch(`${server.url}/api/webhooks/test`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route, type }) });
  return { status: res.status, json: await res.json() };
};

describe('the incoming test tool', () => {
  it('sends a signed sample of every event type to the console’s own hooks, each accepted', async () => {
    server = await startBareServer(dir.path, { webhooks: { token: 'tool-token', secret: 'whsec_tool-secret' } });
    for (const type of [...TRIATHLON_METHODS.map((t) => ['triathlon', t] as const), ...TRACKSCORE_TYPES.map((t) => ['trackscore', t] as const)]) {
      const { status, json } = await test(type[0], type[1]);
      expect(status, type.join(' ')).toBe(200);
      expect(HookTestResultSchema.parse(json)).toMatchObject({ status: 200, answer: { ok: true } });
    }
    const rows = server.store.journal.after(0, 100);
    expect(rows.filter((r) => r.accepted).map((r) => `${r.source}:${r.event}`)).toEqual([
      ...TRIATHLON_METHODS.map((t) => `triathlon:${t}`),
      ...TRACKSCORE_TYPES.map((t) => `trackscore:${t}`),
    ]);
    // Receipts keep the request as sent, the token header not among them.
    expect(JSON.stringify(server.webhooks.receiptRepo.list(100))).not.toContain('tool-token');
    // Sandbox: nothing on the /data/ feed from the samples.
    expect(await (await fetch(`${server.url}/data/triathlon-race.json`)).json()).toEqual([]);
  });

  it('says what to set when the hook has no token or secret, and refuses unknown routes', async () => {
    server = await startBareServer(dir.path, { webhooks: { token: 'only-token' } });
    const missing = await test('trackscore', 'score.updated');
    expect(missing.status).toBe(409);
    expect(missing.json.error).toMatch(/webhook secret/);
    expect((await test('standard', 'x')).status).toBe(400);
    expect(server.store.journal.lastSeq()).toBe(0);
  });
});
