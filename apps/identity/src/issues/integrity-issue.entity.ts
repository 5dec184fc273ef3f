import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IssueSeverity, IssueType } from '@patt/contracts';

/** Something that does not add up; open until a run no longer finds it. */
@Entity({ name: 'integrity_issues' })
export class IntegrityIssueEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  type!: IssueType;

  @Column({ type: 'text' })
  severity!: IssueSeverity;

  /** sha256 of the type and subjects (integrity/rules.ts issueHash): at most one open per hash. */
  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ name: 'character_id', type: 'uuid', nullable: true })
  characterId!: string | null;

  @Column({ name: 'discord_user_id', type: 'text', nullable: true })
  discordUserId!: string | null;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @Column({ name: 'first_detected_at', type: 'timestamptz' })
  firstDetectedAt!: Date;

  @Column({ name: 'last_detected_at', type: 'timestamptz' })
  lastDetectedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
