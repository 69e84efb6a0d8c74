/**
 * Club flags from the competition's `flagUrl`, over real HTTP on 127.0.0.1: fetched once while the
 * host answers, then served from the data dir when it does not; anything that is not a small image
 * from the URL itself (a page, a redirect, a huge file) is refused; and the console's route fetches
 * only flags the followed competition names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { absoluteFlagUrl, ClubFlags, flagKey, MAX_FLAG_BYTES } from '../../../../electron/core/outputs/graphics/club-flags';
import { clubFlagPath } from '../../../../electron/core/outputs/graphics/graphic-data';
import { Ingest } from '../../../../electron/core/ingest/ingest';
import { startBareServer, type BareServer } from '../../../helpers/bare-server';
import { fixtureCompetition } from '../../../helpers/fixtures';
import { tempDir } from '../../../helpers/temp-dir';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

let host: Server;
let base: string;
let hits: string[];
let data: ReturnType<typeof tempDir>;

beforeEach(async () => {
  hits = [];
  data = tempDir();
  host = createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === '/flag.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (req.url === '/page.png') return res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>not a flag</h1>');
    if (req.url === '/moved.png') return res.writeHead(302, { location: '/flag.png' }).end();
    if (req.url === '/huge.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(MAX_FLAG_BYTES + 1));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
afterEach(async () => {
  host.closeAllConnections();
  await new Promise((r) => host.close(r));
  data.remove();
});

describe('club flags', () => {
  it('fetches a flag once and keeps it: with the host gone it still comes from the data dir', async () => {
    const flags = new ClubFlags(join(data.path, 'flags'));
    expect(await flags.get(`${base}/flag.png`)).toEqual({ body: PNG, type: 'image/png' });
    expect(readdirSync(join(data.path, 'flags'))).toEqual([`${flagKey(`${base}/flag.png`)}.png`]);
    host.closeAllConnections();
    await new Promise((r) => host.close(r));
    const offline = new ClubFlags(join(data.path, 'flags'));
    expect(await offline.get(`${base}/flag.png`)).toEqual({ body: PNG, type: 'image/png' });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  });

  it('refuses a page, a redirect and a huge file, and does not ask again for a minute', async () => {
    let now = 0;
    const lines: string[] = [];
    const flags = new ClubFlags(join(data.path, 'flags'), (l) => lines.push(l), () => now);
    expect(await flags.get(`${base}/page.png`)).toBeNull();
    expect(await flags.get(`${base}/moved.png`)).toBeNull();
    expect(await flags.get(`${base}/huge.png`)).toBeNull();
    expect(lines.join('\n')).toMatch(/not an image \(text\/html\)/);
    expect(lines.join('\n')).toMatch(/larger than 512 KB/);
    expect(hits).toEqual(['/page.png', '/moved.png', '/huge.png']);
    now = 30_000;
    await flags.get(`${base}/page.png`);
    expect(hits).toHaveLength(3);
    now = 61_000;
    await flags.get(`${base}/page.png`);
    expect(hits).toHaveLength(4);
  });

  it('reads OpenTrack\'s protocol-relative URLs, and nothing but http(s)', () => {
    expect(absoluteFlagUrl('//files.opentrack.run/live/clubflags/NOR/HIND.png')).toBe('https://files.opentrack.run/live/clubflags/NOR/HIND.png');
    expect(absoluteFlagUrl('javascript:alert(1)')).toBeNull();
    expect(absoluteFlagUrl('file:///etc/passwd')).toBeNull();
    expect(absoluteFlagUrl(42)).toBeNull();
    expect(clubFlagPath('//files.opentrack.run/x.png')).toMatch(/^\/flags\/club\/[0-9a-f]{24}$/);
  });
});

describe('the /flags/club route', () => {
  let server: BareServer;
  beforeEach(async () => {
    server = await startBareServer(data.path, { clubFlags: true });
    const competition = fixtureCompetition();
    (competition.competitors as Record<string, unknown>[])[0]!.flagUrl = `${base}/flag.png`;
    new Ingest(server.store, server.bus, undefined, () => {}).receive({
      source: 'opentrack-http', channel: 'competition', event: 'competition', raw: JSON.stringify(competition), competition: 'test-competition',
    });
  });
  afterEach(() => server.close());

  it('serves a flag the competition names, and fetches nothing it does not', async () => {
    const named = await fetch(`${server.url}${clubFlagPath(`${base}/flag.png`)}`);
    expect(named.status).toBe(200);
    expect(named.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await named.arrayBuffer())).toEqual(PNG);
    const other = await fetch(`${server.url}${clubFlagPath(`${base}/huge.png`)}`);
    expect(other.status).toBe(404);
    expect((await fetch(`${server.url}/flags/club/..%2F..%2Fetc`)).status).toBe(404);
    expect(hits).toEqual(['/flag.png']);
  });
});

describe('the country flags', () => {
  let server: BareServer;
  beforeEach(async () => {
    server = await startBareServer(data.path);
  });
  afterEach(() => server.close());

  it('ships every flag the country table can name, served offline', async () => {
    const { FLAG_CODES } = await import('../../../../electron/core/model/countries');
    for (const code of FLAG_CODES) {
      const res = await fetch(`${server.url}/flags/${code}.svg`);
      expect(res.status, code).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      await res.arrayBuffer();
    }
    expect((await fetch(`${server.url}/flags/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/flags/zz.svg`)).status).toBe(404);
  });
});
