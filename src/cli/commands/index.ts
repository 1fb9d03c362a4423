/** Every command, in the order `--help` lists them. */
import type { CommandModule } from './command.js';
import { plan } from './plan.js';
import { apply } from './apply.js';
import { pull } from './pull.js';
import { rollback } from './rollback.js';
import { show } from './show.js';
import { verify } from './verify.js';
import { inspect } from './inspect.js';
import { explain } from './explain.js';
import { spf } from './spf.js';
import { completion } from './completion.js';
import { diffCommand } from './diff.js';
import { traceCommand } from './trace.js';
import { checkCommand } from './check.js';
import { recipeCommand, recipesCommand } from './recipes.js';
import { push, revert } from './push.js';

export const COMMANDS: readonly CommandModule[] = [
  plan,
  apply,
  pull,
  push,
  revert,
  rollback,
  show,
  verify,
  inspect,
  diffCommand,
  traceCommand,
  checkCommand,
  recipesCommand,
  recipeCommand,
  explain,
  spf,
  completion,
];
