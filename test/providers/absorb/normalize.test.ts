import { describe, expect, it } from '@jest/globals';
import {
  normalizeAttempt,
  normalizeChapterEnrollment,
  normalizeCourse,
  normalizeCourseEnrollment,
  normalizeLessonEnrollment,
  normalizeSession,
  normalizeSessionEnrollment,
  normalizeUser,
} from '../../../src/providers/absorb/normalize.js';
import {
  attemptSchema,
  chapterEnrollmentSchema,
  courseEnrollmentSchema,
  courseSchema,
  lessonEnrollmentSchema,
  rosterSessionEnrollmentSchema,
  sessionEnrollmentSchema,
  sessionSchema,
  userSchema,
  type AbsorbCourseEnrollmentBody,
} from '../../../src/providers/absorb/schemas.js';

const ENROLLMENT = 'A1B2C3D4-0000-4000-8000-00000000000A';
const COURSE = 'C0C0C0C0-1111-4111-8111-11111111111C';
const USER = 'E5E5E5E5-2222-4222-8222-22222222222E';

/** A course enrollment as the API sends it (parsed through the schema, as the client does). */
function courseEnrollment(overrides: Record<string, unknown> = {}): AbsorbCourseEnrollmentBody {
  return courseEnrollmentSchema.parse({
    id: ENROLLMENT,
    courseId: COURSE,
    courseName: 'Fire Safety',
    progress: 42.5,
    score: 88,
    status: 1,
    dateCompleted: null,
    dateExpires: '2025-01-31T00:00:00',
    dateEdited: '2024-03-06T10:00:00Z',
    dateAdded: '2024-03-01T08:30:00Z',
    fullName: 'Siti Nurhaliza',
    courseVersionId: null,
    userId: USER,
    acceptedTermsAndConditions: true,
    timeSpentTicks: 15_000_000,
    timeSpent: '00:00:01.5000000',
    dateStarted: '2024-03-02T09:00:00.1234567Z',
    credits: 1.5,
    isActive: true,
    dateDue: '',
    jobTitle: 'Analyst',
    avatar: null,
    ...overrides,
  });
}

const STATUS_NAMES: readonly [number, string, string][] = [
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
];

describe('normalizeCourseEnrollment', () => {
  it('builds the domain enrollment field by field, every guid lower-cased', () => {
    expect(normalizeCourseEnrollment(courseEnrollment())).toEqual({
      kind: 'absorb',
      provider: 'absorb',
      id: `absorb:${ENROLLMENT.toLowerCase()}`,
      enrollmentId: ENROLLMENT.toLowerCase(),
      absorbUserId: USER.toLowerCase(),
      absorbCourseId: COURSE.toLowerCase(),
      status: 'IN_PROGRESS',
      providerStatus: 'InProgress',
      score: 88,
      progress: 42.5,
      completedAt: null,
      dateCompleted: null,
      dateStarted: '2024-03-02T09:00:00.123Z',
      // A zone-less .NET date-time is UTC.
      dateExpires: '2025-01-31T00:00:00.000Z',
      dateDue: null,
      dateEnrolled: '2024-03-01T08:30:00.000Z',
      timeSpentSeconds: 1,
      isActive: true,
      credits: 1.5,
      fullName: 'Siti Nurhaliza',
      course: { key: { provider: 'absorb', nativeId: COURSE.toLowerCase() }, name: 'Fire Safety', kind: null },
      employeeID: null,
    });
  });

  it.each(STATUS_NAMES)('maps status %i to providerStatus %s and %s', (status, name, unified) => {
    const enrollment = normalizeCourseEnrollment(courseEnrollment({ status }));
    expect(enrollment.providerStatus).toBe(name);
    expect(enrollment.status).toBe(unified);
  });

  it('takes completedAt as the UTC calendar day of dateCompleted, dateEnrolled from dateAdded', () => {
    const enrollment = normalizeCourseEnrollment(courseEnrollment({ status: 3, dateCompleted: '2024-03-05T23:59:59.9999999Z', dateAdded: '2024-02-01T00:00:00+07:00' }));
    expect(enrollment.completedAt).toBe('2024-03-05');
    expect(enrollment.dateCompleted).toBe('2024-03-05T23:59:59.999Z');
    expect(enrollment.dateEnrolled).toBe('2024-01-31T17:00:00.000Z');
  });

  it('prefers exact ticks over the TimeSpan and reads the TimeSpan when ticks are absent', () => {
    expect(normalizeCourseEnrollment(courseEnrollment({ timeSpentTicks: 937_845_000_000, timeSpent: '00:00:00' })).timeSpentSeconds).toBe(93_784);
    expect(normalizeCourseEnrollment(courseEnrollment({ timeSpentTicks: undefined, timeSpent: '1.02:03:04.5000000' })).timeSpentSeconds).toBe(93_784);
    expect(normalizeCourseEnrollment(courseEnrollment({ timeSpentTicks: null, timeSpent: null })).timeSpentSeconds).toBeNull();
    expect(normalizeCourseEnrollment(courseEnrollment({ timeSpentTicks: null, timeSpent: '' })).timeSpentSeconds).toBeNull();
  });

  it('turns absent, null and empty values into null', () => {
    const enrollment = normalizeCourseEnrollment(
      courseEnrollment({ courseName: undefined, score: null, progress: undefined, dateStarted: '', dateExpires: null, dateAdded: undefined, credits: null, fullName: null }),
    );
    expect(enrollment).toMatchObject({ score: null, progress: null, dateStarted: null, dateExpires: null, dateEnrolled: null, credits: null, fullName: null });
    expect(enrollment.course.name).toBeNull();
  });

  it('keeps historical enrollments as such', () => {
    expect(normalizeCourseEnrollment(courseEnrollment({ isActive: false })).isActive).toBe(false);
  });
});

describe('activity enrollments', () => {
  const base = {
    id: 'ABCDEF01-3333-4333-8333-333333333333',
    courseEnrollmentId: ENROLLMENT,
    name: 'Session 1',
    userId: USER,
    fullName: 'Siti Nurhaliza',
    status: 8,
    progress: 0,
    score: null,
    timeSpent: '2.00:00:00',
    dateEnrolled: '2024-03-01T08:30:00Z',
    dateStarted: null,
    dateCompleted: '',
    dateEdited: '2024-03-01T08:30:00Z',
  };

  it('a session enrollment keeps its raw lower-case guid and takes the course from the path', () => {
    const row = sessionEnrollmentSchema.parse({ ...base, sessionId: 'FEDCBA98-4444-4444-8444-444444444444' });
    expect(normalizeSessionEnrollment(row, { userId: USER, courseId: COURSE })).toEqual({
      id: 'abcdef01-3333-4333-8333-333333333333',
      name: 'Session 1',
      status: 'PENDING',
      providerStatus: 'OnWaitlist',
      progress: 0,
      score: null,
      timeSpentSeconds: 172_800,
      dateStarted: null,
      dateCompleted: null,
      absorbUserId: USER.toLowerCase(),
      absorbCourseId: COURSE.toLowerCase(),
      sessionId: 'fedcba98-4444-4444-8444-444444444444',
      courseEnrollmentId: ENROLLMENT.toLowerCase(),
      dateEnrolled: '2024-03-01T08:30:00.000Z',
    });
  });

  it('a session roster row takes its user from the body', () => {
    const row = rosterSessionEnrollmentSchema.parse({ ...base, sessionId: 'FEDCBA98-4444-4444-8444-444444444444' });
    expect(normalizeSessionEnrollment(row, { courseId: COURSE }).absorbUserId).toBe(USER.toLowerCase());
    expect(() => rosterSessionEnrollmentSchema.parse({ ...base, userId: null, sessionId: 'FEDCBA98-4444-4444-8444-444444444444' })).toThrow();
  });

  it('a chapter enrollment works without a user in its body (the path names the user)', () => {
    const row = chapterEnrollmentSchema.parse({ ...base, userId: undefined, status: 3, chapterId: '0000000A-5555-4555-8555-555555555555', timeSpent: '00:14:33.9999999', lessonEnrollmentIds: [] });
    const chapter = normalizeChapterEnrollment(row, { userId: USER, courseId: COURSE });
    expect(chapter).toMatchObject({ chapterId: '0000000a-5555-4555-8555-555555555555', absorbUserId: USER.toLowerCase(), status: 'COMPLETED', providerStatus: 'Complete', timeSpentSeconds: 873 });
  });

  it('a lesson enrollment carries its chapter (or null), attempts, and ticks when given', () => {
    const row = lessonEnrollmentSchema.parse({ ...base, status: 5, lessonId: '0000000B-6666-4666-8666-666666666666', chapterId: null, attempts: 3, timeSpentTicks: 600_000_000 });
    expect(normalizeLessonEnrollment(row, { userId: USER, courseId: COURSE })).toMatchObject({
      id: 'abcdef01-3333-4333-8333-333333333333',
      lessonId: '0000000b-6666-4666-8666-666666666666',
      chapterId: null,
      attempts: 3,
      status: 'FAILED',
      providerStatus: 'Failed',
      timeSpentSeconds: 60,
    });
  });
});

describe('attempts, courses, sessions, users', () => {
  it.each([
    [1, 'InProgress', 'IN_PROGRESS'],
    [3, 'Complete', 'COMPLETED'],
    [5, 'Failed', 'FAILED'],
  ])('an attempt of status %i is %s', (status, name, unified) => {
    const attempt = normalizeAttempt(
      attemptSchema.parse({ id: 'AAAAAAAA-7777-4777-8777-777777777777', timeSpentTicks: 12_345_678_901, status, score: 75.5, startDate: '2024-03-01T08:00:00Z', completionDate: null }),
    );
    expect(attempt).toEqual({
      id: 'aaaaaaaa-7777-4777-8777-777777777777',
      status: unified,
      providerStatus: name,
      score: 75.5,
      timeSpentSeconds: 1234,
      dateStarted: '2024-03-01T08:00:00.000Z',
      dateCompleted: null,
    });
  });

  it.each([
    ['OnlineCourse', 'ONLINE'],
    ['InstructorLedCourse', 'INSTRUCTOR_LED'],
    ['CourseBundle', 'BUNDLE'],
    ['Curriculum', 'CURRICULUM'],
  ])('a %s course is %s', (courseType, kind) => {
    expect(normalizeCourse(courseSchema.parse({ id: COURSE, name: 'Fire Safety', courseType, activeStatus: 0 }))).toEqual({
      key: { provider: 'absorb', nativeId: COURSE.toLowerCase() },
      name: 'Fire Safety',
      kind,
    });
  });

  it('a course without a type has kind null', () => {
    expect(normalizeCourse(courseSchema.parse({ id: COURSE, name: null })).kind).toBeNull();
  });

  it('a session links its course through courseId or instructorLedCourseId and lists its schedules', () => {
    const schedules = [{ startDate: '2024-04-01T02:00:00Z', endDate: '2024-04-01T05:00:00' }, { startDate: null, endDate: '' }];
    const viaCourseId = normalizeSession(sessionSchema.parse({ id: 'BBBBBBBB-8888-4888-8888-888888888888', courseId: COURSE, name: 'Jakarta 1', sessionSchedules: schedules }));
    expect(viaCourseId).toEqual({
      id: 'bbbbbbbb-8888-4888-8888-888888888888',
      courseId: COURSE.toLowerCase(),
      name: 'Jakarta 1',
      schedules: [
        { startsAt: '2024-04-01T02:00:00.000Z', endsAt: '2024-04-01T05:00:00.000Z' },
        { startsAt: null, endsAt: null },
      ],
    });
    const viaIlc = normalizeSession(sessionSchema.parse({ id: 'BBBBBBBB-8888-4888-8888-888888888888', instructorLedCourseId: COURSE, name: null }));
    expect(viaIlc).toMatchObject({ courseId: COURSE.toLowerCase(), name: null, schedules: [] });
  });

  it('a user keeps its fields, guid lower-cased, absent ones null', () => {
    expect(normalizeUser(userSchema.parse({ id: USER, username: 'siti', firstName: 'Siti', lastName: 'Nurhaliza', employeeNumber: 'EMP00001', activeStatus: 0 }))).toEqual({
      id: USER.toLowerCase(),
      username: 'siti',
      firstName: 'Siti',
      lastName: 'Nurhaliza',
      emailAddress: null,
      employeeNumber: 'EMP00001',
      externalId: null,
      activeStatus: 0,
    });
  });
});
