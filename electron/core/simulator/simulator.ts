/**
 * A stand-in OpenTrack on this machine: a Pusher-protocol server and an HTTP server for the unit
 * JSON, driven by a Recording. The console follows it with exactly the code it uses for a live
 * meet, so the demo and rehearsals exercise the real path.
 */
import type { Logger } from '../config/log';
import type { Recording } from '../model/recording';
import type { CompetitionLocation } from '../model/competition-location';
import { LocalPusherServer } from './pusher-server';
import { OpenTrackStandIn } from './opentrack-http';
import { Replayer } from './replayer';

export const SIMULATOR_PUSHER_KEY = 'trackside-local';

export interface SimulatorOptions {
  speed: number;
  loop: boolean;
  log: Logger;
  host?: string;
}

export interface SimulatorEndpoints {
  location: CompetitionLocation;
  pusherKey: string;
  pusherHost: string;
  pusherPort: number;
}

export class Simulator {
  readonly pusher: LocalPusherServer;
  readonly http: OpenTrackStandIn;
  readonly replayer: Replayer;
  private playing = false;
  /** When the demo last started over, so a dashboard can drop what the previous run raised. */
  private restartedAt: string | null = null;

  constructor(
    readonly recording: Recording,
    private readonly opts: SimulatorOptions,
  ) {
    const host = opts.host ?? '127.0.0.1';
    this.pusher = new LocalPusherServer({ host, port: 0, key: SIMULATOR_PUSHER_KEY });
    this.http = new OpenTrackStandIn({ host, port: 0, competitionPath: recording.competitionPath, competition: recording.competition });
    this.replayer = new Replayer(recording, {
      sink: {
        setUnit: (unit) => this.http.setUnit(unit),
        trigger: (channel, event, data) => this.pusher.trigger(channel, event, data),
      },
      speed: opts.speed,
      loop: opts.loop,
      onEnd: () => opts.log.info(`${recording.name}: finished`),
      onRestart: () => {
        this.restartedAt = new Date().toISOString();
        opts.log.info(`${recording.name}: restarted`);
      },
    });
  }

  async start(): Promise<SimulatorEndpoints> {
    const ws = await this.pusher.start();
    await this.http.start();
    return {
      location: { base: this.http.baseUrl, path: this.recording.competitionPath, languagePrefix: '' },
      pusherKey: SIMULATOR_PUSHER_KEY,
      pusherHost: ws.host,
      pusherPort: ws.port,
    };
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.opts.log.info(`playing ${this.recording.name}: ${this.recording.steps.length} steps at ${this.opts.speed}x`);
    this.replayer.start();
  }

  async stop(): Promise<void> {
    this.replayer.stop();
    await this.pusher.stop();
    await this.http.stop();
  }

  health(): Record<string, unknown> {
    return {
      state: this.playing ? 'playing' : 'ready',
      lastMessageAt: null,
      recording: this.recording.name,
      speed: this.opts.speed,
      step: this.replayer.stepIndex,
      steps: this.replayer.total,
      restartedAt: this.restartedAt,
    };
  }
}
