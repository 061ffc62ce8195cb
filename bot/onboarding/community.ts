/** What a community publishes about itself, from `community:` in kindred.yaml; the pages show it as written. */
export interface CommunityProfile {
  readonly name: string;
  readonly purpose: string;
  readonly values: readonly string[];
  readonly guidelines: readonly string[];
  /** By ISO 3166 country code (upper case), plus `default` for everyone else. */
  readonly crisisResources: Readonly<Record<string, readonly CrisisResource[]>>;
  /** The lived-experience taxonomy members choose from. */
  readonly experiences: readonly Choice[];
  /**
   * What members can offer and would like, one vocabulary for both (matching meets a need with a strength).
   * Config always supplies it (with defaults); absent means the profile form offers no tags.
   */
  readonly supportTags?: readonly Choice[];
  /** Languages members can say they speak, by BCP 47 code. */
  readonly languages: readonly Choice[];
  /** Agreements asked at orientation; a new `version` asks every member again. */
  readonly consents: readonly ConsentDocument[];
}

export interface CrisisResource {
  readonly name: string;
  readonly contact: string;
  readonly url: string | null;
}

export interface Choice {
  readonly id: string;
  readonly label: string;
}

export interface ConsentDocument {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly text: string;
}

export function crisisResourcesFor(
  community: CommunityProfile,
  country: string | undefined,
): readonly CrisisResource[] {
  const local = country === undefined ? undefined : community.crisisResources[country.toUpperCase()];
  return local ?? community.crisisResources["default"] ?? [];
}
