import { describe, expect, it } from '@jest/globals';
import {
  courseKindOf,
  normalizeBatch,
  normalizeCourse,
  normalizeOnlineEnrollment,
  normalizeRosterEntry,
  normalizeUser,
  normalizeWebinarEnrollment,
} from '../../../src/providers/ruangkerja/normalize.js';
import type { BatchItem, OnlineItem, RosterItem, WebinarItem } from '../../../src/providers/ruangkerja/schemas.js';

const onlineItem = (overrides: Partial<OnlineItem> = {}): OnlineItem => ({
  course: { serial: 'COURSE-EXAMPLE1', name: '[ONLINE] Effisien Menggunakan Spreadsheet untuk Report' },
  postTest: 100,
  preTest: 90,
  timeSpent: 873,
  completedAt: '2022-07-22',
  status: 'completed',
  ...overrides,
});

const participation = {
  absentReason: '',
  assignedCourseSerial: 'ASGC-T0MHUDPV',
  feedback: '',
  isAttend: true,
  userAssignedStatus: 'Ongoing',
  postActivityStatus: '',
  postTestAttempt: 0,
  postTestScore: 0,
  postTestPassingScore: null,
} satisfies Omit<RosterItem, 'user'>;

const webinarItem = (overrides: Partial<WebinarItem> = {}): WebinarItem => ({
  course: { serial: 'COURSE-EXAMPLE1', name: '[OFFLINE] Effisien Menggunakan Spreadsheet untuk Report' },
  batch: { serial: 'BATCH-EXP-02', name: 'Webinar Training Batch 1' },
  ...participation,
  ...overrides,
});

const rosterItem = (overrides: Partial<RosterItem> = {}): RosterItem => ({
  user: { serial: 'JOHNILXV3QAJJEL3', name: 'John Doe', employeeID: 'EMPLY001' },
  ...participation,
  ...overrides,
});

describe('normalizeOnlineEnrollment', () => {
  it('maps every documented field of a completed online course', () => {
    expect(normalizeOnlineEnrollment(onlineItem(), 'EMPLY001')).toEqual({
      kind: 'online',
      provider: 'ruangkerja',
      id: 'ruangkerja:EMPLY001:COURSE-EXAMPLE1',
      status: 'COMPLETED',
      providerStatus: 'completed',
      score: 100,
      preTest: 90,
      postTest: 100,
      completedAt: '2022-07-22',
      timeSpentSeconds: 873,
      course: { key: { provider: 'ruangkerja', nativeId: 'COURSE-EXAMPLE1' }, name: '[ONLINE] Effisien Menggunakan Spreadsheet untuk Report', kind: 'ONLINE' },
      employeeID: 'EMPLY001',
    });
  });

  it.each([
    ['not_started', 'NOT_STARTED'],
    ['in_progress', 'IN_PROGRESS'],
    ['completed', 'COMPLETED'],
    ['failed', 'FAILED'],
    ['expired', 'EXPIRED'],
  ] as const)('status %s is %s, and the text is kept as providerStatus', (status, unified) => {
    const enrollment = normalizeOnlineEnrollment(onlineItem({ status }), 'E1');
    expect(enrollment.status).toBe(unified);
    expect(enrollment.providerStatus).toBe(status);
  });

  it('keeps null pre- and post-tests (not submitted or timed out) as null, and the score with them', () => {
    const enrollment = normalizeOnlineEnrollment(onlineItem({ preTest: null, postTest: null, status: 'expired', completedAt: '' }), 'E1');
    expect(enrollment).toMatchObject({ preTest: null, postTest: null, score: null });
  });

  it('reads an empty completedAt as null', () => {
    expect(normalizeOnlineEnrollment(onlineItem({ completedAt: '' }), 'E1').completedAt).toBeNull();
  });

  it('rounds a fractional timeSpent down to whole seconds, and keeps 0', () => {
    expect(normalizeOnlineEnrollment(onlineItem({ timeSpent: 873.9 }), 'E1').timeSpentSeconds).toBe(873);
    expect(normalizeOnlineEnrollment(onlineItem({ timeSpent: 0 }), 'E1').timeSpentSeconds).toBe(0);
  });

  it('builds the id from the employeeID given, not from the path user (a serial when RUANGKERJA_USER_KEY=serial)', () => {
    expect(normalizeOnlineEnrollment(onlineItem(), 'EMP00007').id).toBe('ruangkerja:EMP00007:COURSE-EXAMPLE1');
  });
});

describe('normalizeWebinarEnrollment', () => {
  it('maps a user webinar line, keeping course and batch names as given', () => {
    expect(normalizeWebinarEnrollment(webinarItem({ postTestScore: 85, postTestAttempt: 2, postTestPassingScore: 80 }), 'EMPLY001')).toEqual({
      kind: 'webinar',
      provider: 'ruangkerja',
      id: 'ruangkerja:EMPLY001:COURSE-EXAMPLE1:BATCH-EXP-02',
      status: 'IN_PROGRESS',
      providerStatus: 'Ongoing',
      score: 85,
      completedAt: null,
      timeSpentSeconds: null,
      course: { key: { provider: 'ruangkerja', nativeId: 'COURSE-EXAMPLE1' }, name: '[OFFLINE] Effisien Menggunakan Spreadsheet untuk Report', kind: 'WEBINAR' },
      batch: { courseSerial: 'COURSE-EXAMPLE1', serial: 'BATCH-EXP-02', name: 'Webinar Training Batch 1', schedule: null },
      attended: true,
      absentReason: null,
      feedback: null,
      userAssignedStatus: 'Ongoing',
      postActivityStatus: null,
      postTestAttempt: 2,
      postTestScore: 85,
      postTestPassingScore: 80,
      assignedCourseSerial: 'ASGC-T0MHUDPV',
      employeeID: 'EMPLY001',
    });
  });

  it.each([
    ['Ongoing', 'IN_PROGRESS'],
    ['Cleared', 'COMPLETED'],
    ['Failed', 'FAILED'],
  ] as const)('userAssignedStatus %s is %s', (userAssignedStatus, unified) => {
    const enrollment = normalizeWebinarEnrollment(webinarItem({ userAssignedStatus }), 'E1');
    expect(enrollment.status).toBe(unified);
    expect(enrollment.providerStatus).toBe(userAssignedStatus);
    expect(enrollment.userAssignedStatus).toBe(userAssignedStatus);
  });

  it.each(['NOT STARTED', 'IN PROGRESS', 'COMPLETED', 'EXPIRED'])('postActivityStatus %s is kept as given', (postActivityStatus) => {
    expect(normalizeWebinarEnrollment(webinarItem({ postActivityStatus }), 'E1').postActivityStatus).toBe(postActivityStatus);
  });

  it('reads "" postActivityStatus (no post activity), absentReason, feedback and assignedCourseSerial as null', () => {
    const enrollment = normalizeWebinarEnrollment(webinarItem({ postActivityStatus: '', absentReason: '', feedback: '', assignedCourseSerial: '' }), 'E1');
    expect(enrollment).toMatchObject({ postActivityStatus: null, absentReason: null, feedback: null, assignedCourseSerial: null });
  });

  it('keeps an absent participant’s reason and feedback text', () => {
    const enrollment = normalizeWebinarEnrollment(webinarItem({ isAttend: false, absentReason: 'Sakit', feedback: 'Materi bagus', userAssignedStatus: 'Failed' }), 'E1');
    expect(enrollment).toMatchObject({ attended: false, absentReason: 'Sakit', feedback: 'Materi bagus', status: 'FAILED' });
  });

  it('keeps a null passing score and a post-test score of 0', () => {
    expect(normalizeWebinarEnrollment(webinarItem({ postTestPassingScore: null, postTestScore: 0 }), 'E1')).toMatchObject({ postTestPassingScore: null, postTestScore: 0, score: 0 });
  });
});

describe('normalizeRosterEntry', () => {
  it('takes the employeeID from the roster user and leaves course and batch names null (the roster has neither)', () => {
    const entry = normalizeRosterEntry(rosterItem({ userAssignedStatus: 'Cleared', postActivityStatus: 'COMPLETED' }), 'COURSE-EXAMPLE2', 'BATCH-EXP-01');
    expect(entry.user).toEqual({ serial: 'JOHNILXV3QAJJEL3', employeeID: 'EMPLY001', name: 'John Doe' });
    expect(entry.enrollment).toMatchObject({
      kind: 'webinar',
      id: 'ruangkerja:EMPLY001:COURSE-EXAMPLE2:BATCH-EXP-01',
      status: 'COMPLETED',
      providerStatus: 'Cleared',
      postActivityStatus: 'COMPLETED',
      employeeID: 'EMPLY001',
      course: { key: { provider: 'ruangkerja', nativeId: 'COURSE-EXAMPLE2' }, name: null, kind: 'WEBINAR' },
      batch: { courseSerial: 'COURSE-EXAMPLE2', serial: 'BATCH-EXP-01', name: null, schedule: null },
    });
  });

  it('reads an empty user name as null', () => {
    expect(normalizeRosterEntry(rosterItem({ user: { serial: 'S1', name: '', employeeID: 'E1' } }), 'C', 'B').user.name).toBeNull();
  });
});

describe('normalizeCourse', () => {
  it.each([
    ['Online', 'ONLINE'],
    ['Webinar', 'WEBINAR'],
    // Offline courses run in batches like webinars.
    ['Offline', 'WEBINAR'],
  ] as const)('category %s is kind %s', (category, kind) => {
    expect(courseKindOf(category)).toBe(kind);
    expect(normalizeCourse({ serial: 'COURSE-1', name: 'Dasar SQL', category })).toEqual({ key: { provider: 'ruangkerja', nativeId: 'COURSE-1' }, name: 'Dasar SQL', kind });
  });
});

describe('normalizeBatch', () => {
  const batch: BatchItem = {
    serial: 'BATCH-1',
    name: 'Dasar-Dasar SQL - Batch 1',
    mainActivityStartAt: '2023-05-12T20:32:00Z',
    mainActivityEndAt: '2023-05-12T22:32:00+07:00',
    postActivityStartAt: '',
    postActivityEndAt: null,
    platform: 'Google Meet',
    location: '',
    note: 'Dress code: batik',
    status: 'Completed',
  };

  it('converts instants to ISO-8601 UTC and empty or missing values to null', () => {
    expect(normalizeBatch(batch, 'COURSE-1')).toEqual({
      courseSerial: 'COURSE-1',
      serial: 'BATCH-1',
      name: 'Dasar-Dasar SQL - Batch 1',
      schedule: {
        mainActivityStartAt: '2023-05-12T20:32:00.000Z',
        mainActivityEndAt: '2023-05-12T15:32:00.000Z',
        postActivityStartAt: null,
        postActivityEndAt: null,
        platform: 'Google Meet',
        location: null,
        note: 'Dress code: batik',
        status: 'Completed',
      },
    });
  });

  it.each(['Completed', 'Ongoing'])('keeps status %s as text', (status) => {
    expect(normalizeBatch({ ...batch, status }, 'C').schedule?.status).toBe(status);
  });
});

describe('normalizeUser', () => {
  it('keeps the directory fields, empty text as null', () => {
    expect(
      normalizeUser({ serial: 'S1', employeeID: 'EMP1', name: 'Siti Rahayu', username: '', email: null, isActive: true, companyName: 'PT Contoh' }),
    ).toEqual({ serial: 'S1', employeeID: 'EMP1', name: 'Siti Rahayu', username: null, email: null, isActive: true, companyName: 'PT Contoh' });
  });
});
