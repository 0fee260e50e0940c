/**
 * Writes a migration per dialect holding exactly the difference between the entities and the schema the
 * existing migrations build: `pnpm db:generate AddCustomers`. Add the new classes to each dialect's index
 * by hand. MySQL runs against a scratch database on MARIADB_URL (default mysql://root@127.0.0.1:3306).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: pnpm db:generate PascalCaseName');
  process.exit(2);
}
const dialect = process.env.KEEPER_GEN_DIALECT;
const timestamp = process.env.KEEPER_GEN_TIMESTAMP ?? String(Date.now());

if (!dialect) {
  for (const each of ['mysql', 'sqlite']) {
    const scratch =
      each === 'mysql'
        ? {
            DATABASE_URL: `${process.env.MARIADB_URL ?? 'mysql://root@127.0.0.1:3306'}/keeper_gen_${process.pid}`,
          }
        : { DATABASE_URL: '', SQLITE_PATH: path.join(os.tmpdir(), `keeper-gen-${process.pid}.sqlite`) };
    const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
      stdio: 'inherit',
      env: { ...process.env, ...scratch, KEEPER_GEN_DIALECT: each, KEEPER_GEN_TIMESTAMP: timestamp },
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  process.exit(0);
}

const { loadConfig } = await import('../server/src/config/config');
const { openDataSource } = await import('../server/src/db/data-source');
const config = loadConfig();
const dataSource = await openDataSource(config.database);
try {
  await dataSource.runMigrations();
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log(`${dialect}: entities and migrations agree; nothing to generate`);
  } else {
    const quote = (query: string) => '`' + query.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
    const down = [...sql.downQueries]
      .reverse()
      .map((q) => `    await queryRunner.query(${quote(q.query)});`)
      .join('\n');
    const className = `${name}${timestamp}`;
    const file = path.join(root, 'migrations', dialect, `${timestamp}-${name}.ts`);
    fs.writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`${dialect}: wrote ${path.relative(root, file)}`);
  }
} finally {
  if (dialect === 'mysql')
    await dataSource.query(`DROP DATABASE IF EXISTS \`${dataSource.driver.database}\``);
  await dataSource.destroy();
  if (dialect === 'sqlite')
    fs.rmSync(config.database.dialect === 'sqlite' ? config.database.path : '', { force: true });
}
