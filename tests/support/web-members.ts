import { expect } from "vitest";
import type { TestVisitor, WebHarness } from "./web-harness.ts";

/** Every consent of TEST_COMMUNITY, as the orientation form posts them. */
export const TEST_CONSENTS = ["confidentiality@1", "ai@1"];

/** The profile form as a member fills it in for TEST_COMMUNITY. */
export const GOOD_PROFILE = {
  experience: ["caregiving", "grief"],
  "stage-caregiving": "now",
  "stage-grief": "past",
  role: "both",
  strengths: "Listening",
  strength_tag: ["listening", "practical-tips"],
  support_wanted: "Someone to talk to on Sundays",
  need_tag: ["coping-with-isolation"],
  language: ["en", "fr"],
  timezone: "Europe/London",
  day: ["sat", "sun"],
  time: ["evening"],
  mode: ["text", "voice"],
  setting: ["one_to_one"],
  capacity: "2",
  filter_age: ["35-49"],
  filter_gender: [],
  filter_stage: "past",
  note: "my private note",
};

/** A visitor signed in (OpenID, through the harness's fake homeserver check) as `userId`. */
export async function signedIn(h: WebHarness, userId: string): Promise<TestVisitor> {
  const visitor = h.visitor();
  await visitor.get("/sign-in");
  const token = `tok-${Math.random()}`;
  h.openId.issue(token, userId);
  const response = await visitor.post("/sign-in/openid", {
    user_id: userId,
    access_token: token,
    matrix_server_name: userId.slice(userId.indexOf(":") + 1),
  });
  expect(response.status).toBe(303);
  return visitor;
}

/** Signed in, agreed to every consent, and on the profile page (its CSRF token in hand). */
export async function consentingMember(h: WebHarness, userId: string): Promise<TestVisitor> {
  const visitor = await signedIn(h, userId);
  await visitor.post("/orientation", { consent: TEST_CONSENTS });
  await visitor.get("/profile");
  return visitor;
}
