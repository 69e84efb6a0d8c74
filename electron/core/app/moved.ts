/**
 * After a restart onto another port, the old port answers for a while with a redirect to the new
 * one: the dashboard that asked for the restart (which may not fetch another origin under its
 * content security policy) sees that it moved, and a bookmark or a browser source on the old
 * URL finds the console again instead of a refused connection.
 */
import { createServer, type Server } from 'node:http';

export const MOVED_FOR_MS = 60_000;

/** A Host header's name part, when it is a plain name or address (never echoed otherwise). */
function hostnameOf(header: string | undefined): string | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d+)?$/.exec(header ?? '');
  return m?.[1];
}

export interface Moved {
  close(): Promise<void>;
}

/** Listens on the old address; resolves to undefined when it cannot (the port was taken meanwhile). */
export async function redirectMoved(host: string, port: number, newPort: number, forMs = MOVED_FOR_MS): Promise<Moved | undefined> {
  const server: Server = createServer((req, res) => {
    const name = hostnameOf(req.headers.host);
    res.setHeader('cache-control', 'no-store');
    if (!name) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end(`Trackside moved to port ${newPort}\n`);
      return;
    }
    res.writeHead(307, { location: `http://${name}:${newPort}${req.url ?? '/'}`, 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Trackside moved to port ${newPort}\n`);
  });
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host, port }, () => resolve(true));
  });
  if (!ok) return undefined;
  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const timer = setTimeout(() => void close(), forMs);
  timer.unref();
  server.unref();
  return { close };
}
