/**
 * Every `rc_*` limiter Synapse 1.163 reads (synapse/config/ratelimiting.py),
 * opened wide: tests register, join and message in bursts that the defaults
 * would throttle with 429s.
 */
const open = { per_second: 9999, burst_count: 9999 };

export const relaxedRateLimits = {
  rc_message: open,
  rc_registration: open,
  rc_registration_token_validity: open,
  rc_login: { address: open, account: open, failed_attempts: open },
  rc_admin_redaction: open,
  rc_joins: { local: open, remote: open },
  rc_joins_per_room: open,
  rc_key_requests: open,
  rc_3pid_validation: open,
  rc_invites: { per_room: open, per_user: open, per_issuer: open },
  rc_third_party_invite: open,
  rc_media_create: open,
  rc_presence: { per_user: open },
  rc_delayed_event_mgmt: open,
  rc_room_creation: open,
  rc_reports: open,
  rc_user_directory: open,
  rc_profile: open,
  // Federation limiter has its own shape (sleep_delay is in ms).
  rc_federation: {
    window_size: 1000,
    sleep_limit: 1000,
    sleep_delay: 1,
    reject_limit: 1000,
    concurrent: 100,
  },
};
