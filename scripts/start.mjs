// `npm start`: build if needed, then the desktop app where Electron can run here (installing its
// binary and its SQLite on the first start when the network answers), otherwise the same console
// headless under Node. Either way the console prints "Trackside listening on http://HOST:PORT/".
// The steps live in scripts/start/desktop.mjs.
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { startTrackside } from './start/desktop.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

try {
  buildIfStale();
} catch (err) {
  process.stderr.write(`trackside: ${err.message}\n`);
  process.exit(1);
}
await startTrackside(process.argv.slice(2), { root });
