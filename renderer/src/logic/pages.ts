/**
 * The dashboard's pages. The hash names the page (`#/relay`), so a bookmark, a second screen or an
 * Electron window can open one directly, and the browser's back button works.
 */
export const PAGES = [
  { id: 'meet', label: 'Meet', key: '1' },
  { id: 'on-air', label: 'On air', key: '2' },
  { id: 'relay', label: 'Webhooks', key: '3' },
  { id: 'triathlon', label: 'Triathlon', key: '4' },
  { id: 'settings', label: 'Settings', key: '5' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return PAGES.find((p) => p.id === id)?.id ?? 'meet';
}

export const hashFor = (page: PageId): string => (page === 'meet' ? '#/' : `#/${page}`);
