import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { HttpProblem, type FieldError } from './http-errors';

/**
 * Turns a JSON body or a query string into a DTO instance, or answers 400 naming every invalid
 * field and why. Unknown fields are refused too: a typo must not be silently ignored.
 */
export async function parseInput<T extends object>(dto: ClassConstructor<T>, input: unknown, where: 'body' | 'query'): Promise<T> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw HttpProblem.badRequest([{ field: where, message: `The ${where === 'body' ? 'request body' : 'query'} must be a JSON object.` }]);
  }
  const instance = plainToInstance(dto, input, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw HttpProblem.badRequest(firstPerField(flatten(errors)));
  return instance;
}

/** One message per field: the first rule it breaks (a missing field breaks them all). */
function firstPerField(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.field) && seen.add(error.field));
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: withField(message, error.property, field) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator names the property; keep that, but say "field" for unknown properties. */
function withField(message: string, property: string, field: string): string {
  if (message === `property ${property} should not exist`) return `"${field}" is not a known field.`;
  return message;
}
