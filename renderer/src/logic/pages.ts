/**
 * The dashboard's pages. The hash names the page (`#/relay`), so a bookmark, a second screen or an
 * Electron window can open one directly, and the browser's back button works.
 */
import { PAGES, type PageId } from '../../../electron/core/model/shortcuts';

export { PAGES, type PageId };

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return PAGES.find((p) => p.id === id)?.id ?? 'meet';
}

export const hashFor = (page: PageId): string => (page === 'meet' ? '#/' : `#/${page}`);
