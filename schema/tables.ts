import type { Generated, Insertable, Selectable } from "kysely";

/** Timestamps are ISO-8601 strings in UTC: the same text on SQLite and PostgreSQL. */
export type Timestamp = string;

/** One row per appservice transaction accepted, scoped to the homeserver instance that numbered it. */
export interface AppserviceTransactionTable {
  homeserver_instance: string;
  txn_id: string;
  event_count: number;
  received_at: Timestamp;
}

export type InboxStatus = "pending" | "done" | "failed";

/** Events waiting for their handler. Content is erased once handled: only the effect's record remains. */
export interface InboxTable {
  seq: Generated<number>;
  event_id: string;
  room_id: string;
  event_type: string;
  event_json: string | null;
  status: InboxStatus;
  received_at: Timestamp;
  handled_at: Timestamp | null;
  error: string | null;
  /** Tries so far; an encrypted event whose keys have not arrived is postponed to `next_attempt_at`. */
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
}

export type OutboxStatus = "pending" | "done" | "failed";

/** Matrix effects decided by a handler, delivered (idempotently, by effect_id) after their decision committed. */
export interface OutboxTable {
  seq: Generated<number>;
  effect_id: string;
  kind: string;
  payload_json: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  done_at: Timestamp | null;
}

/** Rooms a member opened with the bot as a direct message. */
export interface DirectRoomTable {
  room_id: string;
  user_id: string;
  created_at: Timestamp;
}

/** A person who signed in on the web with their Matrix ID; `id` is random, so exports never reuse it. */
export interface MemberTable {
  id: string;
  user_id: string;
  created_at: Timestamp;
  onboarded_at: Timestamp | null;
}

/** Web sessions by SHA-256 of the cookie's token (a database leak yields no usable cookie). */
export interface WebSessionTable {
  token_hash: string;
  member_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One row per consent text version a member agreed to. */
export interface ConsentTable {
  member_id: string;
  consent_id: string;
  version: string;
  agreed_at: Timestamp;
}

/** `*_sealed` columns are encrypted with the member-data key (`v1.…`); the rest is what matching filters on. */
export interface ProfileTable {
  member_id: string;
  role: string;
  languages_json: string;
  timezone: string;
  availability_json: string;
  channels_json: string;
  capacity: number;
  experiences_sealed: string;
  strengths_sealed: string;
  support_wanted_sealed: string;
  filters_sealed: string;
  note_sealed: string;
  updated_at: Timestamp;
}

/** One-time sign-in codes sent by DM; only a salted hash of the code is kept. */
export interface SigninCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  attempts: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** OpenID tokens already presented (SHA-256), so each is accepted once. */
export interface OpenIdTokenUsedTable {
  token_hash: string;
  used_at: Timestamp;
}

/** The community's Ed25519 attestation signing keys; the seed is sealed with the signing-keys subkey. */
export interface SigningKeyTable {
  key_id: string;
  public_key: string;
  sealed_seed: string;
  /** Exactly one `current` key signs; `retired` keys still verify what they signed. */
  status: "current" | "retired";
  created_at: Timestamp;
  retired_at: Timestamp | null;
  /** Attestations claiming issuance at or after this instant no longer verify. */
  revoked_from: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Attestations this community issued, as signed; `published_at` is null until the current state is in the room. */
export interface AttestationTable {
  attestation_id: string;
  subject: string;
  key_id: string;
  issued_at: Timestamp;
  expires_at: Timestamp;
  signed_json: string;
  withdrawn_at: Timestamp | null;
  published_at: Timestamp | null;
}

/** The bot's E2EE device; its access token is sealed with the crypto-store key. */
export interface BotDeviceTable {
  user_id: string;
  device_id: string;
  access_token_sealed: string;
  created_at: Timestamp;
}

/** Small facts the bot keeps, such as the community space's room ID. */
export interface SettingTable {
  key: string;
  value: string;
}

export type PeerRoomKind = "pair" | "circle";
export type PeerRoomStatus = "opening" | "open" | "closed" | "failed";

/** A room the bot opened for peers: a pair (2) or a circle (3–8). */
export interface PeerRoomTable {
  id: string;
  kind: PeerRoomKind;
  status: PeerRoomStatus;
  room_id: string | null;
  /** Why these peers were brought together, in the members' own terms: health-related, so sealed. */
  purpose_sealed: string | null;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type PeerMemberState = "pending" | "invited" | "joined" | "declined" | "left" | "expired" | "failed";

export interface PeerRoomMemberTable {
  peer_room_id: string;
  user_id: string;
  state: PeerMemberState;
  invited_at: Timestamp | null;
  reminded_at: Timestamp | null;
  joined_at: Timestamp | null;
  left_at: Timestamp | null;
  reason: string | null;
}

export interface Database {
  appservice_transactions: AppserviceTransactionTable;
  bot_device: BotDeviceTable;
  settings: SettingTable;
  peer_rooms: PeerRoomTable;
  peer_room_members: PeerRoomMemberTable;
  inbox: InboxTable;
  outbox: OutboxTable;
  direct_rooms: DirectRoomTable;
  members: MemberTable;
  web_sessions: WebSessionTable;
  consents: ConsentTable;
  profiles: ProfileTable;
  signin_codes: SigninCodeTable;
  openid_tokens_used: OpenIdTokenUsedTable;
  signing_keys: SigningKeyTable;
  attestations: AttestationTable;
  member_roles: MemberRoleTable;
  match_status: MatchStatusTable;
  match_blocks: MatchBlockTable;
  suggestions: SuggestionTable;
  pairings: PairingTable;
  pairing_members: PairingMemberTable;
  circle_invitations: CircleInvitationTable;
  circle_invitation_members: CircleInvitationMemberTable;
  schedules: ScheduleTable;
  schedule_queue: ScheduleQueueTable;
  schedule_occurrences: ScheduleOccurrenceTable;
  checkins: CheckinTable;
  moods: MoodTable;
  drift_notices: DriftNoticeTable;
  goals: GoalTable;
  goal_steps: GoalStepTable;
  goal_drafts: GoalDraftTable;
  progress_summaries: ProgressSummaryTable;
  recognition_consents: RecognitionConsentTable;
  training_records: TrainingRecordTable;
  role_announcements: RoleAnnouncementTable;
  thank_yous: ThankYouTable;
  attestation_checks: AttestationCheckTable;
  attestation_offers: AttestationOfferTable;
}

export type InboxRow = Selectable<InboxTable>;
export type NewInboxRow = Insertable<InboxTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type DirectRoomRow = Selectable<DirectRoomTable>;

export type MemberRoleName = "peer_supporter" | "mentor";
export type MemberRoleSource = "evidence" | "moderator" | "attestation";

/** Roles a member holds; a row without `revoked_at` is held. Recognition writes it, matching reads the mentor role. */
export interface MemberRoleTable {
  member_id: string;
  role: MemberRoleName;
  source: MemberRoleSource;
  /** The community (server name) that attested the role, when `source` is `attestation`. */
  issuer: string | null;
  attestation_id: string | null;
  /** Mentees at once, for the mentor role. */
  capacity: number | null;
  granted_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A member's part in matching; no row = active and looking since onboarding. Booleans are 0/1. */
export interface MatchStatusTable {
  member_id: string;
  paused: number;
  /** "Looking for a peer" on (1) or off (0). */
  looking: number;
  /** When the member last started waiting for a peer; kept when a suggestion expires. */
  waiting_since: Timestamp | null;
  updated_at: Timestamp;
}

/** `member_id` never wants to be matched with `blocked_id` again. */
export interface MatchBlockTable {
  member_id: string;
  blocked_id: string;
  created_at: Timestamp;
}

export type SuggestionKind = "pair" | "mentor";
export type SuggestionStatus = "suggested" | "accepted" | "opened" | "declined" | "expired";

/** A pairing offered to two members (`member_a` < `member_b`); opens a peer room once both accepted. */
export interface SuggestionTable {
  id: string;
  kind: SuggestionKind;
  member_a: string;
  member_b: string;
  /** Each member's short number for it ("accept 2"), counted per member. */
  number_a: number;
  number_b: number;
  score: number;
  /** The engine's features (numbers only), kept so the pairing's feedback can train the weights. */
  features_json: string;
  /** The reasons as facts (experiences, strengths): health-related, so sealed. */
  reasons_sealed: string;
  state: SuggestionStatus;
  accepted_a: number;
  accepted_b: number;
  declined_by: string | null;
  pairing_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  decided_at: Timestamp | null;
}

export type PairingKind = "pair" | "circle" | "mentor";
export type PairingStatus = "active" | "ended";
export type PairingFeedback = "helped" | "neutral" | "not_helped";

/** One per peer room opened from a suggestion or a circle. */
export interface PairingTable {
  id: string;
  kind: PairingKind;
  peer_room_id: string;
  suggestion_id: string | null;
  features_json: string | null;
  status: PairingStatus;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  /** When its feedback was last folded into the learned weights. */
  learned_at: Timestamp | null;
}

export interface PairingMemberTable {
  pairing_id: string;
  member_id: string;
  ended_at: Timestamp | null;
  outcome: PairingFeedback | null;
  feedback_note_sealed: string | null;
  /** The member asked to continue with the same peer later. */
  again_at: Timestamp | null;
}

export type CircleInvitationState = "invited" | "opened" | "closed";
/** Why a circle invitation closed without a room: too few said yes, or no supporter or no mix of stages. */
export type CircleInvitationOutcome = "too_few" | "no_supporter" | "no_mix";

/** A peer circle suggested to its members; its room opens once enough accepted (migration 0011). */
export interface CircleInvitationTable {
  id: string;
  state: CircleInvitationState;
  /** The experience the members share (its ID): health-related, so sealed. */
  experience_sealed: string;
  /** Bumped by every answer (compare-and-set): two answers at once are counted one after the other. */
  version: number;
  outcome: CircleInvitationOutcome | null;
  pairing_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  decided_at: Timestamp | null;
}

export type CircleAnswer = "accepted" | "declined";

/** One invited member: their short number for the invitation (shared with their suggestions') and answer. */
export interface CircleInvitationMemberTable {
  invitation_id: string;
  member_id: string;
  number: number;
  /** The member's stage in the experience and whether they offer support, JSON, sealed. */
  part_sealed: string;
  answer: CircleAnswer | null;
  answered_at: Timestamp | null;
}

/** A recurring local time in a timezone (check-ins, weekly room prompts); its next occurrence is queued. */
export interface ScheduleTable {
  id: string;
  /** Which handler a due occurrence goes to: `checkin`, `room_prompt`, … */
  kind: string;
  /** The member ID or peer room ID the schedule belongs to. */
  subject: string;
  /** `daily` or comma-separated weekdays (`mon,wed,fri`). */
  days: string;
  /** `HH:MM`, local to `timezone`. */
  local_time: string;
  timezone: string;
  /** Bumped by every edit; a queued row of an older version is stale. */
  version: number;
  /** 1 = on (a row of this version is queued), 0 = off. */
  enabled: number;
  updated_at: Timestamp;
}

/** Each schedule's next occurrence, keyed (next_at, schedule_id): a tick is one range scan of the primary key. */
export interface ScheduleQueueTable {
  next_at: Timestamp;
  schedule_id: string;
  /** The schedule's version when queued; the row counts only while it matches. */
  version: number;
}

/** Occurrences already claimed, by idempotency key (schedule + local date + slot): none is handled twice. */
export interface ScheduleOccurrenceTable {
  key: string;
  schedule_id: string;
  due_at: Timestamp;
  claimed_at: Timestamp;
}

/** A check-in question sent to a member; `event_id` (the question's) is learned once it was sent. */
export interface CheckinTable {
  id: string;
  member_id: string;
  local_date: string;
  sent_at: Timestamp;
  room_id: string | null;
  event_id: string | null;
  answered_at: Timestamp | null;
}

export type MoodSource = "reaction" | "reply" | "web";

/** A mood answer (1–5), sealed; only the latest answer per check-in is kept. */
export interface MoodTable {
  id: Generated<number>;
  member_id: string;
  recorded_at: Timestamp;
  /** YYYY-MM-DD in the member's timezone when they answered. */
  local_date: string;
  score_sealed: string;
  note_sealed: string | null;
  source: MoodSource;
  checkin_id: string | null;
}

/** The last gentle "noticing drift" message each member received, so it is not repeated daily. */
export interface DriftNoticeTable {
  member_id: string;
  reason: string;
  notified_at: Timestamp;
}
/** A member's goal: personal (`scope` "dm") or shared with the peers of one room (`scope` = its room ID). */
export interface GoalTable {
  id: string;
  member_id: string;
  scope: string;
  /** What the member types (`goal done 2`): per member and scope, kept while the goal exists. */
  number: number;
  text_sealed: string;
  /** The SMART answers (measurable, achievable, relevant) as sealed JSON, when made with `goal smart`. */
  plan_sealed: string | null;
  /** A local date, YYYY-MM-DD, in the member's zone. */
  due_date: string | null;
  created_at: Timestamp;
  done_at: Timestamp | null;
  reminded_at: Timestamp | null;
}

export interface GoalStepTable {
  goal_id: string;
  number: number;
  text_sealed: string;
  created_at: Timestamp;
  done_at: Timestamp | null;
}

/** A SMART walk-through in progress: the answers so far, sealed JSON. */
export interface GoalDraftTable {
  member_id: string;
  scope: string;
  answers_sealed: string;
  updated_at: Timestamp;
}

/** Whether the member asked for a weekly summary DM (`weekly` 0/1), and the last week it was sent for. */
export interface ProgressSummaryTable {
  member_id: string;
  weekly: number;
  last_week: string | null;
  updated_at: Timestamp;
}

/** Whether the member lets the community publish attestations about them (1) or not (0); no row = not yet asked. */
export interface RecognitionConsentTable {
  member_id: string;
  publish: number;
  changed_at: Timestamp;
}

/** Training a moderator recorded as completed. */
export interface TrainingRecordTable {
  member_id: string;
  course: string;
  /** Who recorded it: a moderator's Matrix ID, or "operator" from the command line. */
  recorded_by: string;
  recorded_at: Timestamp;
}

/** The member was told they reached a role (once per role, ever). */
export interface RoleAnnouncementTable {
  member_id: string;
  role: string;
  announced_at: Timestamp;
}

/** One thank-you from a peer after a pairing; counted, its text never stored. */
export interface ThankYouTable {
  pairing_id: string;
  from_member_id: string;
  to_member_id: string;
  sent_at: Timestamp;
}

/** When a user's attestations from trusted issuers were last read. */
export interface AttestationCheckTable {
  user_id: string;
  checked_at: Timestamp;
}

export type AttestationOfferStatus = "offered" | "accepted" | "declined" | "withdrawn";

/** A role offered because a trusted community attests it; accepting grants it (member_roles, source attestation). */
export interface AttestationOfferTable {
  member_id: string;
  issuer: string;
  role: string;
  attestation_id: string;
  status: AttestationOfferStatus;
  offered_at: Timestamp;
  decided_at: Timestamp | null;
}
