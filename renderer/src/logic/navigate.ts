/**
 * What each shortcut does to the stores. Separate from the key table so it can be tested on
 * stores alone.
 */
import type { ShortcutAction } from './keyboard';
import type { PageId } from './pages';
import { latestResult, overviewGroups } from './overview';
import type { useMeetStore } from '../stores/meet';
import type { useUiStore } from '../stores/ui';
import type { useFeedStore } from '../stores/feed';

interface Stores {
  ui: ReturnType<typeof useUiStore>;
  meet: ReturnType<typeof useMeetStore>;
  feed?: ReturnType<typeof useFeedStore>;
}

const KIND_ORDER = ['all', 'track', 'field'] as const;

export function runShortcut(action: ShortcutAction, { ui, meet, feed }: Stores): void {
  if (action.startsWith('page:')) {
    ui.openPage(action.slice('page:'.length) as PageId);
    return;
  }
  switch (action) {
    case 'next':
    case 'previous': {
      const rows = overviewGroups(meet.competition, { kind: ui.kind, status: ui.status, search: ui.search }, meet.athletes).flatMap((g) => g.rows);
      if (!rows.length) return;
      const s = meet.selected;
      const at = s ? rows.findIndex((r) => r.unit.eventId === s.eventId && r.unit.round === s.round && r.unit.heat === s.heat) : -1;
      const next = action === 'next' ? (at < 0 ? 0 : Math.min(rows.length - 1, at + 1)) : at < 0 ? rows.length - 1 : Math.max(0, at - 1);
      const u = rows[next]!.unit;
      meet.select({ eventId: u.eventId, round: u.round, heat: u.heat });
      return;
    }
    case 'latest': {
      const u = latestResult(meet.competition);
      if (u) meet.select({ eventId: u.eventId, round: u.round, heat: u.heat });
      return;
    }
    case 'now':
      meet.select(null);
      ui.showPane('unit');
      return;
    case 'announced':
      feed?.markAnnounced();
      return;
    case 'search':
      document.getElementById('search')?.focus();
      return;
    case 'kind':
      ui.setKind(KIND_ORDER[(KIND_ORDER.indexOf(ui.kind) + 1) % KIND_ORDER.length]!);
      return;
    case 'contrast':
      ui.toggleContrast();
      return;
    case 'large':
      ui.toggleLarge();
      return;
    case 'help':
      ui.helpOpen = !ui.helpOpen;
      return;
    case 'escape':
      if (ui.helpOpen) ui.helpOpen = false;
      else if (ui.search) ui.search = '';
      (document.activeElement as HTMLElement | null)?.blur?.();
      return;
  }
}
