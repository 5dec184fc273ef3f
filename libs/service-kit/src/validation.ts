import { Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode, FieldProblem, NoBody } from '@patt/contracts';
import { ServiceException } from './errors';

/** Field paths and messages of class-validator's errors, one entry per bad field. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {});
    const nested = fieldProblems(error.children ?? [], `${field}.`);
    return own.length > 0 ? [{ field, problems: own }, ...nested] : nested;
  });
}

export function validationSentence(problems: FieldProblem[]): string {
  const first = problems[0];
  if (!first) return 'The request is not valid.';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `${first.problems[0]}${more}.`;
}

/**
 * The one validation pipe, at every door (HTTP and NATS alike): unknown fields are refused, not
 * ignored, and the failure names each bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const problems = fieldProblems(errors);
      return new ServiceException(ErrorCode.ValidationFailed, validationSentence(problems), problems);
    },
  });
}

/**
 * For bodies and requests that take nothing (`{}`, or none): class-validator refuses a class
 * without rules, so an empty DTO cannot say "no fields"; this pipe does, naming each field that
 * should not be there. The gateway uses it on such endpoints' bodies, services on such requests.
 */
@Injectable()
export class EmptyBodyPipe implements PipeTransform<unknown, NoBody> {
  transform(value: unknown): NoBody {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw ServiceException.invalid('The body must be an empty JSON object: {}.', [{ field: 'body', problems: ['must be {}'] }]);
    }
    const problems: FieldProblem[] = Object.keys(value).map((field) => ({ field, problems: [`property ${field} should not exist`] }));
    if (problems.length > 0) throw ServiceException.invalid(validationSentence(problems), problems);
    return {};
  }
}
