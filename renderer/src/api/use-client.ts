/** The one client, handed to pages that make changes (the stores' binders get it directly). */
import { inject, type InjectionKey } from 'vue';
import type { TracksideClient } from './client';

export const CLIENT: InjectionKey<TracksideClient> = Symbol('trackside-client');

export function useClient(): TracksideClient {
  const client = inject(CLIENT);
  if (!client) throw new Error('no Trackside client provided');
  return client;
}
