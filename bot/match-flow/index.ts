/**
 * What the web (member pages, operator dashboard) calls. Functions that change state queue their messages in
 * the same transaction; call the event processor's `wake()` afterwards.
 */
export { answerSuggestion, type Answer, type AnswerError, type Answered } from "./answer.ts";
export { blocksBy } from "./blocks-store.ts";
export {
  answerCircleInvitation,
  listCircleInvitationsFor,
  type CircleAnswered,
  type CircleInvitationView,
} from "./circle-invitations.ts";
export { exportMatchingData } from "./member-data.ts";
export { describeMatchingModel, matchingModel } from "./model.ts";
export { matchStatusOf, requestMatchingRun, setLooking, setPaused } from "./looking.ts";
export { endPairing, type EndError, type Feedback } from "./pairing-end.ts";
export { numberedPairings, type NumberedPairing } from "./pairing-numbers.ts";
export { outcomeOf, type Pairing } from "./pairings-store.ts";
export { askAgain, blockPeer, giveFeedback, type PeerActionError } from "./peer-actions.ts";
export { grantRole, heldRoles, revokeRole, type MemberRole, type RoleGrant } from "./roles-store.ts";
export { communityWording, MATCH_FLOW_DEFAULTS, type MatchFlowSettings } from "./settings.ts";
export type { MatchStatus } from "./status-store.ts";
export { listSuggestionsFor, waitingReport, type SuggestionView, type WaitingMember } from "./views.ts";
