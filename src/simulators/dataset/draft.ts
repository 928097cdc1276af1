import type { Person } from './types.js';

/** A person while the dataset is being built: which providers they are in is decided up front. */
export interface PersonDraft {
  person: Person;
  inRuangkerja: boolean;
  inAbsorb: boolean;
  inSelfCommunity: boolean;
  /** Email local part, reused as the username on providers that have one. */
  localPart: string;
}
