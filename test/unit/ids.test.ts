import {
  InvalidIdError,
  courseId,
  parseCourseId,
  parseEnrollmentId,
  ruangkerjaEnrollmentId,
} from '../../src/domain/ids.js';

describe('global ids', () => {
  it('round-trips course ids of every provider', () => {
    expect(parseCourseId('ruangkerja:COURSE-EXAMPLE1')).toEqual({ provider: 'ruangkerja', nativeId: 'COURSE-EXAMPLE1' });
    expect(parseCourseId('selfcommunity:42')).toEqual({ provider: 'selfcommunity', nativeId: 42 });
    const guid = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
    expect(parseCourseId(`absorb:${guid}`)).toEqual({ provider: 'absorb', nativeId: guid.toLowerCase() });
    expect(courseId({ provider: 'selfcommunity', nativeId: 42 })).toBe('selfcommunity:42');
  });

  it.each(['', 'absorb:', 'absorb:not-a-guid', 'moodle:1', 'selfcommunity:0', 'selfcommunity:1.5', 'ruangkerja:../../users', 'ruangkerja:a b'])(
    'rejects course id %j',
    (id) => {
      expect(() => parseCourseId(id)).toThrow(InvalidIdError);
    },
  );

  it('parses enrollment ids of every provider', () => {
    expect(parseEnrollmentId(ruangkerjaEnrollmentId('EMP00001', 'COURSE-1'))).toEqual({
      provider: 'ruangkerja',
      employeeID: 'EMP00001',
      courseSerial: 'COURSE-1',
      batchSerial: null,
    });
    expect(parseEnrollmentId('ruangkerja:EMP00001:COURSE-1:BATCH-1')).toMatchObject({ batchSerial: 'BATCH-1' });
    expect(parseEnrollmentId('selfcommunity:3:77')).toEqual({ provider: 'selfcommunity', courseId: 3, memberId: 77 });
    expect(parseEnrollmentId('absorb:3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toEqual({
      provider: 'absorb',
      enrollmentId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    });
  });

  it('says what a malformed id should look like, without echoing a huge value', () => {
    expect(() => parseEnrollmentId('absorb:x')).toThrow(/absorb:<enrollment guid>/);
    const error = (() => {
      try {
        parseEnrollmentId('x'.repeat(10_000));
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message.length).toBeLessThan(400);
  });
});
