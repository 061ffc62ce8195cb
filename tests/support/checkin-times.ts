/** The first whole UTC minute at least `leadMs` from now, as the `HH:MM` a member would type and its instant. */
export function upcomingMinute(leadMs: number): { readonly time: string; readonly at: Date } {
  const at = new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);
  return { time: at.toISOString().slice(11, 16), at };
}

export const QUESTION = "How are you today?";
