import { describe, expect, it } from '@jest/globals';
import { isMember, normalizeCourse, normalizeMembership, type JoinedMemberItem } from '../../../src/providers/selfcommunity/normalize.js';
import { memberItemSchema, memberListSchema } from '../../../src/providers/selfcommunity/schemas.js';

const item = (overrides: Partial<JoinedMemberItem> = {}): JoinedMemberItem => ({
  id: 2321,
  username: 'EMP00462',
  real_name: 'Björn Łukasiewicz',
  join_status: 'joined',
  user_completion_rate: 50,
  last_active_at: '2023-02-06T10:39:00.000000Z',
  joined_at: '2022-08-14T02:08:00.000000Z',
  ...overrides,
});

describe('normalizeMembership', () => {
  it('maps every field of a member', () => {
    expect(normalizeMembership(item(), 3)).toEqual({
      kind: 'community',
      provider: 'selfcommunity',
      id: 'selfcommunity:3:2321',
      status: 'IN_PROGRESS',
      providerStatus: 'joined',
      score: null,
      completedAt: null,
      timeSpentSeconds: null,
      course: { key: { provider: 'selfcommunity', nativeId: 3 }, name: null, kind: 'COMMUNITY' },
      employeeID: null,
      courseId: 3,
      memberId: 2321,
      username: 'EMP00462',
      realName: 'Björn Łukasiewicz',
      joinStatus: 'joined',
      completionRate: 0.5,
      joinedAt: '2022-08-14T02:08:00.000Z',
      lastActiveAt: '2023-02-06T10:39:00.000Z',
    });
  });

  it.each([
    ['creator', 0, 'NOT_STARTED'],
    ['creator', 50, 'IN_PROGRESS'],
    ['creator', 100, 'COMPLETED'],
    ['manager', 0, 'NOT_STARTED'],
    ['manager', 50, 'IN_PROGRESS'],
    ['manager', 100, 'COMPLETED'],
    ['joined', 0, 'NOT_STARTED'],
    ['joined', 1, 'IN_PROGRESS'],
    ['joined', 50, 'IN_PROGRESS'],
    ['joined', 99, 'IN_PROGRESS'],
    ['joined', 100, 'COMPLETED'],
    ['invited', 0, 'PENDING'],
    ['invited', 50, 'PENDING'],
    ['invited', 100, 'PENDING'],
    ['requested', 0, 'PENDING'],
    ['requested', 50, 'PENDING'],
    ['requested', 100, 'PENDING'],
  ] as const)('join_status %s with completion %i%% is %s', (join_status, rate, status) => {
    const membership = normalizeMembership(item({ join_status, user_completion_rate: rate }), 3);
    expect(membership.status).toBe(status);
    expect(membership.providerStatus).toBe(join_status);
    expect(membership.joinStatus).toBe(join_status);
    expect(membership.completionRate).toBe(rate / 100);
  });

  it('gives completion as a fraction: 0, 0.5 and 1', () => {
    expect([0, 50, 100].map((rate) => normalizeMembership(item({ user_completion_rate: rate }), 3).completionRate)).toEqual([0, 0.5, 1]);
  });

  it('keeps the username as given and names no employeeID (matching is the loaders’ case-insensitive job)', () => {
    expect(normalizeMembership(item({ username: 'emp00462' }), 3)).toMatchObject({ employeeID: null, username: 'emp00462' });
  });

  it('reads an empty real name and missing dates as null', () => {
    expect(normalizeMembership(item({ real_name: '', joined_at: null, last_active_at: null, join_status: 'invited' }), 3)).toMatchObject({
      realName: null,
      joinedAt: null,
      lastActiveAt: null,
    });
    expect(normalizeMembership(item({ real_name: null }), 3).realName).toBeNull();
  });

  it('reads a date-time without a zone as UTC', () => {
    expect(normalizeMembership(item({ joined_at: '2022-08-14T02:08:00' }), 3).joinedAt).toBe('2022-08-14T02:08:00.000Z');
  });
});

describe('isMember', () => {
  it.each(['creator', 'manager', 'joined', 'invited', 'requested'] as const)('a %s is part of the course', (join_status) => {
    expect(isMember(item({ join_status }))).toBe(true);
  });

  it('a null join status is not a member', () => {
    expect(isMember({ ...item(), join_status: null })).toBe(false);
  });
});

describe('normalizeCourse', () => {
  it('is a COMMUNITY course keyed by the id asked for', () => {
    expect(normalizeCourse({ id: 3, name: 'Komunitas Data Analytics' }, 3)).toEqual({
      key: { provider: 'selfcommunity', nativeId: 3 },
      name: 'Komunitas Data Analytics',
      kind: 'COMMUNITY',
    });
  });
});

describe('SelfCommunity schemas', () => {
  const raw = { ...item(), avatar: 'https://cdn.example/a.png' };

  it('accept a dashboard item, ignoring fields they do not use', () => {
    expect(memberItemSchema.parse(raw)).toEqual(item());
  });

  it.each([null, 'creator', 'manager', 'joined', 'invited', 'requested'])('accept join_status %j', (join_status) => {
    expect(memberItemSchema.safeParse({ ...raw, join_status }).success).toBe(true);
  });

  it.each(['banned', 'Joined', ''])('reject join_status %j (not in the status mapping)', (join_status) => {
    expect(memberItemSchema.safeParse({ ...raw, join_status }).success).toBe(false);
  });

  it('reject a completion rate outside 0–100, a string id, and an unreadable date', () => {
    expect(memberItemSchema.safeParse({ ...raw, user_completion_rate: 101 }).success).toBe(false);
    expect(memberItemSchema.safeParse({ ...raw, user_completion_rate: -1 }).success).toBe(false);
    expect(memberItemSchema.safeParse({ ...raw, id: '2321' }).success).toBe(false);
    expect(memberItemSchema.safeParse({ ...raw, joined_at: 'yesterday' }).success).toBe(false);
  });

  it('need the count of a page, since the other offsets come from it', () => {
    expect(memberListSchema.safeParse({ count: 1, next: null, previous: null, results: [raw] }).success).toBe(true);
    expect(memberListSchema.safeParse({ next: null, previous: null, results: [raw] }).success).toBe(false);
  });
});
