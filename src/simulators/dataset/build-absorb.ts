import type { PersonDraft } from './draft.js';
import { ensureEvery } from './ensure.js';
import { asciiToken, poolsWithWeights } from './names.js';
import { DAY_MS, REFERENCE_TIME, Rng, daysAgo, isoSeconds } from './random.js';
import { ABSORB_TOPICS, topicTitle } from './topics.js';
import type {
  AbsorbAttempt,
  AbsorbChapter,
  AbsorbChapterEnrollment,
  AbsorbCourse,
  AbsorbCourseEnrollment,
  AbsorbCourseType,
  AbsorbData,
  AbsorbLesson,
  AbsorbLessonEnrollment,
  AbsorbSession,
  AbsorbSessionEnrollment,
  AbsorbStatus,
  AbsorbUser,
} from './types.js';

export const ABSORB_STATUSES: readonly AbsorbStatus[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** One tick is 100 ns. */
export const TICKS_PER_SECOND = 10_000_000;

const STATUS_WEIGHTS: Record<AbsorbCourseType, readonly (readonly [AbsorbStatus, number])[]> = {
  OnlineCourse: [[0, 15], [1, 25], [3, 38], [4, 5], [5, 6], [2, 1], [7, 1], [10, 1], [11, 1], [12, 2]],
  InstructorLedCourse: [[0, 10], [1, 15], [3, 35], [4, 3], [5, 4], [2, 5], [6, 4], [7, 3], [8, 6], [9, 6], [10, 1], [12, 1]],
  CourseBundle: [[0, 20], [1, 35], [3, 35], [4, 5], [10, 5]],
  Curriculum: [[0, 20], [1, 35], [3, 35], [4, 5], [10, 5]],
};

const JOB_TITLES = ['Analyst', 'Senior Engineer', 'Branch Manager', 'HR Business Partner', 'Sales Executive', 'Customer Service Officer'];
const LESSON_TYPES = ['ObjectLesson', 'VideoLesson', 'AssessmentLesson'];

export interface AbsorbBuild {
  data: AbsorbData;
  complianceCourseId: string;
  ilcCourseId: string;
  learnerEnrollmentId: string;
}

interface Span {
  added: number;
  started: number | null;
  completed: number | null;
  edited: number;
}

const iso = (ms: number | null): string | null => (ms === null ? null : isoSeconds(ms));

/** Time spent, in ticks with a sub-second fraction as a TimeSpan has; a few run over a day. */
function ticks(rng: Rng, minSeconds: number, maxSeconds: number): number {
  const seconds = rng.chance(0.05) ? rng.int(86_400, 3 * 86_400) : rng.int(minSeconds, maxSeconds);
  return seconds * TICKS_PER_SECOND + rng.int(0, TICKS_PER_SECOND - 1);
}

function progressFor(rng: Rng, status: AbsorbStatus): number {
  if (status === 0) return 0;
  if (status === 3 || status === 5) return 100;
  if (status === 1) return rng.int(1, 99);
  return rng.int(0, 100);
}

function scoreFor(rng: Rng, status: AbsorbStatus): number | null {
  if (status === 3) return rng.chance(0.9) ? rng.int(70, 100) : null;
  if (status === 5) return rng.int(10, 69);
  if (status === 1 || status === 4 || status === 12) return rng.chance(0.4) ? rng.int(0, 100) : null;
  return null;
}

/** Dates that follow each other and never pass the dataset's reference time. */
function spanFor(rng: Rng, status: AbsorbStatus, addedDaysAgoMax = 700): Span {
  const added = daysAgo(rng, 5, addedDaysAgoMax);
  const started = status === 0 || status === 2 || status === 6 || status === 8 ? null : Math.min(added + rng.int(0, 14 * 1440) * 60_000, REFERENCE_TIME - 3_600_000);
  const completed = started !== null && (status === 3 || status === 5) ? Math.min(started + rng.int(10, 30 * 1440) * 60_000, REFERENCE_TIME - 60_000) : null;
  const edited = Math.min(Math.max(added, started ?? added, completed ?? added) + rng.int(0, 2 * 1440) * 60_000, REFERENCE_TIME);
  return { added, started, completed, edited };
}

interface Catalogue {
  courses: AbsorbCourse[];
  sessions: AbsorbSession[];
  chapters: AbsorbChapter[];
  lessons: AbsorbLesson[];
  versionIds: Map<string, string | null>;
  sessionsByCourse: Map<string, AbsorbSession[]>;
  chaptersByCourse: Map<string, AbsorbChapter[]>;
  lessonsByChapter: Map<string, AbsorbLesson[]>;
  lessonTypes: Map<string, string>;
}

function buildCatalogue(rng: Rng, employees: number): Catalogue {
  const count = Math.max(12, Math.round((employees * 60) / 500));
  const cat: Catalogue = {
    courses: [], sessions: [], chapters: [], lessons: [], versionIds: new Map(),
    sessionsByCourse: new Map(), chaptersByCourse: new Map(), lessonsByChapter: new Map(), lessonTypes: new Map(),
  };
  // Fixed positions guarantee every course type; the rest are drawn.
  const fixed: AbsorbCourseType[] = ['OnlineCourse', 'InstructorLedCourse', 'OnlineCourse', 'CourseBundle', 'Curriculum'];
  for (let i = 0; i < count; i += 1) {
    const courseType = fixed[i] ?? rng.weighted<AbsorbCourseType>([['OnlineCourse', 60], ['InstructorLedCourse', 28], ['CourseBundle', 6], ['Curriculum', 6]]);
    const title = topicTitle(ABSORB_TOPICS, i);
    const name = i === 0 ? 'Mandatory Compliance: Code of Conduct 2024'
      : courseType === 'InstructorLedCourse' ? `Workshop: ${title}`
        : courseType === 'CourseBundle' ? `Bundle: ${title}`
          : courseType === 'Curriculum' ? `Curriculum: ${title}` : title;
    const course: AbsorbCourse = { id: rng.guid(), name, courseType, activeStatus: i > 4 && rng.chance(0.05) ? 1 : 0 };
    cat.courses.push(course);
    cat.versionIds.set(course.id, courseType === 'OnlineCourse' || courseType === 'InstructorLedCourse' ? rng.guid() : null);
    if (courseType === 'InstructorLedCourse') {
      const list: AbsorbSession[] = [];
      const sessionCount = i === 1 ? 3 : rng.int(1, 4);
      for (let s = 0; s < sessionCount; s += 1) {
        const start = daysAgo(rng, -30, 500);
        const days = rng.int(1, 3);
        const schedules = Array.from({ length: days }, (_, d) => ({
          startDate: isoSeconds(start + d * DAY_MS),
          endDate: isoSeconds(start + d * DAY_MS + rng.int(2, 8) * 3_600_000),
        }));
        const session: AbsorbSession = { id: rng.guid(), courseId: course.id, name: `${title} — ${rng.pick(['Jakarta', 'Surabaya', 'Virtual', 'Bandung'])} ${s + 1}`, sessionSchedules: schedules };
        list.push(session);
        cat.sessions.push(session);
      }
      cat.sessionsByCourse.set(course.id, list);
    }
    if (courseType === 'OnlineCourse') {
      const chapterCount = rng.int(1, 3);
      const lessonCount = rng.int(Math.max(2, chapterCount), 6);
      const chapters: AbsorbChapter[] = [];
      for (let c = 0; c < chapterCount; c += 1) {
        const chapter: AbsorbChapter = { id: rng.guid(), courseId: course.id, name: `Chapter ${c + 1}: ${rng.pick(['Introduction', 'Core Concepts', 'In Practice', 'Assessment', 'Case Studies'])}` };
        chapters.push(chapter);
        cat.chapters.push(chapter);
        cat.lessonsByChapter.set(chapter.id, []);
      }
      cat.chaptersByCourse.set(course.id, chapters);
      for (let l = 0; l < lessonCount; l += 1) {
        // Every chapter gets a lesson first; the rest go to random chapters, kept in chapter order.
        const chapter = (l < chapterCount ? chapters[l] : rng.pick(chapters)) as AbsorbChapter;
        const type = l === lessonCount - 1 ? 'AssessmentLesson' : rng.pick(LESSON_TYPES);
        const lesson: AbsorbLesson = { id: rng.guid(), courseId: course.id, chapterId: chapter.id, name: `Lesson ${l + 1}` };
        cat.lessonsByChapter.get(chapter.id)?.push(lesson);
        cat.lessonTypes.set(lesson.id, type);
      }
      for (const chapter of chapters) for (const lesson of cat.lessonsByChapter.get(chapter.id) ?? []) cat.lessons.push(lesson);
    }
  }
  return cat;
}

function buildUsers(rng: Rng, drafts: PersonDraft[]): AbsorbUser[] {
  const users: AbsorbUser[] = [];
  for (const draft of drafts) {
    if (!draft.inAbsorb) continue;
    const p = draft.person;
    const user: AbsorbUser = {
      id: rng.guid(),
      username: draft.localPart,
      firstName: p.firstName,
      lastName: p.lastName,
      emailAddress: p.email,
      employeeNumber: p.employeeID,
      externalId: `EXT-${p.employeeID}`,
      activeStatus: users.length > 0 && rng.chance(0.05) ? 1 : 0,
    };
    p.absorbUserId = user.id;
    users.push(user);
  }
  // Contractors and service accounts: Absorb users that no employeeID links to.
  const unlinked = Math.max(2, Math.round(drafts.length * 0.03));
  for (let i = 0; i < unlinked; i += 1) {
    const pool = rng.weighted(poolsWithWeights());
    const firstName = rng.pick(pool.first);
    const lastName = rng.pick(pool.last);
    const number = String(i + 1).padStart(4, '0');
    users.push({
      id: rng.guid(),
      username: `ctr.${asciiToken(firstName)}.${asciiToken(lastName)}${number}`,
      firstName,
      lastName,
      emailAddress: rng.chance(0.5) ? `${asciiToken(firstName)}.${asciiToken(lastName)}@partner.example` : null,
      employeeNumber: null,
      externalId: rng.chance(0.5) ? `CTR-${number}` : null,
      activeStatus: rng.chance(0.2) ? 1 : 0,
    });
  }
  return users;
}

class EnrollmentWriter {
  constructor(
    private readonly rng: Rng,
    private readonly cat: Catalogue,
    private readonly data: AbsorbData,
  ) {}

  course(user: AbsorbUser, course: AbsorbCourse, status: AbsorbStatus, options: { isActive?: boolean; compliance?: boolean; learner?: boolean } = {}): AbsorbCourseEnrollment {
    const rng = this.rng;
    const isActive = options.isActive ?? true;
    // A historical enrollment is an earlier one: it was replaced by a re-enrolment.
    const span = spanFor(rng, status, isActive ? 700 : 1400);
    const fullName = `${user.firstName} ${user.lastName}`;
    const enrollment: AbsorbCourseEnrollment = {
      id: rng.guid(),
      courseId: course.id,
      courseName: course.name,
      progress: progressFor(rng, status),
      score: scoreFor(rng, status),
      status,
      dateCompleted: iso(span.completed),
      dateExpires: options.compliance || rng.chance(0.15) ? isoSeconds(span.added + 365 * DAY_MS) : null,
      dateEdited: isoSeconds(span.edited),
      dateAdded: isoSeconds(span.added),
      fullName,
      courseVersionId: this.cat.versionIds.get(course.id) ?? null,
      userId: user.id,
      acceptedTermsAndConditions: status !== 0 && rng.chance(0.7),
      timeSpentTicks: span.started === null ? 0 : ticks(rng, 60, 4 * 3600),
      dateStarted: iso(span.started),
      enrollmentKeyId: rng.chance(0.05) ? rng.guid() : null,
      certificateId: status === 3 && rng.chance(0.5) ? rng.guid() : null,
      credits: rng.chance(0.3) ? rng.pick([0.5, 1, 2]) : null,
      isActive,
      dateDue: options.compliance || rng.chance(0.3) ? isoSeconds(span.added + rng.int(14, 90) * DAY_MS) : null,
      accessDate: span.started === null ? null : isoSeconds(span.edited),
      jobTitle: rng.chance(0.6) ? rng.pick(JOB_TITLES) : null,
      courseCollectionId: null,
      avatar: null,
    };
    this.data.enrollments.push(enrollment);
    if (!isActive) return enrollment;
    if (course.courseType === 'InstructorLedCourse') this.sessions(enrollment, span, options.learner === true);
    if (course.courseType === 'OnlineCourse') this.chapters(enrollment, span, options.learner === true);
    return enrollment;
  }

  private sessions(enrollment: AbsorbCourseEnrollment, span: Span, learner: boolean): void {
    const rng = this.rng;
    const sessions = this.cat.sessionsByCourse.get(enrollment.courseId) ?? [];
    if (sessions.length === 0) return;
    const picked = rng.sample(sessions, 2);
    // Some attended a second session after missing the first: an Absent enrollment precedes it.
    if (picked.length === 2 && (learner || (enrollment.status === 3 && rng.chance(0.1)))) {
      this.session(enrollment, picked[1] as AbsorbSession, 9, span);
    }
    this.session(enrollment, picked[0] as AbsorbSession, enrollment.status, span);
  }

  private session(enrollment: AbsorbCourseEnrollment, session: AbsorbSession, status: AbsorbStatus, span: Span): void {
    const rng = this.rng;
    const started = status === 9 ? null : span.started;
    const row: AbsorbSessionEnrollment = {
      id: rng.guid(),
      sessionId: session.id,
      courseEnrollmentId: enrollment.id,
      name: session.name,
      userId: enrollment.userId,
      fullName: enrollment.fullName,
      status,
      progress: status === 9 ? 0 : enrollment.progress,
      score: status === 9 ? null : enrollment.score,
      timeSpentTicks: started === null ? 0 : ticks(rng, 3600, 8 * 3600),
      dateEnrolled: enrollment.dateAdded,
      dateStarted: iso(started),
      dateCompleted: status === 9 ? null : enrollment.dateCompleted,
      dateEdited: enrollment.dateEdited,
    };
    this.data.sessionEnrollments.push(row);
  }

  /** Lesson states follow the course status: complete means all done, in progress a prefix. */
  private lessonStatuses(status: AbsorbStatus, count: number, learner: boolean): AbsorbStatus[] {
    const rng = this.rng;
    switch (status) {
      case 0: case 2: case 6: case 8:
        return Array.from({ length: count }, () => 0 as AbsorbStatus);
      case 3:
        return Array.from({ length: count }, () => 3 as AbsorbStatus);
      case 5:
        return Array.from({ length: count }, (_, i) => (i === count - 1 ? 5 : 3) as AbsorbStatus);
      default: {
        const done = learner ? Math.max(1, count - 2) : rng.int(0, count - 1);
        return Array.from({ length: count }, (_, i) => (i < done ? 3 : i === done ? 1 : 0) as AbsorbStatus);
      }
    }
  }

  private chapters(enrollment: AbsorbCourseEnrollment, span: Span, learner: boolean): void {
    const rng = this.rng;
    const chapters = this.cat.chaptersByCourse.get(enrollment.courseId) ?? [];
    const lessons = chapters.flatMap((c) => this.cat.lessonsByChapter.get(c.id) ?? []);
    const statuses = this.lessonStatuses(enrollment.status, lessons.length, learner);
    const dateEnrolled = enrollment.dateAdded;
    let lessonIndex = 0;
    for (const chapter of chapters) {
      const chapterLessons = this.cat.lessonsByChapter.get(chapter.id) ?? [];
      const chapterStatuses = statuses.slice(lessonIndex, lessonIndex + chapterLessons.length);
      const chapterStatus: AbsorbStatus = chapterStatuses.every((s) => s === 3) ? 3 : chapterStatuses.includes(5) ? 5 : chapterStatuses.every((s) => s === 0) ? 0 : 1;
      const chapterRow: AbsorbChapterEnrollment = {
        id: rng.guid(),
        courseEnrollmentId: enrollment.id,
        chapterId: chapter.id,
        name: chapter.name,
        userId: enrollment.userId,
        fullName: enrollment.fullName,
        status: chapterStatus,
        progress: Math.round((100 * chapterStatuses.filter((s) => s === 3 || s === 5).length) / Math.max(1, chapterStatuses.length)),
        score: null,
        timeSpentTicks: 0,
        dateEnrolled,
        dateStarted: chapterStatus === 0 ? null : enrollment.dateStarted,
        dateCompleted: chapterStatus === 3 || chapterStatus === 5 ? enrollment.dateCompleted ?? enrollment.dateEdited : null,
      };
      this.data.chapterEnrollments.push(chapterRow);
      for (const lesson of chapterLessons) {
        const status = statuses[lessonIndex] ?? 0;
        lessonIndex += 1;
        const row = this.lesson(enrollment, chapterRow, lesson, status, span);
        chapterRow.timeSpentTicks += row.timeSpentTicks;
        if (row.score !== null) chapterRow.score = row.score;
      }
    }
  }

  private lesson(enrollment: AbsorbCourseEnrollment, chapterRow: AbsorbChapterEnrollment, lesson: AbsorbLesson, status: AbsorbStatus, span: Span): AbsorbLessonEnrollment {
    const rng = this.rng;
    const type = this.cat.lessonTypes.get(lesson.id) ?? 'ObjectLesson';
    const scored = type === 'AssessmentLesson';
    const row: AbsorbLessonEnrollment = {
      id: rng.guid(),
      chapterEnrollmentId: chapterRow.id,
      type,
      attempts: 0,
      failures: 0,
      lastAttempt: null,
      courseEnrollmentId: enrollment.id,
      chapterId: lesson.chapterId,
      lessonId: lesson.id,
      name: lesson.name,
      userId: enrollment.userId,
      fullName: enrollment.fullName,
      status,
      progress: status === 3 || status === 5 ? 100 : status === 1 ? rng.int(1, 99) : 0,
      score: null,
      timeSpentTicks: 0,
      dateEnrolled: enrollment.dateAdded,
      dateStarted: null,
      dateCompleted: null,
      dateEdited: enrollment.dateEdited,
      dateAdded: enrollment.dateAdded,
    };
    this.data.lessonEnrollments.push(row);
    // Attempts: none before starting; otherwise 1–3, failed ones first and the deciding one last.
    const attemptCount = status === 0 ? 0 : status === 1 ? rng.int(1, 2) : rng.int(1, 3);
    const from = span.started ?? span.added;
    const to = span.completed ?? Math.max(from + 60_000, span.edited);
    let cursor = from;
    for (let a = 0; a < attemptCount; a += 1) {
      const last = a === attemptCount - 1;
      const attemptStatus: 1 | 3 | 5 = last ? (status === 3 ? 3 : status === 5 ? 5 : 1) : scored ? 5 : 1;
      const start = Math.min(cursor + rng.int(0, Math.max(1, Math.floor((to - cursor) / 60_000 / (attemptCount - a)))) * 60_000, to);
      const spent = ticks(rng, 60, 3600);
      const end = attemptStatus === 1 ? null : Math.min(start + Math.ceil(spent / TICKS_PER_SECOND / 60) * 60_000, REFERENCE_TIME);
      cursor = end ?? start;
      const attempt: AbsorbAttempt = {
        id: rng.guid(),
        lessonEnrollmentId: row.id,
        userId: enrollment.userId,
        courseId: enrollment.courseId,
        lessonId: lesson.id,
        timeSpentTicks: spent,
        status: attemptStatus,
        score: scored && attemptStatus !== 1 ? (attemptStatus === 3 ? rng.int(70, 100) : rng.int(10, 69)) : null,
        startDate: isoSeconds(start),
        completionDate: iso(end),
      };
      this.data.attempts.push(attempt);
      row.attempts += 1;
      if (attemptStatus === 5) row.failures += 1;
      row.timeSpentTicks += spent;
      row.lastAttempt = attempt.startDate;
      row.dateStarted ??= attempt.startDate;
      if (last && end !== null) row.dateCompleted = isoSeconds(end);
      if (attempt.score !== null) row.score = attempt.score;
    }
    return row;
  }
}

export function buildAbsorb(rng: Rng, drafts: PersonDraft[]): AbsorbBuild {
  const cat = buildCatalogue(rng, drafts.length);
  const data: AbsorbData = {
    users: buildUsers(rng, drafts),
    courses: cat.courses,
    sessions: cat.sessions,
    chapters: cat.chapters,
    lessons: cat.lessons,
    enrollments: [],
    sessionEnrollments: [],
    chapterEnrollments: [],
    lessonEnrollments: [],
    attempts: [],
    apiKeys: ['demo-api-key'],
    logins: [{ username: 'demo-admin', password: 'demo-password', privateKey: 'demo-private-key' }],
  };
  const writer = new EnrollmentWriter(rng, cat, data);
  const compliance = cat.courses[0] as AbsorbCourse;
  const ilc = cat.courses[1] as AbsorbCourse;
  const others = cat.courses.slice(1);
  const learner = drafts[0]?.inAbsorb ? data.users[0] : undefined;
  let learnerEnrollmentId = '';

  for (const user of data.users) {
    if (user === learner) {
      // The learner's rich set: compliance in progress (chapters, lessons, attempts), an ILC
      // with an Absent and a Complete session enrollment, an online course, a bundle, and a
      // historical (inactive) enrollment next to its re-enrolment.
      learnerEnrollmentId = writer.course(user, compliance, 1, { compliance: true, learner: true }).id;
      writer.course(user, ilc, 3, { learner: true });
      const online = cat.courses[2] as AbsorbCourse;
      writer.course(user, online, 4, { isActive: false });
      writer.course(user, online, 3);
      writer.course(user, cat.courses[3] as AbsorbCourse, 0);
      continue;
    }
    writer.course(user, compliance, rng.weighted(STATUS_WEIGHTS.OnlineCourse), { compliance: true });
    const picked = rng.sample(others, rng.int(1, 6));
    for (const course of picked) {
      const status = rng.weighted(STATUS_WEIGHTS[course.courseType]);
      if (rng.chance(0.04)) writer.course(user, course, rng.pick([3, 4, 5] as const), { isActive: false });
      writer.course(user, course, status);
    }
  }
  ensureEveryStatus(rng, data, learner?.id);
  return { data, complianceCourseId: compliance.id, ilcCourseId: ilc.id, learnerEnrollmentId };
}

/** Rare statuses may be missed by chance in small datasets: write them onto random active rows. */
function ensureEveryStatus(rng: Rng, data: AbsorbData, learnerId: string | undefined): void {
  // Bundle and curriculum enrollments have no session, chapter or lesson rows to contradict.
  const bundleIds = new Set(data.courses.filter((c) => c.courseType === 'CourseBundle' || c.courseType === 'Curriculum').map((c) => c.id));
  const active = data.enrollments.filter((e) => e.isActive && e.userId !== learnerId);
  const flat = active.filter((e) => bundleIds.has(e.courseId));
  const write = (row: AbsorbCourseEnrollment, status: AbsorbStatus): void => {
    row.status = status;
    row.progress = progressFor(rng, status);
    row.score = scoreFor(rng, status);
    if (status !== 3 && status !== 5) row.dateCompleted = null;
    else row.dateCompleted ??= row.dateEdited;
  };
  // Bundle rows first; any value still missing then goes onto any active row.
  ensureEvery(rng, data.enrollments, flat, ABSORB_STATUSES, (e) => e.status, write);
  ensureEvery(rng, data.enrollments, active, ABSORB_STATUSES, (e) => e.status, write);
}
