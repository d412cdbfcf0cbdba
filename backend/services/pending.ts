// Things shown to the user and waiting for their answer (an import's preview): kept by id for an hour, taken once.

import crypto from 'node:crypto';
import { UserError } from '../../schemas/errors.ts';

const KEEP_MS = 3_600_000;

export class Pending<T> {
  private readonly items = new Map<string, { value: T; at: number }>();
  constructor(private readonly goneMessage: string) {}

  add(value: T): string {
    for (const [id, item] of this.items) if (Date.now() - item.at > KEEP_MS) this.items.delete(id);
    const id = crypto.randomUUID();
    this.items.set(id, { value, at: Date.now() });
    return id;
  }

  /** The value; a UserError when it is not (or no longer) here. */
  get(id: string): T {
    const item = this.items.get(id);
    if (!item) throw new UserError(this.goneMessage);
    return item.value;
  }

  /** The value, which is then forgotten. */
  take(id: string): T {
    const value = this.get(id);
    this.items.delete(id);
    return value;
  }
}
