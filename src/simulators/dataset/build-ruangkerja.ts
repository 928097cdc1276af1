import type { PersonDraft } from './draft.js';
import { ensureEvery } from './ensure.js';
import { DAY_MS, Rng, daysAgo, isoDate, isoSeconds } from './random.js';
import { RUANGKERJA_TOPICS, topicTitle } from './topics.js';
import type {
  RuangkerjaBatch,
  RuangkerjaCourse,
  RuangkerjaData,
  RuangkerjaOnlineAssignment,
  RuangkerjaOnlineStatus,
  RuangkerjaPostActivityStatus,
  RuangkerjaUser,
  RuangkerjaUserAssignedStatus,
  RuangkerjaWebinarAssignment,
} from './types.js';

export const ONLINE_STATUSES: readonly RuangkerjaOnlineStatus[] = ['not_started', 'completed', 'expired', 'failed', 'in_progress'];
export const USER_ASSIGNED_STATUSES: readonly RuangkerjaUserAssignedStatus[] = ['Ongoing', 'Cleared', 'Failed'];
export const POST_ACTIVITY_STATUSES: readonly RuangkerjaPostActivityStatus[] = ['NOT STARTED', 'IN PROGRESS', 'COMPLETED', 'EXPIRED', ''];

/** The largest batch: the dashboard's BatchRoster sample has exactly this many participants. */
export const MAX_BATCH_SIZE = 150;

const COMPANIES = ['PT Ruang Kerja Nusantara', 'PT Sinar Digital Indonesia', 'PT Maju Bersama Tbk', 'PT Kopi Kenangan Kita'];
const PLATFORMS = ['Zoom', 'Google Meet', 'Microsoft Teams'];
const ABSENT_REASONS = ['Sakit', 'Cuti tahunan', 'Tugas luar kota', 'Bentrok dengan rapat klien', 'Kendala koneksi internet'];
const FEEDBACK = ['Materinya sangat bermanfaat', 'Pembicara jelas dan interaktif', 'Durasi terlalu singkat', 'Great session, thank you!', 'Perlu lebih banyak studi kasus'];
const NOTES = ['Link akan dikirim H-1 melalui email', 'Wajib kamera menyala', 'Dress code: batik', 'Bring your own laptop'];

export interface RuangkerjaBuild {
  data: RuangkerjaData;
  sampleBatch: { courseSerial: string; batchSerial: string };
}

/** Draws until the serial is new: random serials may collide, and serials are keys. */
function uniqueSerial(used: Set<string>, make: () => string): string {
  for (;;) {
    const serial = make();
    if (!used.has(serial)) {
      used.add(serial);
      return serial;
    }
  }
}

function score(rng: Rng, min: number, max: number): number {
  // The document types scores as float: some are halves.
  return rng.chance(0.2) ? rng.int(min * 2, max * 2) / 2 : rng.int(min, max);
}

/** The fields of one online assignment, consistent with its status (only `completed` has a date). */
export function onlineFields(
  rng: Rng,
  status: RuangkerjaOnlineStatus,
): Pick<RuangkerjaOnlineAssignment, 'preTest' | 'postTest' | 'timeSpent' | 'completedAt' | 'status'> {
  switch (status) {
    case 'not_started':
      return { status, preTest: null, postTest: null, timeSpent: 0, completedAt: '' };
    case 'in_progress':
      return { status, preTest: rng.chance(0.7) ? score(rng, 20, 100) : null, postTest: null, timeSpent: rng.int(60, 5400), completedAt: '' };
    case 'completed':
      return {
        status,
        preTest: rng.chance(0.9) ? score(rng, 20, 100) : null,
        postTest: score(rng, 60, 100),
        timeSpent: rng.int(300, 10_800),
        completedAt: isoDate(daysAgo(rng, 1, 700)),
      };
    case 'failed':
      return { status, preTest: score(rng, 10, 90), postTest: rng.chance(0.85) ? score(rng, 0, 59) : null, timeSpent: rng.int(300, 9000), completedAt: '' };
    case 'expired':
      return { status, preTest: rng.chance(0.5) ? score(rng, 10, 90) : null, postTest: null, timeSpent: rng.int(0, 2000), completedAt: '' };
  }
}

interface BatchPlan {
  batch: RuangkerjaBatch;
  assignedCourseSerial: string;
  passingScore: number | null;
}

function batchFields(rng: Rng, courseSerial: string, serial: string, name: string, hasPostActivity: boolean, forceCompleted: boolean): RuangkerjaBatch {
  const status = forceCompleted || rng.chance(0.7) ? 'Completed' : 'Ongoing';
  const start = status === 'Completed' ? daysAgo(rng, 30, 540) : daysAgo(rng, -14, 7);
  const end = start + rng.int(2, 8) * 3_600_000;
  const postEnd = end + rng.int(7, 14) * DAY_MS;
  const online = rng.chance(0.85);
  return {
    courseSerial,
    serial,
    name,
    mainActivityStartAt: isoSeconds(start),
    // Some batches were created without an end time: the provider leaves "".
    mainActivityEndAt: rng.chance(0.1) ? '' : isoSeconds(end),
    postActivityStartAt: hasPostActivity ? isoSeconds(end) : '',
    postActivityEndAt: hasPostActivity ? isoSeconds(postEnd) : '',
    platform: online ? rng.pick(PLATFORMS) : '',
    location: online ? (rng.chance(0.15) ? 'Jakarta, Menara Ruang Kerja Lt. 12 (hybrid)' : '') : rng.pick(['Jakarta, Menara Ruang Kerja Lt. 12', 'Surabaya, Ruang Garuda', 'Bandung, Aula Utama']),
    note: rng.chance(0.4) ? rng.pick(NOTES) : '',
    status,
  };
}

/** One participant's row, consistent with the batch's state and the course's post activity. */
export function webinarFields(
  rng: Rng,
  batch: RuangkerjaBatch,
  hasPostActivity: boolean,
  passingScore: number | null,
): Omit<RuangkerjaWebinarAssignment, 'userSerial' | 'courseSerial' | 'batchSerial' | 'assignedCourseSerial'> {
  const completed = batch.status === 'Completed';
  const isAttend = rng.chance(completed ? 0.82 : 0.5);
  let postActivityStatus: RuangkerjaPostActivityStatus = '';
  if (hasPostActivity) {
    postActivityStatus = completed
      ? rng.weighted<RuangkerjaPostActivityStatus>([['COMPLETED', 60], ['EXPIRED', 20], ['NOT STARTED', 10], ['IN PROGRESS', 10]])
      : rng.weighted<RuangkerjaPostActivityStatus>([['NOT STARTED', 60], ['IN PROGRESS', 40]]);
  }
  const postTestAttempt = postActivityStatus === 'COMPLETED' ? rng.int(1, 3) : postActivityStatus === 'IN PROGRESS' || postActivityStatus === 'EXPIRED' ? rng.int(0, 2) : 0;
  const postTestScore = postTestAttempt > 0 ? rng.int(30, 100) : 0;
  let userAssignedStatus: RuangkerjaUserAssignedStatus;
  if (!completed || rng.chance(0.06)) userAssignedStatus = rng.chance(0.9) ? 'Ongoing' : rng.pick(['Cleared', 'Failed'] as const);
  else if (!isAttend) userAssignedStatus = 'Failed';
  else if (postActivityStatus === 'EXPIRED' || (postTestAttempt > 0 && passingScore !== null && postTestScore < passingScore)) userAssignedStatus = 'Failed';
  else userAssignedStatus = 'Cleared';
  return {
    absentReason: !isAttend && rng.chance(0.6) ? rng.pick(ABSENT_REASONS) : '',
    feedback: isAttend && rng.chance(0.5) ? rng.pick(FEEDBACK) : '',
    isAttend,
    userAssignedStatus,
    postActivityStatus,
    postTestAttempt,
    postTestScore,
    postTestPassingScore: passingScore,
  };
}

function serialFor(rng: Rng, draft: PersonDraft): string {
  // Real serials look like JOHNILXV3QAJJEL3: four letters of the name, then random characters.
  const prefix = (draft.localPart.replace(/[^a-z]/g, '').toUpperCase() + 'XXXX').slice(0, 4);
  return prefix + rng.alnum(12);
}

export function buildRuangkerja(rng: Rng, drafts: PersonDraft[]): RuangkerjaBuild {
  const usedSerials = new Set<string>();
  const members = drafts.filter((d) => d.inRuangkerja);
  const users: RuangkerjaUser[] = members.map((draft, i) => {
    const serial = uniqueSerial(usedSerials, () => serialFor(rng, draft));
    draft.person.ruangkerjaSerial = serial;
    return {
      serial,
      employeeID: draft.person.employeeID,
      name: `${draft.person.firstName} ${draft.person.lastName}`,
      username: draft.localPart,
      email: draft.person.email,
      isActive: i === 0 || rng.chance(0.95),
      companyName: rng.pick(COMPANIES),
    };
  });
  const learner = users[0];

  // ---- courses: 40 at 500 employees, about 55% online, 30% webinar, the rest offline.
  const courseCount = Math.max(10, Math.round((drafts.length * 40) / 500));
  const webinarCount = Math.max(2, Math.round(courseCount * 0.3));
  const offlineCount = Math.max(1, Math.round(courseCount * 0.1));
  const onlineCount = courseCount - webinarCount - offlineCount;
  const courses: RuangkerjaCourse[] = [];
  const courseSerialFor = (): string => uniqueSerial(usedSerials, () => `COURSE-${rng.alnum(8)}`);
  for (let i = 0; i < onlineCount; i += 1) courses.push({ serial: courseSerialFor(), name: `[ONLINE] ${topicTitle(RUANGKERJA_TOPICS, i)}`, category: 'Online' });
  for (let i = 0; i < webinarCount; i += 1) courses.push({ serial: courseSerialFor(), name: `[WEBINAR] ${topicTitle(RUANGKERJA_TOPICS, onlineCount + i)}`, category: 'Webinar' });
  for (let i = 0; i < offlineCount; i += 1) courses.push({ serial: courseSerialFor(), name: `[OFFLINE] ${topicTitle(RUANGKERJA_TOPICS, onlineCount + webinarCount + i)}`, category: 'Offline' });
  const onlineCourses = courses.filter((c) => c.category === 'Online');
  const webinarCourses = courses.filter((c) => c.category === 'Webinar');
  // The catalogue lists categories mixed, as a real catalogue sorted by creation would.
  const catalogue = rng.sample(courses, courses.length);

  // ---- online assignments, grouped per user in the order the user endpoint lists them.
  const onlineAssignments: RuangkerjaOnlineAssignment[] = [];
  for (const user of users) {
    const isLearner = user === learner;
    const count = isLearner ? Math.min(onlineCourses.length, 5) : rng.int(1, Math.min(8, onlineCourses.length));
    const picked = rng.sample(onlineCourses, count);
    picked.forEach((course, i) => {
      // The learner shows one of each status first, so its dashboard exercises every mapping.
      const status = isLearner && i < ONLINE_STATUSES.length ? (ONLINE_STATUSES[(i + 1) % ONLINE_STATUSES.length] as RuangkerjaOnlineStatus)
        : rng.weighted<RuangkerjaOnlineStatus>([['completed', 40], ['in_progress', 25], ['not_started', 15], ['failed', 10], ['expired', 10]]);
      onlineAssignments.push({ userSerial: user.serial, courseSerial: course.serial, ...onlineFields(rng, status) });
    });
  }

  // ---- webinar batches and their rosters.
  const batches: RuangkerjaBatch[] = [];
  const webinarAssignments: RuangkerjaWebinarAssignment[] = [];
  let sampleBatch: { courseSerial: string; batchSerial: string } | null = null;
  webinarCourses.forEach((course, courseIndex) => {
    const isSampleCourse = courseIndex === 0;
    const hasPostActivity = isSampleCourse || rng.chance(0.75);
    const batchCount = isSampleCourse ? rng.int(2, 4) : rng.int(1, 4);
    const sizes: number[] = [];
    for (let b = 0; b < batchCount; b += 1) sizes.push(isSampleCourse && b === 0 ? MAX_BATCH_SIZE : rng.int(10, MAX_BATCH_SIZE));
    // A person attends one batch of a course at most; small datasets shrink the batches to fit.
    const seats = Math.min(users.length, sizes.reduce((a, b) => a + b, 0));
    let pool: RuangkerjaUser[];
    if (learner && isSampleCourse) pool = [learner, ...rng.sample(users.slice(1), seats - 1)];
    else pool = rng.sample(users, seats);
    const plans: BatchPlan[] = [];
    let cursor = 0;
    for (let b = 0; b < batchCount; b += 1) {
      const serial = uniqueSerial(usedSerials, () => `BATCH-${rng.alnum(8)}`);
      const name = `${course.name.replace(/^\[WEBINAR\] /, '')} - Batch ${b + 1}`;
      const batch = batchFields(rng, course.serial, serial, name, hasPostActivity, isSampleCourse && b === 0);
      batches.push(batch);
      plans.push({
        batch,
        assignedCourseSerial: uniqueSerial(usedSerials, () => `ASGC-${rng.alnum(8)}`),
        passingScore: hasPostActivity && rng.chance(0.8) ? rng.pick([60, 70, 75, 80]) : null,
      });
      let roster = pool.slice(cursor, cursor + (sizes[b] ?? 0));
      cursor += roster.length;
      if (isSampleCourse && b === 0) {
        // The learner sits somewhere inside the sample roster, not conveniently first.
        roster = rng.sample(roster, roster.length);
        sampleBatch = { courseSerial: course.serial, batchSerial: serial };
      }
      const plan = plans[b] as BatchPlan;
      for (const user of roster) {
        webinarAssignments.push({
          userSerial: user.serial,
          courseSerial: course.serial,
          batchSerial: serial,
          assignedCourseSerial: plan.assignedCourseSerial,
          ...webinarFields(rng, batch, hasPostActivity, plan.passingScore),
        });
      }
    }
  });

  ensureEveryValue(rng, onlineAssignments, webinarAssignments);

  if (sampleBatch === null) throw new Error('buildRuangkerja: the dataset has no webinar course');
  return {
    data: {
      users,
      courses: catalogue,
      batches,
      onlineAssignments,
      webinarAssignments,
      clients: [{ clientID: 'demo-client', clientSecret: 'demo-secret' }],
    },
    sampleBatch,
  };
}

/**
 * Small datasets may miss a rare value by chance; the dataset promises every enum value, so the
 * missing ones are written onto random rows (skipping the learner's, which are chosen by hand).
 */
function ensureEveryValue(
  rng: Rng,
  online: RuangkerjaOnlineAssignment[],
  webinar: RuangkerjaWebinarAssignment[],
): void {
  const learnerSerial = online[0]?.userSerial;
  const others = <T extends { userSerial: string }>(rows: T[]): T[] => rows.filter((r) => r.userSerial !== learnerSerial);
  ensureEvery(rng, online, others(online), ONLINE_STATUSES, (a) => a.status, (row, status) => Object.assign(row, onlineFields(rng, status)));
  const candidates = others(webinar);
  ensureEvery(rng, webinar, candidates, USER_ASSIGNED_STATUSES, (a) => a.userAssignedStatus, (row, status) => {
    row.userAssignedStatus = status;
  });
  ensureEvery(rng, webinar, candidates, POST_ACTIVITY_STATUSES, (a) => a.postActivityStatus, (row, status) => {
    row.postActivityStatus = status;
    row.postTestAttempt = status === 'COMPLETED' ? 1 : 0;
    row.postTestScore = status === 'COMPLETED' ? rng.int(60, 100) : 0;
  });
  ensureEvery(rng, webinar, candidates, [true, false], (a) => a.isAttend, (row, isAttend) => {
    row.isAttend = isAttend;
  });
  ensureEvery(rng, webinar, candidates, ['none', 'set'] as const, (a) => (a.postTestPassingScore === null ? 'none' : 'set'), (row, band) => {
    row.postTestPassingScore = band === 'none' ? null : 70;
  });
}
