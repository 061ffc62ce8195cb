import type { ConsentText } from "../onboarding/consents-store.ts";
import type { CrisisResource } from "../onboarding/community.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { Recurrence } from "../scheduler/recurrence.ts";

/** What check-ins, mood answers, drift notices and weekly room prompts need, from config (`checkins:`). */
export interface CheckinSettings {
  readonly cipher: MemberCipher;
  /** Shown in a drift notice (the community's default list). */
  readonly crisisResources: readonly CrisisResource[];
  /** The weekly prompt posted in every open peer room and circle; null turns it off. */
  readonly weeklyPrompt: { readonly text: string; readonly recurrence: Recurrence } | null;
  /** The member's check-ins page on the web. */
  readonly pageUrl: string;
}

/** The optional agreement a drift notice needs; a new version asks again (members agree on the check-ins page). */
export const DRIFT_CONSENT: ConsentText = { id: "checkin-drift", version: "1" };

export const DEFAULT_WEEKLY_PROMPT =
  "Weekly check-in: share one win, one thing that was hard, and one thing you'd like from us.";

/** Keycap digits a member taps to answer (clients may drop the variation selector). */
export const MOOD_CHOICES = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"] as const;
