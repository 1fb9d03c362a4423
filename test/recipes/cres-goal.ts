/**
 * The CRES goal of tech note 118539 as the HAT planner's tests use it: the built-in recipe's
 * policy, group and host table (test/recipes/cres-tls.test.ts holds that table to the seed).
 */
import { CRES_PUBLISHED_HOSTS, CRES_TLS } from '../../src/recipes/cres-tls.js';
import type { GroupGoal, PolicyGoal, PublishedHost } from '../../src/recipes/recipe.js';

export const CRES_POLICY: PolicyGoal = CRES_TLS.policies[0]!;
export const CRES_GROUP: GroupGoal = CRES_TLS.groups[0]!;
export const CRES_HOSTS: PublishedHost[] = [...CRES_PUBLISHED_HOSTS];
