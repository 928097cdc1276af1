import { assertCanReadAll } from '../auth/scope.js';
import { connectionFrom, connectionFromStart, validatePage } from '../domain/connection.js';
import { InvalidIdError, assertRuangkerjaSerial, batchId } from '../domain/ids.js';
import { summarizeBatch } from '../domain/summary.js';
import type { BatchParticipantResolvers, BatchResolvers, BatchScheduleResolvers } from '../generated/graphql.js';
import { batchBySerials, batchRoster, batchRosterStart, courseByKey } from '../loaders/courses.js';

/** `ruangkerja:<courseSerial>:<batchSerial>`, the id `Batch.id` gives, back into its serials. */
function parseBatchId(id: string): { courseSerial: string; batchSerial: string } {
  const [provider, courseSerial, batchSerial, ...rest] = id.split(':');
  if (provider !== 'ruangkerja' || courseSerial === undefined || batchSerial === undefined || rest.length > 0) {
    throw new InvalidIdError(id, '"ruangkerja:<course serial>:<batch serial>"');
  }
  return { courseSerial: assertRuangkerjaSerial(courseSerial, 'a course serial'), batchSerial: assertRuangkerjaSerial(batchSerial, 'a batch serial') };
}

export const Batch: BatchResolvers = {
  /** A federation reference by global id: the batched lookup `Query.batch` makes (async: see User). */
  __resolveReference: async ({ id }, { loaders }) => {
    const { courseSerial, batchSerial } = parseBatchId(id);
    return batchBySerials(loaders, courseSerial, batchSerial);
  },
  id: (batch) => batchId(batch.courseSerial, batch.serial),
  serial: (batch) => batch.serial,
  name: async (batch, _args, { loaders }) => batch.name ?? (await batchBySerials(loaders, batch.courseSerial, batch.serial))?.name ?? null,
  course: async (batch, _args, { loaders }) =>
    (await courseByKey(loaders, { provider: 'ruangkerja', nativeId: batch.courseSerial })) ?? {
      key: { provider: 'ruangkerja', nativeId: batch.courseSerial },
      name: null,
      kind: 'WEBINAR',
    },
  schedule: async (batch, _args, { loaders }) => batch.schedule ?? (await batchBySerials(loaders, batch.courseSerial, batch.serial))?.schedule ?? null,
  summary: async (batch, _args, { loaders }) => summarizeBatch(await batchRoster(loaders, batch)),
  participants: async (batch, args, context) => {
    // A roster lists other people's results: only a caller who may read every employee sees it.
    assertCanReadAll(context, "a batch's participants");
    const page = validatePage(args);
    // A page the roster's first upstream page holds (the dashboards' first 100) is answered from it,
    // and its people looked up, while the roster's other pages are still being read.
    const start = await batchRosterStart(context.loaders, batch);
    if (page.offset + page.first <= start.enrollments.length || start.enrollments.length >= start.total) {
      return connectionFromStart(start.enrollments, start.total, page);
    }
    return connectionFrom(await batchRoster(context.loaders, batch), page);
  },
};

export const BatchSchedule: BatchScheduleResolvers = {
  mainActivityStartAt: (schedule) => schedule.mainActivityStartAt,
  mainActivityEndAt: (schedule) => schedule.mainActivityEndAt,
  postActivityStartAt: (schedule) => schedule.postActivityStartAt,
  postActivityEndAt: (schedule) => schedule.postActivityEndAt,
  platform: (schedule) => schedule.platform,
  location: (schedule) => schedule.location,
  note: (schedule) => schedule.note,
  status: (schedule) => schedule.status,
};

/** A roster line is the participant's webinar enrollment, seen from the batch. */
export const BatchParticipant: BatchParticipantResolvers = {
  user: (participant) => ({ employeeID: participant.employeeID ?? '' }),
  enrollment: (participant) => participant,
  attended: (participant) => participant.attended,
  absentReason: (participant) => participant.absentReason,
  feedback: (participant) => participant.feedback,
  userAssignedStatus: (participant) => participant.userAssignedStatus,
  postActivityStatus: (participant) => participant.postActivityStatus,
  postTestAttempt: (participant) => participant.postTestAttempt,
  postTestScore: (participant) => participant.postTestScore,
  postTestPassingScore: (participant) => participant.postTestPassingScore,
};
