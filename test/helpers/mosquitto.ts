/**
 * A real Mosquitto on 127.0.0.1 for the MQTT tests: its own config file (a listener, anonymous
 * or a password file made with mosquitto_passwd, persistence off so a restart is an empty broker),
 * started and waited on by its "running" log line, stopped by the test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { connect, type MqttClient } from 'mqtt';
import { freePort } from './free-port';
import { tempDir } from './temp-dir';

const CANDIDATES = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'];
export const MOSQUITTO = CANDIDATES.find((p) => existsSync(p));
const PASSWD = ['/usr/bin/mosquitto_passwd', '/usr/local/bin/mosquitto_passwd'].find((p) => existsSync(p));
/** For it.skipIf: why the MQTT tests cannot run here, or null. */
export const noMosquitto: string | null = MOSQUITTO ? null : 'Mosquitto is not installed (apt-get install -y mosquitto); MQTT tests skipped';
if (noMosquitto) console.warn(noMosquitto);

export interface BrokerOptions {
  /** name → password; without it the broker takes anonymous clients. */
  users?: Record<string, string>;
  /** A TLS listener with this certificate and key (PEM files). */
  tls?: { cert: string; key: string };
  /** Also a WebSocket listener. */
  websockets?: boolean;
}

export class Broker {
  port = 0;
  wsPort = 0;
  private child?: ChildProcess;
  private readonly dir = tempDir('trackside-mosquitto-');
  log = '';

  constructor(private readonly opts: BrokerOptions = {}) {}

  get url(): string {
    return `${this.opts.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  /** Starts (or starts again on the same ports, with an empty store). */
  async start(): Promise<this> {
    if (!MOSQUITTO) throw new Error(noMosquitto!);
    if (!this.port) this.port = await freePort();
    if (this.opts.websockets && !this.wsPort) this.wsPort = await freePort();
    const conf = join(this.dir.path, 'mosquitto.conf');
    // A subscriber's queue unbounded (Mosquitto drops QoS 1 beyond 1000 queued by default): a test
    // measures the console, not a slow subscriber.
    const lines = [`listener ${this.port} 127.0.0.1`, 'persistence false', 'max_queued_messages 0', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice', 'log_type information'];
    if (this.opts.tls) lines.push(`certfile ${this.opts.tls.cert}`, `keyfile ${this.opts.tls.key}`);
    if (this.opts.websockets) lines.push(`listener ${this.wsPort} 127.0.0.1`, 'protocol websockets');
    if (this.opts.users) {
      const file = join(this.dir.path, 'passwd');
      writeFileSync(file, '');
      for (const [name, password] of Object.entries(this.opts.users)) execFileSync(PASSWD!, ['-b', file, name, password]);
      lines.push(`password_file ${file}`, 'allow_anonymous false');
    } else {
      lines.push('allow_anonymous true');
    }
    // Per listener settings apply to all listeners with this on (Mosquitto 2 otherwise scopes them).
    // Started as root, Mosquitto switches to the user named here (else "mosquitto", who cannot read this temp dir).
    writeFileSync(conf, ['per_listener_settings false', `user ${userInfo().username}`, ...lines].join('\n') + '\n');
    const child = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mosquitto did not start within 10 s:\n${this.log}`)), 10_000);
      const onData = (d: Buffer) => {
        this.log += d.toString();
        if (/ running\b/.test(this.log.split('starting').pop() ?? '')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mosquitto exited (${code}) before running:\n${this.log}`));
      });
    });
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  async remove(): Promise<void> {
    await this.stop();
    this.dir.remove();
  }
}

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
  /** performance.now() when it arrived. */
  at: number;
}

/** A subscriber that keeps everything it receives (reconnecting by itself through a broker restart). */
export async function subscriber(url: string, filter: string, opts: { username?: string; password?: string } = {}): Promise<{ client: MqttClient; received: Received[] }> {
  const received: Received[] = [];
  const client = connect(url, { ...opts, reconnectPeriod: 200, clean: true, connectTimeout: 5_000 });
  client.on('message', (topic, payload, packet) => received.push({ topic, payload: payload.toString(), retain: packet.retain, at: performance.now() }));
  // Resubscribes after each reconnect (clean session); the retained states come again then.
  client.on('connect', () => client.subscribe(filter, { qos: 1 }));
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscriber could not connect to ${url}`)), 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  // The subscription is acknowledged before the test goes on.
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, received };
}
