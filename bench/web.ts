/**
 * `npm run bench:web`: the landing and profile pages under concurrent load (autocannon), with every
 * security header and the CSP on, against a bare node:http handler sending the same bytes and headers, in
 * the same run. Servers run in a child process (bench/web-servers.ts); both are warmed up, then take turns
 * in rounds (in alternating order) so a busy neighbour slows both alike. The headline is the landing page
 * (a visitor) and the profile page (one signed-in member, over and over); a third line shows the profile
 * page for a crowd of members, more than the app keeps in memory, so every view loads from the database.
 * The last line is one JSON object.
 */
import { spawn } from "node:child_process";
import { get } from "node:http";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

const ROUNDS = 3;
const SECONDS = 4;
const CONNECTIONS = 32;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

interface Servers {
  hono: number;
  bare: number;
  /** The signed-in member's cookies (session and CSRF). */
  cookie: string;
  /** Other members' cookies. */
  crowd: string[];
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
  `pages: landing ${servers.bytes.landing} B, profile ${servers.bytes.profile} B, ` +
    `${servers.headers} response headers; ` +
    `${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s each, Node ${process.version}`,
);

interface Scenario {
  readonly name: string;
  readonly path: string;
  /** Whose cookies the requests carry: none (a visitor), one member, or many (spread over connections). */
  readonly cookies: readonly string[];
}
const landing: Scenario = { name: "landing", path: "/", cookies: [] };
const profile: Scenario = { name: "profile", path: "/profile", cookies: [servers.cookie] };
const crowd: Scenario = {
  name: `profile, ${servers.crowd.length} members`,
  path: "/profile",
  cookies: servers.crowd,
};

/** One response as it arrives: its body, and its headers but `date`, lower-cased and sorted. */
function fetchRaw(
  port: number,
  path: string,
  cookie: string | undefined,
): Promise<{ body: Buffer; headers: string }> {
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port, path, headers: cookie === undefined ? {} : { cookie } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const lines: string[] = [`status: ${response.statusCode}`];
        for (let i = 0; i < response.rawHeaders.length; i += 2)
          if (response.rawHeaders[i]?.toLowerCase() !== "date")
            lines.push(`${response.rawHeaders[i]?.toLowerCase()}: ${response.rawHeaders[i + 1]}`);
        resolve({ body: Buffer.concat(chunks), headers: lines.sort().join("\n") });
      });
    }).on("error", reject);
  });
}

// The comparison is only fair if both send the very same bytes: check it on the wire before measuring (twice:
// the first answer may take another path than the ones after it).
for (const { path, cookies } of [landing, profile, crowd, landing, profile, crowd]) {
  for (const cookie of cookies.length === 0 ? [undefined] : [cookies[0], cookies.at(-1)]) {
    const [kindred, bare] = [
      await fetchRaw(servers.hono, path, cookie),
      await fetchRaw(servers.bare, path, cookie),
    ];
    if (!kindred.body.equals(bare.body) || kindred.headers !== bare.headers)
      throw new Error(
        `${path}: Kindred and the baseline answer differently\n${kindred.headers}\n--\n${bare.headers}`,
      );
  }
}

async function load(port: number, scenario: Scenario): Promise<{ rps: number; p99: number; errors: number }> {
  const { path, cookies } = scenario;
  let clients = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: cookies.length === 1 ? { cookie: cookies[0] ?? "" } : {},
    // Many members: each connection takes turns among its own share of them.
    setupClient: (client) => {
      if (cookies.length < 2) return;
      const mine = cookies.filter((_, i) => i % CONNECTIONS === clients % CONNECTIONS);
      clients += 1;
      client.setRequests(mine.map((cookie) => ({ method: "GET", path, headers: { cookie } })));
    },
  });
  const errors = result.errors + result.non2xx + result.timeouts;
  return { rps: result.requests.average, p99: result.latency.p99, errors };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Kindred's and the baseline's mean requests/second, and Kindred's worst p99. */
async function measure(scenario: Scenario): Promise<{ hono: number; bare: number; p99: number }> {
  await load(servers.hono, scenario); // warm-up: JIT, SQLite page cache
  await load(servers.bare, scenario);
  const hono: number[] = [];
  const bare: number[] = [];
  const p99: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const kindredFirst = round % 2 === 0;
    const first = await load(kindredFirst ? servers.hono : servers.bare, scenario);
    const second = await load(kindredFirst ? servers.bare : servers.hono, scenario);
    const [h, b] = kindredFirst ? [first, second] : [second, first];
    if (h.errors + b.errors > 0)
      throw new Error(`${scenario.name}: ${h.errors} Kindred and ${b.errors} baseline errors`);
    hono.push(h.rps);
    bare.push(b.rps);
    p99.push(h.p99);
  }
  const result = { hono: mean(hono), bare: mean(bare), p99: Math.max(...p99) };
  say(
    `${scenario.name.padEnd(8)} Kindred ${result.hono.toFixed(0)} req/s (p99 ${result.p99} ms), ` +
      `bare node:http ${result.bare.toFixed(0)} req/s, ratio ${(result.hono / result.bare).toFixed(2)}`,
  );
  return result;
}

let headline: { hono: number; bare: number; p99: number }[];
try {
  headline = [await measure(landing), await measure(profile)];
  await measure(crowd);
} finally {
  child.stdin?.end();
}

const rps = mean(headline.map((r) => r.hono));
const baseline = mean(headline.map((r) => r.bare));
const p99 = Math.max(...headline.map((r) => r.p99));
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
