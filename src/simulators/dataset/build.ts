import { buildAbsorb } from './build-absorb.js';
import { buildRuangkerja } from './build-ruangkerja.js';
import { buildSelfCommunity } from './build-selfcommunity.js';
import type { PersonDraft } from './draft.js';
import { FIXED_NAMES, asciiToken, poolsWithWeights } from './names.js';
import { Rng } from './random.js';
import type { Dataset, DatasetOptions, Person } from './types.js';

/**
 * Builds the simulators' dataset from a seed and a head count. Everything random comes from one
 * seeded stream, so the same options always give a deep-equal dataset; sizes scale with
 * `employees` (500 gives about 40 Ruangkerja courses, 60 Absorb courses, 5 community courses).
 */

/** Person 0 is the sample learner, present everywhere with a rich history. */
const LEARNER_INDEX = 0;
/** A person found in no provider, placed inside the team sample so "found nowhere" is exercised. */
const NOWHERE_INDEX = 10;
const TEAM_SIZE = 50;

function employeeID(index: number, total: number): string {
  return `EMP${String(index + 1).padStart(Math.max(5, String(total).length), '0')}`;
}

function buildPeople(rng: Rng, count: number): PersonDraft[] {
  const drafts: PersonDraft[] = [];
  const pools = poolsWithWeights();
  for (let i = 0; i < count; i += 1) {
    const fixed = FIXED_NAMES[i];
    let firstName: string;
    let lastName: string;
    if (fixed) [firstName, lastName] = fixed;
    else {
      const pool = rng.weighted(pools);
      firstName = rng.pick(pool.first);
      lastName = rng.pick(pool.last);
    }
    const id = employeeID(i, count);
    // The numeric suffix keeps addresses unique when two people share a name.
    const localPart = `${asciiToken(firstName)}.${asciiToken(lastName)}${i + 1}`;
    const person: Person = {
      employeeID: id,
      firstName,
      lastName,
      email: `${localPart}@ruangkerja-demo.example`,
      ruangkerjaSerial: null,
      absorbUserId: null,
      selfCommunityUserId: null,
    };
    const everywhere = i === LEARNER_INDEX;
    const nowhere = i === Math.min(NOWHERE_INDEX, count - 1) && i !== LEARNER_INDEX;
    drafts.push({
      person,
      localPart,
      inRuangkerja: everywhere || (!nowhere && rng.chance(0.8)),
      inAbsorb: everywhere || (!nowhere && rng.chance(0.8)),
      inSelfCommunity: everywhere || (!nowhere && rng.chance(0.35)),
    });
  }
  return drafts;
}

export function buildDataset(options: DatasetOptions): Dataset {
  if (!Number.isInteger(options.employees) || options.employees < 2) {
    throw new RangeError(`buildDataset: employees must be an integer of at least 2 (got ${options.employees})`);
  }
  const rng = new Rng(options.seed);
  const drafts = buildPeople(rng, options.employees);
  // Each provider draws from its own stream forked off the seed, so a change in one provider's
  // generator does not reshuffle the others' data.
  const ruangkerja = buildRuangkerja(new Rng(options.seed * 31 + 1), drafts);
  const absorb = buildAbsorb(new Rng(options.seed * 31 + 2), drafts);
  const selfcommunity = buildSelfCommunity(new Rng(options.seed * 31 + 3), drafts);
  const people = drafts.map((d) => d.person);
  const learner = people[LEARNER_INDEX] as Person;
  return {
    options: { ...options },
    samples: {
      learnerEmployeeID: learner.employeeID,
      teamEmployeeIDs: people.slice(1, 1 + TEAM_SIZE).map((p) => p.employeeID),
      batch: ruangkerja.sampleBatch,
      absorbCourseId: absorb.complianceCourseId,
      absorbIlcCourseId: absorb.ilcCourseId,
      absorbEnrollmentId: absorb.learnerEnrollmentId,
      communityCourseId: selfcommunity.sampleCourseId,
    },
    people,
    ruangkerja: ruangkerja.data,
    absorb: absorb.data,
    selfcommunity: selfcommunity.data,
  };
}
