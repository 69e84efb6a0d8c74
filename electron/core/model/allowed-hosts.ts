/**
 * The names and addresses an operator lets other devices use in the console's URL in LAN mode
 * (`--allowed-hosts`, the settings field). Shared with the renderer so the page and the core
 * agree on what is valid. No wildcards and no suffixes: the request guard compares exactly.
 */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

export const ALLOWED_HOSTS_HINT = 'names or addresses separated by commas, e.g. trackside.local, 192.168.1.20 (no port, no wildcard)';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The URL parser, not node:net, so the renderer can use this module too. */
function ipv6(text: string): string | undefined {
  if (!text.includes(':') || !/^[0-9a-f:.]+$/.test(text)) return undefined;
  try {
    return new URL(`http://[${text}]/`).hostname;
  } catch {
    return undefined;
  }
}

export function splitHosts(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter(Boolean);
}

/**
 * The form a browser puts in `Host` for this entry: lower case, IPv6 in brackets and compressed.
 * Undefined when the entry is not a plain name or address.
 */
export function normaliseHost(entry: string): string | undefined {
  const h = entry.toLowerCase().replace(/\.$/, '');
  const bare = h.replace(/^\[(.*)\]$/, '$1');
  const v6 = ipv6(bare);
  if (v6) return v6;
  if (IPV4.test(bare)) return bare;
  return HOST_NAME.test(h) && !/^[\d.]+$/.test(h) ? h : undefined;
}

/** Why the list is refused, or null when every entry is a name or an address. */
export function allowedHostsProblem(text: string): string | null {
  const entries = splitHosts(text);
  if (entries.length === 0) return `must list ${ALLOWED_HOSTS_HINT}`;
  const bad = entries.find((e) => normaliseHost(e) === undefined);
  return bad === undefined ? null : `"${bad}" is not a host name or address: ${ALLOWED_HOSTS_HINT}`;
}
