/**
 * The CRES TLS recipe of Cisco tech note 118539, as data: a mail flow policy `$CRES_TLS`
 * (ACCEPT, TLS Required) and a sender group `CRES` at order 1 holding Cisco RES's senders.
 * The only place that names CRES.
 */
import type { PublishedHost, Recipe } from './recipe.js';

/** Cisco RES senders from the note. */
export const CRES_SENDERS: readonly string[] = ['.res.cisco.com', '.cres.iphmx.com', '208.90.57.0/26', '204.15.81.0/26'];

/**
 * The host table the note publishes, exactly as the seed gives it (marked "subject to change";
 * `R`: relay host sending replies, `MX`: CRES's inbound hosts). Reported when the result does
 * not send them to the TLS Required policy, never added silently.
 */
export const CRES_PUBLISHED_HOSTS: readonly PublishedHost[] = [
  { host: 'res.cisco.com', ip: '184.94.241.74', kind: 'R' },
  { host: 'mxnat1.res.cisco.com', ip: '208.90.57.32', kind: 'R' },
  { host: 'mxnat2.res.cisco.com', ip: '208.90.57.33', kind: 'R' },
  { host: 'mxnat3.res.cisco.com', ip: '184.94.241.96', kind: 'R' },
  { host: 'mxnat4.res.cisco.com', ip: '184.94.241.97', kind: 'R' },
  { host: 'mxnat5.res.cisco.com', ip: '184.94.241.98', kind: 'R' },
  { host: 'mxnat6.res.cisco.com', ip: '184.94.241.99', kind: 'R' },
  { host: 'mxnat7.res.cisco.com', ip: '208.90.57.34', kind: 'R' },
  { host: 'mxnat8.res.cisco.com', ip: '208.90.57.35', kind: 'R' },
  { host: 'esa1.cres.iphmx.com', ip: '68.232.140.79', kind: 'MX' },
  { host: 'esa2.cres.iphmx.com', ip: '68.232.140.57', kind: 'MX' },
  { host: 'esa3.cres.iphmx.com', ip: '68.232.135.234', kind: 'MX' },
  { host: 'esa4.cres.iphmx.com', ip: '68.232.135.235', kind: 'MX' },
];

/** The built-in recipe `cres-tls`, with the note's defaults. */
export const CRES_TLS: Recipe = {
  name: 'cres-tls',
  description: 'Cisco tech note 118539: Cisco RES secure replies over TLS (a TLS Required policy and a sender group at order 1)',
  listeners: 'public',
  policies: [{ name: 'CRES_TLS', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'refuse' }],
  groups: [
    { name: 'CRES', senders: [...CRES_SENDERS], policy: 'CRES_TLS', comment: 'Cisco RES secure replies over TLS', position: 'first' },
  ],
  published: { group: 'CRES', hosts: [...CRES_PUBLISHED_HOSTS] },
};
