/** `npm test`'s short run of the kill -9 fault (the 20-round run is kill-during-ingest.fault.ts). */
import { afterAll, expect, it } from 'vitest';
import { built, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { killDuringIngest } from './kill-during-ingest';

const data = tempDir('trackside-kill-');
const track: { current?: RunningConsole } = {};
afterAll(async () => {
  await track.current?.stop('SIGKILL');
  data.remove();
});

it.skipIf(!built)('kill -9 during ingest at full rate, 3 rounds: every acknowledged message survives, the file stays sound', async () => {
  const result = await killDuringIngest(data.path, 3, track);
  console.log(`kill -9 x${result.rounds}: ${result.acknowledged} acknowledged, ${result.lost} lost, ${result.streamed} streamed items kept, answers ${JSON.stringify(result.answered)}, integrity ${result.integrity.join(',')}, ${result.msPerRound} ms/round`);
  expect(result.acknowledged).toBeGreaterThan(3 * 40);
  expect(result.lost).toBe(0);
}, 180_000);
