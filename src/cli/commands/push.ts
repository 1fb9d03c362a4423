/**
 * `esa-patch push` and `esa-patch revert`: load what apply wrote onto the appliances, in waves,
 * gated, verified by meaning, journalled; and put them back.
 */
import type { Argv } from 'yargs';
import type { CommandModule } from './command.js';

function rolloutOptions(y: Argv): Argv {
  return y
    .positional('artefacts', {
      describe: 'the .patch.json files apply wrote (the patched NAME.xml beside each), or directories of them',
      type: 'string',
    })
    .option('inventory', {
      type: 'string',
      requiresArg: true,
      describe:
        "the targets: the inventory pull reads (entries with a host); matched by the pull sidecar's serial or hostname, else by name",
    })
    .option('via', {
      type: 'string',
      requiresArg: true,
      choices: ['config', 'hat'],
      describe: "config: loadconfig the patched export (default); hat: hostaccess import each changed listener's HAT",
    })
    .option('rollout-dir', {
      type: 'string',
      requiresArg: true,
      describe: "the rollout's journal, kept exports and reports (default: rollout-ID beside the first artefact)",
    })
    .option('tokens', {
      type: 'string',
      requiresArg: true,
      describe: 'the TLS tokens file (esa-patch-tokens/1): read, and updated with what this run witnessed',
    })
    .option('dialogue', {
      type: 'string',
      requiresArg: true,
      describe: 'a JSON or YAML file overriding prompts, answers and result texts (see README)',
    })
    .option('timeout', { type: 'string', requiresArg: true, describe: 'seconds a command may take (default 120)' })
    .option('ssh-config', {
      type: 'string',
      requiresArg: true,
      describe: 'an ssh_config file for ssh and scp (-F) instead of ~/.ssh/config',
    })
    .option('json', { type: 'boolean', describe: 'print the rollout report as JSON (esa-patch/rollout@1)' });
}

export const push: CommandModule = {
  command: 'push [artefacts..]',
  describe:
    'load patched exports onto the appliances: gates, load, commit, verify by meaning, revert on a failed verify; canary then waves',
  examples: [
    ['esa-patch push patched/ --inventory fleet.yaml --dry-run', 'print every command it would send, per appliance; send nothing'],
    ['esa-patch push patched/ --inventory fleet.yaml --canary 1 --wave 5', 'one canary, then waves of 5; stop at the first failure'],
    [
      'esa-patch push patched/ --inventory fleet.yaml --status',
      'where an interrupted rollout stands (the same command without --status resumes it)',
    ],
  ],
  builder: (y) =>
    rolloutOptions(y)
      .option('canary', { type: 'string', requiresArg: true, describe: 'appliances in the canary wave (default 1)' })
      .option('wave', { type: 'string', requiresArg: true, describe: 'appliances in each later wave (default 10)' })
      .option('dry-run', { type: 'boolean', describe: 'print every command it would send, per appliance, and send nothing' })
      .option('status', { type: 'boolean', describe: 'show where the rollout stands, from its journal; send nothing' }),
  handler: async (a, io) => (await import('./push-run.js')).runPush('push', a, io),
};

export const revert: CommandModule = {
  command: 'revert [artefacts..]',
  describe:
    'put back, on every appliance a rollout touched, the export taken just before its load (checked by pulling first), and verify it',
  examples: [['esa-patch revert patched/ --inventory fleet.yaml', 'revert the rollout of these artefacts, last appliance first']],
  builder: (y) => rolloutOptions(y),
  handler: async (a, io) => (await import('./push-run.js')).runPush('revert', a, io),
};
