/**
 * An overlay page: `/output/<graphic>` (or `all`). It shows what the core has on air, and defines
 * CasparCG / SPX's template functions so the same URL works as an HTML template: `play()`,
 * `stop()`, `next()` and `update(data)` act on the core's state, so every other output follows.
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import OutputApp from './OutputApp.vue';
import { createClient } from '../api/client';
import { bindGraphics, useGraphicsStore } from '../stores/graphics';
import { mergeHouseTheme, readPageOptions } from './page-options';
import { templateFunctions } from './caspar';
import './output.css';

const url = new URL(window.location.href);
let options = readPageOptions(url);
const root = document.documentElement;
root.dataset.bg = options.background;
if (options.keyMatte) root.dataset.matte = 'key';
if (options.hideCursor) root.dataset.cursor = 'none';
if (options.graphic === '') root.classList.remove('output');

/** The house theme, if the operator saved one; never more than a moment's wait before drawing. */
async function houseTheme(): Promise<unknown> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, 1_500, undefined));
  const load = fetch('/output/custom/theme.json', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : undefined))
    .catch(() => undefined);
  return Promise.race([load, timeout]);
}

if (options.graphic !== '') options = mergeHouseTheme(options, url, await houseTheme());

const client = createClient();
const app = createApp(OutputApp, { options });
app.use(createPinia());
app.mount('#output');

if (options.graphic !== '') {
  const store = useGraphicsStore();
  if (options.preview) {
    // The dashboard's preview: the graphic as it would look, refreshed, never on air.
    const load = () =>
      client.graphics
        .preview(options.graphic, options.unit)
        .then((g) => {
          store.snapshot([{ ...g, onAir: g.data !== null }], { mode: 'manual', durations: { winner: 8, attempt: 6 } });
        })
        .catch(() => undefined);
    void load();
    setInterval(() => void load(), 2_000);
  } else {
    const unbind = bindGraphics(client);
    window.addEventListener('pagehide', unbind);
    Object.assign(window, templateFunctions(client, options.graphic));
  }
}
