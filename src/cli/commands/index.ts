/** Every command, in the order `--help` lists them. */
import type { CommandModule } from './command.js';
import { plan } from './plan.js';
import { apply } from './apply.js';
import { rollback } from './rollback.js';
import { show } from './show.js';
import { verify } from './verify.js';
import { inspect } from './inspect.js';
import { explain } from './explain.js';
import { spf } from './spf.js';
import { completion } from './completion.js';
import { diffCommand } from './diff.js';
import { traceCommand } from './trace.js';
import { recipeCommand, recipesCommand } from './recipes.js';

/** A command module that reads the parsed arguments as a plain record. */
function ofRecord<A>(m: CommandModule<A>): CommandModule {
  return { ...m, handler: (a, io) => m.handler(a.values() as A, io) };
}

export const COMMANDS: readonly CommandModule[] = [
  plan,
  apply,
  rollback,
  show,
  verify,
  inspect,
  ofRecord(diffCommand),
  ofRecord(traceCommand),
  ofRecord(recipesCommand),
  ofRecord(recipeCommand),
  explain,
  spf,
  completion,
];
