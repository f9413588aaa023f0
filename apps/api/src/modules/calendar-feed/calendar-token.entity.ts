import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * One secret calendar-feed token per user. Only the sha256 of the token is stored: a database leak
 * does not expose working feed URLs. Rotating replaces the row; revoking deletes it.
 */
@Entity('calendar_tokens')
export class CalendarTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  /** hex sha256 of the token (the token itself is shown once, at creation). */
  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenSha256!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
