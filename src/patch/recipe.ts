/** The CRES TLS recipe of Cisco tech note 118539, and its settings. */

/** Settings of the CRES recipe; every field can be overridden from the command line. */
export interface CresRecipe {
  name: 'cres-tls';
  /** Name of the sender group placed at order 1. */
  group: string;
  /** Name of the mail flow policy with TLS Required. */
  policy: string;
  /** The HAT token for TLS "Required" (unconfirmed by Cisco; `required` is the best guess). */
  tls: string;
  /** Senders the group must cover. */
  senders: string[];
  /** Comment written after the group's policy reference. */
  comment: string;
}

/** Cisco RES senders from tech note 118539. */
export const CRES_SENDERS: readonly string[] = ['.res.cisco.com', '.cres.iphmx.com', '208.90.57.0/26', '204.15.81.0/26'];

/**
 * Hosts the note publishes (marked "subject to change"): reported when the configured
 * senders do not cover them, never added silently.
 */
export const CRES_PUBLISHED_HOSTS: readonly { host: string; ip: string }[] = [
  { host: 'res.cisco.com', ip: '184.94.241.74' },
  { host: 'mxnat1.res.cisco.com', ip: '208.90.57.32' },
  { host: 'mxnat2.res.cisco.com', ip: '208.90.57.33' },
  { host: 'mxnat3.res.cisco.com', ip: '208.90.57.34' },
  { host: 'mxnat4.res.cisco.com', ip: '208.90.57.35' },
  { host: 'mxnat5.res.cisco.com', ip: '184.94.241.96' },
  { host: 'mxnat6.res.cisco.com', ip: '184.94.241.97' },
  { host: 'mxnat7.res.cisco.com', ip: '184.94.241.98' },
  { host: 'mxnat8.res.cisco.com', ip: '184.94.241.99' },
];

/** The recipe with the note's defaults, overridden by `overrides`. */
export function cresRecipe(overrides: Partial<Omit<CresRecipe, 'name'>> = {}): CresRecipe {
  const r: CresRecipe = {
    name: 'cres-tls',
    group: 'CRES',
    policy: 'CRES_TLS',
    tls: 'required',
    senders: [...CRES_SENDERS],
    comment: 'Cisco RES secure replies over TLS',
  };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
  return r;
}

/** Checks recipe values that will be written into a HAT. Returns problems, empty when fine. */
export function checkRecipe(r: CresRecipe): string[] {
  const out: string[] = [];
  if (!/^[A-Za-z0-9_.-]+$/.test(r.group)) out.push(`group name "${r.group}": use letters, digits, '_', '.' or '-'`);
  if (!/^[A-Za-z0-9_.-]+$/.test(r.policy)) out.push(`policy name "${r.policy}": use letters, digits, '_', '.' or '-'`);
  if (r.group.toUpperCase() === 'ALL') out.push('group name ALL is reserved for the last HAT entry');
  if (!/^[A-Za-z0-9_-]+$/.test(r.tls)) out.push(`TLS value "${r.tls}": use letters, digits, '_' or '-'`);
  if (r.senders.length === 0) out.push('the sender list is empty');
  for (const s of r.senders) if (!/^[\x21-\x7E]+$/.test(s) || /[(){}$,]/.test(s)) out.push(`sender "${s}" cannot be written into a HAT`);
  if (/[()\r\n]/.test(r.comment)) out.push('the comment cannot hold parentheses or line breaks');
  return out;
}
