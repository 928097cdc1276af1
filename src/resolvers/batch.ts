import { connectionFrom, validatePage } from '../domain/connection.js';
import { batchId } from '../domain/ids.js';
import { summarizeBatch } from '../domain/summary.js';
import type { BatchParticipantResolvers, BatchResolvers, BatchScheduleResolvers } from '../generated/graphql.js';
import { batchBySerials, batchRoster, courseByKey } from '../loaders/courses.js';

export const Batch: BatchResolvers = {
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
  participants: async (batch, args, { loaders }) => {
    const page = validatePage(args);
    return connectionFrom(await batchRoster(loaders, batch), page);
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
