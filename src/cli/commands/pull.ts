/** `esa-patch pull`: exports fetched from appliances over SSH, each with its sidecar. */
import type { CommandModule } from './command.js';

export const pull: CommandModule = {
  command: 'pull [targets..]',
  describe: 'fetch exports from appliances over SSH (saveconfig, scp -O): DIR/NAME.xml and NAME.pull.json',
  examples: [
    ['esa-patch pull admin@esa1.example.com', 'one appliance, with your own ssh keys and known_hosts'],
    ['esa-patch pull --inventory fleet.yaml --out-dir exports/', 'every appliance of the inventory, in parallel'],
    ['esa-patch pull --dry-run --inventory fleet.yaml', 'the commands it would send, sending nothing'],
  ],
  builder: (y) =>
    y
      .positional('targets', { type: 'string', array: true, describe: '[user@]host[:port] (the name is the host)' })
      .option('inventory', { type: 'string', describe: 'a JSON or YAML inventory whose entries have a "host"' })
      .option('out-dir', { type: 'string', describe: 'where NAME.xml and NAME.pull.json go (default: .)' })
      .option('jobs', { type: 'string', describe: 'appliances pulled at once (default 8)' })
      .option('jobs-max', { type: 'string', describe: 'the cap on --jobs (default 64)' })
      .option('remove-remote', { type: 'boolean', describe: 'remove the export from /configuration once fetched' })
      .option('dry-run', { type: 'boolean', describe: 'print the commands it would send, per appliance; send nothing' })
      .option('force', { type: 'boolean', describe: 'overwrite an existing NAME.xml / NAME.pull.json' })
      .option('connect-timeout', { type: 'string', describe: 'seconds to connect (default 10)' })
      .option('command-timeout', { type: 'string', describe: 'seconds one command may run (default 120)' })
      .option('tokens', {
        type: 'string',
        describe: 'the TLS tokens file (esa-patch-tokens/1): record the tokens each pulled export uses, for its AsyncOS version',
      })
      .option('dialogue', { type: 'string', describe: 'a JSON or YAML file overriding prompts, answers and result texts (see README)' })
      .option('ssh-config', { type: 'string', describe: 'an ssh_config file for ssh and scp (-F) instead of ~/.ssh/config' })
      .option('verbose', { type: 'boolean', describe: 'print what each appliance printed (its transcripts, passphrase redacted)' })
      .option('json', { type: 'boolean', describe: 'one JSON document on stdout (with the transcripts)' }),
  handler: async (a, io) => (await import('./pull-run.js')).runPull(a, io),
};
