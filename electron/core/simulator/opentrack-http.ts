/**
 * An OpenTrack-shaped HTTP host on this machine: serves a competition's JSON and each unit's JSON
 * at OpenTrack's paths, from copies that the replayer (or a test) changes at will.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { unitKeyString, type UnitKey } from '../model/opentrack';

type UnitJson = Record<string, unknown> & UnitKey;
type CompetitionJson = Record<string, unknown> & { events?: (Record<string, unknown> & { eventId?: unknown; units?: unknown[] })[] };

export interface OpenTrackStandInOptions {
  host?: string;
  port?: number;
  /** e.g. `/x/2026/TSD/trackside-demo-open/` */
  competitionPath: string;
  competition: Record<string, unknown>;
  /** Some hosts serve only the competition JSON; false answers 404 to every unit URL. */
  serveUnits?: boolean;
}

export class OpenTrackStandIn {
  private app?: FastifyInstance;
  private host: string;
  private boundPort: number;
  private readonly competition: CompetitionJson;
  private readonly unitCopies = new Map<string, UnitJson>();
  private failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  /** Requests per path as asked (language prefix kept, query dropped): tests count catch-up fetches. */
  readonly requestCount = new Map<string, number>();

  constructor(private readonly opts: OpenTrackStandInOptions) {
    this.host = opts.host ?? '127.0.0.1';
    this.boundPort = opts.port ?? 0;
    this.competition = structuredClone(opts.competition) as CompetitionJson;
    for (const e of this.competition.events ?? []) {
      for (const u of (e.units ?? []) as UnitJson[]) this.unitCopies.set(unitKeyString(u), u);
    }
  }

  get baseUrl(): string {
    return `http://${this.host}:${this.boundPort}`;
  }

  get competitionUrl(): string {
    return `${this.baseUrl}${this.opts.competitionPath}`;
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.app) return { host: this.host, port: this.boundPort };
    const app = Fastify({ logger: false, forceCloseConnections: true });
    const path = this.opts.competitionPath;
    // OpenTrack URLs may carry a language prefix (`/en-gb/x/…`): accept any.
    for (const prefix of ['', '/:lang']) {
      app.get(`${prefix}${path}json/`, (req, reply) => this.serve(req.headers['if-none-match'], reply, req.url, () => this.competitionJson()));
      app.get(`${prefix}${path}event/:eventId/:round/:heat/json/`, (req, reply) => {
        const p = req.params as Record<string, string>;
        return this.serve(req.headers['if-none-match'], reply, req.url, () =>
          this.opts.serveUnits === false ? undefined : this.unitCopies.get(`${p.eventId}/${Number(p.round)}/${Number(p.heat)}`),
        );
      });
    }
    await app.listen({ host: this.host, port: this.boundPort });
    this.boundPort = (app.server.address() as AddressInfo).port;
    this.app = app;
    return { host: this.host, port: this.boundPort };
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    await app?.close();
  }

  /** Replace a unit's copy (a new unit joins its event, creating the event if needed). */
  setUnit(unit: UnitJson): void {
    const copy = structuredClone(unit);
    const key = unitKeyString(copy);
    const known = this.unitCopies.has(key);
    this.unitCopies.set(key, copy);
    const events = (this.competition.events ??= []);
    let event = events.find((e) => String(e.eventId) === copy.eventId);
    if (!event) {
      event = { eventId: copy.eventId, eventCode: copy.eventCode, name: copy.eventName, units: [] };
      events.push(event);
    }
    const units = (event.units ??= []) as UnitJson[];
    const at = units.findIndex((u) => unitKeyString(u) === key);
    if (known && at >= 0) units[at] = copy;
    else units.push(copy);
  }

  getUnit(key: UnitKey): UnitJson | undefined {
    return this.unitCopies.get(unitKeyString(key));
  }

  units(): UnitJson[] {
    return [...this.unitCopies.values()];
  }

  /** The next `n` requests fail with `status` (retry tests). */
  failNext(n: number, status = 503): void {
    this.failures = { remaining: n, status };
  }

  private competitionJson(): CompetitionJson {
    return {
      ...this.competition,
      events: (this.competition.events ?? []).map((e) => ({
        ...e,
        units: ((e.units ?? []) as UnitJson[]).map((u) => this.unitCopies.get(unitKeyString(u)) ?? u),
      })),
    };
  }

  private serve(ifNoneMatch: string | undefined, reply: FastifyReply, url: string, body: () => unknown): FastifyReply {
    const path = url.split('?')[0]!;
    this.requestCount.set(path, (this.requestCount.get(path) ?? 0) + 1);
    if (this.failures.remaining > 0) {
      this.failures.remaining--;
      return reply.code(this.failures.status).send({ error: 'failing on purpose' });
    }
    const value = body();
    if (value === undefined) return reply.code(404).send({ error: 'no such unit' });
    const text = JSON.stringify(value);
    const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
    reply.header('cache-control', 'no-cache').header('etag', etag);
    if (ifNoneMatch === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(text);
  }
}
