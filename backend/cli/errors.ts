// What the command line's entry needs before a command is loaded: where output goes, and the two ways a command
// refuses (both exit 2).

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Wrong use of the command line: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {}

/** A file that cannot be read or written: exit 2 with the message. */
export class UnreadableError extends Error {}
