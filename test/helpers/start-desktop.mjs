// Runs `npm start`'s desktop flow (scripts/start/desktop.mjs) with its paths and limits given by
// a test: node start-desktop.mjs '<options JSON>' [console flags…]. The root stays the project,
// so the console it falls back to is the real built one.
import { fileURLToPath } from 'node:url';
import { startTrackside } from '../../scripts/start/desktop.mjs';

const [json, ...args] = process.argv.slice(2);
const root = fileURLToPath(new URL('../..', import.meta.url));
await startTrackside(args, { root, ...JSON.parse(json) });
