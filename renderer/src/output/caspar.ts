/**
 * CasparCG / SPX template functions for an overlay page. They change the core's state (not just
 * this page), so a CasparCG channel, an OBS browser source and the operator's dashboard agree.
 * On the `all` page, `play`/`next`/`update` need to know which graphic: they take the first
 * argument as its id; `stop()` clears everything.
 */
import type { TracksideClient } from '../api/client';
import { readTemplateData } from './caspar-data';

export interface TemplateFunctions {
  play: (id?: string) => Promise<void>;
  stop: (id?: string) => Promise<void>;
  next: (id?: string) => Promise<void>;
  update: (data: unknown, id?: string) => Promise<void>;
}

export function templateFunctions(client: TracksideClient, graphic: string): TemplateFunctions {
  const target = (id?: string) => (graphic === 'all' ? id : graphic);
  // A template call must never throw into CasparCG: failures are logged to the page's console.
  const quietly = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      console.warn('trackside template call failed:', (err as Error).message);
    }
  };
  return {
    play: (id) => quietly(() => (target(id) ? client.graphics.show(target(id)!) : Promise.resolve())),
    stop: (id) => quietly(() => (target(id) ? client.graphics.hide(target(id)!) : client.graphics.hideAll())),
    next: (id) => quietly(() => (target(id) ? client.graphics.next(target(id)!) : Promise.resolve())),
    update: (data, id) =>
      quietly(() => {
        const fields = readTemplateData(data);
        const g = target(id ?? fields.graphic);
        if (!g) return Promise.resolve();
        const body: { unit?: string; page?: number } = {};
        if (fields.unit) body.unit = fields.unit;
        if (fields.page && /^\d+$/.test(fields.page)) body.page = Number(fields.page);
        return client.graphics.update(g, body);
      }),
  };
}
