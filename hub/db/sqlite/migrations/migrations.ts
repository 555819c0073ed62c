import type { Migration } from '../migrate';
import { migration0001Initial } from './0001-initial';

/**
 * Every schema change, in order. Append a new file (`0002-….ts`) and list it here; never edit
 * one that has shipped, because hubs in the field have already applied it.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [migration0001Initial];
