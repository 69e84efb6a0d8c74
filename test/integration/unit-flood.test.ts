/**
 * Upstream-driven work stays bounded: `results_arrived` naming units the competition does not list
 * (a broken or hostile upstream) must not become one subscription and one fetch each.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import { silentLogger } from '../../electron/core/config/log';
import { FIXTURE_PATH } from '../helpers/fixtures';
import { startLocalSources, type LocalSources } from '../helpers/local-sources';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';

const KEY = 'flood-test-key';
const OVERVIEW = 'x-2026-TST-spine-test-overview';
const INVENTED = 2_000;

let local: LocalSources;
let data: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;

beforeEach(async () => {
  data = tempDir();
  local = await startLocalSources(KEY);
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  await local.stop();
  data.remove();
});

const unitFetches = () => [...local.standIn.requestCount].filter(([path]) => path.includes('/event/')).reduce((n, [, c]) => n + c, 0);
const competitionFetches = () => local.standIn.requestCount.get(`${FIXTURE_PATH}json/`) ?? 0;

it('a flood of invented unit ids makes no subscriptions and no unit fetches; a listed unit is still fetched at once', async () => {
  app = createConsole(parseCommandLine(local.args(data.path), {}).config!, { log: silentLogger, probeIntervalMs: 250, pollIntervalMs: 600_000 });
  await app.start();
  await local.pusher.waitForSubscribers(`${OVERVIEW}-T01-1-1`);
  // The start-up catch-up has done its fetches before the counting starts.
  await waitUntil(() => app!.health().sources['opentrack-http']?.lastCatchUp, 20_000, 'the start-up catch-up');
  const channelsBefore = local.pusher.channels().length;
  const unitFetchesBefore = unitFetches();
  const competitionBefore = competitionFetches();

  for (let i = 0; i < INVENTED; i++) {
    local.pusher.trigger(OVERVIEW, 'results_arrived', { event_id: `Z${i}`, round_no: 1, heat_no: 1, winner_name: 'Nobody', winner_performance: '9.99' });
  }
  // Every message is journaled (nothing is lost), and health counts the ones naming unknown units.
  await waitUntil(async () => {
    const { body } = await getJson(new URL('/api/health', app!.url).toString());
    return body.sources['opentrack-http'].unknownUnitMessages === INVENTED;
  }, 20_000, 'every invented id counted');
  // The one refresh those ids asked for runs (the list is fetched again) and finds nothing new.
  await waitUntil(() => competitionFetches() > competitionBefore, 20_000, 'one competition refresh');

  expect(local.pusher.channels().length).toBe(channelsBefore);
  expect(unitFetches() - unitFetchesBefore).toBeLessThanOrEqual(2); // the refresh re-reads the 2 unsettled fixture units at most
  expect(competitionFetches() - competitionBefore).toBe(1);

  // A unit the competition lists still gets fetched right after its results arrive.
  const sprintPath = `${FIXTURE_PATH}event/T01/1/1/json/`;
  const sprintBefore = local.standIn.requestCount.get(sprintPath) ?? 0;
  local.pusher.trigger(OVERVIEW, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 1, winner_name: 'Someone', winner_performance: '10.01' });
  await waitUntil(() => (local.standIn.requestCount.get(sprintPath) ?? 0) > sprintBefore, 10_000, 'the listed unit fetched');
  let arrived = 0;
  for (let after = 0; ; ) {
    const { body: page } = await getJson(new URL(`/api/feed?after=${after}`, app.url).toString());
    if (page.items.length === 0) break;
    arrived += page.items.filter((i: { event: string; accepted: boolean }) => i.event === 'results_arrived' && i.accepted).length;
    after = page.next;
  }
  expect(arrived).toBe(INVENTED + 1);
});
