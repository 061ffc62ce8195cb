import { randomBytes } from "node:crypto";
import { joinWhenInviteSettles } from "./join-retry.ts";

export interface HomeserverInfo {
  readonly name: string;
  readonly serverName: string;
  readonly clientUrl: string;
  readonly sharedSecret: string;
  readonly databasePath: string;
}

export interface SeenEvent {
  readonly roomId: string;
  readonly type: string;
  readonly sender: string;
  readonly event_id: string;
  readonly state_key?: string;
  readonly content: Record<string, unknown>;
}

/**
 * A real Matrix user for tests, speaking the client-server API with fetch.
 * It keeps every event it has synced, so a test can wait for one with a deadline and never sleeps.
 */
export class TestMember {
  private since: string | undefined;
  readonly seen: SeenEvent[] = [];
  /** Rooms this member is invited to, with the inviter. */
  readonly invites = new Map<string, string>();

  constructor(
    readonly userId: string,
    private readonly accessToken: string,
    private readonly clientUrl: string,
  ) {}

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.clientUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Opens a DM the way Element does: a trusted private chat with `is_direct`. */
  async createDirectRoom(invitee: string): Promise<string> {
    const { room_id } = await this.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", {
      preset: "trusted_private_chat",
      is_direct: true,
      invite: [invitee],
    });
    return room_id;
  }

  async sendText(roomId: string, body: string): Promise<string> {
    const txn = randomBytes(8).toString("hex");
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txn}`;
    const { event_id } = await this.request<{ event_id: string }>("PUT", path, { msgtype: "m.text", body });
    return event_id;
  }

  /** Resolves with the first event (already seen or synced before the deadline) that matches. */
  async waitFor(
    what: string,
    matches: (event: SeenEvent) => boolean,
    timeoutMs = 60_000,
  ): Promise<SeenEvent> {
    let found: SeenEvent | undefined;
    await this.waitUntil(what, () => (found = this.seen.find(matches)) !== undefined, timeoutMs);
    if (found === undefined) throw new Error("unreachable: waitUntil resolved without a match");
    return found;
  }

  /** Syncs until `condition` (over what has been seen) holds, or fails at the deadline. */
  async waitUntil(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.userId} did not see ${what} within ${timeoutMs} ms`);
      await this.sync(Math.min(left, 5_000));
    }
  }

  /** Waits for an invite from `inviter` and joins it; returns the room ID. */
  async acceptInviteFrom(inviter: string, timeoutMs?: number): Promise<string> {
    const invited = (): string | undefined => [...this.invites].find(([, from]) => from === inviter)?.[0];
    await this.waitUntil(`an invite from ${inviter}`, () => invited() !== undefined, timeoutMs);
    const roomId = invited() ?? "";
    this.invites.delete(roomId);
    await joinWhenInviteSettles(
      () =>
        this.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {}).then(
          () => undefined,
        ),
      timeoutMs ?? 60_000,
    );
    return roomId;
  }

  waitForNotice(roomId: string, from: string, bodyIncludes: string, timeoutMs?: number): Promise<SeenEvent> {
    return this.waitFor(
      `a notice from ${from} containing "${bodyIncludes}"`,
      (e) =>
        e.roomId === roomId &&
        e.sender === from &&
        e.type === "m.room.message" &&
        String(e.content["body"]).includes(bodyIncludes),
      timeoutMs,
    );
  }

  waitForMembership(
    roomId: string,
    userId: string,
    membership: string,
    timeoutMs?: number,
  ): Promise<SeenEvent> {
    return this.waitFor(
      `${userId} ${membership} in ${roomId}`,
      (e) =>
        e.roomId === roomId &&
        e.type === "m.room.member" &&
        e.state_key === userId &&
        e.content["membership"] === membership,
      timeoutMs,
    );
  }

  private async sync(timeoutMs: number): Promise<void> {
    const filter = JSON.stringify({ room: { timeline: { limit: 200 } }, presence: { types: [] } });
    const query = new URLSearchParams({ timeout: String(timeoutMs), filter });
    if (this.since !== undefined) query.set("since", this.since);
    const body = await this.request<SyncBody>("GET", `/_matrix/client/v3/sync?${query.toString()}`);
    this.since = body.next_batch;
    for (const [roomId, room] of Object.entries(body.rooms?.invite ?? {})) {
      const own = room.invite_state?.events?.find(
        (e) => e.type === "m.room.member" && e.state_key === this.userId,
      );
      if (own !== undefined) this.invites.set(roomId, own.sender);
    }
    for (const [roomId, room] of Object.entries(body.rooms?.join ?? {})) {
      for (const event of [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])]) {
        this.seen.push({ ...event, roomId });
      }
    }
  }
}

interface SyncBody {
  next_batch: string;
  rooms?: {
    join?: Record<
      string,
      {
        state?: { events?: Omit<SeenEvent, "roomId">[] };
        timeline?: { events?: Omit<SeenEvent, "roomId">[] };
      }
    >;
    invite?: Record<string, { invite_state?: { events?: Omit<SeenEvent, "roomId" | "event_id">[] } }>;
  };
}
