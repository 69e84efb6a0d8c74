/**
 * The network between the console and a source, as a TCP forwarder on 127.0.0.1 that a test can
 * cut. `blackhole` is a venue Wi-Fi that drops: nothing is refused or reset, bytes just stop
 * moving, on open connections and on new ones (which connect, then hear nothing); `restore` lets
 * the held bytes through again, as a returning network would. `refuse` resets every connection
 * and turns new ones away (a router that answers "unreachable").
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

type Mode = 'up' | 'blackhole' | 'refuse';

interface Pair {
  client: Socket;
  upstream?: Socket;
  /** Bytes from the client held while the link was cut, before an upstream existed. */
  held: Buffer[];
}

export class NetworkLink {
  private server?: Server;
  private readonly pairs = new Set<Pair>();
  private mode: Mode = 'up';
  port = 0;

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  async start(port = 0): Promise<this> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get state(): Mode {
    return this.mode;
  }

  async cut(mode: 'blackhole' | 'refuse'): Promise<void> {
    this.mode = mode;
    if (mode === 'blackhole') {
      for (const p of this.pairs) {
        p.client.pause();
        p.upstream?.pause();
      }
      return;
    }
    for (const p of this.pairs) this.drop(p);
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }

  async restore(): Promise<void> {
    const was = this.mode;
    this.mode = 'up';
    if (was === 'refuse') {
      await this.start(this.port);
      return;
    }
    for (const p of this.pairs) {
      if (!p.upstream) this.connectUpstream(p);
      p.client.resume();
      p.upstream?.resume();
    }
  }

  async stop(): Promise<void> {
    for (const p of this.pairs) this.drop(p);
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, held: [] };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    if (this.mode === 'blackhole') {
      // Connected, and then silence: hold what the client sends until the network returns.
      client.on('data', (d) => {
        if (!pair.upstream) pair.held.push(d);
      });
      client.pause();
      return;
    }
    this.connectUpstream(pair);
  }

  private connectUpstream(pair: Pair): void {
    const upstream = connect(this.targetPort, this.targetHost);
    pair.upstream = upstream;
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    pair.client.removeAllListeners('data');
    for (const chunk of pair.held.splice(0)) upstream.write(chunk);
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
