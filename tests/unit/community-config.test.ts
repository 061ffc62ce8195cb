import { describe, expect, it } from "vitest";
import { loadConfig } from "../../bin/config.ts";
import { VALID_CONFIG, writeConfig } from "../support/config-files.ts";

const withCommunity = (community: Record<string, unknown>) =>
  loadConfig(writeConfig({ ...VALID_CONFIG, community: { name: "Test Community", ...community } }));

describe("the community's onboarding settings in kindred.yaml", () => {
  it("has sensible defaults, so a config with only a name still gives complete pages", () => {
    const loaded = withCommunity({});
    if (!loaded.ok) throw new Error(loaded.message);
    const { community, web } = loaded.value;
    expect(community.values.length).toBeGreaterThan(0);
    expect(community.crisisResources["default"]?.length).toBeGreaterThan(0);
    expect(community.experiences.length).toBeGreaterThan(0);
    expect(community.supportTags?.map((tag) => tag.id)).toContain("navigating-services");
    expect(community.consents.map((c) => c.id)).toEqual([
      "confidentiality",
      "boundaries",
      "crisis",
      "bot",
      "ai",
    ]);
    expect(web.openid).toEqual({ allowPrivateAddresses: false, acceptInvalidCertificates: false });
  });

  it("decodes crisis resources by country, with or without a link", () => {
    const loaded = withCommunity({
      crisis_resources: {
        default: [{ name: "Emergency", contact: "112" }],
        FR: [{ name: "3114", contact: "Call 3114", url: "https://3114.fr/" }],
      },
    });
    expect(loaded.ok && loaded.value.community.crisisResources).toEqual({
      default: [{ name: "Emergency", contact: "112", url: null }],
      FR: [{ name: "3114", contact: "Call 3114", url: "https://3114.fr/" }],
    });
  });

  it.each([
    [
      { crisis_resources: { FR: [{ name: "x", contact: "y" }] } },
      "community.crisis_resources: needs a `default` entry",
    ],
    [{ crisis_resources: { france: [], default: [] } }, "community.crisis_resources.france"],
    [
      {
        experiences: [
          { id: "grief", label: "Grief" },
          { id: "grief", label: "Loss" },
        ],
      },
      "community.experiences: ids must be unique",
    ],
    [{ experiences: [{ id: "Grief Loss", label: "Grief" }] }, "community.experiences.0.id"],
    [{ support_tags: [{ id: "Listening well", label: "Listening" }] }, "community.support_tags.0.id"],
    [{ consents: [] }, "community.consents"],
    [
      { consents: [{ id: "ai", version: "1", title: "AI" }] },
      "community.consents.0.text: missing (required)",
    ],
  ])("names the key of a mistake: %j", (community, expected) => {
    const loaded = withCommunity(community);
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? "" : loaded.message).toContain(expected);
  });
});
