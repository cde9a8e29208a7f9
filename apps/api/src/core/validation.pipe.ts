import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { isProblemCode, type Problem } from '@equity/shared';
import { ValidationProblemsException } from './problems.js';

function flatten(errors: ValidationError[], parent = ''): Problem[] {
  const out: Problem[] = [];
  for (const e of errors) {
    const column = parent ? `${parent}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      // The constraint's name is the code (isString, maxLength…); its limit, when it has one, a
      // parameter (class-validator writes it in its message: "… shorter than or equal to 500 characters").
      const limit = /\d+/.exec(message)?.[0];
      out.push({
        row: null,
        column,
        code: isProblemCode(constraint) ? constraint : 'invalid_value',
        message: constraint === 'whitelistValidation' ? `"${column}" is not a field of this request` : message,
        params: { field: column, ...(limit !== undefined && constraint !== 'whitelistValidation' ? { limit: Number(limit) } : {}) },
      });
    }
    out.push(...flatten(e.children ?? [], column));
  }
  return out;
}

/** Strict global validation of request DTOs, reporting in the same 422 shape as return validation. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationProblemsException(flatten(errors)),
  });
}
