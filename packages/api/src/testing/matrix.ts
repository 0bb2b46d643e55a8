import type { Actor, Target } from '@praxis/policy';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import type { createMatrixActors } from './actors';
import { type ContractAction, contractAllows } from './roles-contract';

/** A matrix actor's tRPC caller. */
export type MatrixCaller = Awaited<ReturnType<typeof createMatrixActors>>['actors']['admin']['caller'];

export type Outcome = 'OK' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';

/**
 * How a procedure is permitted, in the terms of the permission table (testing/roles-contract.ts):
 * the matrix derives its expectations from that hand-written table, never from POLICY.
 */
export interface MatrixRule {
  /** The procedure's coarse permission; null: anyone signed in (or, with `public`, anyone). */
  guard: ContractAction | null;
  public?: boolean;
  /** Whether the call is about a record of the target organisation. */
  targeted: boolean;
  /** A record the actor may not read under this action answers NOT_FOUND. */
  read?: ContractAction;
  /** Actions needed (on the target organisation when targeted), FORBIDDEN otherwise. */
  needs?: ContractAction[];
}

/** What the contract promises `actor` (null: signed out) calling a procedure with this rule. */
export function expectedOutcome(actor: Actor | null, rule: MatrixRule, target: Target): Outcome {
  if (!actor) return rule.public ? 'OK' : 'UNAUTHORIZED';
  if (rule.guard && !contractAllows(actor, rule.guard)) return 'FORBIDDEN';
  const needs = rule.needs ?? [];
  if (!rule.targeted) return needs.every((action) => contractAllows(actor, action)) ? 'OK' : 'FORBIDDEN';
  if (rule.read && !contractAllows(actor, rule.read, target)) return 'NOT_FOUND';
  return needs.every((action) => contractAllows(actor, action, target)) ? 'OK' : 'FORBIDDEN';
}

/** 'OK' or the tRPC error code the call failed with. */
export async function outcomeOf(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/**
 * A list call, filtered to one organisation, as the contract says: refused without `readAction`,
 * showing the record `id` when that organisation is readable, else showing nothing.
 */
export async function expectListedAsContractSays(
  actor: Actor | null,
  readAction: ContractAction,
  organizationId: string,
  listed: Promise<string[]>,
  id: string,
): Promise<void> {
  if (!actor || !contractAllows(actor, readAction)) {
    expect(await outcomeOf(listed)).toBe(actor ? 'FORBIDDEN' : 'UNAUTHORIZED');
  } else if (contractAllows(actor, readAction, { organizationId })) {
    expect(await listed).toContain(id);
  } else {
    expect(await listed).toEqual([]);
  }
}
