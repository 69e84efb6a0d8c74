/**
 * What a console follows in tests instead of OpenTrack: the local Pusher-protocol server and the
 * OpenTrack-shaped HTTP stand-in, both on 127.0.0.1, started together and stopped together.
 */
import { LocalPusherServer } from '../../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { FIXTURE_PATH, fixtureCompetition, localSourceArgs } from './fixtures';

export interface LocalSources {
  pusher: LocalPusherServer;
  standIn: OpenTrackStandIn;
  /** The flags for a console that follows these two and keeps its cache in `dataDir`. */
  args(dataDir: string): string[];
  stop(): Promise<void>;
}

export async function startLocalSources(key: string, competition: Record<string, unknown> = fixtureCompetition()): Promise<LocalSources> {
  const pusher = new LocalPusherServer({ key });
  await pusher.start();
  const standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition });
  await standIn.start();
  return {
    pusher,
    standIn,
    args: (dataDir) => localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: FIXTURE_PATH, pusherPort: pusher.port, key, dataDir }),
    async stop() {
      await pusher.stop();
      await standIn.stop();
    },
  };
}
