/**
 * What the announcer says next: combined events, records and their alerts (and, beside them, team
 * scores, medals and athlete notes). Thin handlers over views/ and store/.
 */
import type { FastifyInstance } from 'fastify';
import { RecordAlertSchema } from '../../model/records';
import { ROUTES } from '../../model/routes';
import { combinedEvents } from '../../views/combined/combined-view';
import { importRecords, saveRecord } from '../../views/records/import';
import { saveTeamOptions, teamsView } from '../../views/teams/teams-view';
import { UnitSchema } from '../../model/opentrack';
import { computeSplits } from '../../views/splits/splits';
import { exportNotes, importNotes, notesView, saveNote } from '../../views/notes/notes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';

/** A records or notes file as text: larger than fastify's 1 MB default, bounded all the same. */
const IMPORT_BODY_LIMIT = 6 * 1024 * 1024;

export function registerAnnouncerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.combined, () => ({ events: combinedEvents(ctx.view, ctx.store) }));

  register(app, ROUTES.splits, ({ params }) => {
    const stored = ctx.store.units.get(ctx.view.competitionKey, params);
    if (!stored) throw new HttpError(404, 'unknown unit');
    const parsed = UnitSchema.safeParse(JSON.parse(stored.json));
    if (!parsed.success) throw new HttpError(500, 'the cached unit no longer validates');
    return computeSplits(parsed.data, ctx.view.meta().people);
  });

  register(app, ROUTES.teams, () => teamsView(ctx.view, ctx.store));
  register(app, ROUTES.teamOptions, ({ body }) => {
    saveTeamOptions(ctx.store, body);
    return teamsView(ctx.view, ctx.store);
  });

  const notes = () => ({ athletes: notesView(ctx.view, ctx.store) });
  register(app, ROUTES.notes, notes);
  register(app, ROUTES.noteSave, ({ body }) => {
    saveNote(ctx.store, body);
    return notes();
  });
  register(app, ROUTES.notesImport, ({ body }) => importNotes(ctx.store, body.text), { bodyLimit: IMPORT_BODY_LIMIT });
  register(app, ROUTES.notesExport, ({ reply }) =>
    reply
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="athlete-notes.csv"')
      .type('text/csv; charset=utf-8; header=present')
      .send(exportNotes(ctx.view, ctx.store)),
  );

  const records = () => ({ records: ctx.store.records.list() });
  register(app, ROUTES.records, records);
  register(app, ROUTES.recordSave, ({ body }) => {
    saveRecord(ctx.store, body);
    ctx.records?.checkAll();
    return records();
  });
  register(
    app,
    ROUTES.recordsImport,
    ({ body }) => {
      const result = importRecords(ctx.store, body);
      // Marks already in the cache may equal or beat what was just imported.
      ctx.records?.checkAll();
      return result;
    },
    { bodyLimit: IMPORT_BODY_LIMIT },
  );
  register(app, ROUTES.recordDelete, ({ params }) => {
    if (!ctx.store.records.remove(params.id)) throw new HttpError(404, `no record ${params.id}`);
    return records();
  });
  register(app, ROUTES.recordAlerts, ({ query }) => ({
    alerts: ctx.store.records.alerts(ctx.view.competitionKey, query.after).flatMap((a) => {
      const parsed = RecordAlertSchema.safeParse({ ...(JSON.parse(a.json) as object), id: a.id, raisedAt: new Date(a.raisedAt).toISOString() });
      return parsed.success ? [parsed.data] : [];
    }),
  }));
}
