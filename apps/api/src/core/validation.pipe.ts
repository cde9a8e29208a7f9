import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { Problem } from '@equity/shared';
import { ValidationProblemsException } from './problems.js';

function flatten(errors: ValidationError[], parent = ''): Problem[] {
  const out: Problem[] = [];
  for (const e of errors) {
    const column = parent ? `${parent}.${e.property}` : e.property;
    for (const [code, message] of Object.entries(e.constraints ?? {})) {
      out.push({ row: null, column, code, message: code === 'whitelistValidation' ? `"${column}" is not a field of this request` : message });
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
