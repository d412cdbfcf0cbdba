// An error whose message is meant for the user: Danish, saying what is wrong and where.

import type { FieldProblem } from './api.ts';

export class UserError extends Error {
  readonly fields: FieldProblem[];
  constructor(message: string, fields: FieldProblem[] = []) {
    super(message);
    this.name = 'UserError';
    this.fields = fields;
  }
}
