import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { markPublished } from "../attestations/attestation-store.ts";
import type { Effect, EffectReport } from "../effects.ts";
import type { BotIdentity } from "../handle-event.ts";
import { onAttestationsRead } from "./federated.ts";

/** What recognition does with what its effects learned, in the transaction that marks the effect done. */
export async function onRecognitionReport(
  db: Kysely<Database>,
  bot: BotIdentity,
  report: Extract<EffectReport, { kind: "attestation_published" | "attestations_read" }>,
  at: Date,
): Promise<Effect[]> {
  switch (report.kind) {
    case "attestation_published":
      await markPublished(db, report.attestationId, { withdrawn: report.withdrawn }, at);
      return [];
    case "attestations_read":
      return onAttestationsRead(db, bot, report.userId, report.rooms, at);
  }
}
