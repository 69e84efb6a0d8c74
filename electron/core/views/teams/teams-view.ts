/** Team scores and medals read from the cache, with the options the announcer saved. */
import { TeamOptionsSchema, type TeamOptions, type TeamsResponse } from '../../model/teams';
import type { Store } from '../../store/store';
import { combinedEvents } from '../combined/combined-view';
import type { CompetitionView } from '../competition-view';
import { affiliations, finishedEvents, medalTable, teamScores } from './teams';

const OPTIONS_KEY = 'teams';

export function teamOptions(store: Store): TeamOptions {
  const parsed = TeamOptionsSchema.safeParse(store.options.get(OPTIONS_KEY) ?? {});
  return parsed.success ? parsed.data : TeamOptionsSchema.parse({});
}

export function saveTeamOptions(store: Store, options: TeamOptions): void {
  store.options.set(OPTIONS_KEY, options);
}

export function teamsView(view: CompetitionView, store: Store): TeamsResponse {
  const options = teamOptions(store);
  const { competition } = view.meta();
  const events = finishedEvents({ competition, standingsOf: (k) => view.standings(k), combined: combinedEvents(view, store) });
  const { team, nation } = affiliations(competition);
  const groups = options.medalsBy === 'nation' ? nation : team;
  return {
    options,
    events: events.length,
    teams: teamScores(events, (bib) => team.get(bib) ?? null, options.points),
    medals: medalTable(events, (bib) => groups.get(bib) ?? null),
  };
}
