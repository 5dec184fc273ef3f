import { EntityManager } from 'typeorm';
import { lockForTransaction } from '@patt/persistence';

const MEMBERSHIP_LOCK = 'patt-identity:membership';

/**
 * Serialises every change of who belongs to whom (matching runs, integrity runs, officers' links,
 * confirmations, rejections, member edits, imports) across replicas, for the rest of the
 * transaction: each of them reads the links and writes a decision based on what it read, and two
 * at once would each decide on a picture the other is changing. Re-entrant within a transaction.
 */
export async function lockMembership(manager: EntityManager): Promise<void> {
  await lockForTransaction(manager, MEMBERSHIP_LOCK);
}
