/** Summaries count exactly the enrollments the matching list would hold, so dashboards add up. */
import type { Enrollment, WebinarEnrollment } from './model.js';

export interface EnrollmentSummary {
  total: number;
  completed: number;
  inProgress: number;
  notStarted: number;
  failed: number;
  expired: number;
  pending: number;
  completionRate: number | null;
  timeSpentSeconds: number;
}

export function summarizeEnrollments(enrollments: readonly Pick<Enrollment, 'status' | 'timeSpentSeconds'>[]): EnrollmentSummary {
  const count = (status: Enrollment['status']) => enrollments.filter((e) => e.status === status).length;
  const completed = count('COMPLETED');
  return {
    total: enrollments.length,
    completed,
    inProgress: count('IN_PROGRESS'),
    notStarted: count('NOT_STARTED'),
    failed: count('FAILED'),
    expired: count('EXPIRED'),
    pending: count('PENDING'),
    completionRate: enrollments.length === 0 ? null : completed / enrollments.length,
    timeSpentSeconds: enrollments.reduce((sum, e) => sum + (e.timeSpentSeconds ?? 0), 0),
  };
}

export interface BatchSummary {
  participants: number;
  attended: number;
  cleared: number;
  failed: number;
  ongoing: number;
  attendanceRate: number | null;
  averagePostTestScore: number | null;
}

export function summarizeBatch(roster: readonly WebinarEnrollment[]): BatchSummary {
  const attended = roster.filter((p) => p.attended).length;
  const tested = roster.filter((p) => (p.postTestAttempt ?? 0) > 0 && p.postTestScore !== null);
  return {
    participants: roster.length,
    attended,
    cleared: roster.filter((p) => p.userAssignedStatus === 'Cleared').length,
    failed: roster.filter((p) => p.userAssignedStatus === 'Failed').length,
    ongoing: roster.filter((p) => p.userAssignedStatus === 'Ongoing').length,
    attendanceRate: roster.length === 0 ? null : attended / roster.length,
    averagePostTestScore: tested.length === 0 ? null : tested.reduce((sum, p) => sum + (p.postTestScore ?? 0), 0) / tested.length,
  };
}
