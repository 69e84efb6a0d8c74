/**
 * The dashboard's pages and keyboard shortcuts: one table, bound by the renderer, listed in its
 * help overlay and the README, and offered by the desktop app's menu.
 */
export const PAGES = [
  { id: 'meet', label: 'Meet', key: '1' },
  { id: 'on-air', label: 'On air', key: '2' },
  { id: 'relay', label: 'Webhooks', key: '3' },
  { id: 'triathlon', label: 'Triathlon', key: '4' },
  { id: 'settings', label: 'Settings', key: '5' },
  { id: 'trackscore', label: 'TrackScore', key: '6' },
  { id: 'announcer', label: 'Announcer', key: '7' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export type PageAction = `page:${PageId}`;
export type ShortcutAction = 'next' | 'previous' | 'latest' | 'now' | 'announced' | 'search' | 'kind' | 'contrast' | 'large' | 'help' | 'escape' | PageAction;

export const SHORTCUTS: { keys: string[]; action: ShortcutAction; label: string }[] = [
  { keys: ['j', 'ArrowDown'], action: 'next', label: 'Next unit' },
  { keys: ['k', 'ArrowUp'], action: 'previous', label: 'Previous unit' },
  { keys: ['l'], action: 'latest', label: 'Jump to the latest result' },
  { keys: ['n'], action: 'now', label: 'Now & next: what is on, what starts next' },
  { keys: ['a'], action: 'announced', label: 'Mark the oldest result or leader to announce as done' },
  { keys: ['/'], action: 'search', label: 'Search by bib or name' },
  { keys: ['f'], action: 'kind', label: 'Filter: all → track → field' },
  { keys: ['c'], action: 'contrast', label: 'High-contrast theme' },
  { keys: ['t'], action: 'large', label: 'Larger type' },
  { keys: ['?'], action: 'help', label: 'Show these shortcuts' },
  { keys: ['Escape'], action: 'escape', label: 'Clear search / close' },
  ...PAGES.map((p) => ({ keys: [p.key], action: `page:${p.id}` as PageAction, label: `Page: ${p.label}` })),
];

