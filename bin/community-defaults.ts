/** What a community gets when kindred.yaml leaves a `community:` key out; operators are expected to adapt it. */
export const DEFAULT_VALUES = [
  "We listen more than we advise.",
  "What is shared here stays here.",
  "Everyone's experience is valid; nobody has to justify how they feel.",
];

export const DEFAULT_GUIDELINES = [
  "Share your own experience, not instructions for someone else's life.",
  "Respect a peer's pace and their boundaries; it is fine to say no or to pause.",
  "Never share what a peer told you, their name or their Matrix ID outside your conversation.",
  "If someone is in danger, point them to crisis resources and tell a moderator.",
];

export const DEFAULT_CRISIS_RESOURCES = {
  default: [
    {
      name: "Emergency services",
      contact: "Call your local emergency number (112 in Europe, 911 in North America).",
    },
    {
      name: "Find a helpline",
      contact: "Free, confidential helplines by country",
      url: "https://findahelpline.com/",
    },
  ],
};

export const DEFAULT_EXPERIENCES = [
  { id: "anxiety", label: "Anxiety" },
  { id: "depression", label: "Depression" },
  { id: "grief", label: "Grief and loss" },
  { id: "caregiving", label: "Caring for someone" },
  { id: "chronic-illness", label: "Chronic illness" },
  { id: "recovery", label: "Recovery from addiction" },
];

/** What peers can offer and what members would like: one vocabulary, so a need meets a strength. */
export const DEFAULT_SUPPORT_TAGS = [
  { id: "listening", label: "Listening" },
  { id: "practical-tips", label: "Practical tips" },
  { id: "navigating-services", label: "Navigating services and paperwork" },
  { id: "coping-with-isolation", label: "Coping with isolation" },
  { id: "talking-to-family", label: "Talking to family" },
  { id: "managing-stress", label: "Managing stress" },
  { id: "sharing-experience", label: "Sharing what helped me" },
  { id: "looking-after-yourself", label: "Looking after yourself" },
  { id: "work-and-money", label: "Work and money worries" },
  { id: "hope", label: "Hope that it gets easier" },
];

export const DEFAULT_LANGUAGES = [
  { id: "en", label: "English" },
  { id: "fr", label: "Français" },
  { id: "de", label: "Deutsch" },
  { id: "es", label: "Español" },
];

export const DEFAULT_CONSENTS = [
  {
    id: "confidentiality",
    version: "1",
    title: "Confidentiality",
    text: "What peers share with me stays between us. I will not repeat it, screenshot it or share it anywhere else.",
  },
  {
    id: "boundaries",
    version: "1",
    title: "Boundaries",
    text: "Peers are people, not professionals. I respect their time, their limits and their right to stop a conversation, and I can stop too.",
  },
  {
    id: "crisis",
    version: "1",
    title: "Crisis protocol",
    text: "This community is not an emergency service. If I or a peer may be in danger, I contact the crisis resources shown on this site or local emergency services.",
  },
  {
    id: "bot",
    version: "1",
    title: "How the bot behaves",
    text: "The community's bot reads only messages addressed to it (in my DM with it, or starting with !kindred) and erases their content once handled. It never reads or keeps what peers say to each other in encrypted rooms.",
  },
  {
    id: "ai",
    version: "1",
    title: "AI disclosure",
    text: "The bot is a program, not a person, and it uses no AI model on what I write. Matching uses the profile I give here and nothing else.",
  },
];
