/**
 * `esa-patch completion bash|zsh`: a completion script made from the commands and options the
 * argument parser declares, so it cannot drift from them.
 */
import type { Argv } from 'yargs';
import { EXIT } from '../exit-codes.js';
import { outputOf } from '../output.js';
import type { CommandModule } from './command.js';
import { commandName } from './command.js';

/** yargs' factory (imported when needed: start-up does without it). */
export type YargsFactory = () => Argv;

/** Every option of a command as `--name` and `-x`, from its builder run on `yargs()`. */
export function optionsOf(m: CommandModule, yargs: YargsFactory): string[] {
  // yargs declares getOptions() on its instances but not in its types.
  const y = m.builder(yargs()) as Argv & { getOptions(): { key: Record<string, unknown> } };
  const o = y.getOptions();
  const names = Object.keys(o.key).filter((k) => k !== '$0');
  return [...new Set([...names, 'help'])].sort().map((k) => (k.length === 1 ? `-${k}` : `--${k}`));
}

function bash(commands: readonly CommandModule[], yargs: YargsFactory): string {
  const cases = commands.map((m) => `    ${commandName(m)}) opts="${optionsOf(m, yargs).join(' ')}" ;;`).join('\n');
  return `# esa-patch bash completion: eval "$(esa-patch completion bash)", or save it to
# /etc/bash_completion.d/esa-patch
_esa_patch() {
  local cur cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map(commandName).join(' ')} --help --version" -- "$cur") )
    return
  fi
  case "$cmd" in
${cases}
    *) opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o filenames -F _esa_patch esa-patch
`;
}

function zsh(commands: readonly CommandModule[], yargs: YargsFactory): string {
  const cases = commands
    .map(
      (m) =>
        `    ${commandName(m)}) _arguments '*:file:_files' ${optionsOf(m, yargs)
          .map((o) => `'${o}'`)
          .join(' ')} ;;`,
    )
    .join('\n');
  const list = commands.map((m) => `'${commandName(m)}:${m.describe.replace(/'/g, "'\\''").replace(/:/g, '\\:')}'`).join(' ');
  return `#compdef esa-patch
# esa-patch zsh completion: save as _esa-patch in a directory of $fpath, or
# eval "$(esa-patch completion zsh)"
_esa_patch() {
  if (( CURRENT == 2 )); then
    local -a cmds
    cmds=(${list})
    _describe command cmds
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
compdef _esa_patch esa-patch
`;
}

export const completion: CommandModule = {
  command: 'completion <shell>',
  describe: 'print a shell completion script: bash or zsh',
  examples: [['eval "$(esa-patch completion bash)"', 'complete commands, options and files in this shell']],
  builder: (y) => y.positional('shell', { type: 'string', describe: 'bash or zsh' }),
  handler: async (a, io) => {
    const shell = a.positional('shell')!.toLowerCase();
    if (shell !== 'bash' && shell !== 'zsh') a.fail(`no completion for the shell "${shell}": bash or zsh`);
    const [{ COMMANDS }, { default: yargs }] = await Promise.all([import('./index.js'), import('yargs')]);
    outputOf(io).raw(shell === 'bash' ? bash(COMMANDS, yargs) : zsh(COMMANDS, yargs));
    return EXIT.ok;
  },
};
