/**
 * One status vocabulary across providers: the contract's mapping table, as code. docs/status-mapping.md
 * is the same table for people; test/unit/status.test.ts pins every row.
 */

export type EnrollmentStatus =
  | 'NOT_STARTED'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'FAILED'
  | 'EXPIRED'
  | 'INCOMPLETE'
  | 'PENDING'
  | 'DECLINED'
  | 'ABSENT'
  | 'NOT_APPLICABLE';

export const ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = [
  'NOT_STARTED',
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
  'EXPIRED',
  'INCOMPLETE',
  'PENDING',
  'DECLINED',
  'ABSENT',
  'NOT_APPLICABLE',
];

/** Ruangkerja online course `status`. */
export const RUANGKERJA_ONLINE_STATUS: Readonly<Record<string, EnrollmentStatus>> = {
  not_started: 'NOT_STARTED',
  in_progress: 'IN_PROGRESS',
  completed: 'COMPLETED',
  failed: 'FAILED',
  expired: 'EXPIRED',
};

/** Ruangkerja webinar `userAssignedStatus`. */
export const RUANGKERJA_WEBINAR_STATUS: Readonly<Record<string, EnrollmentStatus>> = {
  Ongoing: 'IN_PROGRESS',
  Cleared: 'COMPLETED',
  Failed: 'FAILED',
};

/** Absorb's numeric enrollment status: its documented name and the unified status. */
export const ABSORB_STATUS: Readonly<Record<number, { name: string; status: EnrollmentStatus }>> = {
  0: { name: 'NotStarted', status: 'NOT_STARTED' },
  1: { name: 'InProgress', status: 'IN_PROGRESS' },
  2: { name: 'PendingApproval', status: 'PENDING' },
  3: { name: 'Complete', status: 'COMPLETED' },
  4: { name: 'NotComplete', status: 'INCOMPLETE' },
  5: { name: 'Failed', status: 'FAILED' },
  6: { name: 'Declined', status: 'DECLINED' },
  7: { name: 'PendingEvaluationRequired', status: 'PENDING' },
  8: { name: 'OnWaitlist', status: 'PENDING' },
  9: { name: 'Absent', status: 'ABSENT' },
  10: { name: 'NotApplicable', status: 'NOT_APPLICABLE' },
  11: { name: 'PendingProctor', status: 'PENDING' },
  12: { name: 'ReadyForReview', status: 'PENDING' },
};

export class UnknownStatusError extends Error {
  constructor(
    readonly source: string,
    readonly value: unknown,
  ) {
    super(`${source} status ${JSON.stringify(value)} is not in the status mapping`);
    this.name = 'UnknownStatusError';
  }
}

export function ruangkerjaOnlineStatus(value: string): EnrollmentStatus {
  const status = RUANGKERJA_ONLINE_STATUS[value];
  if (status === undefined) throw new UnknownStatusError('Ruangkerja online', value);
  return status;
}

export function ruangkerjaWebinarStatus(value: string): EnrollmentStatus {
  const status = RUANGKERJA_WEBINAR_STATUS[value];
  if (status === undefined) throw new UnknownStatusError('Ruangkerja webinar', value);
  return status;
}

export function absorbStatus(value: number): { name: string; status: EnrollmentStatus } {
  const entry = ABSORB_STATUS[value];
  if (entry === undefined) throw new UnknownStatusError('Absorb', value);
  return entry;
}

/**
 * SelfCommunity has no enrollment status, only a join status and a completion percentage: invited
 * and requested people are PENDING; members (creator, manager, joined) follow their completion.
 */
export function selfCommunityStatus(joinStatus: string | null, completionPercent: number): EnrollmentStatus {
  if (joinStatus === 'invited' || joinStatus === 'requested') return 'PENDING';
  if (joinStatus === 'creator' || joinStatus === 'manager' || joinStatus === 'joined') {
    if (completionPercent >= 100) return 'COMPLETED';
    return completionPercent <= 0 ? 'NOT_STARTED' : 'IN_PROGRESS';
  }
  throw new UnknownStatusError('SelfCommunity join', joinStatus);
}
