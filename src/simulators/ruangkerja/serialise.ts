import type { RuangkerjaBatch, RuangkerjaCourse, RuangkerjaOnlineAssignment, RuangkerjaUser, RuangkerjaWebinarAssignment } from '../dataset/types.js';

/**
 * Items in the documents' shapes and field order. Dataset rows carry link fields (userSerial,
 * courseSerial, batchSerial) that the real answers nest instead, so every field is listed here.
 */

export function onlineItem(a: RuangkerjaOnlineAssignment, course: RuangkerjaCourse) {
  return {
    course: { serial: course.serial, name: course.name },
    postTest: a.postTest,
    preTest: a.preTest,
    timeSpent: a.timeSpent,
    completedAt: a.completedAt,
    status: a.status,
  };
}

function participation(a: RuangkerjaWebinarAssignment) {
  return {
    absentReason: a.absentReason,
    assignedCourseSerial: a.assignedCourseSerial,
    feedback: a.feedback,
    isAttend: a.isAttend,
    userAssignedStatus: a.userAssignedStatus,
    postActivityStatus: a.postActivityStatus,
    postTestAttempt: a.postTestAttempt,
    postTestScore: a.postTestScore,
    postTestPassingScore: a.postTestPassingScore,
  };
}

export function userWebinarItem(a: RuangkerjaWebinarAssignment, course: RuangkerjaCourse, batch: RuangkerjaBatch) {
  return {
    course: { serial: course.serial, name: course.name },
    batch: { serial: batch.serial, name: batch.name },
    ...participation(a),
  };
}

export function batchUserItem(a: RuangkerjaWebinarAssignment, user: RuangkerjaUser) {
  return {
    user: { serial: user.serial, name: user.name, employeeID: user.employeeID },
    ...participation(a),
  };
}

export function courseItem(c: RuangkerjaCourse) {
  return { serial: c.serial, name: c.name, category: c.category };
}

export function batchItem(b: RuangkerjaBatch) {
  return {
    serial: b.serial,
    name: b.name,
    mainActivityStartAt: b.mainActivityStartAt,
    mainActivityEndAt: b.mainActivityEndAt,
    postActivityStartAt: b.postActivityStartAt,
    postActivityEndAt: b.postActivityEndAt,
    platform: b.platform,
    location: b.location,
    note: b.note,
    status: b.status,
  };
}

/** The document lists employeeID…companyName; `serial` is added so a client can switch user keys. */
export function userItem(u: RuangkerjaUser) {
  return {
    serial: u.serial,
    employeeID: u.employeeID,
    name: u.name,
    username: u.username,
    email: u.email,
    isActive: u.isActive,
    companyName: u.companyName,
  };
}
