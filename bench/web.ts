/**
 * `npm run bench:web`: the landing and profile pages under concurrent load (autocannon), with every security
 * header and the CSP on, against a bare node:http handler sending the same bytes and headers, in the same run.
 * Servers run in a child process (bench/web-servers.ts); the two take turns in rounds so a busy neighbour slows
 * both alike. The last line is one JSON object.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

const ROUNDS = 3;
const SECONDS = 4;
const CONNECTIONS = 32;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

interface Servers {
  hono: number;
  bare: number;
  cookie: string;
  bytes: { landing: number; profile: number };
  headers: number;
}

const child = spawn(
  process.execPath,
  [...process.execArgv, new URL("./web-servers.ts", import.meta.url).pathname],
  {
    stdio: ["pipe", "pipe", "inherit"],
  },
);
const servers = await new Promise<Servers>((resolve, reject) => {
  child.once("exit", (code) => reject(new Error(`servers exited with ${code}`)));
  createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line) as Servers));
});
say(
  `pages: landing ${servers.bytes.landing} B, profile ${servers.bytes.profile} B, ${servers.headers} response headers; ` +
    `${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s each, Node ${process.version}`,
);

/** The landing page is for visitors (no cookie); the profile page for a signed-in member (session + CSRF cookies). */
async function load(port: number, path: string): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: path === "/profile" ? { cookie: servers.cookie } : {},
  });
  const errors = result.errors + result.non2xx + result.timeouts;
  return { rps: result.requests.average, p99: result.latency.p99, errors };
}

const totals = { hono: [] as number[], bare: [] as number[], p99: [] as number[] };
try {
  for (const [name, path] of [
    ["landing", "/"],
    ["profile", "/profile"],
  ] as const) {
    await load(servers.hono, path); // warm-up: JIT, SQLite page cache
    const hono: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const h = await load(servers.hono, path);
      const b = await load(servers.bare, path);
      if (h.errors + b.errors > 0)
        throw new Error(`${name}: ${h.errors} Kindred and ${b.errors} baseline errors`);
      hono.push(h.rps);
      bare.push(b.rps);
      totals.p99.push(h.p99);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    say(
      `${name.padEnd(8)} Kindred ${mean(hono).toFixed(0)} req/s, bare node:http ${mean(bare).toFixed(0)} req/s, ` +
        `ratio ${(mean(hono) / mean(bare)).toFixed(2)}`,
    );
    totals.hono.push(mean(hono));
    totals.bare.push(mean(bare));
  }
} finally {
  child.stdin?.end();
}

const rps = totals.hono.reduce((a, b) => a + b, 0) / totals.hono.length;
const baseline = totals.bare.reduce((a, b) => a + b, 0) / totals.bare.length;
const p99 = Math.max(...totals.p99);
say(`both pages: Kindred ${rps.toFixed(0)} req/s vs ${baseline.toFixed(0)} req/s bare; worst p99 ${p99} ms`);
say(
  JSON.stringify({
    bench: "web",
    rps: Math.round(rps),
    baseline_rps: Math.round(baseline),
    ratio: Number((rps / baseline).toFixed(3)),
    p99_ms: p99,
  }),
);
