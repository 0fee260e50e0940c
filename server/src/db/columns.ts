import {
  Column,
  CreateDateColumn,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type ValueTransformer,
} from 'typeorm';
import { dialect } from './dialect';

/**
 * Column helpers that pick the type per database, so entities never branch on the dialect.
 * Times are stored in UTC (mysql2 runs with timezone 'Z'; TypeORM writes SQLite datetimes in UTC).
 */

const isMysql = dialect === 'mysql';

interface BasicOptions {
  name?: string;
  nullable?: boolean;
}

/**
 * WeCom ids (userid, external_userid, chat ids, tag and department ids) and hex tokens: ASCII with binary
 * comparison on MySQL. Joins and lookups on them then compare bytes instead of applying Unicode collation
 * rules, which made customer filters an order of magnitude faster, and the indexes are a quarter the size.
 * SQLite compares text byte-wise already.
 */
const asciiId = isMysql ? ({ charset: 'ascii', collation: 'ascii_bin' } as const) : {};

export function IdColumn(options: BasicOptions & { length?: number } = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: options.length ?? 64, nullable: false, ...asciiId, ...options });
}

export function PrimaryIdColumn(options: { name?: string; length?: number } = {}): PropertyDecorator {
  return PrimaryColumn({ type: 'varchar', length: options.length ?? 64, ...asciiId, ...options });
}

/** Millisecond datetimes on MySQL; SQLite keeps the milliseconds in its text form. */
export function DateTimeColumn(options: BasicOptions = {}): PropertyDecorator {
  return Column({ type: 'datetime', ...(isMysql ? { precision: 3 } : {}), nullable: false, ...options });
}

// MySQL needs the default's precision to match the column's.
const mysqlNow = { precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' } as const;

export function CreatedAtColumn(options: { name?: string } = {}): PropertyDecorator {
  return CreateDateColumn({
    type: 'datetime',
    ...(isMysql ? mysqlNow : {}),
    name: options.name ?? 'created_at',
  });
}

export function UpdatedAtColumn(options: { name?: string } = {}): PropertyDecorator {
  return UpdateDateColumn({
    type: 'datetime',
    ...(isMysql ? { ...mysqlNow, onUpdate: 'CURRENT_TIMESTAMP(3)' } : {}),
    name: options.name ?? 'updated_at',
  });
}

/**
 * Lower-cased text that substring search scans (`LIKE '%…%'`): binary comparison on MySQL, which is several
 * times cheaper per row than a Unicode collation and exact for already-lower-cased text.
 */
export function SearchTextColumn(options: BasicOptions & { length?: number } = {}): PropertyDecorator {
  return Column({
    type: 'varchar',
    length: options.length ?? 512,
    default: '',
    nullable: false,
    ...(isMysql ? { collation: 'utf8mb4_bin' } : {}),
    ...options,
  });
}

/** Text that may outgrow MySQL's 64 KB TEXT (raw payloads, message bodies). */
export function LongTextColumn(options: BasicOptions = {}): PropertyDecorator {
  return Column({ type: isMysql ? 'mediumtext' : 'text', nullable: false, ...options });
}

/**
 * What JSON columns hold: flat records of scalars. Deeper documents belong in columns of their own, and a
 * recursive type would also defeat TypeORM's insert types.
 */
export type JsonObject = Record<string, string | number | boolean | null>;

const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as unknown)),
};

/**
 * JSON kept as text on both dialects: MariaDB reports its JSON type back as LONGTEXT, which would make the
 * migrations-versus-entities check flap, and Keeper never queries inside these documents.
 */
export function JsonColumn(options: BasicOptions = {}): PropertyDecorator {
  return Column({
    type: isMysql ? 'mediumtext' : 'text',
    nullable: false,
    transformer: jsonTransformer,
    ...options,
  });
}

const bigIdTransformer: ValueTransformer = {
  to: (value: string | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : String(value)),
};

/**
 * An auto-increment id for tables that grow without bound: 64-bit on MySQL (read back as a string, so ids
 * beyond 2^53 stay exact); SQLite's INTEGER PRIMARY KEY is already 64-bit and reads back as a number.
 * Map it with String() where it leaves the repository.
 */
export function BigIdColumn(): PropertyDecorator {
  return PrimaryGeneratedColumn({ type: isMysql ? 'bigint' : 'integer' });
}

/** A 64-bit number held as a string in JS (WeCom seq, MsgId when numeric). */
export function BigIntStringColumn(options: BasicOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', nullable: false, transformer: bigIdTransformer, ...options });
}
