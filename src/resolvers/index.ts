import type { Resolvers } from '../generated/graphql.js';
import { ChapterEnrollment, LessonAttempt, LessonEnrollment, SessionEnrollment } from './activity.js';
import { Batch, BatchParticipant, BatchSchedule } from './batch.js';
import { BatchParticipantConnection, EnrollmentConnection, EnrollmentEdge } from './connection.js';
import { Course } from './course.js';
import { AbsorbCourseEnrollment, CommunityMembership, Enrollment, OnlineCourseEnrollment, WebinarEnrollment } from './enrollment.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { DateScalar, DateTime } from './scalars.js';
import { Session } from './session.js';
import { Identity, User } from './user.js';

/** Every resolver map, one file per GraphQL type (or family of types). */
export const resolvers: Resolvers = {
  Query,
  Mutation,
  DateTime,
  Date: DateScalar,
  User,
  Identity,
  Course,
  Batch,
  BatchSchedule,
  BatchParticipant,
  BatchParticipantConnection,
  Session,
  Enrollment,
  OnlineCourseEnrollment,
  WebinarEnrollment,
  AbsorbCourseEnrollment,
  CommunityMembership,
  SessionEnrollment,
  ChapterEnrollment,
  LessonEnrollment,
  LessonAttempt,
  EnrollmentConnection,
  EnrollmentEdge,
};
