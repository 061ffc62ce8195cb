import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { CryptoMember } from "../support/crypto-member.ts";
import { KindredProcess } from "../support/kindred-process.ts";
import { writeTestConfig } from "../support/kindred-under-test.ts";

const READY = /bot E2EE device ready device=(\S+) restored=(\S+)/;

describe("the Kindred process crashes and comes back (real process, real Synapse)", () => {
  const matrix = inject("matrix");
  let kindred: KindredProcess | undefined;
  let member: CryptoMember | undefined;
  afterAll(async () => {
    member?.stop();
    await kindred?.stop();
  });

  it("keeps its device and keys through a SIGKILL and answers what was sent while it was down", async () => {
    // Port 0 for the web app: a port picked now could be taken by an outgoing connection before the restart.
    const config = await writeTestConfig(matrix, {
      dataDir: mkdtempSync(join(tmpdir(), "kindred-proc-")),
      config: { web: { bind: "127.0.0.1", port: 0 } },
    });
    kindred = KindredProcess.start(config);
    const [, device, restored] = await kindred.waitForLine(READY, 90_000);
    expect(restored).toBe("false");
    await kindred.waitForLine(/web listening/);

    member = await CryptoMember.create(matrix.hs2, "gail");
    const bot = `@kindred:${matrix.hs1.serverName}`;
    const room = await member.createEncryptedDirectRoom(bot);
    await member.waitForJoin(room, bot, 90_000);
    await member.sendText(room, "ping");
    await member.waitForMessage(room, bot, "Pong!", 90_000);

    await kindred.crash();
    await member.sendText(room, "help");
    kindred = KindredProcess.start(config);
    const [, sameDevice, restoredNow] = await kindred.waitForLine(READY, 90_000);
    expect(sameDevice).toBe(device);
    expect(restoredNow).toBe("true");
    const help = await member.waitForMessage(room, bot, "Commands you can send me", 90_000);
    expect(help.wasEncrypted).toBe(true);
    const code = await kindred.stop();
    expect(code, kindred.lines.slice(-12).join("\n")).toBe(0);
    kindred = undefined;
  });
});
