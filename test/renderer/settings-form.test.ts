/**
 * The Settings page's form: only what the operator changed is sent, a cleared box goes back to
 * the default, a secret only when typed or removed, a number typed badly reaches the core as
 * typed (so its message stands beside the field); the restart URL and the generated token.
 */
import { describe, expect, it } from 'vitest';
import { SETTING_FIELDS, SECRET_FIELDS, type SettingField, type SettingsView } from '../../electron/core/model/settings';
import { formFromView, generateToken, patchFrom, reopenUrl } from '../../renderer/src/logic/settings-form';

function viewWith(saved: Partial<Record<SettingField, string | number | boolean>>, token: string | null = null): SettingsView {
  const fields = Object.fromEntries(
    SETTING_FIELDS.map((f) => {
      const secret = SECRET_FIELDS.includes(f);
      const value = saved[f];
      return [f, { value: secret || value === undefined ? null : value, set: value !== undefined, secret, flag: `--${f}`, overriddenBy: null, running: null, pending: false }];
    }),
  ) as SettingsView['fields'];
  return { fields, restartNeeded: false, problem: null, lastRestartError: null, url: 'http://127.0.0.1:4710/', lan: { active: token !== null, urls: [], token } };
}

describe('settings form', () => {
  it('sends nothing when nothing changed, secrets included', () => {
    const view = viewWith({ port: 5000, competition: 'x/2025/NOR/ser4', webhookSecret: 'whsec_x', lanMode: true, accessToken: 'a'.repeat(20) }, 'a'.repeat(20));
    const form = formFromView(view);
    expect(form.port).toBe('5000');
    expect(form.webhookSecret).toBe('');
    expect(form.accessToken).toBe('a'.repeat(20));
    expect(patchFrom(form, view)).toEqual({});
  });

  it('sends changed values typed, null for an emptied box, and a bad number as typed', () => {
    const view = viewWith({ port: 5000, pusherCluster: 'eu', competition: 'x/2025/NOR/ser4' });
    const form = formFromView(view);
    form.port = ' 5100 ';
    form.pusherCluster = '';
    form.demoSpeed = 'fast';
    form.lanMode = true;
    expect(patchFrom(form, view)).toEqual({ port: 5100, pusherCluster: null, demoSpeed: 'fast', lanMode: true });
  });

  it('sends a secret only when typed, and null only when a saved one is removed', () => {
    const view = viewWith({ webhookSecret: 'saved', webhookToken: 'saved' });
    const form = formFromView(view);
    form.webhookToken = 'new-token';
    form.clear.webhookSecret = true;
    form.clear.webhookPreviousSecret = true; // not saved: nothing to remove
    expect(patchFrom(form, view)).toEqual({ webhookToken: 'new-token', webhookSecret: null });
  });

  it('reopens on the new port with the token, or on this port for 0', () => {
    const here = { protocol: 'http:', hostname: '192.168.1.20', port: '4710' };
    expect(reopenUrl(here, 4800, null)).toBe('http://192.168.1.20:4800/#/settings');
    expect(reopenUrl(here, 0, 'tok-en_123')).toBe('http://192.168.1.20:4710/?token=tok-en_123#/settings');
  });

  it('generates URL-safe tokens long enough for the core, different each time', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateToken()).not.toBe(a);
  });
});
