import { ONLINE_STATUSES, POST_ACTIVITY_STATUSES, USER_ASSIGNED_STATUSES, MAX_BATCH_SIZE } from '../../src/simulators/dataset/build-ruangkerja.js';
import { ABSORB_STATUSES, TICKS_PER_SECOND } from '../../src/simulators/dataset/build-absorb.js';
import { JOIN_STATUSES } from '../../src/simulators/dataset/build-selfcommunity.js';
import { buildDataset } from '../../src/simulators/dataset/build.js';
import type { Dataset } from '../../src/simulators/dataset/types.js';

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ISO_ANY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function enrollmentCount(d: Dataset): number {
  return d.ruangkerja.onlineAssignments.length + d.ruangkerja.webinarAssignments.length + d.absorb.enrollments.length;
}

describe('buildDataset', () => {
  let d: Dataset;
  let defaultBuildMs: number;

  beforeAll(() => {
    // Measured cold (first build in this worker), as a demo start would pay it.
    const started = performance.now();
    d = buildDataset({ seed: 42, employees: 500 });
    defaultBuildMs = performance.now() - started;
  });

  it('builds the default size in under 2 s', () => {
    console.log(`buildDataset({seed: 42, employees: 500}) took ${defaultBuildMs.toFixed(0)} ms; ${enrollmentCount(d)} enrollments`);
    expect(defaultBuildMs).toBeLessThan(2000);
  });

  it('is deterministic: the same options give a deep-equal dataset, another seed a different one', () => {
    expect(buildDataset({ seed: 42, employees: 500 })).toEqual(d);
    const other = buildDataset({ seed: 43, employees: 500 });
    expect(other.people.map((p) => p.firstName)).not.toEqual(d.people.map((p) => p.firstName));
    expect(other.absorb.enrollments[0]?.id).not.toBe(d.absorb.enrollments[0]?.id);
    expect(other.ruangkerja.users[0]?.serial).not.toBe(d.ruangkerja.users[0]?.serial);
  });

  it('scales to at least 100,000 Ruangkerja + Absorb enrollments', () => {
    const started = performance.now();
    const big = buildDataset({ seed: 7, employees: 9000 });
    const ms = performance.now() - started;
    console.log(`buildDataset({employees: 9000}) took ${ms.toFixed(0)} ms; ${enrollmentCount(big)} enrollments`);
    expect(enrollmentCount(big)).toBeGreaterThanOrEqual(100_000);
    expect(new Set(big.absorb.enrollments.map((e) => e.id)).size).toBe(big.absorb.enrollments.length);
  }, 60_000);

  it('has the documented sizes at 500 employees', () => {
    const rk = d.ruangkerja;
    expect(rk.courses).toHaveLength(40);
    const categories = new Set(rk.courses.map((c) => c.category));
    expect([...categories].sort()).toEqual(['Offline', 'Online', 'Webinar']);
    expect(rk.courses.filter((c) => c.category === 'Offline').length).toBeLessThanOrEqual(6);
    expect(d.absorb.courses).toHaveLength(60);
    expect(new Set(d.absorb.courses.map((c) => c.courseType))).toEqual(new Set(['OnlineCourse', 'InstructorLedCourse', 'CourseBundle', 'Curriculum']));
    expect(d.selfcommunity.courses).toHaveLength(5);
    for (const c of d.selfcommunity.courses) expect(Number.isInteger(c.id) && c.id < 1000).toBe(true);

    const rosterSizes = new Map<string, number>();
    for (const a of rk.webinarAssignments) rosterSizes.set(a.batchSerial, (rosterSizes.get(a.batchSerial) ?? 0) + 1);
    expect(Math.max(...rosterSizes.values())).toBe(MAX_BATCH_SIZE);
    const batchesPerCourse = new Map<string, number>();
    for (const b of rk.batches) batchesPerCourse.set(b.courseSerial, (batchesPerCourse.get(b.courseSerial) ?? 0) + 1);
    for (const course of rk.courses.filter((c) => c.category === 'Webinar')) {
      const n = batchesPerCourse.get(course.serial) ?? 0;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(4);
    }

    for (const course of d.absorb.courses.filter((c) => c.courseType === 'OnlineCourse')) {
      const chapters = d.absorb.chapters.filter((c) => c.courseId === course.id).length;
      const lessons = d.absorb.lessons.filter((l) => l.courseId === course.id).length;
      expect(chapters).toBeGreaterThanOrEqual(1);
      expect(chapters).toBeLessThanOrEqual(3);
      expect(lessons).toBeGreaterThanOrEqual(2);
      expect(lessons).toBeLessThanOrEqual(6);
    }
    for (const course of d.absorb.courses.filter((c) => c.courseType === 'InstructorLedCourse')) {
      expect(d.absorb.sessions.some((s) => s.courseId === course.id)).toBe(true);
    }
    const attemptsPerLesson = new Map<string, number>();
    for (const a of d.absorb.attempts) attemptsPerLesson.set(a.lessonEnrollmentId, (attemptsPerLesson.get(a.lessonEnrollmentId) ?? 0) + 1);
    expect(Math.max(...attemptsPerLesson.values())).toBeLessThanOrEqual(3);
    expect(d.absorb.lessonEnrollments.some((l) => l.attempts === 0)).toBe(true);
    for (const l of d.absorb.lessonEnrollments) expect(l.attempts).toBe(attemptsPerLesson.get(l.id) ?? 0);
  });

  it('distributes people across providers, with some in one and a few in none', () => {
    const n = d.people.length;
    const inRk = d.people.filter((p) => p.ruangkerjaSerial !== null).length / n;
    const inAbsorb = d.people.filter((p) => p.absorbUserId !== null).length / n;
    const inSc = d.people.filter((p) => p.selfCommunityUserId !== null).length / n;
    expect(inRk).toBeGreaterThan(0.72);
    expect(inRk).toBeLessThan(0.88);
    expect(inAbsorb).toBeGreaterThan(0.72);
    expect(inAbsorb).toBeLessThan(0.88);
    expect(inSc).toBeGreaterThan(0.27);
    expect(inSc).toBeLessThan(0.43);
    const providers = (p: Dataset['people'][number]): number => [p.ruangkerjaSerial, p.absorbUserId, p.selfCommunityUserId].filter((x) => x !== null).length;
    expect(d.people.filter((p) => providers(p) === 1).length).toBeGreaterThan(10);
    const nowhere = d.people.filter((p) => providers(p) === 0).length;
    expect(nowhere).toBeGreaterThan(0);
    expect(nowhere).toBeLessThan(n * 0.06);
    expect(d.people[0]?.employeeID).toBe('EMP00001');
    for (const p of d.people) {
      expect(p.employeeID).toMatch(/^EMP\d{5}$/);
      expect(p.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+$/);
    }
  });

  it('has non-ASCII and ASCII names', () => {
    const names = d.people.map((p) => `${p.firstName} ${p.lastName}`);
    for (const name of ['Siti Nurhaliza', 'Zoë Müller', 'Đặng Thu Hà', 'José Ñúñez', 'Ayşe Yılmaz']) expect(names).toContain(name);
    expect(names.filter((name) => /[^ -~]/.test(name)).length).toBeGreaterThan(50);
    expect(names.filter((name) => /^[ -~]+$/.test(name)).length).toBeGreaterThan(50);
  });

  it('Ruangkerja: serials, every enum value, consistent rows and links', () => {
    const rk = d.ruangkerja;
    const users = new Set(rk.users.map((u) => u.serial));
    const courses = new Map(rk.courses.map((c) => [c.serial, c]));
    const batches = new Set(rk.batches.map((b) => `${b.courseSerial}/${b.serial}`));
    for (const u of rk.users) expect(u.serial).toMatch(/^[A-Z0-9]{16}$/);
    expect(users.size).toBe(rk.users.length);
    for (const c of rk.courses) {
      expect(c.serial).toMatch(/^COURSE-[A-Z0-9]{8}$/);
      expect(c.name.startsWith(`[${c.category.toUpperCase()}] `)).toBe(true);
    }
    for (const b of rk.batches) {
      expect(b.serial).toMatch(/^BATCH-/);
      expect(courses.get(b.courseSerial)?.category).toBe('Webinar');
      for (const field of [b.mainActivityStartAt, b.mainActivityEndAt, b.postActivityStartAt, b.postActivityEndAt]) expect(field === '' || ISO_SECONDS.test(field)).toBe(true);
    }
    expect(rk.batches.some((b) => b.mainActivityEndAt === '' || b.postActivityStartAt === '')).toBe(true);
    expect(new Set(rk.batches.map((b) => b.status))).toEqual(new Set(['Completed', 'Ongoing']));
    expect(rk.batches.some((b) => b.platform === '') && rk.batches.some((b) => b.note === '') && rk.batches.some((b) => b.location !== '')).toBe(true);

    expect(new Set(rk.onlineAssignments.map((a) => a.status))).toEqual(new Set(ONLINE_STATUSES));
    for (const a of rk.onlineAssignments) {
      expect(users.has(a.userSerial)).toBe(true);
      expect(courses.get(a.courseSerial)?.category).toBe('Online');
      expect(a.completedAt === '' ? a.status !== 'completed' : a.status === 'completed' && /^\d{4}-\d{2}-\d{2}$/.test(a.completedAt)).toBe(true);
      expect(Number.isInteger(a.timeSpent) && a.timeSpent >= 0).toBe(true);
    }
    expect(rk.onlineAssignments.some((a) => a.preTest === null) && rk.onlineAssignments.some((a) => a.postTest === null)).toBe(true);

    const wa = rk.webinarAssignments;
    expect(new Set(wa.map((a) => a.userAssignedStatus))).toEqual(new Set(USER_ASSIGNED_STATUSES));
    expect(new Set(wa.map((a) => a.postActivityStatus))).toEqual(new Set(POST_ACTIVITY_STATUSES));
    expect(wa.some((a) => a.postTestPassingScore === null) && wa.some((a) => a.postTestPassingScore !== null)).toBe(true);
    expect(wa.some((a) => a.isAttend) && wa.some((a) => !a.isAttend)).toBe(true);
    expect(wa.some((a) => a.absentReason !== '') && wa.some((a) => a.feedback === '')).toBe(true);
    for (const a of wa) {
      expect(users.has(a.userSerial)).toBe(true);
      expect(batches.has(`${a.courseSerial}/${a.batchSerial}`)).toBe(true);
      expect(a.assignedCourseSerial).toMatch(/^ASGC-[A-Z0-9]{8}$/);
    }
    expect(rk.clients).toEqual([{ clientID: 'demo-client', clientSecret: 'demo-secret' }]);
  });

  it('Absorb: guids, every status 0–12, history, ticks over a day, consistent names', () => {
    const ab = d.absorb;
    const courses = new Map(ab.courses.map((c) => [c.id, c]));
    const users = new Map(ab.users.map((u) => [u.id, u]));
    for (const u of ab.users) expect(u.id).toMatch(GUID);
    expect(ab.users.some((u) => u.employeeNumber === null)).toBe(true);
    expect(new Set(ab.users.map((u) => u.activeStatus))).toEqual(new Set([0, 1]));
    for (const u of ab.users.filter((x) => x.employeeNumber !== null)) {
      expect(u.externalId).toBe(`EXT-${u.employeeNumber}`);
      expect(u.emailAddress?.startsWith(`${u.username}@`)).toBe(true);
    }
    expect(new Set(ab.enrollments.map((e) => e.status))).toEqual(new Set(ABSORB_STATUSES));
    for (const e of ab.enrollments) {
      expect(e.id).toMatch(GUID);
      expect(e.courseName).toBe(courses.get(e.courseId)?.name);
      const u = users.get(e.userId);
      expect(e.fullName).toBe(`${u?.firstName} ${u?.lastName}`);
      expect(e.progress >= 0 && e.progress <= 100).toBe(true);
      expect(Number.isInteger(e.timeSpentTicks)).toBe(true);
      for (const date of [e.dateAdded, e.dateEdited, e.dateStarted, e.dateCompleted, e.dateExpires]) expect(date === null || ISO_SECONDS.test(date)).toBe(true);
    }
    expect(ab.enrollments.some((e) => e.score === null) && ab.enrollments.some((e) => e.score !== null)).toBe(true);
    expect(ab.enrollments.some((e) => e.timeSpentTicks > 86_400 * TICKS_PER_SECOND)).toBe(true);
    const historical = ab.enrollments.filter((e) => !e.isActive);
    expect(historical.length).toBeGreaterThan(0);
    for (const h of historical) expect(ab.enrollments.some((e) => e.isActive && e.userId === h.userId && e.courseId === h.courseId)).toBe(true);
    for (const s of ab.sessions) for (const sch of s.sessionSchedules) expect(ISO_SECONDS.test(sch.startDate) && sch.endDate > sch.startDate).toBe(true);
    const enrollmentIds = new Set(ab.enrollments.map((e) => e.id));
    for (const s of ab.sessionEnrollments) expect(enrollmentIds.has(s.courseEnrollmentId)).toBe(true);
    expect(ab.apiKeys).toEqual(['demo-api-key']);
    expect(ab.logins).toEqual([{ username: 'demo-admin', password: 'demo-password', privateKey: 'demo-private-key' }]);
  });

  it('SelfCommunity: every join_status including null, completion 0/100/between, case-varied and outside usernames', () => {
    const members = d.selfcommunity.members;
    expect(new Set(members.map((m) => m.join_status))).toEqual(new Set(JOIN_STATUSES));
    expect(members.some((m) => m.user_completion_rate === 0)).toBe(true);
    expect(members.some((m) => m.user_completion_rate === 100)).toBe(true);
    expect(members.some((m) => m.user_completion_rate > 0 && m.user_completion_rate < 100)).toBe(true);
    const ids = new Set(d.people.map((p) => p.employeeID));
    expect(members.some((m) => m.username !== m.username.toUpperCase() && ids.has(m.username.toUpperCase()))).toBe(true);
    expect(members.some((m) => !ids.has(m.username.toUpperCase()))).toBe(true);
    expect(members.some((m) => m.real_name === '')).toBe(true);
    expect(members.some((m) => m.joined_at === null) && members.some((m) => m.last_active_at === null)).toBe(true);
    for (const m of members) {
      for (const date of [m.joined_at, m.last_active_at]) expect(date === null || ISO_ANY.test(date)).toBe(true);
      expect(m.avatar).toMatch(/^https:\/\//);
    }
    // A person's SelfCommunity id is the id of the members with their username.
    for (const p of d.people.filter((x) => x.selfCommunityUserId !== null).slice(0, 50)) {
      const own = members.filter((m) => m.id === p.selfCommunityUserId);
      for (const m of own) expect(m.username.toUpperCase()).toBe(p.employeeID);
    }
    expect(d.selfcommunity.managerTokens).toEqual(['demo-manager-token']);
    expect(d.selfcommunity.plainTokens).toEqual(['demo-member-token']);
  });

  it('has valid samples', () => {
    const s = d.samples;
    const learner = d.people.find((p) => p.employeeID === s.learnerEmployeeID);
    expect(learner?.ruangkerjaSerial && learner.absorbUserId && learner.selfCommunityUserId).toBeTruthy();
    const rk = d.ruangkerja;
    expect(rk.onlineAssignments.some((a) => a.userSerial === learner?.ruangkerjaSerial)).toBe(true);
    const roster = rk.webinarAssignments.filter((a) => a.courseSerial === s.batch.courseSerial && a.batchSerial === s.batch.batchSerial);
    expect(roster).toHaveLength(150);
    expect(roster.some((a) => a.userSerial === learner?.ruangkerjaSerial)).toBe(true);

    const ab = d.absorb;
    const courseEnrollments = ab.enrollments.filter((e) => e.courseId === s.absorbCourseId);
    expect(ab.courses.find((c) => c.id === s.absorbCourseId)?.courseType).toBe('OnlineCourse');
    expect(courseEnrollments.length).toBeGreaterThanOrEqual(300);
    expect(courseEnrollments.some((e) => e.userId === learner?.absorbUserId)).toBe(true);
    expect(ab.courses.find((c) => c.id === s.absorbIlcCourseId)?.courseType).toBe('InstructorLedCourse');
    const learnerIlc = ab.enrollments.find((e) => e.courseId === s.absorbIlcCourseId && e.userId === learner?.absorbUserId);
    expect(ab.sessionEnrollments.filter((x) => x.courseEnrollmentId === learnerIlc?.id).length).toBeGreaterThanOrEqual(1);
    const detail = ab.enrollments.find((e) => e.id === s.absorbEnrollmentId);
    expect(detail?.userId).toBe(learner?.absorbUserId);
    expect(ab.chapterEnrollments.some((c) => c.courseEnrollmentId === s.absorbEnrollmentId)).toBe(true);
    const lessons = ab.lessonEnrollments.filter((l) => l.courseEnrollmentId === s.absorbEnrollmentId);
    expect(lessons.length).toBeGreaterThanOrEqual(2);
    expect(ab.attempts.some((a) => lessons.some((l) => l.id === a.lessonEnrollmentId))).toBe(true);
    expect(ab.enrollments.some((e) => e.userId === learner?.absorbUserId && !e.isActive)).toBe(true);

    expect(d.selfcommunity.courses.some((c) => c.id === s.communityCourseId)).toBe(true);
    const memberships = d.selfcommunity.members.filter((m) => m.id === learner?.selfCommunityUserId);
    expect(new Set(memberships.map((m) => m.courseId)).size).toBeGreaterThanOrEqual(2);
    expect(memberships.some((m) => m.courseId === s.communityCourseId && m.join_status === 'joined')).toBe(true);

    expect(s.teamEmployeeIDs).toHaveLength(50);
    expect(new Set(s.teamEmployeeIDs).size).toBe(50);
    const team = s.teamEmployeeIDs.map((id) => d.people.find((p) => p.employeeID === id));
    expect(team.every((p) => p !== undefined)).toBe(true);
    expect(team.some((p) => p?.ruangkerjaSerial === null && p.absorbUserId === null && p.selfCommunityUserId === null)).toBe(true);
    expect(team.some((p) => p?.ruangkerjaSerial !== null && p?.absorbUserId === null)).toBe(true);
    expect(team.some((p) => p?.ruangkerjaSerial === null && p?.absorbUserId !== null)).toBe(true);
  });

  it('keeps the small sizes the server allows (DEMO_EMPLOYEES=10) valid', () => {
    const small = buildDataset({ seed: 1, employees: 10 });
    expect(new Set(small.ruangkerja.onlineAssignments.map((a) => a.status))).toEqual(new Set(ONLINE_STATUSES));
    expect(new Set(small.absorb.enrollments.map((e) => e.status))).toEqual(new Set(ABSORB_STATUSES));
    expect(new Set(small.selfcommunity.members.map((m) => m.join_status))).toEqual(new Set(JOIN_STATUSES));
    expect(small.samples.teamEmployeeIDs.length).toBe(9);
  });
});
