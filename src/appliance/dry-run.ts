/**
 * `push --dry-run`: every command a push would send to each appliance, in order, with the gate
 * or step it serves. Nothing is sent. The same dialogue table drives the push itself.
 */
import type { PushDialogue } from './push-dialogue.js';
import type { PushItem, Route } from './push-types.js';

/** The lines of one appliance's dry run. */
export function dryRunLines(item: PushItem, route: Route, d: PushDialogue): string[] {
  const t = item.target;
  const sha = item.artefactSha256;
  const tag = `esa-patch-${sha.slice(0, 12)}`;
  const who = `${t.user ? `${t.user}@` : ''}${t.host}${t.port ? `:${t.port}` : ''}`;
  const out: string[] = [
    `${item.name} (${who}): ${item.expect.hostname ?? '(no hostname)'}, AsyncOS ${item.expect.asyncos ?? '(unknown)'}, serial ${item.expect.serial ?? '(unknown)'}, via ${route}${item.clusterRole ? `, cluster ${t.cluster!.name} (${item.clusterRole})` : ''}`,
  ];
  const cmd = (c: string, why: string) => out.push(`  ${c.padEnd(44)} ${why}`);
  const answers = (rules: PushDialogue['saveconfig']['rules']) =>
    rules
      .filter((r) => r.answer !== null)
      .map((r) => `${r.id}=${r.answer}`)
      .join(', ');
  if (t.cluster)
    out.push(`  (every command below runs as "${d.clustermode(t.cluster.level).command}; COMMAND": each SSH exec is a new CLI session)`);
  if (t.cluster) cmd(d.version.command, `gate: the CLI at the level that owns the listeners (${t.cluster.level})`);
  cmd(d.version.command, `gate: serial ${item.expect.serial ?? '?'}, AsyncOS ${item.expect.asyncos ?? '?'}`);
  if (item.clusterRole === 'member') {
    cmd(d.saveconfig.command, `verify only (the cluster loads once): answers ${answers(d.saveconfig.rules)}`);
    cmd('scp -O (download the file saveconfig names)', 'compared by meaning with the planned export');
    return out;
  }
  cmd(d.pendingProbe.command, 'gate: no uncommitted changes (abandoned at its first question: nothing answered)');
  cmd(d.saveconfig.command, `gate: answers ${answers(d.saveconfig.rules)}; refuses masked passphrases`);
  cmd('scp -O (download the file saveconfig names)', "gate: hostname, and unchanged by meaning since the plan's export; kept for a revert");
  if (route === 'config') {
    cmd(`scp -O (upload /configuration/${tag}.xml)`, `${item.planned.length} bytes, the patched export`);
    cmd(d.loadconfig.command, `answers ${answers(d.loadconfig.rules)} (file ${tag}.xml); must answer "loaded"`);
  } else {
    item.hatFiles.forEach((h, k) => {
      const file = `${tag}-${k + 1}.hat`;
      cmd(`scp -O (upload /configuration/${file})`, `${h.bytes.length} bytes, the new HAT of listener ${h.listener}`);
      cmd(
        d.hostaccessImport.command.replace('{listener}', h.listener).replace('{file}', file),
        'replaces that listener\'s HAT; must answer "loaded"',
      );
    });
  }
  cmd(d.commit.command, `comment "esa-patch push ${sha}${item.changeId ? ` change ${item.changeId}` : ''}"`);
  cmd(d.saveconfig.command, 'verify: the configuration again');
  cmd(
    'scp -O (download the file saveconfig names)',
    `identical by meaning to the planned export; ${item.hosts.length} CRES host(s) traced onto $${item.policy ?? '?'}`,
  );
  out.push(
    `  on a failed verify: upload the export kept before the load, ${route === 'config' ? d.loadconfig.command : 'hostaccess import of the old HATs'}, ${d.commit.command}, and verify it`,
  );
  return out;
}
