/**
 * Relay contracts shared by core and renderer. TODO(issue 4, helper C): zod schemas for the API.
 */
export interface DeliveryNotice {
  kind: 'delivered' | 'failed' | 'exhausted' | 'disabled';
  endpointId: string;
  messageId?: string;
  at: number;
  detail?: string;
}
