/**
 * The trust boundary: one onRequest hook, registered before every route, that decides whether a
 * request may reach the console at all. The operator's browser visits other sites all day, and a
 * page there can make that browser send requests to 127.0.0.1 (DNS rebinding, `<img>`, forms,
 * no-cors fetch). The rules, in order (docs/security.md says the same for users):
 *
 * 1. The webhook routes (`/hooks/<route>`, by the route matched) pass straight to their own
 *    authentication (token or signature): providers reach them through tunnels that keep their
 *    public Host name, and cannot be given our token.
 * 2. Host allowlist, exactly (no prefix or suffix matching): 127.0.0.1, localhost, [::1], the
 *    bound address (every interface address when bound to 0.0.0.0 or ::), and in LAN mode the
 *    names the operator lists. Anything else is a rebinding name or a misrouted request: 421.
 * 3. LAN mode: the access token on every request (server/access.ts), 401 without it.
 * 4. Writes (any method but GET/HEAD/OPTIONS, and the GET trigger URLs) sent by a browser from
 *    another origin are refused (403) unless they carry the token in the Authorization header or
 *    `?token=`. The cookie does not count: browsers send SameSite=Strict cookies to another port
 *    of the same host, which is "same-site". Devices (Companion, curl) send no browser headers.
 */
import { networkInterfaces } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessGate, presentedToken, tokenMatches } from './access';
import { ROUTES, type RouteContract } from '../model/routes';

export interface GuardOptions {
  /** The address the server is bound to (`127.0.0.1`, `0.0.0.0`, `::`, a LAN address). */
  boundHost: string;
  /** LAN mode: extra names and addresses, already normalised (lower case, IPv6 in brackets). */
  allowedHosts?: readonly string[];
  /** LAN mode's access token. */
  accessToken?: string;
}

/**
 * GET routes that change what is on air (Stream Deck / Companion buttons), by the route they
 * matched, not the URL as written: `/api/graphics/hide%2Dall` reaches the same handler. They are
 * the routes marked `trigger` in the shared route table, so a new one cannot be forgotten here.
 */
export const GET_TRIGGER_ROUTES: ReadonlySet<string> = new Set(
  Object.values(ROUTES as Record<string, RouteContract>)
    .filter((r) => r.trigger)
    .map((r) => r.path),
);

/** The webhook routes: they answer to their own token or signature. */
const HOOK_ROUTES: ReadonlySet<string> = new Set([ROUTES.hookTriathlon.path, ROUTES.hookTrackscore.path, ROUTES.hookStandard.path]);

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** `route`: the pattern the router matched (undefined when none did: nothing will run). */
export function isWrite(method: string, route: string | undefined): boolean {
  if (route === undefined) return false;
  return !READ_METHODS.has(method) || ((method === 'GET' || method === 'HEAD') && GET_TRIGGER_ROUTES.has(route));
}

const isHookRoute = (route: string | undefined) => route !== undefined && HOOK_ROUTES.has(route);

/** The name part of a Host header, lower case, IPv6 kept in brackets; undefined when malformed. */
export function hostName(header: string | undefined): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/.exec((header ?? '').toLowerCase());
  return m?.[1];
}

const bracketed = (address: string) => (address.includes(':') ? `[${address}]` : address);

/** Addresses of this machine's interfaces that a wildcard bind covers (they change with DHCP). */
function interfaceNames(boundHost: string): string[] {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const covered = boundHost === '0.0.0.0' ? all.filter((i) => i.family === 'IPv4') : all;
  // Link-local IPv6 needs a zone id, which a Host header cannot carry.
  return covered.filter((i) => !/^fe80:/i.test(i.address)).map((i) => bracketed(i.address.toLowerCase()));
}

export class HostAllowlist {
  private readonly fixed: Set<string>;
  private readonly wildcard: boolean;
  private interfaces = new Set<string>();

  constructor(private readonly boundHost: string, allowedHosts: readonly string[] = []) {
    const bound = boundHost.toLowerCase().replace(/^\[|\]$/g, '');
    this.wildcard = bound === '0.0.0.0' || bound === '::';
    this.fixed = new Set([...LOOPBACK_NAMES, ...(this.wildcard ? [] : [bracketed(bound)]), ...allowedHosts]);
    if (this.wildcard) this.interfaces = new Set(interfaceNames(bound));
  }

  allows(name: string | undefined): boolean {
    if (name === undefined) return false;
    if (this.fixed.has(name) || this.interfaces.has(name)) return true;
    if (!this.wildcard) return false;
    // An address may have arrived since the last look (Wi-Fi rejoined, DHCP renewed).
    this.interfaces = new Set(interfaceNames(this.boundHost.replace(/^\[|\]$/g, '')));
    return this.interfaces.has(name);
  }

  /** For the refusal message: what a user can type instead. */
  describe(): string {
    return [...this.fixed].join(', ') + (this.wildcard ? ", or this machine's network addresses" : '');
  }
}

/**
 * Why a browser request counts as coming from another origin, or null when it is ours or not from
 * a browser at all. Sec-Fetch-Site first (every current browser sends it); Origin for the rest;
 * Referer last, for old browsers that send neither on an `<img>`.
 */
export function crossOrigin(req: FastifyRequest): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `Sec-Fetch-Site: ${site}`;
  const own = (value: string) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === (req.headers.host ?? '').toLowerCase();
    } catch {
      return false;
    }
  };
  const origin = req.headers.origin;
  // "null" is a sandboxed frame, a data: page or a redirect across origins: never ours.
  if (origin !== undefined && !own(origin)) return `Origin: ${origin.slice(0, 100)}`;
  const referer = req.headers.referer;
  if (site === undefined && origin === undefined && referer !== undefined && !own(referer)) return 'Referer from another site';
  return null;
}

export function installRequestGuard(app: FastifyInstance, opts: GuardOptions): void {
  const hosts = new HostAllowlist(opts.boundHost, opts.allowedHosts);
  const gate = opts.accessToken ? accessGate(opts.accessToken) : undefined;

  app.addHook('onRequest', async (req, reply) => {
    // Routing has happened: the matched pattern, whatever escapes or slashes the URL used.
    const route = req.routeOptions.url;
    if (isHookRoute(route)) return;

    if (!hosts.allows(hostName(req.headers.host))) return refuseHost(req, reply, hosts);

    if (gate) {
      const refused = gate(req, reply);
      if (refused) return refused;
    }

    if (!isWrite(req.method, route)) return;
    const why = crossOrigin(req);
    if (why === null) return;
    // A device or script given the token may act from anywhere; a page cannot know it.
    if (opts.accessToken && tokenMatches(presentedToken(req), opts.accessToken)) return;
    return reply
      .code(403)
      .header('cache-control', 'no-store')
      .send({ error: `refused: this changes the console and came from another site (${why}); only the console's own pages${opts.accessToken ? ', or a request carrying the access token,' : ''} may do that` });
  });
}

function refuseHost(req: FastifyRequest, reply: FastifyReply, hosts: HostAllowlist) {
  const shown = (req.headers.host ?? '(none)').slice(0, 100);
  return reply
    .code(421)
    .header('cache-control', 'no-store')
    .send({ error: `this console answers to ${hosts.describe()}, not to the name ${JSON.stringify(shown)}; in LAN mode, add a name with --allowed-hosts or on the Settings page` });
}
