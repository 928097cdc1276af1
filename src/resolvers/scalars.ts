/**
 * DateTime and Date: ISO-8601 strings. Normalizers already produce canonical values, so output is
 * checked, not reformatted; input literals are validated so a bad date is a clear BAD_USER_INPUT.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoScalar(name: string, pattern: RegExp, example: string): GraphQLScalarType<string, string> {
  const check = (value: unknown): string => {
    if (typeof value === 'string' && pattern.test(value) && !Number.isNaN(Date.parse(value))) return value;
    throw new GraphQLError(`${name} must be an ISO-8601 string such as ${example}`, { extensions: { code: 'BAD_USER_INPUT' } });
  };
  return new GraphQLScalarType<string, string>({
    name,
    serialize: check,
    parseValue: check,
    parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

export const DateTime = isoScalar('DateTime', DATE_TIME, '2024-03-05T09:15:00.000Z');
export const DateScalar = isoScalar('Date', DATE, '2024-03-05');
