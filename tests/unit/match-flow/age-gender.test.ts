import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemberId } from "../../../bot/onboarding/members-store.ts";
import { suggestionsIn } from "../../../bot/match-flow/suggestions-store.ts";
import type { Profile } from "../../../bot/onboarding/profile.ts";
import { GRIEF_NOW, GRIEF_PAST, matchWorld, type MatchWorld } from "../../support/match-flow-world.ts";

const TICK = 6_000;

/** Age and gender filters in a real matching tick, with the age band and gender members gave in their profile. */
describe("own age band and gender, as other members' filters read them", () => {
  let world: MatchWorld;
  beforeEach(async () => {
    world = await matchWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  /** Who each member was suggested to, after one tick. */
  async function suggestedPeersOf(id: MemberId): Promise<MemberId[]> {
    const pending = await suggestionsIn(world.handle.db, world.flow.cipher, ["suggested"]);
    return pending.flatMap((s) => (s.members.includes(id) ? s.members.filter((m) => m !== id) : []));
  }

  // Room for two peers, so that a filter, not capacity, is what leaves someone out.
  const seeker = (filters: Partial<Profile["filters"]>, own: Partial<Profile> = {}): Profile => ({
    ...GRIEF_NOW,
    capacity: 2,
    filters: { ...GRIEF_NOW.filters, ...filters },
    ...own,
  });

  it("suggests the member who said 25-34 to someone asking for 25-34, and not the one who said nothing", async () => {
    const ben = await world.member("ben", seeker({ ageBands: ["25-34"] }));
    const ana = await world.member("ana", { ...GRIEF_PAST, ageBand: "25-34" });
    const cy = await world.member("cy", GRIEF_PAST); // a profile that never said: as saved before the form asked
    const dot = await world.member("dot", { ...GRIEF_PAST, ageBand: "50-64" });
    await world.advance(TICK);
    expect(await suggestedPeersOf(ben.id)).toEqual([ana.id]);
    expect(world.dms(ben.userId).filter((d) => d.includes("I've found a peer"))).toHaveLength(1);
    expect(world.dms(cy.userId)).toEqual([]);
    expect(world.dms(dot.userId)).toEqual([]);
    // What they said is never part of what the other is told.
    expect(world.dms(ben.userId).join("\n")).not.toContain("25-34");
    expect(world.dms(ana.userId).join("\n")).not.toContain("25-34");
  });

  it("without a filter, the same members are all suggested (the filter above is what left them out)", async () => {
    const ben = await world.member("ben", seeker({}));
    const ana = await world.member("ana", { ...GRIEF_PAST, ageBand: "25-34" });
    const cy = await world.member("cy", GRIEF_PAST);
    await world.advance(TICK);
    expect((await suggestedPeersOf(ben.id)).sort()).toEqual([ana.id, cy.id].sort());
  });

  it("works both ways: a supporter asking for women is suggested to the seeker who said so, not to one who did not", async () => {
    const eve = await world.member("eve", {
      ...GRIEF_PAST,
      capacity: 2,
      filters: { ...GRIEF_PAST.filters, genders: ["woman"] },
    });
    const wyn = await world.member("wyn", { ...GRIEF_NOW, gender: "woman" });
    const ned = await world.member("ned", { ...GRIEF_NOW, gender: null });
    await world.advance(TICK);
    expect(await suggestedPeersOf(eve.id)).toEqual([wyn.id]);
    expect(await suggestedPeersOf(ned.id)).toEqual([]);
  });
});
