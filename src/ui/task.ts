// The one shape of async work in the screens: nothing yet, under way (with its progress), finished
// with a value, or failed with an error the user can read.
import type { UserError } from './user-error.ts';

export type Task<T, Progress = null> =
  | { status: 'idle' }
  | { status: 'running'; progress: Progress }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: UserError };
