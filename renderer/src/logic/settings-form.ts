/**
 * The settings page's form as plain functions: the form from what the core saved, and back to a
 * change that sends only what the operator touched (a secret only when typed or cleared).
 */
import { SECRET_FIELDS, SETTING_FIELDS, type SettingField, type SettingsPatch, type SettingsView } from '../../../electron/core/model/settings';

export type SettingsForm = Record<Exclude<SettingField, 'lanMode'>, string> & {
  lanMode: boolean;
  /** Secrets the operator asked to remove. */
  clear: Partial<Record<SettingField, boolean>>;
};

const NUMBERS: readonly SettingField[] = ['port', 'demoSpeed'];

export function formFromView(view: SettingsView): SettingsForm {
  const form = { clear: {} } as SettingsForm;
  for (const field of SETTING_FIELDS) {
    const value = view.fields[field].value;
    if (field === 'lanMode') form.lanMode = value === true;
    // The token in use is known to whoever reached this page with it: show it, to copy to other devices.
    else if (field === 'accessToken') form.accessToken = view.lan.token ?? '';
    else form[field] = SECRET_FIELDS.includes(field) || value === null ? '' : String(value);
  }
  return form;
}

export function patchFrom(form: SettingsForm, view: SettingsView): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    const saved = view.fields[field];
    if (field === 'lanMode') {
      if (form.lanMode !== (saved.value === true)) patch.lanMode = form.lanMode;
      continue;
    }
    const text = form[field].trim();
    if (SECRET_FIELDS.includes(field)) {
      // The token shown because it is in use (maybe from --access-token) is not a change.
      if (field === 'accessToken' && text && text === view.lan.token) continue;
      if (text) patch[field] = text;
      else if (form.clear[field] && saved.set) patch[field] = null;
      continue;
    }
    if (text === (saved.value === null ? '' : String(saved.value))) continue;
    if (text === '') patch[field] = null;
    // Not a number: sent as typed, so the core's message stands beside the field.
    else patch[field] = NUMBERS.includes(field) && /^-?\d*\.?\d+$/.test(text) ? Number(text) : text;
  }
  return patch as SettingsPatch;
}

/** 24 random bytes, URL-safe: goes into `?token=` and a cookie as it is. */
export function generateToken(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(24));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The URL to open after a restart: the new port, and the token when one will be asked for. */
export function reopenUrl(location: Pick<Location, 'protocol' | 'hostname' | 'port'>, port: number, token: string | null): string {
  const host = location.hostname.includes(':') && !location.hostname.startsWith('[') ? `[${location.hostname}]` : location.hostname;
  const onPort = port === 0 ? location.port : String(port);
  return `${location.protocol}//${host}${onPort ? `:${onPort}` : ''}/${token ? `?token=${encodeURIComponent(token)}` : ''}#/settings`;
}

export const withToken = (url: string, token: string | null) => (token ? `${url}?token=${encodeURIComponent(token)}` : url);
