import { recordMood } from "../../bot/checkins/moods-store.ts";
import { addGoal, addStep, setGoalDone, setStepDone } from "../../bot/goals/goal-store.ts";
import { addDays } from "../../bot/goals/local-date.ts";
import type { RoomId } from "../../bot/ids.ts";
import type { MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import type { MemberId } from "../../bot/onboarding/members-store.ts";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";

/** Four weeks of moods with a few missed days, two personal goals (one done) and one shared in a peer room. */
export async function seedProgress(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberId: MemberId,
  now: Date,
): Promise<void> {
  const today = now.toISOString().slice(0, 10);
  const scores = [
    2,
    2,
    3,
    null,
    3,
    2,
    1,
    2,
    null,
    null,
    3,
    3,
    4,
    3,
    4,
    4,
    null,
    3,
    4,
    5,
    4,
    4,
    null,
    3,
    4,
    4,
    5,
    4,
  ];
  for (const [i, score] of scores.entries()) {
    if (score === null) continue;
    const localDate = addDays(today, i - scores.length + 1);
    await recordMood(db, cipher, {
      memberId,
      at: new Date(`${localDate}T08:00:00Z`),
      localDate,
      score: score as 1 | 2 | 3 | 4 | 5,
      note: null,
      source: "reply",
      checkinId: null,
    });
  }
  const day = 86_400_000;
  const walk = { memberId, scope: "dm" as const, number: 1 };
  await addGoal(
    db,
    cipher,
    { memberId, scope: "dm", text: "Walk to the park three times a week", dueDate: addDays(today, 10) },
    new Date(now.getTime() - 20 * day),
  );
  await addStep(db, cipher, walk, "Put my shoes by the door", now);
  await addStep(db, cipher, walk, "Find a route without hills", now);
  await setStepDone(db, walk, 1, now);
  await addGoal(
    db,
    cipher,
    { memberId, scope: "dm", text: "Call my sister on Sundays", dueDate: null },
    new Date(now.getTime() - 25 * day),
  );
  await setGoalDone(db, { ...walk, number: 2 }, new Date(now.getTime() - 3 * day));
  await addGoal(
    db,
    cipher,
    { memberId, scope: "!peer:community.test" as RoomId, text: "Cook one new recipe", dueDate: null },
    now,
  );
}
