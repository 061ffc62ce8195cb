import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { RoomId, UserId } from "../ids.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { err, ok, type Result } from "../result.ts";
import { GOAL_LIMITS } from "./goal-parse.ts";
import type { LocalDate } from "./local-date.ts";

/** "dm": a personal goal, made in the member's DM with the bot. A room ID: shared with the peers there. */
export type GoalScope = "dm" | RoomId;

/** The SMART answers beyond the goal itself (specific) and its due date (time-bound). */
export interface SmartPlan {
  readonly measurable: string | null;
  readonly achievable: string | null;
  readonly relevant: string | null;
}

export interface GoalStep {
  readonly number: number;
  readonly text: string;
  readonly createdAt: Date;
  readonly doneAt: Date | null;
}

export interface Goal {
  readonly id: string;
  readonly memberId: MemberId;
  readonly owner: UserId;
  readonly scope: GoalScope;
  readonly number: number;
  readonly text: string;
  readonly plan: SmartPlan | null;
  readonly dueDate: LocalDate | null;
  readonly createdAt: Date;
  readonly doneAt: Date | null;
  readonly steps: readonly GoalStep[];
}

export interface NewGoal {
  readonly memberId: MemberId;
  readonly scope: GoalScope;
  readonly text: string;
  readonly plan?: SmartPlan;
  readonly dueDate: LocalDate | null;
}

export type GoalError = "no_goal" | "too_many";

export async function addGoal(
  db: Kysely<Database>,
  cipher: MemberCipher,
  goal: NewGoal,
  now: Date,
): Promise<Result<{ id: string; number: number }, GoalError>> {
  const mine = db.selectFrom("goals").where("member_id", "=", goal.memberId).where("scope", "=", goal.scope);
  const open = await mine
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("done_at", "is", null)
    .executeTakeFirst();
  if (Number(open?.n ?? 0) >= GOAL_LIMITS.openGoals)
    return err(
      "too_many",
      `You have ${GOAL_LIMITS.openGoals} open goals here already. Finish or remove one first.`,
    );
  const top = await mine.select((eb) => eb.fn.max("number").as("top")).executeTakeFirst();
  const number = Number(top?.top ?? 0) + 1;
  const id = randomBytes(12).toString("base64url");
  await db
    .insertInto("goals")
    .values({
      id,
      member_id: goal.memberId,
      scope: goal.scope,
      number,
      text_sealed: cipher.seal(goal.text),
      plan_sealed: goal.plan === undefined ? null : cipher.seal(JSON.stringify(goal.plan)),
      due_date: goal.dueDate,
      created_at: now.toISOString(),
      done_at: null,
      reminded_at: null,
    })
    .execute();
  return ok({ id, number });
}

/** Goals with their steps, by owner then number: one member's in a scope, or everyone's in a room. */
export async function listGoals(
  db: Kysely<Database>,
  cipher: MemberCipher,
  filter: { readonly scope?: GoalScope; readonly memberId?: MemberId },
): Promise<Goal[]> {
  let query = db
    .selectFrom("goals")
    .innerJoin("members", "members.id", "goals.member_id")
    .selectAll("goals")
    .select("members.user_id");
  if (filter.scope !== undefined) query = query.where("goals.scope", "=", filter.scope);
  if (filter.memberId !== undefined) query = query.where("goals.member_id", "=", filter.memberId);
  const rows = await query
    .orderBy("members.user_id")
    .orderBy("goals.scope")
    .orderBy("goals.number")
    .execute();
  if (rows.length === 0) return [];
  const stepRows = await db
    .selectFrom("goal_steps")
    .selectAll()
    .where(
      "goal_id",
      "in",
      rows.map((row) => row.id),
    )
    .orderBy("number")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    memberId: row.member_id as MemberId,
    owner: row.user_id as UserId,
    scope: row.scope as GoalScope,
    number: row.number,
    text: cipher.open(row.text_sealed),
    // Written by addGoal from a typed SmartPlan.
    plan: row.plan_sealed === null ? null : (JSON.parse(cipher.open(row.plan_sealed)) as SmartPlan),
    dueDate: row.due_date,
    createdAt: new Date(row.created_at),
    doneAt: row.done_at === null ? null : new Date(row.done_at),
    steps: stepRows
      .filter((step) => step.goal_id === row.id)
      .map((step) => ({
        number: step.number,
        text: cipher.open(step.text_sealed),
        createdAt: new Date(step.created_at),
        doneAt: step.done_at === null ? null : new Date(step.done_at),
      })),
  }));
}

export interface GoalRef {
  readonly memberId: MemberId;
  readonly scope: GoalScope;
  readonly number: number;
}

async function goalId(
  db: Kysely<Database>,
  ref: GoalRef,
): Promise<Result<{ id: string; doneAt: string | null }, "no_goal">> {
  const row = await db
    .selectFrom("goals")
    .select(["id", "done_at"])
    .where("member_id", "=", ref.memberId)
    .where("scope", "=", ref.scope)
    .where("number", "=", ref.number)
    .executeTakeFirst();
  if (row === undefined)
    return err("no_goal", `You have no goal ${ref.number} here. Send "goal list" to see the numbers.`);
  return ok({ id: row.id, doneAt: row.done_at });
}

/** Marks a goal done (or open again); answers whether it changed. */
export async function setGoalDone(
  db: Kysely<Database>,
  ref: GoalRef,
  doneAt: Date | null,
): Promise<Result<boolean, "no_goal">> {
  const found = await goalId(db, ref);
  if (!found.ok) return found;
  if ((found.value.doneAt === null) === (doneAt === null)) return ok(false);
  await db
    .updateTable("goals")
    .set({ done_at: doneAt?.toISOString() ?? null })
    .where("id", "=", found.value.id)
    .execute();
  return ok(true);
}

export async function removeGoal(db: Kysely<Database>, ref: GoalRef): Promise<Result<void, "no_goal">> {
  const found = await goalId(db, ref);
  if (!found.ok) return found;
  await db.deleteFrom("goal_steps").where("goal_id", "=", found.value.id).execute();
  await db.deleteFrom("goals").where("id", "=", found.value.id).execute();
  return ok(undefined);
}

export async function addStep(
  db: Kysely<Database>,
  cipher: MemberCipher,
  ref: GoalRef,
  text: string,
  now: Date,
): Promise<Result<number, GoalError>> {
  const found = await goalId(db, ref);
  if (!found.ok) return found;
  const steps = await db
    .selectFrom("goal_steps")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("number").as("top")])
    .where("goal_id", "=", found.value.id)
    .executeTakeFirst();
  if (Number(steps?.n ?? 0) >= GOAL_LIMITS.steps)
    return err("too_many", `Goal ${ref.number} has ${GOAL_LIMITS.steps} steps already.`);
  const number = Number(steps?.top ?? 0) + 1;
  await db
    .insertInto("goal_steps")
    .values({
      goal_id: found.value.id,
      number,
      text_sealed: cipher.seal(text),
      created_at: now.toISOString(),
      done_at: null,
    })
    .execute();
  return ok(number);
}

export async function setStepDone(
  db: Kysely<Database>,
  ref: GoalRef,
  step: number,
  now: Date,
): Promise<Result<boolean, "no_goal" | "no_step">> {
  const found = await goalId(db, ref);
  if (!found.ok) return found;
  const row = await db
    .selectFrom("goal_steps")
    .select("done_at")
    .where("goal_id", "=", found.value.id)
    .where("number", "=", step)
    .executeTakeFirst();
  if (row === undefined)
    return err(
      "no_step",
      `Goal ${ref.number} has no step ${ref.number}.${step}. Send "goal list" to see the steps.`,
    );
  if (row.done_at !== null) return ok(false);
  await db
    .updateTable("goal_steps")
    .set({ done_at: now.toISOString() })
    .where("goal_id", "=", found.value.id)
    .where("number", "=", step)
    .execute();
  return ok(true);
}

/** Account deletion: the member's goals, steps and SMART drafts. */
export async function deleteGoalsOf(db: Kysely<Database>, memberId: MemberId): Promise<void> {
  const ids = db.selectFrom("goals").select("id").where("member_id", "=", memberId);
  await db.deleteFrom("goal_steps").where("goal_id", "in", ids).execute();
  await db.deleteFrom("goals").where("member_id", "=", memberId).execute();
  await db.deleteFrom("goal_drafts").where("member_id", "=", memberId).execute();
  await db.deleteFrom("progress_summaries").where("member_id", "=", memberId).execute();
}
