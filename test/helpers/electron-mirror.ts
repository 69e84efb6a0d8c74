/**
 * A stand-in for Electron's release host (and a prebuilt-binary host) on 127.0.0.1: serves one
 * release zip with its SHASUMS256.txt, and optionally a prebuilt tarball, and records each request.
 * It can also misbehave the ways a venue network does: answer the headers then go silent, or
 * trickle the bytes too slowly.
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface MirrorOptions {
  /** The release zip, served for any path ending in .zip. */
  archive: Buffer;
  /** Its file name as Electron's downloader asks for it (for SHASUMS256.txt). */
  zipName: string;
  /** Replaces the true checksum list. */
  shasums?: string;
  /** Sends the headers and 1 KB, then nothing. */
  stall?: boolean;
  /** Sends 1 KB every 100 ms, forever. */
  trickle?: boolean;
  /** Served for any path ending in .tar.gz; 404 when absent. */
  prebuild?: Buffer;
}

export interface Mirror {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startMirror(opts: MirrorOptions): Promise<Mirror> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const send = (res: ServerResponse, body: Buffer | string, type = 'application/octet-stream') => {
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    if (path.endsWith('/SHASUMS256.txt')) {
      const sha = createHash('sha256').update(opts.archive).digest('hex');
      return send(res, opts.shasums ?? `${sha} *${opts.zipName}\n`, 'text/plain');
    }
    if (path.endsWith('.zip')) {
      if (!opts.stall && !opts.trickle) return send(res, opts.archive);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 100 * 1024 * 1024 });
      res.write(Buffer.alloc(1024));
      if (opts.trickle) {
        const t = setInterval(() => res.write(Buffer.alloc(1024)), 100);
        timers.add(t);
      }
      return;
    }
    if (path.endsWith('.tar.gz') && opts.prebuild) return send(res, opts.prebuild);
    res.writeHead(404).end('not here');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
