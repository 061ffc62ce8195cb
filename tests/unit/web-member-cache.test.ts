import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";

const ANN = "@ann:hs.test";
const PROFILE = {
  experience: ["caregiving"],
  "stage-caregiving": "now",
  role: "seeking",
  strengths: "",
  support_wanted: "",
  language: ["en"],
  timezone: "Europe/London",
  mode: ["text"],
  setting: ["one_to_one"],
  capacity: "1",
  filter_stage: "any",
  note: "my private note",
};

/** Signed-in pages remember the member, their consents and profile for a few seconds: never past a write. */
describe("what signed-in pages remember between requests", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(() => h.close());

  let tokens = 0;
  async function browser(): Promise<TestVisitor> {
    const visitor = h.visitor();
    await visitor.get("/sign-in");
    const token = `tok-${(tokens += 1)}`;
    h.openId.issue(token, ANN);
    await visitor.post("/sign-in/openid", {
      user_id: ANN,
      access_token: token,
      matrix_server_name: "hs.test",
    });
    return visitor;
  }
  /** Another browser holding the same cookies (a copied or stolen session cookie, a second tab). */
  function copyOf(visitor: TestVisitor): TestVisitor {
    const copy = h.visitor();
    for (const [name, value] of visitor.cookies) copy.cookies.set(name, value);
    copy.csrf = visitor.csrf;
    return copy;
  }
  const location = async (visitor: TestVisitor, path: string) =>
    (await visitor.get(path)).headers.get("location");

  it("forgets a session the moment it is signed out", async () => {
    const first = await browser();
    await first.post("/orientation", { consent: ["confidentiality@1", "ai@1"] });
    const tab = copyOf(first);
    expect((await tab.get("/profile")).status).toBe(200);
    await first.get("/sign-out");
    expect((await first.post("/sign-out", {})).status).toBe(303);
    expect(await location(tab, "/profile")).toBe("/sign-in");
  });

  it("signs the member out everywhere the moment the account is deleted", async () => {
    const first = await browser();
    await first.post("/orientation", { consent: ["confidentiality@1", "ai@1"] });
    await first.post("/profile", PROFILE);
    const second = await browser();
    expect(await (await second.get("/profile")).text()).toContain("my private note");
    await first.get("/my-data/delete");
    expect((await first.post("/my-data/delete", { confirm: "yes" })).status).toBe(200);
    expect(await location(second, "/profile")).toBe("/sign-in");
    expect(await (await second.get("/")).text()).toContain('href="/sign-in"');
  });

  it("shows consents and profile edits made in another browser at once", async () => {
    const first = await browser();
    const second = await browser();
    expect(await location(second, "/profile")).toBe("/orientation");
    await first.post("/orientation", { consent: ["confidentiality@1", "ai@1"] });
    expect((await second.get("/profile")).status).toBe(200);
    await first.get("/profile");
    await first.post("/profile", PROFILE);
    await first.post("/profile", { ...PROFILE, note: "changed my mind" });
    const page = await (await second.get("/profile")).text();
    expect(page).toContain(">changed my mind</textarea>");
    expect(page).not.toContain("my private note");
  });

  it("still ends sessions on time", async () => {
    const first = await browser();
    expect(await location(first, "/orientation")).toBeNull();
    h.clock.now = new Date(h.clock.now.getTime() + 31 * 24 * 60 * 60 * 1000);
    expect(await location(first, "/orientation")).toBe("/sign-in");
  });
});
