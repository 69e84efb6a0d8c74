/**
 * The Settings page's state: what the core has saved and runs, the form being edited, the
 * errors beside fields, and a restart in progress. Bound while the page is open.
 */
import { defineStore } from 'pinia';
import { ApiError, FieldErrors, type TracksideClient } from '../api/client';
import type { SettingField, SettingsView } from '../../../electron/core/model/settings';
import { formFromView, patchFrom, reopenUrl, type SettingsForm } from '../logic/settings-form';

/** How long the page waits for the console to come back after a restart before saying so. */
const RESTART_WAIT_MS = 30_000;
const RESTART_POLL_MS = 400;

export const useSettingsStore = defineStore('settings', {
  state: () => ({
    view: null as SettingsView | null,
    form: null as SettingsForm | null,
    fieldErrors: {} as Record<string, string>,
    error: null as string | null,
    /** "Saved", and what waits for a restart. */
    saved: null as { restartFor: SettingField[]; overridden: SettingField[] } | null,
    saving: false,
    restarting: false,
  }),
  getters: {
    /** The access token this page knows: typed or generated here, or the one this request used. */
    knownToken(state): string | null {
      return state.form?.accessToken.trim() || state.view?.lan.token || null;
    },
  },
});

/** Loads the page's data; nothing changes it by itself but a save or a restart, so no polling. */
export function bindSettings(client: TracksideClient): () => void {
  void loadSettings(client);
  return () => undefined;
}

export async function loadSettings(client: TracksideClient): Promise<void> {
  const settings = useSettingsStore();
  try {
    settings.view = await client.settings.get();
    settings.form = formFromView(settings.view);
    settings.error = null;
  } catch (err) {
    settings.error =
      err instanceof ApiError && err.status === 404
        ? 'This console was started without its settings runner, so settings cannot be changed here; use the command line.'
        : (err as Error).message;
  }
}

export async function saveSettings(client: TracksideClient): Promise<boolean> {
  const settings = useSettingsStore();
  if (!settings.view || !settings.form) return false;
  settings.saving = true;
  try {
    const token = settings.knownToken;
    const result = await client.settings.save(patchFrom(settings.form, settings.view));
    settings.view = result.settings;
    settings.form = formFromView(result.settings);
    // Keep a token generated here on screen: the operator still has to copy it to other devices.
    if (token && !result.settings.lan.token) settings.form.accessToken = token;
    settings.fieldErrors = {};
    settings.error = null;
    settings.saved = { restartFor: result.restartFor, overridden: result.overridden };
    return true;
  } catch (err) {
    settings.fieldErrors = err instanceof FieldErrors ? err.fields : {};
    settings.error = (err as Error).message;
    settings.saved = null;
    return false;
  } finally {
    settings.saving = false;
  }
}

/**
 * Restarts the console and opens it again where it is: on the new port when the old one says it
 * moved, on this one when it answers with a new start time (the same port, or the previous
 * settings again after a failed start), with the token when LAN mode asks for one.
 */
export async function restartConsole(client: TracksideClient, location: Location = window.location): Promise<void> {
  const settings = useSettingsStore();
  const lanNext = settings.form?.lanMode ?? false;
  const token = lanNext || settings.view?.lan.token ? settings.knownToken : null;
  const before = await client.health().then((h) => h.startedAt, () => null);
  settings.restarting = true;
  settings.error = null;
  try {
    const { port } = await client.settings.restart();
    const deadline = Date.now() + RESTART_WAIT_MS;
    let target: string | undefined;
    while (!target) {
      await new Promise((r) => setTimeout(r, RESTART_POLL_MS));
      const probe = await client.settings.probe();
      if (probe.state === 'moved') target = reopenUrl(location, port, token);
      else if (probe.state === 'locked' || (probe.state === 'up' && probe.startedAt !== before)) target = reopenUrl(location, 0, token);
      else if (Date.now() > deadline) throw new Error(`the console did not come back within ${RESTART_WAIT_MS / 1000} s; see its window or terminal`);
    }
    // The whole page loads again: a new competition or port means new data in every store.
    const noHash = (u: string) => u.split('#')[0];
    if (noHash(target) === noHash(location.href)) location.reload();
    else location.assign(target);
  } catch (err) {
    settings.restarting = false;
    settings.error = (err as Error).message;
  }
}
