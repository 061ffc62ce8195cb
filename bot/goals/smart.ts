import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../schema/index.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { parseDueDate } from "./due-date.ts";
import { GOAL_LIMITS } from "./goal-parse.ts";
import type { GoalScope, NewGoal } from "./goal-store.ts";
import type { LocalDate } from "./local-date.ts";

const QUESTIONS = [
  ["specific", 'Specific: what exactly do you want to do? For example "walk to the park and back".'],
  ["measurable", 'Measurable: how will you know you are making progress? For example "three times a week".'],
  [
    "achievable",
    "Achievable: is it within reach right now? If it feels big, what smaller version would still count?",
  ],
  ["relevant", "Relevant: why does this matter to you?"],
  [
    "timeBound",
    'Time-bound: by when? A date like 2026-12-20, a weekday like "friday", "in 3 weeks", or "none".',
  ],
] as const;

const draftSchema = z.object({
  specific: z.string().optional(),
  measurable: z.string().nullable().optional(),
  achievable: z.string().nullable().optional(),
  relevant: z.string().nullable().optional(),
});
type Draft = z.infer<typeof draftSchema>;

export type SmartOutcome =
  | { readonly kind: "ask"; readonly text: string }
  | { readonly kind: "create"; readonly goal: Omit<NewGoal, "memberId" | "scope"> };

export interface SmartContext {
  readonly db: Kysely<Database>;
  readonly cipher: MemberCipher;
  readonly memberId: MemberId;
  readonly scope: GoalScope;
  readonly today: LocalDate;
  readonly now: Date;
  /** How the member answers here: "smart" in a DM, "!kindred smart" in a room. */
  readonly answerWord: string;
}

function nextQuestion(draft: Draft): (typeof QUESTIONS)[number] {
  return QUESTIONS.find(([key]) => key !== "timeBound" && draft[key] === undefined) ?? QUESTIONS[4];
}

function ask(context: SmartContext, draft: Draft, before?: string): SmartOutcome {
  const [key, question] = nextQuestion(draft);
  const step = QUESTIONS.findIndex(([k]) => k === key) + 1;
  const skip = key === "specific" ? "" : `, "${context.answerWord} skip"`;
  return {
    kind: "ask",
    text: [
      ...(before === undefined ? [] : [before]),
      `${step}/5 ${question}`,
      `Answer with "${context.answerWord} <your answer>"${skip} or "${context.answerWord} cancel".`,
    ].join("\n"),
  };
}

async function load(context: SmartContext): Promise<Draft | undefined> {
  const row = await context.db
    .selectFrom("goal_drafts")
    .select("answers_sealed")
    .where("member_id", "=", context.memberId)
    .where("scope", "=", context.scope)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : draftSchema.parse(JSON.parse(context.cipher.open(row.answers_sealed)));
}

async function save(context: SmartContext, draft: Draft): Promise<void> {
  const values = {
    member_id: context.memberId,
    scope: context.scope,
    answers_sealed: context.cipher.seal(JSON.stringify(draft)),
    updated_at: context.now.toISOString(),
  };
  await context.db
    .insertInto("goal_drafts")
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(["member_id", "scope"])
        .doUpdateSet({ answers_sealed: values.answers_sealed, updated_at: values.updated_at }),
    )
    .execute();
}

async function discard(context: SmartContext): Promise<void> {
  await context.db
    .deleteFrom("goal_drafts")
    .where("member_id", "=", context.memberId)
    .where("scope", "=", context.scope)
    .execute();
}

/** `goal smart`: starts the walk-through, or repeats the question where the member left off. */
export async function startSmart(context: SmartContext): Promise<SmartOutcome> {
  const draft = await load(context);
  if (draft !== undefined) return ask(context, draft, "Let's carry on with your SMART goal.");
  await save(context, {});
  return ask(context, {}, "Let's shape a goal together, one question at a time. There are no wrong answers.");
}

/** `smart <answer>`: records one answer and asks the next question, or hands back the finished goal. */
export async function answerSmart(context: SmartContext, answer: string): Promise<SmartOutcome> {
  const draft = await load(context);
  if (draft === undefined)
    return { kind: "ask", text: 'There is no SMART goal in progress here. Send "goal smart" to start one.' };
  const word = answer.trim().toLowerCase();
  if (word === "cancel") {
    await discard(context);
    return { kind: "ask", text: "Okay, I've put that goal away. Nothing was saved." };
  }
  if (word === "") return ask(context, draft);
  if (answer.length > GOAL_LIMITS.text)
    return ask(context, draft, `Please keep each answer under ${GOAL_LIMITS.text} characters.`);
  const [key] = nextQuestion(draft);
  if (key === "specific" && word === "skip")
    return ask(context, draft, "This one is the goal itself, so it can't be skipped.");
  if (key !== "timeBound") {
    const updated = { ...draft, [key]: word === "skip" ? null : answer.trim() };
    await save(context, updated);
    return ask(context, updated);
  }
  let dueDate: LocalDate | null = null;
  if (word !== "none" && word !== "skip") {
    const parsed = parseDueDate(answer, context.today);
    if (!parsed.ok) return ask(context, draft, parsed.message);
    dueDate = parsed.value;
  }
  await discard(context);
  return {
    kind: "create",
    goal: {
      text: draft.specific ?? answer.trim(),
      plan: {
        measurable: draft.measurable ?? null,
        achievable: draft.achievable ?? null,
        relevant: draft.relevant ?? null,
      },
      dueDate,
    },
  };
}
