import { Injectable, PipeTransform } from '@nestjs/common';
import { FieldProblem, NoBody } from '@patt/contracts';
import { ServiceException, validationSentence } from '@patt/service-kit';

/**
 * For requests that take nothing (`{}`): class-validator refuses a class without rules, so an
 * empty DTO cannot say "no fields"; this pipe does, naming each field that should not be there.
 */
@Injectable()
export class EmptyPayloadPipe implements PipeTransform<unknown, NoBody> {
  transform(value: unknown): NoBody {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw ServiceException.invalid('The request must be an empty JSON object: {}.', [{ field: 'body', problems: ['must be {}'] }]);
    }
    const problems: FieldProblem[] = Object.keys(value).map((field) => ({ field, problems: [`property ${field} should not exist`] }));
    if (problems.length > 0) throw ServiceException.invalid(validationSentence(problems), problems);
    return {};
  }
}
