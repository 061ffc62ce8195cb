/**
 * Joins an invited room, trying again for a while on 403: a remote member's homeserver hands them the invite
 * before the inviting homeserver has stored it (Synapse signs it over federation first), so a join that fast is
 * refused with "You are not invited to this room". Clients retry; so do these members.
 */
export async function joinWhenInviteSettles(join: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + Math.min(timeoutMs, 20_000);
  for (;;) {
    try {
      await join();
      return;
    } catch (error) {
      const forbidden = /\b403\b|M_FORBIDDEN/.test(String(error));
      if (!forbidden || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
