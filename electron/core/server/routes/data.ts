/**
 * `/data/`: vMix-shaped live data feeds. `GET /data/` lists them; `GET /data/{feed}.json|csv|xml`
 * serves one; `GET /data/units/{eventId}/{round}/{heat}.json|csv|xml` serves one unit's standings.
 * Rows are built by broadcast/data-feeds.ts from the cache, so the feeds answer offline too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { register } from '../route';
import {
  FEEDS,
  UNIT_FEED,
  buildFeed,
  feedDefinition,
  unitFeedRows,
} from '../../views/feeds/data-feeds';
import { CONTENT_TYPES, FEED_FORMATS, serialise, type FeedFormat, type FeedRow } from '../../views/feeds/tabular';
import { LatestAttemptSchema, type LatestAttempt, type UnitKey } from '../../model/opentrack';
import type { JournalRow } from '../../store/journal';
import { collectUnits } from '../../views/feeds/feed-units';
import { SPORTS_FEEDS } from '../../views/feeds/sports-feeds';
import { ANNOUNCER_FEEDS } from '../../views/feeds/announcer-feeds';
import { boardFeed } from '../../views/feeds/board-feeds';

/** How far back the first look for a `latest_attempt` goes, in journal entries. */
export const LATEST_ATTEMPT_SCAN_LIMIT = 5_000;
const SCAN_PAGE = 200;

export function registerDataRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const latestAttempt = new LatestAttemptFinder(ctx);

  const list = async (req: FastifyRequest, reply: FastifyReply) => {
    const base = `${baseUrl(req)}/data/`;
    const feeds: { name: string; url: string; description: string }[] = FEEDS.map((f) => ({
      name: f.name,
      url: `${base}${f.name}.json`,
      description: f.description,
    }));
    for (const f of SPORTS_FEEDS) feeds.push({ name: f.name, url: `${base}${f.name}.json`, description: f.description });
    for (const f of ANNOUNCER_FEEDS) feeds.push({ name: f.name, url: `${base}${f.name}.json`, description: f.description });
    for (const u of collectUnits(ctx.store, ctx.view)) {
      const path = `units/${encodeURIComponent(u.eventId)}/${u.round}/${u.heat}`;
      const what = [u.eventName ?? u.eventCode ?? u.eventId, u.roundName, u.heatName].filter(Boolean).join(', ');
      feeds.push({ name: path, url: `${base}${path}.json`, description: `${UNIT_FEED.description}: ${what}` });
    }
    return noStore(reply).type(CONTENT_TYPES.json).send(JSON.stringify(feeds));
  };
  app.get('/data', list);
  register(app, ROUTES.dataList, ({ req, reply }) => list(req, reply));

  register(app, ROUTES.dataFeed, ({ req, reply }) => {
    const file = parseFile((req.params as { file: string }).file);
    const named = file && boardFeed(file.name, ctx);
    if (file && named) return send(reply, file.format, named.columns, named.rows);
    const def = file && feedDefinition(file.name);
    if (!file || !def) return notFound(reply, `unknown feed ${JSON.stringify((req.params as { file: string }).file)}`);
    const attempt = def.name === 'latest-attempt' ? latestAttempt.find() : undefined;
    const rows = buildFeed(def.name, {
      // The attempt feed reads only the units of the attempt's event.
      units: def.name !== 'latest-attempt' ? collectUnits(ctx.store, ctx.view) : attempt ? collectUnits(ctx.store, ctx.view, { eventCode: attempt.event_code }) : [],
      latestAttempt: attempt,
      people: ctx.view.meta().people,
    });
    return send(reply, file.format, def.columns, rows);
  });

  register(app, ROUTES.dataUnitFeed, ({ req, reply }) => {
    const { eventId, round, file: name } = req.params as { eventId: string; round: string; file: string };
    const file = parseFile(name);
    if (!file || !eventId || !/^\d+$/.test(round) || !/^\d+$/.test(file.name)) return notFound(reply, 'unknown unit');
    const key: UnitKey = { eventId, round: Number(round), heat: Number(file.name) };
    const standings = ctx.view.standings(key);
    if (standings === undefined) return notFound(reply, 'unknown unit');
    if (standings === null) return noStore(reply).code(500).send({ error: 'the cached unit no longer validates' });
    const unit = collectUnits(ctx.store, ctx.view, key)[0];
    if (!unit) return notFound(reply, 'unknown unit');
    return send(reply, file.format, UNIT_FEED.columns, unitFeedRows(unit));
  });
}

function send(reply: FastifyReply, format: FeedFormat, columns: readonly string[], rows: FeedRow[]) {
  return noStore(reply).type(CONTENT_TYPES[format]).send(serialise(format, columns, rows));
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}

function notFound(reply: FastifyReply, error: string) {
  return noStore(reply).code(404).type(CONTENT_TYPES.json).send(JSON.stringify({ error }));
}

function parseFile(file: string | undefined): { name: string; format: FeedFormat } | undefined {
  const m = /^(.+)\.([a-z]+)$/.exec(file ?? '');
  if (!m || !(FEED_FORMATS as readonly string[]).includes(m[2]!)) return undefined;
  return { name: m[1]!, format: m[2] as FeedFormat };
}

/** `http://host:port` as the client addressed us, so the listed URLs work from where it asked. */
function baseUrl(req: FastifyRequest): string {
  const host = req.host || `${req.socket.localAddress}:${req.socket.localPort}`;
  return `${req.protocol}://${host}`;
}

/**
 * Every cached unit with valid standings (or only `only`), named as the competition lists it.
 * Units the competition does not list (yet) are still there, named from their own copy.
 */


/**
 * The newest accepted `latest_attempt` for this competition. The journal has no index by event,
 * so the first look reads back at most LATEST_ATTEMPT_SCAN_LIMIT entries, newest first; later looks
 * read only what arrived since.
 */
class LatestAttemptFinder {
  private scannedTo = 0;
  private found: LatestAttempt | null = null;

  constructor(private readonly ctx: ServerContext) {}

  find(): LatestAttempt | null {
    const journal = this.ctx.store.journal;
    const last = journal.lastSeq();
    if (last <= this.scannedTo) return this.found;
    const floor = Math.max(this.scannedTo, last - LATEST_ATTEMPT_SCAN_LIMIT);
    let top = last;
    search: while (top > floor) {
      const from = Math.max(floor, top - SCAN_PAGE);
      // At most SCAN_PAGE seqs lie in (from, top], so one page holds all of them.
      const rows = journal.after(from, SCAN_PAGE).filter((r) => r.seq <= top);
      for (let i = rows.length - 1; i >= 0; i--) {
        const attempt = this.attemptOf(rows[i]!);
        if (attempt) {
          this.found = attempt;
          break search;
        }
      }
      top = from;
    }
    this.scannedTo = last;
    return this.found;
  }

  private attemptOf(row: JournalRow): LatestAttempt | undefined {
    if (row.event !== 'latest_attempt' || !row.accepted) return undefined;
    if (row.competition && row.competition !== this.ctx.view.competitionKey) return undefined;
    try {
      const parsed = LatestAttemptSchema.safeParse(JSON.parse(row.payload));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
