import type { NextFunction, Request, Response } from 'express';
import { ValidationProblemsException } from './problems.js';

/**
 * The nesting depth of a parsed JSON value (a scalar is 0, `[]` 1, `[[1]]` 2), counted without
 * recursion and stopping as soon as it passes `max`: a body of 100,000 nested arrays costs one
 * pass and no stack.
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) return true;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push({ v: item, d: d + 1 });
    } else {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        const item = (v as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) stack.push({ v: item, d: d + 1 });
      }
    }
  }
  return false;
}

/**
 * Refuses a JSON body nested deeper than `max` with a 422 in the one error shape, before any pipe,
 * validator or handler walks it (they recurse, and a deep body would overflow their stack).
 */
export function jsonDepthLimit(max: number) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || !jsonDepthExceeds(body, max)) {
      next();
      return;
    }
    next(
      new ValidationProblemsException([
        {
          row: null,
          column: null,
          code: 'too_deep',
          message: `The JSON body is nested more than ${max} levels deep. A return is a list of cells, each an object with a "classes" object: send it in that shape.`,
        },
      ]),
    );
  };
}
