/**
 * The dashboards' queries (the public contract, ../shared/contract/dashboard-queries.graphql),
 * the first entries of the operation safelist. Kept as a module so the build carries it; a test
 * checks it still equals the contract's file.
 */
export const DASHBOARD_QUERIES = `
# The queries that the frontend dashboards send. The server answers each of them
# exactly as written (names, arguments, fields). The schema may offer more.
# Ids are readable and stable: a course is "<provider>:<native id>", e.g.
# "ruangkerja:COURSE-EXAMPLE1", "absorb:<course guid>", "selfcommunity:42"; an Absorb
# enrollment "absorb:<enrollment guid>"; a Ruangkerja enrollment
# "ruangkerja:<employeeID>:<courseSerial>" (":<batchSerial>" added for a webinar);
# a user "user:<employeeID>". The same id always names the same thing.

# One employee's learning across every provider.
query LearnerDashboard($employeeID: ID!) {
  user(employeeID: $employeeID) {
    id
    employeeID
    name
    email
    identities { provider nativeId }
    summary { total completed inProgress notStarted failed expired completionRate timeSpentSeconds }
    enrollments(first: 100) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        provider
        status
        providerStatus
        score
        completedAt
        timeSpentSeconds
        course { id provider nativeId name kind }
        ... on OnlineCourseEnrollment { preTest postTest }
        ... on WebinarEnrollment {
          batch { id serial name }
          attended absentReason feedback userAssignedStatus postActivityStatus
          postTestAttempt postTestScore postTestPassingScore
        }
        ... on AbsorbCourseEnrollment {
          progress dateEnrolled dateStarted dateExpires isActive
          sessions { id name status dateCompleted }
        }
      }
    }
  }
}

# A manager's team: many employees in one request.
query TeamDashboard($employeeIDs: [ID!]!, $status: [EnrollmentStatus!]) {
  users(employeeIDs: $employeeIDs) {
    employeeID
    name
    summary { total completed completionRate }
    enrollments(first: 50, status: $status) {
      totalCount
      nodes { provider status course { id name } }
    }
  }
}

# A Ruangkerja webinar batch: its roster, and each participant's other learning.
query BatchRoster($courseSerial: ID!, $batchSerial: ID!) {
  batch(courseSerial: $courseSerial, batchSerial: $batchSerial) {
    id
    serial
    name
    course { id name }
    summary { participants attended cleared failed attendanceRate averagePostTestScore }
    participants(first: 100) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        user { employeeID name summary { total completed } }
        attended
        userAssignedStatus
        postActivityStatus
        postTestScore
      }
    }
  }
}

# A course in any provider, with its learners (an Absorb course here).
query CourseDashboard($id: ID!) {
  course(id: $id) {
    id
    name
    kind
    summary { total completed inProgress notStarted failed completionRate }
    enrollments(first: 200) {
      totalCount
      nodes {
        user { employeeID name }
        status
        providerStatus
        score
        ... on AbsorbCourseEnrollment { progress }
        ... on CommunityMembership { joinStatus completionRate joinedAt lastActiveAt }
      }
    }
    sessions {
      id
      name
      enrollments { user { employeeID name } status dateCompleted }
    }
  }
}

# One Absorb course enrollment in depth.
query EnrollmentDetail($id: ID!) {
  enrollment(id: $id) {
    id
    status
    course { id name }
    user { employeeID }
    ... on AbsorbCourseEnrollment {
      chapters { id name status progress }
      lessons {
        id name status score timeSpentSeconds
        attempts { id status score dateStarted dateCompleted }
      }
    }
  }
}
`;
