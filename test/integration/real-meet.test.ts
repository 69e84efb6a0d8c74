/**
 * The console following real meets (the OpenTrack exports in ../shared/samples) through the local
 * stand-ins, as an operator would follow them live: every unit cached exactly as the source serves
 * it, standings equal to the official places, live changes arriving over Pusher.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import { silentLogger } from '../../electron/core/config/log';
import { LocalPusherServer } from '../../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { REAL_COMPETITIONS, readSampleJson, samplesPresent } from '../helpers/samples';
import { localSourceArgs } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';

type UnitJson = Record<string, unknown> & { eventId: string; round: number; heat: number; results?: { bib: string; place?: number }[] };

let app: TracksideConsole | undefined;
let pusher: LocalPusherServer | undefined;
let standIn: OpenTrackStandIn | undefined;
let data: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await app?.stop();
  await pusher?.stop();
  await standIn?.stop();
  data?.remove();
});

describe.skipIf(!samplesPresent)('following a real meet', () => {
  it.each(REAL_COMPETITIONS.map((f, i) => [f, i === 0 ? '/en-gb/x/2025/NOR/ser4/' : '/x/2025/NOR/ser5/'] as const))(
    '%s: every unit cached as served, official places reproduced, live updates applied',
    async (file, pageUrlPath) => {
      const competition = readSampleJson(file);
      const path = pageUrlPath.replace('/en-gb', '');
      data = tempDir();
      pusher = new LocalPusherServer({ key: 'real' });
      await pusher.start();
      standIn = new OpenTrackStandIn({ competitionPath: path, competition });
      await standIn.start();
      const argv = localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: pageUrlPath, pusherPort: pusher.port, key: 'real', dataDir: data.path });
      app = createConsole(parseCommandLine(argv, {}).config!, { log: silentLogger });
      await app.start();
      const url = (p: string) => `${app!.url}${p.replace(/^\//, '')}`;

      const units = standIn.units() as UnitJson[];
      await waitUntil(async () => (await getJson(url('/api/health'))).body.cache.units === units.length, 10_000, 'all units cached');
      const listed = (await getJson(url('/api/competition'))).body;
      expect(listed.competition.fullName).toBe(competition.fullName);
      expect(listed.events.flatMap((e: { units: unknown[] }) => e.units)).toHaveLength(units.length);

      for (const unit of units) {
        const base = `/api/units/${encodeURIComponent(unit.eventId)}/${unit.round}/${unit.heat}`;
        expect((await getJson(url(base))).body.unit).toEqual(unit);
        const { standings } = (await getJson(url(`${base}/standings`))).body;
        for (const r of unit.results ?? []) {
          if (typeof r.place === 'number') expect([unit.eventId, r.bib, standings.find((s: { bib: string }) => s.bib === r.bib)?.place]).toEqual([unit.eventId, r.bib, r.place]);
        }
      }

      // A live change over the unit's Pusher channel, named as OpenTrack names it.
      const target = units.find((u) => (u.results ?? []).length > 1)!;
      const channel = `${path.split('/').filter(Boolean).join('-')}-overview-${target.eventId}-${target.round}-${target.heat}`;
      await pusher.waitForSubscribers(channel);
      const changed = { ...target, resultsStatus: 'provisional', dateModified: '2099-01-01 00:00:00' };
      pusher.trigger(channel, 'unit', changed);
      await waitUntil(async () => (await getJson(url(`/api/units/${encodeURIComponent(target.eventId)}/${target.round}/${target.heat}`))).body.unit.resultsStatus === 'provisional', 20_000);
    },
    30_000,
  );
});
