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
// The child's stdout, line by line: first the servers, then one line per "cpu" question.
const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
let exited: Error | undefined;
createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.resolve(line));
child.once("exit", (code) => {
  exited = new Error(`servers exited with ${code}`);
  for (const { reject } of waiting.splice(0)) reject(exited);
});
const nextLine = () =>
  new Promise<string>((resolve, reject) =>
    exited === undefined ? waiting.push({ resolve, reject }) : reject(exited),
  );
const servers = JSON.parse(await nextLine()) as Servers;
/** The servers' process CPU time so far, µs (user + system). */
async function cpuTime(): Promise<number> {
  const reply = nextLine();
  child.stdin?.write("cpu\n");
  return Number(await reply);
}
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

interface Load {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
  /** CPU time the servers' process spent per answered request, µs: steadier than req/s on a busy machine. */
  readonly cpu: number;
}

async function load(port: number, scenario: Scenario): Promise<Load> {
  const { path, cookies } = scenario;
  let clients = 0;
  const cpuBefore = await cpuTime();
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
  const cpu = (await cpuTime()) - cpuBefore;
  const errors = result.errors + result.non2xx + result.timeouts;
  return { rps: result.requests.average, p99: result.latency.p99, errors, cpu: cpu / result.requests.total };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const spread = (xs: readonly number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

interface Measured {
  readonly hono: number;
  readonly bare: number;
  readonly p99: number;
  readonly honoCpu: number;
  readonly bareCpu: number;
}

/** Kindred's and the baseline's mean requests/second and CPU per request, and Kindred's worst p99. */
async function measure(scenario: Scenario): Promise<Measured> {
  await load(servers.hono, scenario); // warm-up: JIT, SQLite page cache
  await load(servers.bare, scenario);
  const rounds: { hono: Load; bare: Load }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const kindredFirst = round % 2 === 0;
    const first = await load(kindredFirst ? servers.hono : servers.bare, scenario);
    const second = await load(kindredFirst ? servers.bare : servers.hono, scenario);
    const [hono, bare] = kindredFirst ? [first, second] : [second, first];
    if (hono.errors + bare.errors > 0)
      throw new Error(`${scenario.name}: ${hono.errors} Kindred and ${bare.errors} baseline errors`);
    rounds.push({ hono, bare });
  }
  const result: Measured = {
    hono: mean(rounds.map((r) => r.hono.rps)),
    bare: mean(rounds.map((r) => r.bare.rps)),
    p99: Math.max(...rounds.map((r) => r.hono.p99)),
    honoCpu: mean(rounds.map((r) => r.hono.cpu)),
    bareCpu: mean(rounds.map((r) => r.bare.cpu)),
  };
  say(
    `${scenario.name.padEnd(8)} Kindred ${result.hono.toFixed(0)} req/s (p99 ${result.p99} ms), ` +
      `bare node:http ${result.bare.toFixed(0)} req/s, ratio ${(result.hono / result.bare).toFixed(2)} ` +
      `(rounds ${spread(rounds.map((r) => r.hono.rps / r.bare.rps))}); CPU per request ` +
      `${result.honoCpu.toFixed(1)} µs vs ${result.bareCpu.toFixed(1)} µs, ` +
      `ratio ${(result.bareCpu / result.honoCpu).toFixed(2)} ` +
      `(rounds ${spread(rounds.map((r) => r.bare.cpu / r.hono.cpu))})`,
  );
  return result;
}

let headline: Measured[];
try {
  headline = [await measure(landing), await measure(profile)];
  await measure(crowd);
} finally {
  child.stdin?.end();
}

const rps = mean(headline.map((r) => r.hono));
const baseline = mean(headline.map((r) => r.bare));
const p99 = Math.max(...headline.map((r) => r.p99));
const cpuRatio = mean(headline.map((r) => r.bareCpu)) / mean(headline.map((r) => r.honoCpu));
say(
  `both pages: Kindred ${rps.toFixed(0)} req/s vs ${baseline.toFixed(0)} req/s bare; worst p99 ${p99} ms; ` +
    `by CPU per request, ratio ${cpuRatio.toFixed(2)}`,
);
say(
  JSON.stringify({
    bench: "web",
    rps: Math.round(rps),
    baseline_rps: Math.round(baseline),
    ratio: Number((rps / baseline).toFixed(3)),
    p99_ms: p99,
  }),
);
