/** Checks a client factory's numeric option, naming the factory and the option when it is wrong. */
export function positiveIntegerOption(factory: string, name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`${factory}: ${name} must be an integer from 1 to ${max}`);
  return value;
}
