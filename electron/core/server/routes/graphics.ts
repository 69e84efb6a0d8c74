/**
 * `/api/graphics…`: the on-air control API (Stream Deck, Bitfocus Companion, the dashboard) and the
 * stream the overlay pages follow. POST for programs; plain GET trigger URLs for devices that can
 * only open a URL. Every answer is the graphic's new state.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { register } from '../route';
import { openEventStream } from '../sse';

export function registerGraphicsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const g = ctx.graphics;

  register(app, ROUTES.graphics, () => g.list());
  register(app, ROUTES.graphicsMode, () => g.getMode());
  register(app, ROUTES.graphicsSetMode, ({ body }) => g.setMode(body));
  register(app, ROUTES.graphicsHideAll, () => g.hideAll());
  register(app, ROUTES.graphic, ({ params }) => g.get(params.id));
  register(app, ROUTES.graphicPreview, ({ params, query }) => g.preview(params.id, query.unit));

  register(app, ROUTES.graphicShow, ({ params, body }) => g.show(params.id, body));
  register(app, ROUTES.graphicHide, ({ params }) => g.hide(params.id));
  register(app, ROUTES.graphicNext, ({ params }) => g.next(params.id));
  register(app, ROUTES.graphicToggle, ({ params, body }) => g.toggle(params.id, body));
  register(app, ROUTES.graphicUpdate, ({ params, body }) => g.update(params.id, body));

  // Trigger URLs: a Stream Deck button or Companion's "HTTP GET" needs nothing more than these.
  register(app, ROUTES.graphicsHideAllTrigger, () => g.hideAll());
  register(app, ROUTES.graphicShowTrigger, ({ params, query }) => g.show(params.id, query));
  register(app, ROUTES.graphicHideTrigger, ({ params }) => g.hide(params.id));
  register(app, ROUTES.graphicNextTrigger, ({ params }) => g.next(params.id));
  register(app, ROUTES.graphicToggleTrigger, ({ params, query }) => g.toggle(params.id, query));

  // Snapshot first, then each change: a page that (re)connects never starts blank.
  register(app, ROUTES.graphicsStream, ({ reply }) => {
    let unsubscribe = () => {};
    const res = openEventStream(reply, ctx, () => unsubscribe());
    res.write(`retry: 1000\nevent: snapshot\ndata: ${JSON.stringify(g.snapshot())}\n\n`);
    unsubscribe = g.subscribe((e) => {
      res.write(e.type === 'graphic' ? `event: graphic\ndata: ${JSON.stringify(e.graphic)}\n\n` : `event: mode\ndata: ${JSON.stringify(e.mode)}\n\n`);
    });
  });
}
