/**
 * Rehearsal on a recorded meet (`--replay <data dir>`), and the poll that keeps a console right
 * when push is off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import { silentLogger } from '../../electron/core/config/log';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { recordingFromDataDir } from '../../electron/core/simulator/recording-from-store';
import { FIXTURE_PATH, fixtureCompetition, sprintResults } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';

const apps: TracksideConsole[] = [];
const dirs: { remove: () => void }[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  for (const c of cleanups.splice(0)) await c();
  dirs.splice(0).forEach((d) => d.remove());
});
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};
const run = async (argv: string[], opts = {}) => {
  const app = createConsole(parseCommandLine([...argv, '--port', '0'], {}).config!, { log: silentLogger, ...opts });
  apps.push(app);
  await app.start();
  return app;
};

describe('replaying a recorded data dir', () => {
  it('records the demo meet, then replays it into another data dir with the same results', async () => {
    const recorded = dir();
    const demo = await run(['--demo', '--demo-speed', '400', '--data-dir', recorded]);
    await waitUntil(() => demo.simulator?.replayer.finished, 20_000, 'demo finished');
    await waitUntil(async () => {
      const c = (await getJson(`${demo.url}api/competition`)).body;
      return c.events.flatMap((e: { units: { resultsStatus: string }[] }) => e.units).filter((u: { resultsStatus: string }) => u.resultsStatus === 'official').length >= 12;
    }, 10_000, 'results official');
    const recordedUnit = (await getJson(`${demo.url}api/units/F05/1/1`)).body.unit;
    await demo.stop();
    apps.length = 0;

    const recording = recordingFromDataDir(recorded);
    expect(recording.competitionPath).toBe('/x/2026/TSD/trackside-demo-open/');
    expect(recording.steps.length).toBeGreaterThan(300);
    expect(recording.steps.some((s) => s.kind === 'overview' && s.event === 'latest_attempt')).toBe(true);

    const replay = await run(['--replay', recorded, '--demo-speed', '1000', '--data-dir', dir()]);
    expect((await getJson(`${replay.url}api/health`)).body.mode).toBe('replay');
    await waitUntil(async () => {
      const u = await getJson(`${replay.url}api/units/F05/1/1`);
      return u.status === 200 && JSON.stringify(u.body.unit) === JSON.stringify(recordedUnit);
    }, 20_000, 'replayed high jump equal to the recorded one');
  }, 60_000);

  it('refuses to replay into the data dir it reads', () => {
    const d = dir();
    expect(() => createConsole(parseCommandLine(['--replay', d, '--data-dir', d], {}).config!, { log: silentLogger })).toThrow(
      /another data dir/,
    );
  });
});

/** A console on a stand-in host with no Pusher server at all on port 9: push never connects. */
async function followWithoutPush(opts: { serveUnits?: boolean } = {}) {
  const standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition(), ...opts });
  await standIn.start();
  cleanups.push(() => standIn.stop());
  const app = await run(
    ['--competition', `${standIn.baseUrl}${FIXTURE_PATH}`, '--pusher-host', '127.0.0.1', '--pusher-port', '9', '--pusher-tls', 'false', '--data-dir', dir()],
    { pollIntervalMs: 300, probeIntervalMs: 200 },
  );
  await waitUntil(async () => (await getJson(`${app.url}api/units/T01/1/1`)).status === 200, 20_000);
  return { standIn, app };
}

describe('when push is off', () => {
  it('polls the units that can still change and picks up a result within the poll interval', async () => {
    const { standIn, app } = await followWithoutPush();
    standIn.setUnit(sprintResults());
    await waitUntil(async () => (await getJson(`${app.url}api/units/T01/1/1`)).body.unit.resultsStatus === 'provisional', 5_000, 'polled');
    const health = (await getJson(`${app.url}api/health`)).body;
    expect(health.sources['opentrack-http'].state).toBe('ok');
    expect(health.sources['opentrack-pusher'].state).not.toBe('connected');
    expect(health.status).toBe('degraded');
  });

  it('follows a host that serves only the competition JSON, from the units it embeds', async () => {
    const { standIn, app } = await followWithoutPush({ serveUnits: false });
    standIn.setUnit(sprintResults());
    await waitUntil(async () => (await getJson(`${app.url}api/units/T01/1/1`)).body.unit.resultsStatus === 'provisional', 5_000, 'embedded copy');
    expect((await getJson(`${app.url}api/units/T01/1/1`)).body.unit).toEqual(sprintResults());
  });
});
