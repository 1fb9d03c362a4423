/** `esa-patch spf`: check an SPF record for Cisco RES and propose the change (see `cli/spf.ts`). */
import type { CommandModule } from './command.js';

/** Stands for a lone `-` argument (standard input) while the parser runs: it would drop it. */
export const STDIN_MARK = '\u0000stdin';

export const spf: CommandModule = {
  command: 'spf [records..]',
  describe: 'check an SPF record for Cisco RES (include:res.cisco.com) and propose the change (exit 2: change proposed)',
  examples: [['esa-patch spf "v=spf1 mx -all"', 'propose adding include:res.cisco.com']],
  builder: (y) =>
    y
      .option('domain-file', { type: 'string', requiresArg: true, describe: 'file of domain<TAB>record lines' })
      .option('resolve', { type: 'boolean', describe: 'expand includes and redirects through DNS' })
      .option('dns-server', { type: 'string', requiresArg: true, describe: 'DNS server HOST:PORT for --resolve' })
      .option('max-queries', {
        type: 'string',
        requiresArg: true,
        describe: 'DNS queries one run sends at most with --resolve (default 50)',
      })
      .option('time-bound', {
        type: 'string',
        requiresArg: true,
        describe: 'ms all DNS lookups of one run may take with --resolve (default 10000)',
      })
      .option('json', { type: 'boolean', describe: 'print JSON' }),
  handler: async (a, io) => {
    const { runSpf } = await import('../spf.js');
    const json = a.flag('json');
    // Its text is bytes (UTF-8 encoded already): only C0 controls are made visible, as
    // C1 bytes are parts of UTF-8 characters. JSON is a document and stays as it is.
    const safe = (t: string) =>
      t.replace(/\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) =>
        c === '\x7f' ? '^?' : `^${String.fromCharCode(c.charCodeAt(0) + 0x40)}`,
      );
    const shown = json ? io : { ...io, out: (t: string) => io.out(safe(t)), err: (t: string) => io.err(safe(t)) };
    // Checked by runSpf (spf-option), as for every other option of spf.
    const number = (name: string) => {
      const v = a.string(name);
      return v === undefined ? undefined : Number(v);
    };
    const records = a.positionals('records').map((r) => (r === STDIN_MARK ? '-' : r));
    return runSpf(
      {
        records,
        domainFile: a.string('domain-file'),
        resolve: a.flag('resolve'),
        dnsServer: a.string('dns-server'),
        maxQueries: number('max-queries'),
        timeBoundMs: number('time-bound'),
        json,
      },
      shown,
    );
  },
};
