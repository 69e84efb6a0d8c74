/**
 * The settings table on a real SQLite file, and the LAN URLs: a bad saved row costs only its
 * field; reading a data dir that does not exist yet creates nothing; the URLs cover exactly the
 * addresses the bound host serves.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsRepo, readSavedSettings } from '../../../electron/core/store/settings';
import { lanUrls } from '../../../electron/core/config/lan';
import { openDatabase } from '../../../electron/core/store/database';
import { tempDir } from '../../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('settings table', () => {
  it('writes a change whole, clears with null, and survives closing the file', () => {
    const db = openDatabase(dir.path);
    const repo = new SettingsRepo(db);
    repo.write({ port: 5000, competition: 'x/2025/NOR/ser4', lanMode: true, accessToken: 'a'.repeat(16) });
    repo.write({ competition: null, port: 5001 });
    db.close();
    expect(readSavedSettings(dir.path)).toEqual({ port: 5001, lanMode: true, accessToken: 'a'.repeat(16) });
  });

  it('drops a row that does not validate (hand-edited, or from a newer release) with a warning, keeping the rest', () => {
    const db = openDatabase(dir.path);
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0), (?, ?, 0), (?, ?, 0), (?, ?, 0)').run(
      'port', '"eighty"', 'pusherCluster', '"us2"', 'futureThing', '1', 'demoSpeed', 'not json',
    );
    db.close();
    const warnings: string[] = [];
    expect(readSavedSettings(dir.path, (w) => warnings.push(w))).toEqual({ pusherCluster: 'us2' });
    expect(warnings).toEqual([
      expect.stringMatching(/ignoring the saved setting port/),
      expect.stringMatching(/ignoring the saved setting demoSpeed/),
    ]);
  });

  it('reads no settings from a data dir that does not exist, and does not create it', () => {
    const missing = join(dir.path, 'not-yet');
    expect(readSavedSettings(missing)).toEqual({});
    expect(existsSync(missing)).toBe(false);
  });

  it('reads an older data dir (before the settings table) by migrating it', () => {
    const db = openDatabase(dir.path);
    // What a v4 data dir holds: neither the settings table nor anything added after it.
    db.exec(`DROP TABLE settings; DROP TABLE mqtt_outbox; DROP TABLE mqtt_cursor; DROP TABLE mqtt_leaders;
      DROP TABLE triathlon_entries; DROP TABLE triathlon_rankings; DROP TABLE triathlon_on_air;
      DROP TABLE triathlon_follow; DROP TABLE read_models; ALTER TABLE triathlon_programs DROP COLUMN sandbox;
      ALTER TABLE triathlon_programs DROP COLUMN status; ALTER TABLE triathlon_programs DROP COLUMN event_name;
      ALTER TABLE triathlon_programs DROP COLUMN start_time;`);
    db.pragma('user_version = 4');
    db.close();
    expect(readSavedSettings(dir.path)).toEqual({});
    const again = openDatabase(dir.path, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
    again.close();
  });
});

describe('LAN URLs', () => {
  const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;
  const interfaces = {
    lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
    eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6'), nic('2001:db8::20', 'IPv6')],
    wlan0: [nic('10.0.0.5', 'IPv4')],
  };

  it('lists every non-internal IPv4 address for 0.0.0.0', () => {
    expect(lanUrls('0.0.0.0', 4710, interfaces)).toEqual(['http://192.168.1.20:4710/', 'http://10.0.0.5:4710/']);
  });
  it('adds IPv6 (never link-local) for ::, and only the address itself for one address', () => {
    expect(lanUrls('::', 4710, interfaces)).toEqual(['http://192.168.1.20:4710/', 'http://[2001:db8::20]:4710/', 'http://10.0.0.5:4710/']);
    expect(lanUrls('10.0.0.5', 80, interfaces)).toEqual(['http://10.0.0.5:80/']);
    expect(lanUrls('127.0.0.1', 80, interfaces)).toEqual([]);
  });
});
