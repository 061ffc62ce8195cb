/**
 * The matching helper thread's entry (started by link-helper.ts): each message is a job over shared memory, a
 * share of the linking (link-job.ts) or a full run's path search (paths-job.ts); the main thread learns of
 * progress and failure through the job's control words, never by message, because it waits for them without
 * running its event loop.
 */
import { parentPort } from "node:worker_threads";
import { DONE, FAILED, helpWith, type LinkJob } from "./link-job.ts";
import { P_FAILED, P_PROGRESS, searchPaths, type PathsJob } from "./paths-job.ts";

parentPort?.on("message", (job: LinkJob | PathsJob) => {
  try {
    if (job.kind === "paths") searchPaths(job);
    else helpWith(job);
  } catch (error) {
    if (job.kind === "paths") {
      Atomics.store(job.control, P_FAILED, 1);
      Atomics.notify(job.control, P_PROGRESS);
    } else {
      Atomics.store(job.control, FAILED, 1);
      Atomics.notify(job.control, DONE);
    }
    // The main thread does what this thread left; the message is for the operator's log.
    console.error("kindred matching helper thread failed:", error);
  }
});
