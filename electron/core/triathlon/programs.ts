/**
 * TODO(issue 4, helper B): World Triathlon programs built from `timing.store` and friends.
 */
import type { Db } from '../store/database';

export interface TriathlonMessage {
  method: string;
  payload: unknown;
  receivedAt: number;
  seq: number;
}

export interface TriathlonApplyResult {
  /** The message changed what the console shows (a newer snapshot, a new result). */
  changed: boolean;
  programId?: string;
  /** Why it changed nothing, e.g. "older than the snapshot held (date …)". */
  reason?: string;
}

export class TriathlonPrograms {
  constructor(readonly db: Db) {}

  /** Called inside the intake's transaction, after the journal row is written. */
  apply(_msg: TriathlonMessage): TriathlonApplyResult {
    return { changed: false };
  }
}
