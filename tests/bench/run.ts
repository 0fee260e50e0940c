/**
 * `pnpm bench <name>`: Keeper's benchmarks. Each prints its figures and, as its last line, a summary
 * `<name> key=value …`. They run against MariaDB (KEEPER_BENCH_MYSQL, default mysql://root@127.0.0.1:3306).
 */
const benchmarks: Record<string, () => Promise<void>> = {
  customers: async () => (await import('./customers.bench')).runCustomersBenchmark(),
  archive: async () => (await import('./archive.bench')).runArchiveBenchmark(),
  audit: async () => (await import('./audit.bench')).runAuditBenchmark(),
  rules: async () => (await import('./rules.bench')).runRulesBenchmark(),
  reassign: async () => (await import('./reassign.bench')).runReassignBenchmark(),
  broadcast: async () => (await import('./broadcast.bench')).runBroadcastBenchmark(),
  audience: async () => (await import('./audience.bench')).runAudienceBenchmark(),
  welcome: async () => (await import('./welcome.bench')).runWelcomeBenchmark(),
};

const name = process.argv[2];
const benchmark = name ? benchmarks[name] : undefined;
if (!benchmark) {
  console.error(`usage: pnpm bench <${Object.keys(benchmarks).join('|')}>`);
  process.exit(2);
}
await benchmark();
process.exit(0);
export {};
