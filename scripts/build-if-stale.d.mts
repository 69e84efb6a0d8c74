/** Builds out/ with electron-vite when any source is newer than the last build. */
export function buildIfStale(opts?: { quiet?: boolean }): void;
