import type { Migration } from './types';

/**
 * Version 7: the event outbox and webhook delivery (issue 10, lib/events/).
 * - `outbox`: every event, written in the same transaction as the change it reports. An event
 *   not yet fanned out to the endpoints carries `pendingAt`; the sparse index `byPending`
 *   lists exactly those (a record without the field is not in the index).
 * - `webhookEndpoints`: the user's endpoints with their signing secrets (here, not in extension
 *   storage, which a content script's world can read).
 * - `deliveries`: one per event and endpoint. `dueAt` (sparse) is set while the delivery waits
 *   for an attempt or is leased to one; `deadAt` (sparse) while it is a dead letter;
 *   `deliveredAt` (sparse) once delivered, so finished deliveries are pruned after a week.
 */
export const migration007: Migration = {
  version: 7,
  description: 'event outbox, webhook endpoints and deliveries',
  migrate(db) {
    const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
    outbox.createIndex('byPending', 'pendingAt');
    outbox.createIndex('byTime', 'event.occurredAt');
    db.createObjectStore('webhookEndpoints', { keyPath: 'id' });
    const deliveries = db.createObjectStore('deliveries', { keyPath: 'id' });
    deliveries.createIndex('byDue', 'dueAt');
    deliveries.createIndex('byDead', 'deadAt');
    deliveries.createIndex('byEndpoint', 'endpointId');
    deliveries.createIndex('byDelivered', 'deliveredAt');
  },
};
