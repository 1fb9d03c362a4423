/** The CRES goal of tech note 118539, as test data (the recipe module owns the real one). */
import type { GroupGoal, PolicyGoal, PublishedHost } from '../../src/recipes/recipe.js';

export const CRES_POLICY: PolicyGoal = { name: 'CRES_TLS', behaviour: 'ACCEPT', params: { tls: 'required' } };
export const CRES_GROUP: GroupGoal = {
  name: 'CRES',
  senders: ['.res.cisco.com', '.cres.iphmx.com', '208.90.57.0/26', '204.15.81.0/26'],
  policy: 'CRES_TLS',
  comment: 'Cisco RES: TLS required',
  position: 'first',
};
/** The note's host table (esa-config-format.md §4). */
export const CRES_HOSTS: PublishedHost[] = [
  ['res.cisco.com', '184.94.241.74', 'R'],
  ['mxnat1.res.cisco.com', '208.90.57.32', 'R'],
  ['mxnat2.res.cisco.com', '208.90.57.33', 'R'],
  ['mxnat3.res.cisco.com', '184.94.241.96', 'R'],
  ['mxnat4.res.cisco.com', '184.94.241.97', 'R'],
  ['mxnat5.res.cisco.com', '184.94.241.98', 'R'],
  ['mxnat6.res.cisco.com', '184.94.241.99', 'R'],
  ['mxnat7.res.cisco.com', '208.90.57.34', 'R'],
  ['mxnat8.res.cisco.com', '208.90.57.35', 'R'],
  ['esa1.cres.iphmx.com', '68.232.140.79', 'MX'],
  ['esa2.cres.iphmx.com', '68.232.140.57', 'MX'],
  ['esa3.cres.iphmx.com', '68.232.135.234', 'MX'],
  ['esa4.cres.iphmx.com', '68.232.135.235', 'MX'],
].map(([host, ip, kind]) => ({ host: host!, ip: ip!, kind: kind! }));
