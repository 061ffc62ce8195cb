/** Resolves after SIGINT or SIGTERM once `stop` has finished. */
export function stopOnSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      stop().then(resolve, (error: unknown) => {
        process.stderr.write(`kindred: error while stopping: ${String(error)}\n`);
        resolve();
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
