// Child process of `npm start`: installs Electron's binary into an electron package directory
// the way that package's own install.js does (same downloader, same checksums, same extractor,
// same path.txt), and reports progress on stdout as JSON lines for the parent to show.
// It runs as a child so the parent can enforce a time limit by killing it.
//   node electron-download.mjs <electron package dir>
// Electron's downloader honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache and
// (with electron_use_remote_checksums) the mirror's SHASUMS256.txt instead of the bundled list.
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadArtifact } from '@electron/get';
import { extract } from '@electron-internal/extract-zip';
import { platformPath } from './electron-paths.mjs';

const pkgDir = process.argv[2];
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

function reason(err) {
  // fetch() hides the network's own words (ECONNREFUSED, ENOTFOUND) in its cause.
  const cause = err?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  if (code) return `${err.message}: ${code}${cause.hostname ? ` ${cause.hostname}` : ''}`;
  return String(err?.message ?? err).split('\n')[0];
}

try {
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const remoteChecksums = process.env.electron_use_remote_checksums || process.env.npm_config_electron_use_remote_checksums;
  let last = 0;
  const zip = await downloadArtifact({
    version,
    artifactName: 'electron',
    platform: process.platform,
    arch: process.arch,
    cacheRoot: process.env.electron_config_cache,
    checksums: remoteChecksums ? undefined : JSON.parse(readFileSync(join(pkgDir, 'checksums.json'), 'utf8')),
    downloadOptions: {
      quiet: true,
      getProgressCallback: ({ transferred, total }) => {
        const now = Date.now();
        if (now - last < 200 && transferred !== total) return;
        last = now;
        say({ transferred, total });
      },
    },
  });
  say({ verified: true });
  // Extract beside dist and swap it in whole: a stopped install never leaves half a binary.
  const partial = join(pkgDir, 'dist.partial');
  rmSync(partial, { recursive: true, force: true });
  await extract(zip, { dir: partial });
  const binary = join(partial, platformPath());
  if (!existsSync(binary)) throw new Error(`the archive has no ${platformPath()}`);
  if (process.platform !== 'win32') chmodSync(binary, 0o755);
  const typeDefs = join(partial, 'electron.d.ts');
  if (existsSync(typeDefs)) renameSync(typeDefs, join(pkgDir, 'electron.d.ts'));
  rmSync(join(pkgDir, 'dist'), { recursive: true, force: true });
  renameSync(partial, join(pkgDir, 'dist'));
  writeFileSync(join(pkgDir, 'path.txt'), platformPath());
  say({ installed: version });
} catch (err) {
  process.stderr.write(`${reason(err)}\n`);
  process.exit(1);
}
