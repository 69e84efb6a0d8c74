/** How the announcer names each kind of record or best. */
import type { Target } from '../../model/records';

export const TARGET_WORDS: Record<Target['kind'], string> = {
  PB: 'personal best', SB: 'season best', meeting: 'meeting record', championship: 'championship record',
  national: 'national record', area: 'area record', world: 'world record',
};
