/**
 * The man page, made from the same help text `--help` prints (at 80 columns), so the two
 * cannot drift. `npm run man` writes it to `man/esa-patch.1`; a test keeps that file current.
 */
import { TOOL_VERSION } from '../version.js';
import { recordingIo } from './io.js';
import { main } from './main.js';
import { COMMANDS } from './commands/index.js';
import { commandName } from './commands/command.js';

/** Text as roff shows it, verbatim in a no-fill block. */
function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

async function help(args: string[]): Promise<string> {
  const io = recordingIo('/', { columns: 80 });
  await main([...args, '--help'], io);
  return Buffer.from(io.stdout, 'latin1').toString('utf8').trimEnd();
}

/** The man page `esa-patch(1)`. */
export async function manPage(): Promise<string> {
  let out = `.TH ESA-PATCH 1 "" "esa-patch ${TOOL_VERSION}" "User Commands"\n`;
  out += '.SH NAME\nesa-patch \\- plan, apply and roll back the Cisco RES TLS change on Cisco ESA configuration exports\n';
  out += `.SH SYNOPSIS\n.nf\n${COMMANDS.map((m) => `esa-patch ${m.command.replace(/\.\./g, '...')} [options]`).join('\n')}\n.fi\n`;
  out += `.SH DESCRIPTION\n.nf\n${roff(await help([]))}\n.fi\n`;
  out += '.SH COMMANDS\n';
  for (const m of COMMANDS) out += `.SS ${commandName(m)}\n.nf\n${roff(await help([commandName(m)]))}\n.fi\n`;
  out +=
    '.SH ENVIRONMENT\n.TP\n.B NO_COLOR\nno colour, even on a terminal\n.TP\n.B FORCE_COLOR\ncolour even when the output is not a terminal (0 turns it off)\n.TP\n.B COLUMNS\nthe width to wrap to when the terminal does not say (default 80)\n';
  out += '.SH SEE ALSO\nThe README of esa-patch; \\fBesa-patch explain\\fR lists the finding codes.\n';
  return out;
}
