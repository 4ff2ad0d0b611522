/**
 * `npm run bench [part…]`: the speed and memory figures the issues set targets for, measured on
 * this machine against the fakes (loopback HTTP, real clients, real store). Runs the parts
 * named (all without a name), prints one line per figure with its target, and exits non-zero
 * if a target is missed. BENCH_BASELINE=<git revision> measures that revision too (designs.ts).
 */
import { catchUp } from './catch-up.js';
import { chain } from './chain.js';
import { checks } from './checks.js';
import { chats } from './chats.js';
import { counter } from './counter.js';
import { loadDesigns, removeBaselines, type Design } from './designs.js';
import { exportPart } from './export.js';
import { missedTargets } from './figures.js';
import { history } from './history.js';
import { pgHistory } from './pg-history.js';
import { requests } from './requests.js';
import { stores } from './stores.js';
import { webhooks } from './webhooks.js';

/** Every part, in the order a whole run takes them. */
const PARTS: Record<string, (designs: readonly Design[]) => Promise<void>> = {
  chats,
  history,
  webhooks,
  'catch-up': catchUp,
  export: exportPart,
  requests,
  checks,
  stores,
  counter,
  chain,
  'pg-history': pgHistory,
};

const named = process.argv.slice(2);
const unknown = named.filter((name) => !(name in PARTS));
if (unknown.length > 0) {
  console.error(`no bench part ${unknown.join(', ')}; the parts: ${Object.keys(PARTS).join(', ')}`);
  process.exit(2);
}
const designs = await loadDesigns();
try {
  for (const [name, run] of Object.entries(PARTS)) if (named.length === 0 || named.includes(name)) await run(designs);
} finally {
  await removeBaselines(designs);
}
const missed = missedTargets();
console.log(missed === 0 ? 'all targets met' : `${missed} target(s) missed`);
process.exit(missed === 0 ? 0 : 1);
