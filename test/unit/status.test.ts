import {
  ABSORB_STATUS,
  UnknownStatusError,
  absorbStatus,
  ruangkerjaOnlineStatus,
  ruangkerjaWebinarStatus,
  selfCommunityStatus,
} from '../../src/domain/status.js';

describe('the status mapping table (contract README)', () => {
  it.each([
    ['not_started', 'NOT_STARTED'],
    ['in_progress', 'IN_PROGRESS'],
    ['completed', 'COMPLETED'],
    ['failed', 'FAILED'],
    ['expired', 'EXPIRED'],
  ])('Ruangkerja online %s is %s', (value, status) => {
    expect(ruangkerjaOnlineStatus(value)).toBe(status);
  });

  it.each([
    ['Ongoing', 'IN_PROGRESS'],
    ['Cleared', 'COMPLETED'],
    ['Failed', 'FAILED'],
  ])('Ruangkerja webinar %s is %s', (value, status) => {
    expect(ruangkerjaWebinarStatus(value)).toBe(status);
  });

  it.each([
    [0, 'NotStarted', 'NOT_STARTED'],
    [1, 'InProgress', 'IN_PROGRESS'],
    [2, 'PendingApproval', 'PENDING'],
    [3, 'Complete', 'COMPLETED'],
    [4, 'NotComplete', 'INCOMPLETE'],
    [5, 'Failed', 'FAILED'],
    [6, 'Declined', 'DECLINED'],
    [7, 'PendingEvaluationRequired', 'PENDING'],
    [8, 'OnWaitlist', 'PENDING'],
    [9, 'Absent', 'ABSENT'],
    [10, 'NotApplicable', 'NOT_APPLICABLE'],
    [11, 'PendingProctor', 'PENDING'],
    [12, 'ReadyForReview', 'PENDING'],
  ])('Absorb %i (%s) is %s', (value, name, status) => {
    expect(absorbStatus(value)).toEqual({ name, status });
  });

  it('covers exactly the 13 documented Absorb values', () => {
    expect(Object.keys(ABSORB_STATUS).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it.each([
    ['joined', 0, 'NOT_STARTED'],
    ['joined', 1, 'IN_PROGRESS'],
    ['joined', 99, 'IN_PROGRESS'],
    ['joined', 100, 'COMPLETED'],
    ['manager', 0, 'NOT_STARTED'],
    ['manager', 50, 'IN_PROGRESS'],
    ['creator', 100, 'COMPLETED'],
    ['invited', 0, 'PENDING'],
    ['requested', 0, 'PENDING'],
  ])('SelfCommunity %s at %i%% is %s', (joinStatus, completion, status) => {
    expect(selfCommunityStatus(joinStatus, completion)).toBe(status);
  });

  it('refuses values outside the table instead of guessing', () => {
    expect(() => ruangkerjaOnlineStatus('Completed')).toThrow(UnknownStatusError);
    expect(() => ruangkerjaWebinarStatus('')).toThrow(UnknownStatusError);
    expect(() => absorbStatus(13)).toThrow(UnknownStatusError);
    expect(() => selfCommunityStatus(null, 10)).toThrow(UnknownStatusError);
  });
});
