import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { AUDIT_ACTIONS } from '../../../application/audit/audit-actions';
import { PageQuery } from './page.dto';

const TIME_MESSAGE = (field: string): string => `"${field}" must be a date and time in ISO 8601, e.g. 2026-12-04T10:00:00Z.`;

/** `GET /rest/V1/audit`: the page, and filters that must all match. */
export class ListAuditQuery extends PageQuery {
  /** Entries about this integration (its id). */
  @IsOptional()
  @IsString({ message: '"integrationId" must be text.' })
  @MaxLength(64, { message: '"integrationId" must be at most 64 characters long.' })
  integrationId?: string;

  /** An admin's username or user id, an OS user, or a kind: admin, system, cli, config-sync, anonymous, integration. */
  @IsOptional()
  @IsString({ message: '"actor" must be text.' })
  @MaxLength(255, { message: '"actor" must be at most 255 characters long.' })
  actor?: string;

  @IsOptional()
  @IsIn(AUDIT_ACTIONS, { message: `"action" must be one of ${AUDIT_ACTIONS.join(', ')}.` })
  action?: string;

  /** From this time (inclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: TIME_MESSAGE('from') })
  from?: string;

  /** Before this time (exclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: TIME_MESSAGE('to') })
  to?: string;
}
