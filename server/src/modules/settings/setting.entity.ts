import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UpdatedAtColumn } from '../../db/columns';

/** Settings admins change in the console (not deployment configuration, which comes from the environment). */
@Entity({ name: 'settings' })
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 2000 })
  value!: string;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
