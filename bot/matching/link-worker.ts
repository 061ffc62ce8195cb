/**
 * The linking helper thread's entry (started by link-helper.ts): each message is a link job over shared
 * memory; the main thread learns of progress and failure through the job's control words, never by message,
 * because it waits for them without running its event loop.
 */
import { parentPort } from "node:worker_threads";
import { DONE, FAILED, helpWith, type LinkJob } from "./link-job.ts";

parentPort?.on("message", (job: LinkJob) => {
  try {
    helpWith(job);
  } catch (error) {
    Atomics.store(job.control, FAILED, 1);
    Atomics.notify(job.control, DONE);
    // The main thread links what this thread left; the message is for the operator's log.
    console.error("kindred matching helper thread failed:", error);
  }
});
