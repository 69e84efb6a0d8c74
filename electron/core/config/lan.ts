/** The URLs other devices on the venue network should open. */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isIP } from 'node:net';

/**
 * One URL per non-internal address the bound host covers: `0.0.0.0` is every IPv4 interface,
 * `::` every interface, a single address itself. IPv6 link-local addresses are left out: they
 * need a zone id that browsers do not accept in a URL.
 */
export function lanUrls(host: string, port: number, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  const all = Object.values(interfaces).flatMap((list) => list ?? []).filter((i) => !i.internal);
  const usable = all.filter((i) => i.family === 'IPv4' || !/^fe80:/i.test(i.address));
  const covered =
    host === '0.0.0.0'
      ? usable.filter((i) => i.family === 'IPv4')
      : host === '::'
        ? usable
        : isIP(host)
          ? usable.filter((i) => i.address === host)
          : [];
  const urls = covered.map((i) => (i.family === 'IPv6' ? `http://[${i.address}]:${port}/` : `http://${i.address}:${port}/`));
  return [...new Set(urls)];
}
