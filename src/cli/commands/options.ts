/**
 * Options several commands declare: cheap to load, as every command's declaration is loaded
 * at start-up (the implementations are imported when their command runs).
 */
import type { Argv } from 'yargs';

/** Declares `--json`, `--quiet`, `--verbose`, `--fail-on`. */
export function outputOptions(y: Argv): Argv {
  return y
    .option('json', { type: 'boolean', describe: 'print a machine-readable report instead of text' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'only errors and the summary line' })
    .option('verbose', { alias: 'v', type: 'boolean', describe: 'print every finding in full, and the TLS values of each HAT' })
    .option('fail-on', {
      type: 'string',
      describe: 'exit 1 when a finding of this severity or worse is found: warning or error',
      requiresArg: true,
    });
}

/** Declares the options plan and apply share. */
export function patchOptions(y: Argv): Argv {
  return outputOptions(
    y
      .positional('exports', { describe: 'export files (*.xml), or directories of them', type: 'string' })
      .option('recursive', { type: 'boolean', describe: "read directories' subdirectories too (their *.xml files)" })
      .option('recipe', {
        type: 'string',
        requiresArg: true,
        describe: "the change to make: a recipe file (YAML or JSON) or a built-in's name (default cres-tls; esa-patch recipes lists them)",
      })
      .option('listener', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'a listener to patch, by name or element path; repeat for several (default: every public listener)',
      })
      .option('group-name', { type: 'string', requiresArg: true, describe: 'name of the CRES sender group (default CRES)' })
      .option('policy-name', {
        type: 'string',
        requiresArg: true,
        describe: 'name of the TLS-Required mail flow policy (default CRES_TLS)',
      })
      .option('tls-value', {
        type: 'string',
        requiresArg: true,
        describe: 'HAT token for TLS "Required" in your AsyncOS release (default required)',
      })
      .option('sender', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'a CRES sender; repeat for several (replaces the default list)',
      })
      .option('replace-tls-value', { type: 'boolean', describe: 'replace a TLS value of the policy that esa-patch does not know' })
      .option('change-id', {
        type: 'string',
        describe: "the change's id in your change process (e.g. CHG0012345): recorded in the artefact and the reports",
      })
      .option('accept-demo-certificate', {
        type: 'boolean',
        describe: "change a listener that uses the demo certificate anyway (CRES's TLS verification fails with it)",
      })
      .option('allow-masked', {
        type: 'boolean',
        describe: 'patch an export saved with masked passphrases, for review only (it cannot be loaded back)',
      })
      .option('inventory', {
        type: 'string',
        requiresArg: true,
        describe: 'JSON or YAML list of { file, listener?, groupName?, policyName?, tlsValue?, recipe? } (paths relative to the inventory)',
      })
      .option('jobs', {
        alias: 'j',
        type: 'string',
        requiresArg: true,
        describe: 'files processed in parallel (default: the number of CPUs; capped at --jobs-max)',
      })
      .option('jobs-max', {
        type: 'string',
        requiresArg: true,
        describe: 'the cap on --jobs (default: the number of CPUs; each job holds an export in memory)',
      })
      .option('tokens', {
        type: 'string',
        requiresArg: true,
        describe:
          "the TLS tokens file (esa-patch-tokens/1): warn when the token written is not witnessed for the export's version; record the tokens seen",
      })
      .option('report', { type: 'string', requiresArg: true, describe: 'also write the JSON report (esa-patch/report@1) to this file' })
      .option('html', {
        type: 'string',
        requiresArg: true,
        describe: 'also write a self-contained HTML report for reviewers to this file',
      }),
  );
}
